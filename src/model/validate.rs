//! Validators for the values clerks type. Each names the field it checks, so its error
//! can be shown next to that field; those that clean a value up return the clean form.

use chrono::NaiveDate;

use crate::model::invalid::{Field, Invalid, Rule};
use crate::model::text::has_control;

const REQUIRED_MAX: usize = 200;
const LINE_MAX: usize = 500;
const MULTILINE_MAX: usize = 20_000;
const YEAR_MIN: i32 = 1990;
const YEAR_MAX: i32 = 2100;

fn err<T>(field: Field, rule: Rule) -> Result<T, Invalid> {
    Err(Invalid::new(field, rule))
}

fn text(field: Field, value: &str, allow_newline: bool, max: usize) -> Result<(), Invalid> {
    if has_control(value, allow_newline) {
        return err(field, Rule::ControlChars);
    }
    if value.chars().count() > max {
        return err(field, Rule::TooLong { max });
    }
    Ok(())
}

/// A name that must be there: not blank, one line, at most 200 characters.
pub fn required_text(field: Field, value: &str) -> Result<(), Invalid> {
    let value = value.trim();
    if value.is_empty() {
        return err(field, Rule::Required);
    }
    text(field, value, false, REQUIRED_MAX)
}

/// Optional single-line text of at most 500 characters, free of anything a terminal
/// would interpret (escape sequences, tabs, bidi overrides).
pub fn line(field: Field, value: &str) -> Result<(), Invalid> {
    text(field, value, false, LINE_MAX)
}

/// Optional text of several lines (notes, agendas, minutes), at most 20 000 characters.
pub fn multiline(field: Field, value: &str) -> Result<(), Invalid> {
    text(field, value, true, MULTILINE_MAX)
}

fn all_digits(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

fn digit_values(s: &str) -> Vec<u32> {
    s.bytes().map(|b| u32::from(b - b'0')).collect()
}

/// IČO: 8 digits (spaces ignored) whose last is the check digit of the first seven.
/// Returns the 8 digits.
pub fn ico(field: Field, value: &str) -> Result<String, Invalid> {
    let s: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    if s.len() != 8 || !all_digits(&s) {
        return err(field, Rule::IcoFormat);
    }
    let d = digit_values(&s);
    let sum: u32 = d[..7].iter().zip((2..=8).rev()).map(|(d, w)| d * w).sum();
    if (11 - sum % 11) % 10 != d[7] {
        return err(field, Rule::IcoChecksum);
    }
    Ok(s)
}

/// A Czech phone number: 9 digits, optionally after `+420` or `00420`, spaces anywhere.
/// Returns `730 870 048`, or `+420 730 870 048` when a prefix was given.
pub fn phone(field: Field, value: &str) -> Result<String, Invalid> {
    let s: String = value
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}'))
        .collect();
    let (prefixed, national) = match s.strip_prefix("+420") {
        Some(rest) => (true, rest),
        None if s.len() == 14 => match s.strip_prefix("00420") {
            Some(rest) => (true, rest),
            None => return err(field, Rule::Phone),
        },
        None => (false, s.as_str()),
    };
    // Czech numbers never begin with 0 or 1 (those start a prefix or a short number).
    let leading_ok = national
        .bytes()
        .next()
        .is_some_and(|b| (b'2'..=b'9').contains(&b));
    if national.len() != 9 || !all_digits(national) || !leading_ok {
        return err(field, Rule::Phone);
    }
    let grouped = format!("{} {} {}", &national[..3], &national[3..6], &national[6..]);
    Ok(if prefixed {
        format!("+420 {grouped}")
    } else {
        grouped
    })
}

/// PSČ: 5 digits, written `38706` or `387 06`. Returns `387 06`.
pub fn psc(field: Field, value: &str) -> Result<String, Invalid> {
    let s = value.trim();
    let digits = match (s.len(), s.as_bytes().get(3)) {
        (5, _) => s.to_owned(),
        (6, Some(b' ')) => s.replacen(' ', "", 1),
        _ => return err(field, Rule::Psc),
    };
    if digits.len() != 5 || !all_digits(&digits) {
        return err(field, Rule::Psc);
    }
    Ok(format!("{} {}", &digits[..3], &digits[3..]))
}

