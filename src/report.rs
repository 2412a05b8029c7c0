//! Reports for monitoring (monitorovací zprávy): attendance at group meetings.
//!
//! Pure computation and rendering, no I/O: the command line reads the groups and their
//! meetings from the store and hands them here.
//!
//! Which meetings count as held:
//! - a meeting in the state *held* (proběhlo) counts;
//! - a *cancelled* meeting (zrušeno) never counts;
//! - a *planned* meeting dated before today counts only when its attendance records at
//!   least one person present: the clerk took the attendance but did not mark the
//!   meeting held. A planned meeting in the past without anyone present is not counted
//!   as held (a report should not claim a meeting nobody confirmed); the report lists
//!   how many such meetings there are, so the clerk can put them right.
//! - a planned meeting today or later is not counted.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};

use crate::model::date::format_date;
use crate::model::meeting::Counts;
use crate::model::{Group, Id, Lang, Meeting, MeetingState, Presence};

/// A meeting with its number within its group (its place in the group's date order,
/// counted over the group's whole history, not just the report's period).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numbered {
    pub number: usize,
    pub meeting: Meeting,
}

/// How a meeting stands for the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Counted as held.
    Held,
    /// Planned, dated in the past, nobody recorded present: not counted, reported.
    Unconfirmed,
    /// Cancelled, or planned for today or later: not counted.
    NotHeld,
}

/// How `meeting` counts on `today`; see the module documentation.
pub fn standing(meeting: &Meeting, today: NaiveDate) -> Standing {
    match meeting.state {
        MeetingState::Held => Standing::Held,
        MeetingState::Cancelled => Standing::NotHeld,
        MeetingState::Planned if meeting.date >= today => Standing::NotHeld,
        MeetingState::Planned => {
            let anyone = meeting
                .attendance
                .iter()
                .any(|a| a.presence == Presence::Present);
            if anyone {
                Standing::Held
            } else {
                Standing::Unconfirmed
            }
        }
    }
}

/// One held meeting's line in the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingLine {
    pub id: Id,
    pub date: NaiveDate,
    pub number: usize,
    pub counts: Counts,
    /// False when nobody's attendance and no guest was written down: the counts are
    /// then unknown rather than zero.
    pub recorded: bool,
}

/// Sums over held meetings, with the distinct people present.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sums {
    pub meetings: usize,
    /// Held meetings whose attendance was written down; averages are over these.
    pub recorded: usize,
    pub present: usize,
    pub excused: usize,
    pub absent: usize,
    pub guests: usize,
    /// How many different people (by person id) were present at least once.
    pub people: usize,
    /// Planned meetings in the past with nobody present: not counted in `meetings`.
    pub unconfirmed: usize,
}

impl Sums {
    /// People present per held meeting with recorded attendance; `None` when there is
    /// no such meeting.
    pub fn average(&self) -> Option<f64> {
        (self.recorded > 0).then(|| self.present as f64 / self.recorded as f64)
    }

    /// A sum as text, or `unknown` when no meeting's attendance was written down.
    fn known(&self, n: usize, unknown: &str) -> String {
        if self.recorded > 0 {
            n.to_string()
        } else {
            unknown.to_string()
        }
    }

    fn add(&mut self, c: Counts, recorded: bool) {
        self.meetings += 1;
        self.recorded += usize::from(recorded);
        self.present += c.present;
        self.excused += c.excused;
        self.absent += c.absent;
        self.guests += c.guests;
    }
}

/// One group's attendance in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupAttendance {
    pub group: Id,
    pub name: String,
    /// The held meetings, in date order.
    pub meetings: Vec<MeetingLine>,
    pub sums: Sums,
}

/// Attendance of every group in scope over a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceReport {
    /// What the report covers, in words ("projekt CZ.03.… – Název").
    pub scope: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Every group in scope in id order, also those that did not meet.
    pub groups: Vec<GroupAttendance>,
    /// Over all groups; `people` counts each person once however many groups they sat in.
    pub total: Sums,
}

