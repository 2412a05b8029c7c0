//! Time zone: the EU rule for Europe/Prague, and the zones read as Prague or UTC.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};

/// The last Sunday of a month.
fn last_sunday(year: i32, month: u32) -> Option<NaiveDate> {
    let first_of_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    let last = first_of_next.pred_opt()?;
    let back = last.weekday().num_days_from_sunday();
    last.checked_sub_signed(Duration::days(i64::from(back)))
}

/// Prague's offset from UTC in hours at a UTC instant, by the EU rule: summer time (+2)
/// from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October,
/// else +1.
pub fn prague_offset_hours(utc: NaiveDateTime) -> i64 {
    let year = utc.year();
    let switch = |month| last_sunday(year, month).and_then(|d| d.and_hms_opt(1, 0, 0));
    match (switch(3), switch(10)) {
        (Some(summer), Some(winter)) if summer <= utc && utc < winter => 2,
        _ => 1,
    }
}

/// A UTC time as Prague local time.
pub fn utc_to_prague(utc: NaiveDateTime) -> NaiveDateTime {
    utc.checked_add_signed(Duration::hours(prague_offset_hours(utc)))
        .unwrap_or(utc)
}

/// Zones whose rules are Prague's since 1996 (CET/CEST with the EU switch), as IANA and
/// Windows name them.
const PRAGUE_LIKE: [&str; 24] = [
    "Europe/Prague",
    "Europe/Bratislava",
    "Europe/Vienna",
    "Europe/Berlin",
    "Europe/Warsaw",
    "Europe/Budapest",
    "Europe/Ljubljana",
    "Europe/Zagreb",
    "Europe/Belgrade",
    "Europe/Paris",
    "Europe/Brussels",
    "Europe/Amsterdam",
    "Europe/Luxembourg",
    "Europe/Copenhagen",
    "Europe/Stockholm",
    "Europe/Oslo",
    "Europe/Zurich",
    "Europe/Rome",
    "Europe/Madrid",
    "CET",
    "Central Europe Standard Time",
    "Central European Standard Time",
    "W. Europe Standard Time",
    "Romance Standard Time",
];
const UTC_LIKE: [&str; 5] = ["UTC", "Etc/UTC", "GMT", "Etc/GMT", "Z"];

pub(super) enum Zone {
    Prague,
    Utc,
}

pub(super) fn zone(tzid: &str) -> Option<Zone> {
    let tzid = tzid.trim().trim_matches('"');
    // Some writers prefix the IANA name ("/freeassociation.sourceforge.net/Europe/Prague").
    let matches =
        |name: &&str| tzid.eq_ignore_ascii_case(name) || tzid.ends_with(&format!("/{name}"));
    if PRAGUE_LIKE.iter().any(matches) {
        Some(Zone::Prague)
    } else if UTC_LIKE.iter().any(matches) {
        Some(Zone::Utc)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::ics::test_support::date;
    use chrono::Weekday;

    fn dt(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d)
            .unwrap()
            .and_hms_opt(h, mi, 0)
            .unwrap()
    }
    #[test]
    fn last_sundays_of_march_and_october() {
        assert_eq!(last_sunday(2018, 3), Some(date(2018, 3, 25)));
        assert_eq!(last_sunday(2018, 10), Some(date(2018, 10, 28)));
        assert_eq!(last_sunday(2019, 3), Some(date(2019, 3, 31)));
        assert_eq!(last_sunday(2019, 10), Some(date(2019, 10, 27)));
        assert_eq!(last_sunday(2020, 12), Some(date(2020, 12, 27)));
        assert_eq!(last_sunday(2024, 3).unwrap().weekday(), Weekday::Sun);
    }

    #[test]
    fn prague_is_one_hour_ahead_in_winter_and_two_in_summer() {
        assert_eq!(prague_offset_hours(dt(2018, 1, 15, 12, 0)), 1);
        assert_eq!(prague_offset_hours(dt(2018, 7, 15, 12, 0)), 2);
        assert_eq!(prague_offset_hours(dt(2018, 12, 31, 23, 0)), 1);
        // The switches happen at 01:00 UTC.
        assert_eq!(prague_offset_hours(dt(2018, 3, 25, 0, 59)), 1);
        assert_eq!(prague_offset_hours(dt(2018, 3, 25, 1, 0)), 2);
        assert_eq!(prague_offset_hours(dt(2018, 10, 28, 0, 59)), 2);
        assert_eq!(prague_offset_hours(dt(2018, 10, 28, 1, 0)), 1);
    }

    #[test]
    fn utc_times_become_prague_local_times() {
        assert_eq!(
            utc_to_prague(dt(2018, 1, 10, 14, 0)),
            dt(2018, 1, 10, 15, 0)
        );
        assert_eq!(utc_to_prague(dt(2018, 6, 4, 14, 0)), dt(2018, 6, 4, 16, 0));
        // Late in the evening UTC is the next day in Prague.
        assert_eq!(utc_to_prague(dt(2018, 6, 4, 22, 30)), dt(2018, 6, 5, 0, 30));
        // 01:00 UTC on the March switch is 03:00 CEST; a minute before, 01:59 CET.
        assert_eq!(utc_to_prague(dt(2019, 3, 31, 1, 0)), dt(2019, 3, 31, 3, 0));
        assert_eq!(
            utc_to_prague(dt(2019, 3, 31, 0, 59)),
            dt(2019, 3, 31, 1, 59)
        );
    }
}