/// An e-mail address `name@domain.tld`, checked pragmatically. Returns it trimmed,
/// with the domain in lower case.
pub fn email(field: Field, value: &str) -> Result<String, Invalid> {
    let bad = || Invalid::new(field, Rule::Email);
    let s = value.trim();
    let (local, domain) = s.split_once('@').ok_or_else(bad)?;
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c))
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..");
    let domain = domain.to_ascii_lowercase();
    if !local_ok || !domain_ok(&domain) || s.len() > 254 {
        return Err(bad());
    }
    Ok(format!("{local}@{domain}"))
}

/// Lower-case DNS labels, at least two, the last a TLD of letters.
fn domain_ok(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && l.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    let tld_ok = labels
        .last()
        .is_some_and(|t| t.len() >= 2 && t.bytes().all(|b| b.is_ascii_lowercase()));
    labels.len() >= 2 && labels.iter().all(label_ok) && tld_ok
}

/// The two shapes of a project's registration number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegNoShape {
    /// Operační program Zaměstnanost (2014–2020): `CZ.03.2.63/0.0/0.0/16_063/0006529`.
    Opz,
    /// Operační program Lidské zdroje a zaměstnanost (2007–2013): `CZ.1.04/3.1.03/65.00031`.
    OpLzz,
}

/// The shapes as templates: `#` is a digit, `~` an optional further digit, anything else
/// itself.
const OPZ: &str = "CZ.##.#~.#~~/#.#/#.#/##_###/#######";
const OP_LZZ: &str = "CZ.#.##/#.#.##/##.#####";

/// Whether the whole of `s` has the shape of `template`. Runs of digits are taken
/// greedily, which is exact because in both shapes every run is followed by a non-digit.
fn has_shape(s: &str, template: &str) -> bool {
    let (mut rest, pat) = (s.as_bytes(), template.as_bytes());
    let mut i = 0;
    while i < pat.len() {
        if pat[i] == b'#' {
            let min = pat[i..].iter().take_while(|&&b| b == b'#').count();
            let optional = pat[i + min..].iter().take_while(|&&b| b == b'~').count();
            let n = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            if n < min || n > min + optional {
                return false;
            }
            rest = &rest[n..];
            i += min + optional;
        } else {
            match rest.split_first() {
                Some((&b, tail)) if b == pat[i] => rest = tail,
                _ => return false,
            }
            i += 1;
        }
    }
    rest.is_empty()
}

/// The shape of a normalised registration number, if it has one.
pub fn registration_shape(normalised: &str) -> Option<RegNoShape> {
    if has_shape(normalised, OPZ) {
        Some(RegNoShape::Opz)
    } else if has_shape(normalised, OP_LZZ) {
        Some(RegNoShape::OpLzz)
    } else {
        None
    }
}

/// A project's registration number in the OPZ or OP LZZ shape. Returns it trimmed, with
/// `CZ` in capitals and the stray dot some pages write (`CZ.1.04./3.1.03/65.00031`)
/// removed.
pub fn registration_number(field: Field, value: &str) -> Result<String, Invalid> {
    let s = value.trim();
    let mut normal = match s.get(..3) {
        Some(p) if p.eq_ignore_ascii_case("CZ.") => format!("CZ.{}", &s[3..]),
        _ => return err(field, Rule::RegistrationNumber),
    };
    if registration_shape(&normal).is_some() {
        return Ok(normal);
    }
    if let Some(slash) = normal.find('/')
        && normal[..slash].ends_with('.')
    {
        normal.remove(slash - 1);
        if registration_shape(&normal) == Some(RegNoShape::OpLzz) {
            return Ok(normal);
        }
    }
    err(field, Rule::RegistrationNumber)
}

/// A web address: `http://` or `https://`, then a host with a dot; no spaces.
pub fn url(field: Field, value: &str) -> Result<(), Invalid> {
    let bad = || Invalid::new(field, Rule::Url);
    if has_control(value, false) || value.chars().any(char::is_whitespace) {
        return Err(bad());
    }
    let lower = value.to_ascii_lowercase();
    let skip = ["https://", "http://"]
        .iter()
        .find(|p| lower.starts_with(*p))
        .map(|p| p.len())
        .ok_or_else(bad)?;
    let rest = &value[skip..];
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = host_port.split(':').next().unwrap_or("");
    let labels: Vec<&str> = host.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if labels.len() < 2 || !labels.iter().all(label_ok) {
        return Err(bad());
    }
    Ok(())
}

/// A period's end must not precede its start; either may be unknown.
pub fn period(
    field: Field,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
) -> Result<(), Invalid> {
    for d in [start, end].into_iter().flatten() {
        date(field, d)?;
    }
    match (start, end) {
        (Some(s), Some(e)) if e < s => err(field, Rule::EndBeforeStart),
        _ => Ok(()),
    }
}

