//! A series of meetings created at once: every N weeks, or on the same weekday of each
//! month (the 2nd Tuesday, the last Friday), until a date. Once created, each meeting of
//! a series stands alone; the series itself is not kept.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use crate::model::{Field, Invalid, Meeting, Rule};

pub const REPEAT: Field = Field::new("Opakování", "Repeat");
pub const EVERY: Field = Field::new("Každých N týdnů", "Every N weeks");
pub const UNTIL: Field = Field::new("Do data", "Until");

/// The most meetings one series may create: two years of weekly meetings.
pub const MAX_MEETINGS: usize = 104;
/// The longest interval between two meetings of a series, in weeks.
pub const MAX_WEEKS: u32 = 52;

/// How a series repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeat {
    /// Every `n` weeks on the first meeting's weekday.
    Weeks(u32),
    /// On the first meeting's weekday and week of the month: the 2nd Tuesday of each
    /// month; a first meeting on a 5th weekday (day 29–31) repeats on the last such
    /// weekday (the last Friday), so no month is skipped.
    MonthlyWeekday,
}

/// Where a day stands in its month, for [`Repeat::MonthlyWeekday`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ordinal {
    Nth(u8),
    Last,
}

fn ordinal_of(date: NaiveDate) -> Ordinal {
    // Days 1–7 are the 1st such weekday, … 22–28 the 4th; 29–31 the 5th, which not
    // every month has, so it becomes the last.
    match date.day() {
        29.. => Ordinal::Last,
        day => Ordinal::Nth(u8::try_from((day - 1) / 7 + 1).unwrap_or(4)),
    }
}

