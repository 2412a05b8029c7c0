//! The operating system's errors in the clerk's language. The standard library says
//! them in English ("No such file or directory (os error 2)"); a Czech run says them in
//! Czech, from the error's kind, so that no message mixes the two languages.

use std::io::{self, ErrorKind};

use crate::model::Lang;
use crate::model::text::sanitize_line;

/// An I/O error, said in `lang`; in Czech with the system's error number when there is
/// one, so the English text can still be looked up.
pub fn io_error(e: &io::Error, lang: Lang) -> String {
    match lang {
        Lang::En => sanitize_line(&e.to_string()),
        Lang::Cs => match e.raw_os_error() {
            Some(n) => format!("{} (chyba systému {n})", kind_cs(e.kind())),
            None => kind_cs(e.kind()).to_string(),
        },
    }
}

/// A system error already turned into text (by the storage engine, on the far side of a
/// socket, or as "Czech / English"), said in `lang`:
///
/// - "český text / English text" gives the half in `lang`;
/// - "/a/path: reason" keeps the path and says the reason in `lang`;
/// - "… (os error N)" is said in Czech from the error number in a Czech run;
/// - any other text goes as it is to an English run, and as a general Czech description
///   to a Czech one (the English run shows the details).
pub fn system_text(text: &str, lang: Lang) -> String {
    if let Some((cs, en)) = text.split_once(" / ")
        && !cs.contains('/')
    {
        return sanitize_line(lang.pick(cs, en));
    }
    if text.starts_with('/')
        && let Some((path, reason)) = text.split_once(": ")
    {
        return format!("{}: {}", sanitize_line(path), system_text(reason, lang));
    }
    match lang {
        Lang::En => sanitize_line(text),
        Lang::Cs => match os_error_number(text) {
            Some(n) => io_error(&io::Error::from_raw_os_error(n), Lang::Cs),
            None => known_cs(text)
                .unwrap_or("chyba systému (podrobnosti vypíše kpss --lang en)")
                .to_string(),
        },
    }
}

/// The few fixed English texts the storage engine and the connection produce.
fn known_cs(text: &str) -> Option<&'static str> {
    Some(match text {
        "timeout" => "vypršel časový limit",
        "record of another kind" => "záznam jiného druhu",
        "Collection not found" => "strom v databázi chybí",
        _ => return None,
    })
}

/// The number in "… (os error N)", as `io::Error` writes it.
fn os_error_number(text: &str) -> Option<i32> {
    let start = text.rfind("(os error ")? + "(os error ".len();
    let digits: String = text[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

fn kind_cs(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::NotFound => "soubor nebo složka neexistuje",
        ErrorKind::PermissionDenied => "přístup odepřen",
        ErrorKind::AlreadyExists => "soubor už existuje",
        ErrorKind::IsADirectory => "je to složka, ne soubor",
        ErrorKind::NotADirectory => "není to složka",
        ErrorKind::DirectoryNotEmpty => "složka není prázdná",
        ErrorKind::StorageFull => "na disku není místo",
        ErrorKind::QuotaExceeded => "překročena disková kvóta",
        ErrorKind::ReadOnlyFilesystem => "souborový systém je jen pro čtení",
        ErrorKind::FileTooLarge => "soubor je příliš velký",
        ErrorKind::InvalidFilename => "neplatný název souboru",
        ErrorKind::InvalidData => "data nejsou platná (například text není v kódování UTF-8)",
        ErrorKind::InvalidInput => "neplatný vstup",
        ErrorKind::UnexpectedEof => "data nečekaně skončila",
        ErrorKind::BrokenPipe => "výstup byl uzavřen (roura)",
        ErrorKind::ConnectionRefused => "spojení odmítnuto",
        ErrorKind::ConnectionReset => "spojení přerušeno druhou stranou",
        ErrorKind::ConnectionAborted => "spojení zrušeno",
        ErrorKind::NotConnected => "není spojeno",
        ErrorKind::AddrInUse => "adresa se už používá",
        ErrorKind::AddrNotAvailable => "adresa není k dispozici",
        ErrorKind::TimedOut => "vypršel časový limit",
        ErrorKind::WouldBlock | ErrorKind::ResourceBusy => "prostředek je právě zaneprázdněn",
        ErrorKind::Interrupted => "operace byla přerušena",
        ErrorKind::Unsupported => "operace není podporována",
        ErrorKind::OutOfMemory => "nedostatek paměti",
        ErrorKind::WriteZero => "zápis se nezdařil",
        ErrorKind::CrossesDevices => "přesun mezi různými disky není možný",
        ErrorKind::TooManyLinks => "příliš mnoho odkazů",
        _ => "chyba systému",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_czech_run_says_system_errors_in_czech() {
        let missing = io::Error::from_raw_os_error(2);
        assert_eq!(
            io_error(&missing, Lang::Cs),
            "soubor nebo složka neexistuje (chyba systému 2)"
        );
        assert!(io_error(&missing, Lang::En).contains("No such file"));
        let utf8 = io::Error::new(ErrorKind::InvalidData, "stream did not contain valid UTF-8");
        assert!(io_error(&utf8, Lang::Cs).contains("UTF-8"));
        assert!(!io_error(&utf8, Lang::Cs).contains("stream"));
    }

    #[test]
    fn error_numbers_are_read_from_text() {
        let text = "IO error: No space left on device (os error 28)";
        assert_eq!(
            system_text(text, Lang::Cs),
            "na disku není místo (chyba systému 28)"
        );
        assert_eq!(system_text(text, Lang::En), text);
        assert!(!system_text("Read corrupted data", Lang::Cs).contains("corrupted"));
        assert_eq!(
            system_text("obnovuji spojení / reconnecting", Lang::En),
            "reconnecting"
        );
        assert_eq!(
            system_text(
                "/run/kpss.sock: Connection refused (os error 111)",
                Lang::Cs
            ),
            "/run/kpss.sock: spojení odmítnuto (chyba systému 111)"
        );
    }
}