/// A date within the years the register keeps (1900–2100), whatever it came through.
pub fn date(field: Field, value: NaiveDate) -> Result<(), Invalid> {
    if crate::model::date::in_range(value) {
        Ok(())
    } else {
        err(field, crate::model::date::year_range())
    }
}

/// A span of years (`2013–2015`, or just `2004`) within 1990–2100, not ending before it
/// starts.
pub fn year_span(field: Field, from: i32, to: Option<i32>) -> Result<(), Invalid> {
    let in_range = |y: i32| (YEAR_MIN..=YEAR_MAX).contains(&y);
    if !in_range(from) || to.is_some_and(|t| !in_range(t)) {
        return err(
            field,
            Rule::YearRange {
                min: YEAR_MIN,
                max: YEAR_MAX,
            },
        );
    }
    if to.is_some_and(|t| t < from) {
        return err(field, Rule::EndBeforeStart);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const F: Field = Field::new("Pole", "Field");

    fn rule<T: std::fmt::Debug>(r: Result<T, Invalid>) -> Rule {
        r.unwrap_err().rule
    }

    #[test]
    fn required_text_rules() {
        assert!(required_text(F, "Soběslav").is_ok());
        assert!(required_text(F, "  Řídicí skupina ").is_ok());
        assert!(required_text(F, &"ž".repeat(200)).is_ok());
        assert_eq!(rule(required_text(F, "")), Rule::Required);
        assert_eq!(rule(required_text(F, " \t\n ")), Rule::Required);
        assert_eq!(rule(required_text(F, "a\u{1b}[2Jb")), Rule::ControlChars);
        assert_eq!(rule(required_text(F, "a\nb")), Rule::ControlChars);
        assert_eq!(
            rule(required_text(F, &"ž".repeat(201))),
            Rule::TooLong { max: 200 }
        );
    }

    #[test]
    fn line_and_multiline_rules() {
        assert!(line(F, "").is_ok());
        assert!(line(F, "TEP, centrum sociálních služeb, Veselí nad Lužnicí").is_ok());
        assert!(line(F, &"a".repeat(500)).is_ok());
        assert_eq!(rule(line(F, &"a".repeat(501))), Rule::TooLong { max: 500 });
        for bad in [
            "a\nb",
            "a\tb",
            "\u{1b}]0;x\u{7}",
            "\u{7f}",
            "\u{9b}31m",
            "\u{202e}abc",
            "\u{2067}",
        ] {
            assert_eq!(rule(line(F, bad)), Rule::ControlChars, "{bad:?}");
        }
        assert!(multiline(F, "").is_ok());
        assert!(multiline(F, "1. zahájení\n2. diskuse\n").is_ok());
        assert!(multiline(F, &"a\n".repeat(10_000)).is_ok());
        assert_eq!(
            rule(multiline(F, &"a".repeat(20_001))),
            Rule::TooLong { max: 20_000 }
        );
        for bad in ["a\r\nb", "a\tb", "\u{1b}[2J", "\u{85}", "x\u{202d}"] {
            assert_eq!(rule(multiline(F, bad)), Rule::ControlChars, "{bad:?}");
        }
    }

    #[test]
    fn ico_rules() {
        assert_eq!(ico(F, "25596641"), Ok("25596641".into()));
        assert_eq!(ico(F, "00252832"), Ok("00252832".into()));
        assert_eq!(ico(F, " 002 52 832 "), Ok("00252832".into()));
        // Remainder 0 gives check digit 1, remainder 1 gives 0.
        assert_eq!(ico(F, "00000001"), Ok("00000001".into()));
        assert_eq!(ico(F, "00000060"), Ok("00000060".into()));
        assert_eq!(rule(ico(F, "25596642")), Rule::IcoChecksum);
        assert_eq!(rule(ico(F, "00252833")), Rule::IcoChecksum);
        assert_eq!(rule(ico(F, "00000061")), Rule::IcoChecksum);
        for bad in [
            "",
            "2559664",
            "255966411",
            "2559664a",
            "25-59-66-41",
            "２５５９６６４１",
        ] {
            assert_eq!(rule(ico(F, bad)), Rule::IcoFormat, "{bad}");
        }
    }

    #[test]
    fn phone_rules() {
        for (input, out) in [
            ("730 870 048", "730 870 048"),
            ("382 330 810", "382 330 810"),
            ("777 793 720", "777 793 720"),
            ("730870048", "730 870 048"),
            ("73 08 70 048", "730 870 048"),
            ("+420 730 870 048", "+420 730 870 048"),
            ("+420730870048", "+420 730 870 048"),
            ("00420 381 508 134", "+420 381 508 134"),
            (" 381\u{a0}508\u{a0}134 ", "381 508 134"),
        ] {
            assert_eq!(phone(F, input), Ok(out.to_owned()), "{input}");
        }
        for bad in [
            "",
            "730 870 04",
            "730 870 0488",
            "+421 730 870 048",
            "+420 730 870 04",
            "730-870-048",
            "730/870048",
            "030 870 048",
            "00420 030 870 048",
            "tel. 730870048",
            "0042073087004",
            "+420+730870048",
        ] {
            assert_eq!(rule(phone(F, bad)), Rule::Phone, "{bad}");
        }
    }

    #[test]
    fn psc_rules() {
        assert_eq!(psc(F, "387 06"), Ok("387 06".into()));
        assert_eq!(psc(F, "397 01"), Ok("397 01".into()));
        assert_eq!(psc(F, "39201"), Ok("392 01".into()));
        assert_eq!(psc(F, " 392 01 "), Ok("392 01".into()));
        for bad in [
            "", "3870", "387 061", "38 706", "387  06", "3870a", "387-06", "387 0 6",
        ] {
            assert_eq!(rule(psc(F, bad)), Rule::Psc, "{bad}");
        }
    }

    #[test]
    fn email_rules() {
        assert_eq!(
            email(F, "jana.novakova@example.cz"),
            Ok("jana.novakova@example.cz".into())
        );
        assert_eq!(
            email(F, " Info+kp@Sobeslav.EXAMPLE.cz "),
            Ok("Info+kp@sobeslav.example.cz".into())
        );
        assert_eq!(
            email(F, "a_b%c-d@mas-sumavsko.example.cz"),
            Ok("a_b%c-d@mas-sumavsko.example.cz".into())
        );
        for bad in [
            "",
            "jana",
            "@example.cz",
            "jana@",
            "jana@example",
            "jana@@example.cz",
            "ja na@example.cz",
            "jana@exa mple.cz",
            ".jana@example.cz",
            "jana.@example.cz",
            "ja..na@example.cz",
            "jana@-example.cz",
            "jana@example-.cz",
            "jana@example.c",
            "jana@example.c2",
            "jana@example..cz",
            "jana@.example.cz",
            "jaňa@example.cz",
            "jana@příklad.cz",
            "a@b@example.cz",
            "jana@example.cz\u{1b}",
        ] {
            assert_eq!(rule(email(F, bad)), Rule::Email, "{bad}");
        }
    }

    #[test]
    fn registration_number_rules() {
        for ok in [
            "CZ.03.2.63/0.0/0.0/16_063/0006529",
            "CZ.03.2.63/0.0/0.0/15_007/0003792",
            "CZ.03.2.63/0.0/0.0/16_063/0006568",
            "CZ.1.04/3.1.03/65.00031",
        ] {
            assert_eq!(registration_number(F, ok), Ok(ok.to_owned()));
            assert_eq!(
                registration_number(F, &format!(" {ok}\n")),
                Ok(ok.to_owned())
            );
        }
        assert_eq!(
            registration_number(F, "CZ.1.04./3.1.03/65.00031"),
            Ok("CZ.1.04/3.1.03/65.00031".into())
        );
        assert_eq!(
            registration_number(F, "cz.03.2.63/0.0/0.0/16_063/0006529"),
            Ok("CZ.03.2.63/0.0/0.0/16_063/0006529".into())
        );
        for bad in [
            "",
            "CZ",
            "CZ.03.2.63/0.0/0.0/16_063/000652",
            "CZ.03.2.63/0.0/0.0/16_063/00065299",
            "CZ.03.2.63/0.0/0.0/16-063/0006529",
            "CZ.03.2.63./0.0/0.0/16_063/0006529",
            "SK.03.2.63/0.0/0.0/16_063/0006529",
            "CZ.03.2.63/0.0/0.0/16_063/0006529/1",
            "CZ.1.04/3.1.03/65.0003",
            "CZ.1.04/3.1.03./65.00031",
            "CZ.1.04 /3.1.03/65.00031",
            "CZ.1.04../3.1.03/65.00031",
            "CZ.ř.04/3.1.03/65.00031",
        ] {
            assert_eq!(
                rule(registration_number(F, bad)),
                Rule::RegistrationNumber,
                "{bad}"
            );
        }
    }

    #[test]
    fn registration_shapes() {
        let shape = registration_shape;
        assert_eq!(
            shape("CZ.03.2.63/0.0/0.0/16_063/0006529"),
            Some(RegNoShape::Opz)
        );
        assert_eq!(
            shape("CZ.03.12.100/0.0/0.0/16_063/0006529"),
            Some(RegNoShape::Opz)
        );
        assert_eq!(shape("CZ.1.04/3.1.03/65.00031"), Some(RegNoShape::OpLzz));
        assert_eq!(shape("CZ.1.04./3.1.03/65.00031"), None);
        assert_eq!(shape(""), None);
    }

    #[test]
    fn url_rules() {
        for ok in [
            "https://www.sobeslav.cz",
            "http://www.cpkp.cz/jizni-cechy/?a=1#x",
            "HTTPS://Example.CZ",
            "https://www.soběslav.cz/kpss",
            "https://example.cz:8080/x",
        ] {
            assert!(url(F, ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "www.sobeslav.cz",
            "ftp://example.cz",
            "https://",
            "https://localhost",
            "https://example.cz/a b",
            " https://example.cz",
            "https://example.cz\u{1b}",
            "https://.cz",
            "https://example..cz",
            "https://-x.cz",
            "mailto:a@example.cz",
        ] {
            assert_eq!(rule(url(F, bad)), Rule::Url, "{bad:?}");
        }
    }

    #[test]
    fn period_and_year_span_rules() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert!(period(F, Some(d(2017, 11, 1)), Some(d(2019, 10, 31))).is_ok());
        assert!(period(F, Some(d(2018, 1, 1)), Some(d(2018, 1, 1))).is_ok());
        assert!(period(F, None, Some(d(2018, 1, 1))).is_ok());
        assert!(period(F, Some(d(2018, 1, 1)), None).is_ok());
        assert!(period(F, None, None).is_ok());
        assert_eq!(
            rule(period(F, Some(d(2019, 1, 1)), Some(d(2018, 12, 31)))),
            Rule::EndBeforeStart
        );

        let range = Rule::YearRange {
            min: 1990,
            max: 2100,
        };
        assert!(year_span(F, 2013, Some(2015)).is_ok());
        assert!(year_span(F, 2004, None).is_ok());
        assert!(year_span(F, 2017, Some(2017)).is_ok());
        assert!(year_span(F, 1990, Some(2100)).is_ok());
        assert_eq!(rule(year_span(F, 2015, Some(2013))), Rule::EndBeforeStart);
        assert_eq!(rule(year_span(F, 1989, None)), range);
        assert_eq!(rule(year_span(F, 2000, Some(2101))), range);
        assert_eq!(rule(year_span(F, 20, Some(22))), range);
    }

    proptest! {
        #[test]
        fn ico_accepts_exactly_the_right_check_digit(
            first in proptest::collection::vec(0u32..10, 7),
            wrong in 1u32..10,
        ) {
            let sum: u32 = first.iter().zip((2..=8).rev()).map(|(d, w)| d * w).sum();
            let check = (11 - sum % 11) % 10;
            let head: String = first.iter().map(|d| d.to_string()).collect();
            let good = format!("{head}{check}");
            prop_assert_eq!(ico(F, &good), Ok(good.clone()));
            let bad = format!("{head}{}", (check + wrong) % 10);
            prop_assert_eq!(rule(ico(F, &bad)), Rule::IcoChecksum);
        }

        #[test]
        fn line_never_accepts_a_control_char(
            before in "\\PC{0,20}",
            c in proptest::sample::select(
                ('\0'..='\u{1f}').chain('\u{7f}'..='\u{9f}').collect::<Vec<_>>()
            ),
            after in "\\PC{0,20}",
        ) {
            let s = format!("{before}{c}{after}");
            prop_assert_eq!(rule(line(F, &s)), Rule::ControlChars);
            prop_assert_eq!(multiline(F, &s).is_err(), c != '\n');
            let named = format!("x{s}x");
            prop_assert_eq!(rule(required_text(F, &named)), Rule::ControlChars);
        }

        #[test]
        fn validators_never_panic(s in any::<String>()) {
            let _ = (ico(F, &s), phone(F, &s), psc(F, &s), email(F, &s));
            let _ = (registration_number(F, &s), url(F, &s), line(F, &s));
        }
    }
}