/// The `ordinal` `weekday` of the month that starts at `first`.
fn weekday_in_month(first: NaiveDate, weekday: Weekday, ordinal: Ordinal) -> Option<NaiveDate> {
    match ordinal {
        Ordinal::Nth(n) => {
            let lead =
                (7 + weekday.num_days_from_monday() - first.weekday().num_days_from_monday()) % 7;
            let day = first.checked_add_days(Days::new(u64::from(lead) + 7 * u64::from(n - 1)))?;
            (day.month() == first.month()).then_some(day)
        }
        Ordinal::Last => {
            let last = first.checked_add_months(Months::new(1))?.pred_opt()?;
            let back =
                (7 + last.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
            last.checked_sub_days(Days::new(u64::from(back)))
        }
    }
}

/// The dates of a series that starts on `first` and ends on or before `until`, the first
/// included. Refused with the field and rule when the interval or end is wrong or the
/// series would exceed [`MAX_MEETINGS`].
pub fn dates(
    first: NaiveDate,
    repeat: Repeat,
    until: NaiveDate,
) -> Result<Vec<NaiveDate>, Invalid> {
    if until < first {
        return Err(Invalid::new(UNTIL, Rule::EndBeforeStart));
    }
    let mut out = vec![first];
    match repeat {
        Repeat::Weeks(n) => {
            if !(1..=MAX_WEEKS).contains(&n) {
                return Err(Invalid::new(
                    EVERY,
                    Rule::NumberRange {
                        min: 1,
                        max: i64::from(MAX_WEEKS),
                    },
                ));
            }
            let mut day = first;
            while let Some(next) = day.checked_add_days(Days::new(7 * u64::from(n))) {
                if next > until {
                    break;
                }
                out.push(next);
                day = next;
                if out.len() > MAX_MEETINGS {
                    break;
                }
            }
        }
        Repeat::MonthlyWeekday => {
            let ordinal = ordinal_of(first);
            let weekday = first.weekday();
            let mut month = first.with_day(1).unwrap_or(first);
            while let Some(next_month) = month.checked_add_months(Months::new(1)) {
                month = next_month;
                if month > until {
                    break;
                }
                let Some(day) = weekday_in_month(month, weekday, ordinal) else {
                    continue;
                };
                if day > until {
                    break;
                }
                out.push(day);
                if out.len() > MAX_MEETINGS {
                    break;
                }
            }
        }
    }
    if out.len() > MAX_MEETINGS {
        return Err(Invalid::new(
            UNTIL,
            Rule::NumberRange {
                min: 1,
                max: i64::try_from(MAX_MEETINGS).unwrap_or(i64::MAX),
            },
        ));
    }
    Ok(out)
}

/// The meetings of a series: copies of `template` on each date after the first, planned,
/// with no attendance, minutes or guests (those belong to the day a meeting is held).
pub fn meetings(
    template: &Meeting,
    repeat: Repeat,
    until: NaiveDate,
) -> Result<Vec<Meeting>, Invalid> {
    Ok(dates(template.date, repeat, until)?
        .into_iter()
        .skip(1)
        .map(|date| copy_to(template, date))
        .collect())
}

/// A meeting copied to another day: same group, place, times and agenda; planned, with
/// no attendance, minutes or guests, no id (the store gives it one) and no event UID
/// (the copy is not the calendar event the template came from).
pub fn copy_to(template: &Meeting, date: NaiveDate) -> Meeting {
    Meeting {
        id: 0,
        uid: String::new(),
        date,
        state: crate::model::MeetingState::Planned,
        attendance: Vec::new(),
        guests: Vec::new(),
        minutes: String::new(),
        ..template.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn every_two_weeks_crosses_a_leap_day_and_month_ends() {
        let got = dates(d(2020, 2, 15), Repeat::Weeks(2), d(2020, 4, 1)).unwrap();
        assert_eq!(
            got,
            vec![
                d(2020, 2, 15),
                d(2020, 2, 29),
                d(2020, 3, 14),
                d(2020, 3, 28)
            ]
        );
    }

    #[test]
    fn weekly_over_a_year_end() {
        let got = dates(d(2018, 12, 24), Repeat::Weeks(1), d(2019, 1, 14)).unwrap();
        assert_eq!(
            got,
            vec![
                d(2018, 12, 24),
                d(2018, 12, 31),
                d(2019, 1, 7),
                d(2019, 1, 14)
            ]
        );
    }

    #[test]
    fn second_tuesday_of_each_month() {
        // 11. 12. 2018 is the 2nd Tuesday of December.
        let got = dates(d(2018, 12, 11), Repeat::MonthlyWeekday, d(2019, 3, 31)).unwrap();
        assert_eq!(
            got,
            vec![
                d(2018, 12, 11),
                d(2019, 1, 8),
                d(2019, 2, 12),
                d(2019, 3, 12)
            ]
        );
    }

    #[test]
    fn a_fifth_weekday_repeats_on_the_last_one() {
        // 31. 1. 2020 is the 5th (last) Friday; February 2020 (a leap month) has four.
        let got = dates(d(2020, 1, 31), Repeat::MonthlyWeekday, d(2020, 5, 31)).unwrap();
        assert_eq!(
            got,
            vec![
                d(2020, 1, 31),
                d(2020, 2, 28),
                d(2020, 3, 27),
                d(2020, 4, 24),
                d(2020, 5, 29)
            ]
        );
    }

    #[test]
    fn a_leap_day_first_meeting_repeats_on_the_same_weekday() {
        // 29. 2. 2024 is the 5th Thursday of February: the last Thursday after it.
        let got = dates(d(2024, 2, 29), Repeat::MonthlyWeekday, d(2024, 4, 30)).unwrap();
        assert_eq!(got, vec![d(2024, 2, 29), d(2024, 3, 28), d(2024, 4, 25)]);
    }

    #[test]
    fn a_fourth_weekday_stays_fourth() {
        // 22. 1. 2019 is the 4th Tuesday; in April 2019 the 4th Tuesday is the 23rd
        // (the last is the 30th).
        let got = dates(d(2019, 1, 22), Repeat::MonthlyWeekday, d(2019, 4, 30)).unwrap();
        assert_eq!(got[3], d(2019, 4, 23));
    }

    #[test]
    fn refusals_name_the_field() {
        let e = dates(d(2019, 1, 1), Repeat::Weeks(1), d(2018, 1, 1)).unwrap_err();
        assert_eq!((e.field, e.rule), (UNTIL, Rule::EndBeforeStart));
        let e = dates(d(2019, 1, 1), Repeat::Weeks(0), d(2019, 2, 1)).unwrap_err();
        assert_eq!(e.field, EVERY);
        let e = dates(d(2019, 1, 1), Repeat::Weeks(1), d(2025, 1, 1)).unwrap_err();
        assert_eq!(e.field, UNTIL);
        assert!(matches!(e.rule, Rule::NumberRange { .. }));
    }

    #[test]
    fn a_series_on_its_first_day_alone() {
        assert_eq!(
            dates(d(2019, 1, 1), Repeat::MonthlyWeekday, d(2019, 1, 1)).unwrap(),
            vec![d(2019, 1, 1)]
        );
    }

    #[test]
    fn copies_are_planned_and_empty_of_what_happened() {
        let held = Meeting {
            id: 9,
            region: 1,
            group: Some(2),
            date: d(2018, 12, 3),
            place: "MěÚ Soběslav".into(),
            state: crate::model::MeetingState::Held,
            minutes: "Zápis".into(),
            guests: vec!["Host".into()],
            uid: "abc@example.org".into(),
            ..Meeting::default()
        };
        let copies = meetings(&held, Repeat::Weeks(4), d(2019, 1, 31)).unwrap();
        assert_eq!(copies.len(), 2);
        assert!(copies.iter().all(|m| m.id == 0
            && m.state == crate::model::MeetingState::Planned
            && m.minutes.is_empty()
            && m.guests.is_empty()
            && m.uid.is_empty()
            && m.place == "MěÚ Soběslav"
            && m.group == Some(2)));
        assert_eq!(copies[0].date, d(2018, 12, 31));
    }
}