/// Computes the report. `meetings` may hold meetings of other groups or outside the
/// period: only the scope's groups' meetings from `from` to `to` (both included) count.
pub fn attendance(
    scope: String,
    groups: &[Group],
    meetings: &[Numbered],
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> AttendanceReport {
    let mut groups: Vec<&Group> = groups.iter().collect();
    groups.sort_by_key(|g| g.id);
    groups.dedup_by_key(|g| g.id);
    let mut in_period: Vec<&Numbered> = meetings
        .iter()
        .filter(|n| (from..=to).contains(&n.meeting.date))
        .collect();
    in_period.sort_by_key(|n| (n.meeting.date, n.number, n.meeting.id));
    let mut everyone = BTreeSet::new();
    let mut total = Sums::default();
    let mut out = Vec::with_capacity(groups.len());
    for group in groups {
        let mut people = BTreeSet::new();
        let mut sums = Sums::default();
        let mut lines = Vec::new();
        for n in in_period
            .iter()
            .filter(|n| n.meeting.group == Some(group.id))
        {
            let m = &n.meeting;
            match standing(m, today) {
                Standing::Held => {}
                Standing::Unconfirmed => {
                    sums.unconfirmed += 1;
                    continue;
                }
                Standing::NotHeld => continue,
            }
            let counts = m.counts();
            let recorded = !m.attendance.is_empty() || !m.guests.is_empty();
            sums.add(counts, recorded);
            for a in &m.attendance {
                if a.presence == Presence::Present {
                    people.insert(a.person);
                    everyone.insert(a.person);
                }
            }
            lines.push(MeetingLine {
                id: m.id,
                date: m.date,
                number: n.number,
                counts,
                recorded,
            });
        }
        sums.people = people.len();
        total.meetings += sums.meetings;
        total.recorded += sums.recorded;
        total.present += sums.present;
        total.excused += sums.excused;
        total.absent += sums.absent;
        total.guests += sums.guests;
        total.unconfirmed += sums.unconfirmed;
        out.push(GroupAttendance {
            group: group.id,
            name: group.name.clone(),
            meetings: lines,
            sums,
        });
    }
    total.people = everyone.len();
    AttendanceReport {
        scope,
        from,
        to,
        groups: out,
        total,
    }
}

/// An average with one decimal place: `6,4` in Czech, `6.4` in English, `–` for none.
pub fn format_average(average: Option<f64>, lang: Lang) -> String {
    match average {
        None => "–".to_string(),
        Some(x) => {
            let s = format!("{x:.1}");
            match lang {
                Lang::Cs => s.replace('.', ","),
                Lang::En => s,
            }
        }
    }
}

/// A table cell: no line breaks, and `|` escaped.
fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

fn row(out: &mut String, cells: &[String]) {
    out.push('|');
    for c in cells {
        out.push(' ');
        out.push_str(c);
        out.push_str(" |");
    }
    out.push('\n');
}

/// The report as Markdown: a heading with the scope and period, a table per group,
/// then a summary table.
pub fn markdown(report: &AttendanceReport, lang: Lang) -> String {
    let t = |cs: &'static str, en: &'static str| lang.pick(cs, en);
    let mut out = String::new();
    out.push_str(&format!(
        "# {}: {}\n\n",
        t("Docházka na jednání skupin", "Attendance at group meetings"),
        report.scope
    ));
    out.push_str(&format!(
        "{}: {} – {}\n",
        t("Období", "Period"),
        format_date(report.from),
        format_date(report.to)
    ));
    if report.groups.is_empty() {
        out.push_str(&format!(
            "\n{}\n",
            t("V rozsahu není žádná skupina.", "No group is in scope.")
        ));
        return out;
    }
    for g in &report.groups {
        out.push_str(&format!("\n## {}\n\n", cell(&g.name)));
        if g.meetings.is_empty() {
            out.push_str(t(
                "V období se skupina nesešla.\n",
                "The group did not meet in the period.\n",
            ));
        } else {
            row(
                &mut out,
                &[
                    t("Jednání", "Meeting"),
                    t("Datum", "Date"),
                    t("Přítomno", "Present"),
                    t("Omluveno", "Excused"),
                    t("Nepřítomno", "Absent"),
                    t("Hosté", "Guests"),
                ]
                .map(String::from),
            );
            out.push_str("|---:|---|---:|---:|---:|---:|\n");
            for m in &g.meetings {
                let n = |n: usize| {
                    if m.recorded {
                        n.to_string()
                    } else {
                        "–".to_string()
                    }
                };
                row(
                    &mut out,
                    &[
                        format!("{}.", m.number),
                        format_date(m.date),
                        n(m.counts.present),
                        n(m.counts.excused),
                        n(m.counts.absent),
                        n(m.counts.guests),
                    ],
                );
            }
            let s = &g.sums;
            row(
                &mut out,
                &[
                    format!("**{}**", t("Celkem", "Total")),
                    String::new(),
                    format!("**{}**", s.known(s.present, "–")),
                    format!("**{}**", s.known(s.excused, "–")),
                    format!("**{}**", s.known(s.absent, "–")),
                    format!("**{}**", s.known(s.guests, "–")),
                ],
            );
            out.push_str(&format!(
                "\n{}: {} · {}: {} · {}: {} · {}: {}\n",
                t("Jednání", "Meetings"),
                s.meetings,
                t("se zapsanou docházkou", "with attendance recorded"),
                s.recorded,
                t("průměrně přítomno", "average present"),
                format_average(s.average(), lang),
                t("různých osob", "different people"),
                s.people
            ));
        }
        unconfirmed_note(&mut out, g.sums.unconfirmed, lang);
    }
    out.push_str(&format!("\n## {}\n\n", t("Souhrn", "Summary")));
    row(
        &mut out,
        &[
            t("Skupina", "Group"),
            t("Jednání", "Meetings"),
            t("S docházkou", "With attendance"),
            t("Přítomno celkem", "Present in total"),
            t("Průměr na jednání", "Average per meeting"),
            t("Různých osob", "Different people"),
        ]
        .map(String::from),
    );
    out.push_str("|---|---:|---:|---:|---:|---:|\n");
    for g in &report.groups {
        let s = &g.sums;
        row(
            &mut out,
            &[
                cell(&g.name),
                s.meetings.to_string(),
                s.recorded.to_string(),
                s.known(s.present, "–"),
                format_average(s.average(), lang),
                s.people.to_string(),
            ],
        );
    }
    let s = &report.total;
    row(
        &mut out,
        &[
            format!("**{}**", t("Všechny skupiny", "All groups")),
            format!("**{}**", s.meetings),
            format!("**{}**", s.recorded),
            format!("**{}**", s.known(s.present, "–")),
            format!("**{}**", format_average(s.average(), lang)),
            format!("**{}**", s.people),
        ],
    );
    out.push_str(&format!(
        "\n{}\n",
        t(
            "Průměr je z jednání se zapsanou docházkou; u jednání bez ní je místo čísel –. \
             Různé osoby se počítají podle záznamu osoby; kdo byl ve více skupinách, \
             je v posledním řádku jednou. Hosté mimo rejstřík se do osob nepočítají.",
            "The average is over meetings with attendance recorded; meetings without it \
             show – instead of numbers. Different people are counted by their person \
             record; someone present in several groups counts once in the last row. \
             Guests outside the register are not counted as people.",
        )
    ));
    unconfirmed_note(&mut out, s.unconfirmed, lang);
    out
}

fn unconfirmed_note(out: &mut String, n: usize, lang: Lang) {
    if n > 0 {
        out.push_str(&format!(
            "\n{} {n}\n",
            lang.pick(
                "Nezapočteno – plánovaná jednání v minulosti bez zapsané docházky:",
                "Not counted – planned meetings in the past without attendance:",
            )
        ));
    }
}

/// `4.12.2017`: the form a Czech spreadsheet reads as a date.
pub fn spreadsheet_date(d: NaiveDate) -> String {
    format!("{}.{}.{}", d.day(), d.month(), d.year())
}

/// The UTF-8 byte order mark: tells Excel the file is UTF-8.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The report as CSV for a Czech spreadsheet: UTF-8 with a byte order mark, `;` between
/// fields, CRLF line ends, dates `4.12.2017`, averages with a decimal comma. One row per
/// held meeting (counts empty when its attendance was not written down), then a total
/// row per group (the date column says `celkem`, the number column holds the count of
/// held meetings), then a row over all groups.
pub fn csv(report: &AttendanceReport, lang: Lang) -> Result<Vec<u8>, String> {
    let t = |cs: &'static str, en: &'static str| lang.pick(cs, en);
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.to_vec());
    let e = |e: csv::Error| e.to_string();
    writer
        .write_record([
            t("Skupina", "Group"),
            t("Datum", "Date"),
            t("Jednání", "Meeting"),
            t("Přítomno", "Present"),
            t("Omluveno", "Excused"),
            t("Nepřítomno", "Absent"),
            t("Hosté", "Guests"),
            t("Jednání s docházkou", "Meetings with attendance"),
            t("Průměr přítomných", "Average present"),
            t("Různých osob", "Different people"),
        ])
        .map_err(e)?;
    let total_row = |name: &str, s: &Sums| -> [String; 10] {
        [
            name.to_string(),
            t("celkem", "total").to_string(),
            s.meetings.to_string(),
            s.known(s.present, ""),
            s.known(s.excused, ""),
            s.known(s.absent, ""),
            s.known(s.guests, ""),
            s.recorded.to_string(),
            // The spreadsheet is Czech whatever the language of the headers.
            match s.average() {
                Some(_) => format_average(s.average(), Lang::Cs),
                None => String::new(),
            },
            s.people.to_string(),
        ]
    };
    for g in &report.groups {
        let name = cell(&g.name);
        for m in &g.meetings {
            // Unknown counts stay empty rather than zero.
            let n = |n: usize| {
                if m.recorded {
                    n.to_string()
                } else {
                    String::new()
                }
            };
            writer
                .write_record([
                    name.clone(),
                    spreadsheet_date(m.date),
                    m.number.to_string(),
                    n(m.counts.present),
                    n(m.counts.excused),
                    n(m.counts.absent),
                    n(m.counts.guests),
                    String::new(),
                    String::new(),
                    String::new(),
                ])
                .map_err(e)?;
        }
        writer.write_record(total_row(&name, &g.sums)).map_err(e)?;
    }
    writer
        .write_record(total_row(t("Všechny skupiny", "All groups"), &report.total))
        .map_err(e)?;
    writer.into_inner().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Attendance;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn group(id: Id, name: &str) -> Group {
        Group {
            id,
            name: name.into(),
            region: 1,
            ..Group::default()
        }
    }

    fn meeting(
        id: Id,
        group: Id,
        on: NaiveDate,
        state: MeetingState,
        people: &[(Id, Presence)],
    ) -> Meeting {
        Meeting {
            id,
            region: 1,
            group: Some(group),
            date: on,
            state,
            attendance: people
                .iter()
                .map(|&(person, presence)| Attendance { person, presence })
                .collect(),
            ..Meeting::default()
        }
    }

    fn numbered(number: usize, meeting: Meeting) -> Numbered {
        Numbered { number, meeting }
    }

    use MeetingState::{Cancelled, Held, Planned};
    use Presence::{Absent, Excused, Present};

    fn sample() -> AttendanceReport {
        let groups = [group(2, "PS Senioři"), group(1, "ŘS")];
        let mut m1 = meeting(
            1,
            1,
            date(2018, 1, 10),
            Held,
            &[(1, Present), (2, Present), (3, Excused)],
        );
        m1.guests = vec!["Host".into()];
        let meetings = [
            // Before the period: not counted, but it gives the next meeting number 2.
            numbered(1, meeting(9, 1, date(2017, 6, 1), Held, &[(1, Present)])),
            numbered(2, m1),
            numbered(
                3,
                meeting(
                    2,
                    1,
                    date(2018, 2, 10),
                    Held,
                    &[(1, Present), (3, Present), (2, Absent)],
                ),
            ),
            // Cancelled: never counts, even with attendance filled in.
            numbered(
                4,
                meeting(3, 1, date(2018, 3, 10), Cancelled, &[(4, Present)]),
            ),
            // Planned in the past with people present: counts.
            numbered(
                1,
                meeting(
                    4,
                    2,
                    date(2018, 2, 1),
                    Planned,
                    &[(3, Present), (5, Present)],
                ),
            ),
            // Planned in the past, nobody present: unconfirmed.
            numbered(2, meeting(5, 2, date(2018, 3, 1), Planned, &[])),
            // Planned after today: not counted.
            numbered(3, meeting(6, 2, date(2018, 6, 1), Planned, &[(6, Present)])),
            // A group outside the scope.
            numbered(1, meeting(7, 3, date(2018, 2, 1), Held, &[(7, Present)])),
        ];
        attendance(
            "test".into(),
            &groups,
            &meetings,
            date(2018, 1, 1),
            date(2018, 12, 31),
            date(2018, 5, 1),
        )
    }

    #[test]
    fn counts_held_meetings_and_distinct_people() {
        let r = sample();
        assert_eq!(r.groups.len(), 2);
        let rs = &r.groups[0];
        assert_eq!(rs.group, 1);
        let numbers: Vec<usize> = rs.meetings.iter().map(|m| m.number).collect();
        assert_eq!(numbers, [2, 3]);
        assert_eq!(
            rs.sums,
            Sums {
                meetings: 2,
                recorded: 2,
                present: 4,
                excused: 1,
                absent: 1,
                guests: 1,
                people: 3,
                unconfirmed: 0,
            }
        );
        assert_eq!(rs.sums.average(), Some(2.0));
        let ps = &r.groups[1];
        assert_eq!(ps.group, 2);
        assert_eq!(ps.meetings.len(), 1);
        assert_eq!(ps.sums.present, 2);
        assert_eq!(ps.sums.people, 2);
        assert_eq!(ps.sums.unconfirmed, 1);
        // Person 3 sat in both groups: counted once over all.
        assert_eq!(
            r.total,
            Sums {
                meetings: 3,
                recorded: 3,
                present: 6,
                excused: 1,
                absent: 1,
                guests: 1,
                people: 4,
                unconfirmed: 1,
            }
        );
        assert_eq!(r.total.average(), Some(2.0));
    }

    #[test]
    fn a_meeting_without_attendance_is_held_but_not_averaged() {
        let meetings = [
            numbered(1, meeting(1, 1, date(2018, 1, 10), Held, &[])),
            numbered(
                2,
                meeting(
                    2,
                    1,
                    date(2018, 2, 10),
                    Held,
                    &[(1, Present), (2, Present), (3, Present)],
                ),
            ),
        ];
        let r = attendance(
            "test".into(),
            &[group(1, "ŘS")],
            &meetings,
            date(2018, 1, 1),
            date(2018, 12, 31),
            date(2018, 5, 1),
        );
        let s = &r.groups[0].sums;
        assert_eq!((s.meetings, s.recorded, s.present), (2, 1, 3));
        assert_eq!(s.average(), Some(3.0));
        assert!(!r.groups[0].meetings[0].recorded);
        let md = markdown(&r, Lang::Cs);
        assert!(md.contains("| 1. | 10. 1. 2018 | – | – | – | – |"), "{md}");
        let bytes = csv(&r, Lang::Cs).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains("\r\nŘS;10.1.2018;1;;;;;;;\r\n"), "{text}");
    }

    #[test]
    fn a_group_that_did_not_meet_has_no_average() {
        let r = attendance(
            "test".into(),
            &[group(1, "ŘS")],
            &[],
            date(2018, 1, 1),
            date(2018, 12, 31),
            date(2018, 5, 1),
        );
        assert_eq!(r.groups[0].sums, Sums::default());
        assert_eq!(r.total.average(), None);
        assert_eq!(format_average(r.total.average(), Lang::Cs), "–");
        assert!(markdown(&r, Lang::Cs).contains("V období se skupina nesešla."));
    }

    #[test]
    fn averages_take_the_decimal_comma_in_czech() {
        assert_eq!(format_average(Some(20.0 / 3.0), Lang::Cs), "6,7");
        assert_eq!(format_average(Some(20.0 / 3.0), Lang::En), "6.7");
        assert_eq!(format_average(Some(6.0), Lang::Cs), "6,0");
    }

    #[test]
    fn standing_of_each_state() {
        let today = date(2018, 5, 1);
        let m = |on, state, people: &[(Id, Presence)]| meeting(1, 1, on, state, people);
        let past = date(2018, 4, 30);
        assert_eq!(standing(&m(past, Held, &[]), today), Standing::Held);
        assert_eq!(
            standing(&m(past, Cancelled, &[(1, Present)]), today),
            Standing::NotHeld
        );
        assert_eq!(
            standing(&m(past, Planned, &[(1, Excused)]), today),
            Standing::Unconfirmed
        );
        assert_eq!(
            standing(&m(past, Planned, &[(1, Present)]), today),
            Standing::Held
        );
        assert_eq!(
            standing(&m(today, Planned, &[(1, Present)]), today),
            Standing::NotHeld
        );
    }

    #[test]
    fn csv_has_a_bom_semicolons_crlf_and_decimal_commas() {
        let bytes = csv(&sample(), Lang::Cs).unwrap();
        assert!(bytes.starts_with(BOM));
        let text = std::str::from_utf8(&bytes[BOM.len()..]).unwrap();
        let lines: Vec<&str> = text.split_terminator("\r\n").collect();
        assert_eq!(
            lines[0],
            "Skupina;Datum;Jednání;Přítomno;Omluveno;Nepřítomno;Hosté;\
             Jednání s docházkou;Průměr přítomných;Různých osob"
        );
        assert_eq!(lines[1], "ŘS;10.1.2018;2;2;1;0;1;;;");
        assert_eq!(lines[3], "ŘS;celkem;2;4;1;1;1;2;2,0;3");
        assert_eq!(
            lines.last(),
            Some(&"Všechny skupiny;celkem;3;6;1;1;1;3;2,0;4")
        );
        assert!(!text.replace("\r\n", "").contains('\n'));
    }

    #[test]
    fn markdown_escapes_table_cells() {
        let r = attendance(
            "test".into(),
            &[group(1, "A | B")],
            &[],
            date(2018, 1, 1),
            date(2018, 1, 31),
            date(2018, 5, 1),
        );
        assert!(markdown(&r, Lang::En).contains("| A \\| B | 0 | 0 | – | – | 0 |"));
    }
}
