//! Czech dates and times: parsing what clerks type, and the forms the interface shows.

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike, Weekday};

use crate::model::invalid::{Field, Invalid, Rule};
use crate::model::lang::Lang;
use crate::model::text::fold;

/// The first year the register keeps: one range for JSON, iCalendar, the command line
/// and forms, so that whatever one of them accepts the others can write and read back.
pub const YEAR_MIN: i32 = 1900;
/// The last year the register keeps.
pub const YEAR_MAX: i32 = 2100;

/// The rule a date outside [`YEAR_MIN`]–[`YEAR_MAX`] breaks.
pub const fn year_range() -> Rule {
    Rule::YearRange {
        min: YEAR_MIN,
        max: YEAR_MAX,
    }
}

/// Whether a date lies within the years the register keeps.
pub fn in_range(date: NaiveDate) -> bool {
    (YEAR_MIN..=YEAR_MAX).contains(&date.year())
}

const MONTHS_CS: [&str; 12] = [
    "leden",
    "únor",
    "březen",
    "duben",
    "květen",
    "červen",
    "červenec",
    "srpen",
    "září",
    "říjen",
    "listopad",
    "prosinec",
];
const MONTHS_CS_GENITIVE: [&str; 12] = [
    "ledna",
    "února",
    "března",
    "dubna",
    "května",
    "června",
    "července",
    "srpna",
    "září",
    "října",
    "listopadu",
    "prosince",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The month's name in the nominative (`prosinec`, `December`); empty outside 1–12.
pub fn month_name(month: u32, lang: Lang) -> &'static str {
    let names = match lang {
        Lang::Cs => &MONTHS_CS,
        Lang::En => &MONTHS_EN,
    };
    month_index(month).map_or("", |i| names[i])
}

/// The Czech month's name in the genitive, as a date writes it (`4. prosince`);
/// empty outside 1–12.
pub fn month_name_genitive(month: u32) -> &'static str {
    month_index(month).map_or("", |i| MONTHS_CS_GENITIVE[i])
}

fn month_index(month: u32) -> Option<usize> {
    (1..=12).contains(&month).then(|| month as usize - 1)
}

/// The weekday's name (`pondělí`, `Monday`).
pub fn weekday_name(wd: Weekday, lang: Lang) -> &'static str {
    let i = wd.num_days_from_monday() as usize;
    let cs = [
        "pondělí",
        "úterý",
        "středa",
        "čtvrtek",
        "pátek",
        "sobota",
        "neděle",
    ];
    let en = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    lang.pick(cs[i], en[i])
}

/// The weekday's two-letter abbreviation for calendar headers (`po`, `Mo`).
pub fn weekday_short(wd: Weekday, lang: Lang) -> &'static str {
    let i = wd.num_days_from_monday() as usize;
    let cs = ["po", "út", "st", "čt", "pá", "so", "ne"];
    let en = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
    lang.pick(cs[i], en[i])
}

/// The short Czech form `4. 12. 2017`, used in both languages so lists line up.
pub fn format_date(d: NaiveDate) -> String {
    format!("{}. {}. {}", d.day(), d.month(), d.year())
}

/// The long form: `4. prosince 2017` or `4 December 2017`.
pub fn format_date_long(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Cs => format!(
            "{}. {} {}",
            d.day(),
            month_name_genitive(d.month()),
            d.year()
        ),
        Lang::En => format!(
            "{} {} {}",
            d.day(),
            month_name(d.month(), Lang::En),
            d.year()
        ),
    }
}

/// A time as `16:30`.
pub fn format_time(t: NaiveTime) -> String {
    format!("{}:{:02}", t.hour(), t.minute())
}

/// Reads a time typed as `16:30`, `9:05` or `16.30`.
pub fn parse_time(field: Field, input: &str) -> Result<NaiveTime, Invalid> {
    let bad = || Invalid::new(field, Rule::TimeFormat);
    let s = input.trim();
    let (h, m) = s.split_once([':', '.']).ok_or_else(bad)?;
    if !is_digits(h, 1, 2) || !is_digits(m, 2, 2) {
        return Err(bad());
    }
    let (h, m) = (number(h).ok_or_else(bad)?, number(m).ok_or_else(bad)?);
    NaiveTime::from_hms_opt(h, m, 0).ok_or_else(bad)
}

