//! Why a file of data (the register's JSON, the roles' TOML) was refused, in the clerk's
//! language. serde and its formats say it in English ("unknown field `nmae`, expected
//! one of `id`, `name`"); a Czech run says it in Czech. Names and values quoted from the
//! file are made safe for a terminal either way: a field name is the file's own text.

use crate::model::Lang;
use crate::model::text::sanitize_line;

/// A serde refusal (`reason` without serde_json's " at line L column C"), in `lang`.
pub fn data_error(reason: &str, lang: Lang) -> String {
    match lang {
        Lang::En => sanitize_line(reason),
        Lang::Cs => czech(reason),
    }
}

fn czech(reason: &str) -> String {
    if let Some(rest) = reason.strip_prefix("unknown field ") {
        let (name, expected) = name_and_rest(rest);
        return format!("neznámé pole „{name}“{}", known("známá pole", expected));
    }
    if let Some(rest) = reason.strip_prefix("unknown variant ") {
        let (name, expected) = name_and_rest(rest);
        return format!(
            "neznámá hodnota „{name}“{}",
            known("možné hodnoty", expected)
        );
    }
    if let Some(rest) = reason.strip_prefix("missing field ") {
        return format!("chybí pole „{}“", name_and_rest(rest).0);
    }
    if let Some(rest) = reason.strip_prefix("duplicate field ") {
        return format!("pole „{}“ je uvedeno dvakrát", name_and_rest(rest).0);
    }
    if let Some(rest) = reason.strip_prefix("invalid type: ") {
        let (found, expected) = split_expected(rest);
        return format!(
            "nesprávný druh hodnoty: {}, očekáváno {}",
            unexpected(found),
            expectation(expected)
        );
    }
    if let Some(rest) = reason.strip_prefix("invalid value: ") {
        let (found, expected) = split_expected(rest);
        return format!(
            "neplatná hodnota: {}, očekáváno {}",
            unexpected(found),
            expectation(expected)
        );
    }
    if let Some(rest) = reason.strip_prefix("invalid length ") {
        let (n, expected) = split_expected(rest);
        return format!(
            "nesprávný počet položek ({}), očekáváno {}",
            sanitize_line(n),
            expectation(expected)
        );
    }
    syntax(reason)
        .map(str::to_string)
        .unwrap_or_else(|| "data neodpovídají formátu (podrobnosti vypíše kpss --lang en)".into())
}

/// "`name`, expected …" → the name and what follows the comma.
fn name_and_rest(rest: &str) -> (String, &str) {
    let body = rest.strip_prefix('`').unwrap_or(rest);
    match body.find('`') {
        Some(end) => (
            sanitize_line(&body[..end]),
            body[end + 1..].trim_start_matches(',').trim(),
        ),
        None => (sanitize_line(body), ""),
    }
}

/// "…, expected …" after a list of names: the names themselves, without serde's words.
fn known(label: &str, expected: &str) -> String {
    let names: Vec<String> = expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(sanitize_line)
        .collect();
    if names.is_empty() {
        String::new()
    } else {
        format!(" ({label}: {})", names.join(", "))
    }
}

/// "X, expected Y" → (X, Y); a value may itself hold ", expected", so the last one counts.
fn split_expected(rest: &str) -> (&str, &str) {
    match rest.rfind(", expected ") {
        Some(at) => (&rest[..at], &rest[at + ", expected ".len()..]),
        None => (rest, ""),
    }
}

/// serde's `Unexpected`, in Czech; the value itself is kept (sanitized).
fn unexpected(found: &str) -> String {
    let value = |prefix: &str| found.strip_prefix(prefix).map(sanitize_line);
    if let Some(v) = value("string ") {
        return format!("text {v}");
    }
    if let Some(v) = value("integer ") {
        return format!("celé číslo {v}");
    }
    if let Some(v) = value("floating point ") {
        return format!("desetinné číslo {v}");
    }
    if let Some(v) = value("boolean ") {
        return format!("logická hodnota {v}");
    }
    if let Some(v) = value("character ") {
        return format!("znak {v}");
    }
    match found {
        "null" | "unit value" => "null".into(),
        "sequence" => "seznam".into(),
        "map" => "objekt".into(),
        "byte array" => "bajty".into(),
        "Option value" => "volitelná hodnota".into(),
        _ => "hodnota jiného druhu".into(),
    }
}