/// Reads a date typed the Czech way: `4.12.2017`, `4. 12. 2017`, `2017-12-04`,
/// `4. prosince 2017` (the month in any case, with or without diacritics, also in English).
/// A date without its day or year is refused as partial rather than guessed; where the
/// day of a year-less date can be known, use [`parse_date_on`].
pub fn parse_date(field: Field, input: &str) -> Result<NaiveDate, Invalid> {
    let (y, m, d) = parts(input).map_err(|rule| Invalid::new(field, rule))?;
    let y = y.ok_or_else(|| Invalid::new(field, Rule::DatePartial))?;
    checked(field, y, m, d)
}

/// [`parse_date`], and a day and month typed without a year (`15.12.`, `15. prosince`)
/// mean their coming occurrence as seen on `today`: today itself or the first such day
/// after it (`29.2.` is the next leap day).
pub fn parse_date_on(field: Field, input: &str, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    let (y, m, d) = parts(input).map_err(|rule| Invalid::new(field, rule))?;
    match y {
        Some(y) => checked(field, y, m, d),
        None => coming(m, d, today).ok_or_else(|| Invalid::new(field, Rule::DateImpossible)),
    }
}

/// Whether a date as typed names its year (`15.12.2018`), rather than leaving it to
/// [`parse_date_on`] (`15.12.`).
pub fn names_year(input: &str) -> bool {
    matches!(parts(input), Ok((Some(_), _, _)))
}

/// The first day with this month and day on or after `today`; None when there is none
/// within eight years (31. 4.).
fn coming(month: u32, day: u32, today: NaiveDate) -> Option<NaiveDate> {
    (today.year()..today.year().saturating_add(8))
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .find(|&d| d >= today)
        .filter(|&d| in_range(d))
}

fn checked(field: Field, y: i32, m: u32, d: u32) -> Result<NaiveDate, Invalid> {
    if !(YEAR_MIN..=YEAR_MAX).contains(&y) {
        return Err(Invalid::new(field, year_range()));
    }
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| Invalid::new(field, Rule::DateImpossible))
}

/// The year (None when only a day and a month were typed), month and day.
fn parts(input: &str) -> Result<(Option<i32>, u32, u32), Rule> {
    let s = input.trim();
    if s.contains('-') {
        iso(s).map(|(y, m, d)| (Some(y), m, d))
    } else if s.chars().any(char::is_alphabetic) {
        worded(s)
    } else {
        dotted(s)
    }
}

type Ymd = (i32, u32, u32);

fn is_digits(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

fn number(s: &str) -> Option<u32> {
    s.parse().ok()
}

fn year(s: &str) -> Result<i32, Rule> {
    if !is_digits(s, 4, 4) {
        return Err(Rule::DateFormat);
    }
    s.parse().map_err(|_| Rule::DateFormat)
}

fn day_or_month(s: &str) -> Result<u32, Rule> {
    if !is_digits(s, 1, 2) {
        return Err(Rule::DateFormat);
    }
    number(s).ok_or(Rule::DateFormat)
}

/// `2017-12-04`; `2017-12` lacks its day.
fn iso(s: &str) -> Result<Ymd, Rule> {
    let parts: Vec<&str> = s.split('-').collect();
    match parts.as_slice() {
        [y, m, d] => Ok((year(y)?, day_or_month(m)?, day_or_month(d)?)),
        [y, m] => {
            year(y)?;
            day_or_month(m)?;
            Err(Rule::DatePartial)
        }
        _ => Err(Rule::DateFormat),
    }
}

/// `4.12.2017`, `4. 12. 2017`, `4.12.` (no year); `12.2017`, `2017` and `17.` lack a part.
fn dotted(s: &str) -> Result<(Option<i32>, u32, u32), Rule> {
    if s.is_empty() {
        return Err(Rule::DateFormat);
    }
    let mut parts: Vec<&str> = s.split('.').map(str::trim).collect();
    if parts.len() > 1 && parts.last() == Some(&"") {
        parts.pop();
    }
    match parts.as_slice() {
        [d, m, y] => Ok((Some(year(y)?), day_or_month(m)?, day_or_month(d)?)),
        [a, b] => {
            let day = day_or_month(a)?;
            if is_digits(b, 1, 2) {
                return Ok((None, day_or_month(b)?, day));
            }
            year(b)?;
            Err(Rule::DatePartial)
        }
        [a] if is_digits(a, 1, 2) || is_digits(a, 4, 4) => Err(Rule::DatePartial),
        _ => Err(Rule::DateFormat),
    }
}

/// The month number of a month's name in Czech (nominative or genitive, diacritics
/// optional) or English.
fn month_from_word(word: &str) -> Option<u32> {
    let w = fold(word);
    (0..12)
        .find(|&i| {
            [MONTHS_CS[i], MONTHS_CS_GENITIVE[i], MONTHS_EN[i]]
                .iter()
                .any(|name| fold(name) == w)
        })
        .map(|i| i as u32 + 1)
}

/// `4. prosince 2017`, `4 December 2017`, `17. července` (no year); `prosinec 2017`
/// lacks its day.
fn worded(s: &str) -> Result<(Option<i32>, u32, u32), Rule> {
    // "4.prosince 2017" is the same as "4. prosince 2017".
    let spaced = s.replace('.', ". ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let at = tokens
        .iter()
        .position(|t| t.chars().any(char::is_alphabetic))
        .ok_or(Rule::DateFormat)?;
    let month = month_from_word(tokens[at]).ok_or(Rule::DateFormat)?;
    let day = match &tokens[..at] {
        [] => None,
        [d] => Some(day_or_month(d.strip_suffix('.').unwrap_or(d))?),
        _ => return Err(Rule::DateFormat),
    };
    let yr = match &tokens[at + 1..] {
        [] => None,
        [y] => Some(year(y)?),
        _ => return Err(Rule::DateFormat),
    };
    match day {
        Some(d) => Ok((yr, month, d)),
        None => Err(Rule::DatePartial),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const F: Field = Field::new("Datum", "Date");

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn rule(input: &str) -> Rule {
        parse_date(F, input).unwrap_err().rule
    }

    #[test]
    fn accepts_every_written_form() {
        let d = ymd(2017, 12, 4);
        for s in [
            "4.12.2017",
            "4. 12. 2017",
            "04.12.2017",
            " 4.12.2017 ",
            "4.12.2017.",
            "2017-12-04",
            "2017-12-4",
            "4. prosince 2017",
            "4. prosinec 2017",
            "4. PROSINCE 2017",
            "4 prosince 2017",
            "4. December 2017",
            "4 december 2017",
            "4.prosince 2017",
        ] {
            assert_eq!(parse_date(F, s), Ok(d), "{s}");
        }
        assert_eq!(parse_date(F, "1. cervence 2018"), Ok(ymd(2018, 7, 1)));
        assert_eq!(parse_date(F, "1. července 2018"), Ok(ymd(2018, 7, 1)));
        assert_eq!(parse_date(F, "17. června 2018"), Ok(ymd(2018, 6, 17)));
        assert_eq!(parse_date(F, "17. cerven 2018"), Ok(ymd(2018, 6, 17)));
        assert_eq!(parse_date(F, "1. září 2018"), Ok(ymd(2018, 9, 1)));
        assert_eq!(parse_date(F, "10.1.2018"), Ok(ymd(2018, 1, 10)));
        assert_eq!(parse_date(F, "29.2.2020"), Ok(ymd(2020, 2, 29)));
    }

    #[test]
    fn impossible_dates() {
        for s in [
            "31.2.2019",
            "29.2.2019",
            "32.1.2018",
            "2019-13-01",
            "0.1.2018",
            "31. dubna 2019",
        ] {
            assert_eq!(rule(s), Rule::DateImpossible, "{s}");
        }
    }

    #[test]
    fn partial_dates() {
        for s in [
            "17. července",
            "12.2017",
            "4.12.",
            "4.12",
            "prosinec 2017",
            "2017",
            "2017-12",
            "17.",
        ] {
            assert_eq!(rule(s), Rule::DatePartial, "{s}");
        }
    }

    #[test]
    fn a_date_without_its_year_is_the_coming_one() {
        let today = ymd(2018, 6, 1);
        let on = |s: &str| parse_date_on(F, s, today);
        assert_eq!(on("15.12."), Ok(ymd(2018, 12, 15)));
        assert_eq!(on("15. 12."), Ok(ymd(2018, 12, 15)));
        assert_eq!(on("15.12"), Ok(ymd(2018, 12, 15)));
        assert_eq!(on("15. prosince"), Ok(ymd(2018, 12, 15)));
        assert_eq!(on("1.6."), Ok(today));
        assert_eq!(on("31.5."), Ok(ymd(2019, 5, 31)));
        assert_eq!(on("29.2."), Ok(ymd(2020, 2, 29)));
        assert_eq!(on("4.12.2017"), Ok(ymd(2017, 12, 4)));
        assert_eq!(on("31.4.").unwrap_err().rule, Rule::DateImpossible);
        assert_eq!(on("12.2017").unwrap_err().rule, Rule::DatePartial);
        assert_eq!(on("prosinec 2017").unwrap_err().rule, Rule::DatePartial);
        assert_eq!(on("17.").unwrap_err().rule, Rule::DatePartial);
        assert!(!names_year("15.12."));
        assert!(names_year("15.12.2018"));
        assert!(names_year("2018-12-15"));
    }

    #[test]
    fn unreadable_dates() {
        for s in [
            "abc",
            "4/12/2017",
            "",
            "   ",
            "4.12.17",
            "4..2017",
            "4. prosinece 2017",
            "1.2.3.4",
            "2017-12-04-1",
            "v",
        ] {
            assert_eq!(rule(s), Rule::DateFormat, "{s:?}");
        }
    }

    #[test]
    fn years_outside_the_register() {
        let r = Rule::YearRange {
            min: 1900,
            max: 2100,
        };
        assert_eq!(rule("1.1.1899"), r);
        assert_eq!(rule("2101-01-01"), r);
        assert_eq!(parse_date(F, "1.1.1900"), Ok(ymd(1900, 1, 1)));
        assert_eq!(parse_date(F, "31.12.2100"), Ok(ymd(2100, 12, 31)));
    }

    #[test]
    fn times() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        assert_eq!(parse_time(F, "16:30"), Ok(t(16, 30)));
        assert_eq!(parse_time(F, "9:05"), Ok(t(9, 5)));
        assert_eq!(parse_time(F, "16.30"), Ok(t(16, 30)));
        assert_eq!(parse_time(F, " 0:00 "), Ok(t(0, 0)));
        for s in [
            "24:00", "16:60", "16", "16:3", "abc", "", "16:30:00", "-1:30", "16 30",
        ] {
            assert_eq!(parse_time(F, s).unwrap_err().rule, Rule::TimeFormat, "{s}");
        }
        assert_eq!(format_time(t(16, 30)), "16:30");
        assert_eq!(format_time(t(9, 5)), "9:05");
    }

    #[test]
    fn short_and_long_forms() {
        let d = ymd(2017, 12, 4);
        assert_eq!(format_date(d), "4. 12. 2017");
        assert_eq!(format_date_long(d, Lang::Cs), "4. prosince 2017");
        assert_eq!(format_date_long(d, Lang::En), "4 December 2017");
        let cs = [
            "ledna",
            "února",
            "března",
            "dubna",
            "května",
            "června",
            "července",
            "srpna",
            "září",
            "října",
            "listopadu",
            "prosince",
        ];
        for (i, genitive) in cs.iter().enumerate() {
            let m = i as u32 + 1;
            let d = ymd(2018, m, 17);
            assert_eq!(
                format_date_long(d, Lang::Cs),
                format!("17. {genitive} 2018")
            );
            assert_eq!(
                format_date_long(d, Lang::En),
                format!("17 {} 2018", MONTHS_EN[i])
            );
            assert_eq!(parse_date(F, &format_date_long(d, Lang::Cs)), Ok(d));
            assert_eq!(
                parse_date(F, &format!("17. {} 2018", month_name(m, Lang::Cs))),
                Ok(d)
            );
        }
        assert_eq!(month_name(1, Lang::Cs), "leden");
        assert_eq!(month_name(12, Lang::En), "December");
        assert_eq!(month_name(0, Lang::Cs), "");
        assert_eq!(month_name_genitive(13), "");
    }

    #[test]
    fn weekdays() {
        assert_eq!(weekday_name(Weekday::Mon, Lang::Cs), "pondělí");
        assert_eq!(weekday_name(Weekday::Sun, Lang::En), "Sunday");
        assert_eq!(weekday_short(Weekday::Thu, Lang::Cs), "čt");
        assert_eq!(weekday_short(Weekday::Tue, Lang::En), "Tu");
        // 4. 12. 2017, the first ŘS meeting in Soběslav, was a Monday.
        assert_eq!(
            weekday_name(ymd(2017, 12, 4).weekday(), Lang::Cs),
            "pondělí"
        );
    }

    proptest! {
        #[test]
        fn every_form_round_trips(days in 0i64..73_414) {
            let d = ymd(1900, 1, 1) + chrono::Duration::days(days);
            prop_assert_eq!(parse_date(F, &format_date(d)), Ok(d));
            prop_assert_eq!(parse_date(F, &format_date_long(d, Lang::Cs)), Ok(d));
            prop_assert_eq!(parse_date(F, &format_date_long(d, Lang::En)), Ok(d));
            prop_assert_eq!(parse_date(F, &d.format("%Y-%m-%d").to_string()), Ok(d));
            prop_assert_eq!(parse_date(F, &fold(&format_date_long(d, Lang::Cs))), Ok(d));
        }

        #[test]
        fn parse_never_panics(s in any::<String>()) {
            let _ = parse_date(F, &s);
            let _ = parse_time(F, &s);
        }
    }
}