/// What serde expected (a type's or a visitor's description), in Czech.
fn expectation(expected: &str) -> String {
    match expected {
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" | "i8" | "i16" | "i32" | "i64" | "i128"
        | "isize" => "celé číslo".into(),
        "f32" | "f64" => "číslo".into(),
        "a string" | "a borrowed string" | "string" | "a character" | "char" => "text".into(),
        "a boolean" | "bool" => "true nebo false".into(),
        "a sequence" | "a tuple" => "seznam".into(),
        "a map" => "objekt".into(),
        "a formatted date string" | "a valid date" => "datum (RRRR-MM-DD)".into(),
        "a formatted time string" | "a valid time" => "čas (HH:MM)".into(),
        "" => "jiný druh hodnoty".into(),
        e if e.starts_with("struct ") => "objekt".into(),
        e if e.starts_with("enum ") || e.starts_with("variant ") => "jedna z hodnot".into(),
        e if e.starts_with("tuple") => "seznam".into(),
        e if e.contains('`') => {
            let names = known("jedna z", e);
            format!("hodnota{names}")
        }
        _ => "jiný druh hodnoty".into(),
    }
}

/// serde_json's syntax errors and chrono's date and time errors.
fn syntax(reason: &str) -> Option<&'static str> {
    Some(match reason {
        "EOF while parsing a list" => "soubor skončil uprostřed seznamu",
        "EOF while parsing an object" => "soubor skončil uprostřed objektu",
        "EOF while parsing a string" => "soubor skončil uprostřed textu",
        "EOF while parsing a value" => "soubor skončil, chybí hodnota",
        "expected `:`" => "chybí dvojtečka „:“",
        "expected `,` or `]`" => "chybí čárka „,“ nebo „]“",
        "expected `,` or `}`" => "chybí čárka „,“ nebo „}“",
        "expected ident" => "očekáváno true, false nebo null",
        "expected value" => "očekávána hodnota",
        "invalid escape" => "neplatná sekvence se zpětným lomítkem",
        "invalid number" => "neplatné číslo",
        "number out of range" => "číslo mimo rozsah",
        "invalid unicode code point" => "neplatný znak Unicode",
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            "řídicí znak uvnitř textu"
        }
        "key must be a string" => "název pole musí být text v uvozovkách",
        "lone leading surrogate in hex escape" | "unexpected end of hex escape" => {
            "neplatná sekvence \\u"
        }
        "trailing comma" => "přebytečná čárka",
        "trailing characters" => "za koncem dat je další text",
        "recursion limit exceeded" => "data jsou vnořena příliš hluboko",
        "input is out of range" => "datum nebo čas mimo rozsah",
        "no possible date and time matching input" => "takové datum nebo čas neexistuje",
        "input is not enough for unique date and time" => "neúplné datum nebo čas",
        "input contains invalid characters" => "datum nebo čas obsahuje neplatné znaky",
        "premature end of input" => "datum nebo čas je neúplný",
        "trailing input" => "za datem nebo časem je další text",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_refusals_are_said_in_czech() {
        assert_eq!(
            data_error(
                "unknown field `nmae`, expected one of `id`, `name`",
                Lang::Cs
            ),
            "neznámé pole „nmae“ (známá pole: id, name)"
        );
        assert_eq!(
            data_error(
                "unknown variant `boss`, expected one of `admin`, `editor`",
                Lang::Cs
            ),
            "neznámá hodnota „boss“ (možné hodnoty: admin, editor)"
        );
        assert_eq!(
            data_error("missing field `name`", Lang::Cs),
            "chybí pole „name“"
        );
        assert_eq!(
            data_error("invalid type: string \"x\", expected u64", Lang::Cs),
            "nesprávný druh hodnoty: text \"x\", očekáváno celé číslo"
        );
        assert_eq!(
            data_error("input contains invalid characters", Lang::Cs),
            "datum nebo čas obsahuje neplatné znaky"
        );
        assert_eq!(data_error("expected value", Lang::En), "expected value");
    }

    #[test]
    fn quoted_names_cannot_reach_a_terminal_raw() {
        let hostile = "unknown field `\u{1b}]52;c;eA==\u{7}\u{9b}2J\u{202e}`, expected `id`";
        for lang in [Lang::Cs, Lang::En] {
            let text = data_error(hostile, lang);
            assert!(crate::model::text::is_terminal_safe(&text), "{text:?}");
            assert!(!text.contains('\u{1b}'), "{text:?}");
        }
    }
}
