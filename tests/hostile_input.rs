//! Files crafted to attack a clerk's terminal, refused by the real `kpss` binary: what it
//! prints, on standard error or standard output, in Czech or in English, holds no escape
//! sequence (ESC, CSI, OSC 52, DCS, C1 controls), no bidi control and no NUL — whatever
//! the refusal quotes (an event's SUMMARY, a TZID, a DTSTART value, a JSON field name or
//! enum value, the first line of a file that is not a calendar, the file's own name).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Escape sequences and controls a hostile file can carry, as text and as JSON escapes.
const CORPUS: &[&str] = &[
    "\u{1b}[2J\u{1b}[H",                // CSI: clear the screen
    "\u{1b}]0;hacked\u{7}",             // OSC: window title
    "\u{1b}]52;c;cm0gLXJmIH4=\u{1b}\\", // OSC 52: write the clipboard
    "\u{1b}P+q544e\u{1b}\\",            // DCS: query the terminal
    "\u{9b}31m\u{9d}0;x\u{9c}\u{90}q",  // C1 CSI, OSC, ST, DCS
    "\u{202e}\u{2066}\u{200f}\u{61c}",  // bidi override, isolate, marks
    "\u{0}\u{8}\u{7f}",                 // NUL, backspace, DEL
];

fn hostile() -> String {
    CORPUS.concat()
}

/// The same text as a JSON string body (`\u001b` …): valid JSON that decodes to it.
fn json_escaped(s: &str) -> String {
    s.chars().map(|c| format!("\\u{:04x}", c as u32)).collect()
}

/// Everything that would let a file drive the terminal.
fn dangerous(c: char) -> bool {
    (c.is_control() && c != '\n')
        || ('\u{80}'..='\u{9f}').contains(&c)
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{61c}')
}

fn assert_clean(what: &str, out: &Output) {
    for (stream, bytes) in [("stderr", &out.stderr), ("stdout", &out.stdout)] {
        assert!(!bytes.contains(&0x1b), "{what}: ESC on {stream}: {bytes:?}");
        assert!(!bytes.contains(&0), "{what}: NUL on {stream}: {bytes:?}");
        let text = String::from_utf8_lossy(bytes);
        let bad: Vec<char> = text.chars().filter(|c| dangerous(*c)).collect();
        assert!(bad.is_empty(), "{what}: {bad:?} on {stream}: {text:?}");
    }
}

struct Db {
    _dir: tempfile::TempDir,
    root: PathBuf,
    db: PathBuf,
}

fn sample_db() -> Db {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let db = root.join("db");
    let out = kpss(&db, "cs", &["init", "--sample"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Db {
        _dir: dir,
        root,
        db,
    }
}

fn kpss(db: &Path, lang: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kpss"))
        .arg("--db")
        .arg(db)
        .args(["--lang", lang])
        .args(args)
        .env_remove("KPSS_DB")
        .env_remove("KPSS_SOCKET")
        .output()
        .unwrap()
}

/// Runs `args` (with `FILE` replaced by a file holding `content`) in both languages and
/// checks that it is refused and that nothing dangerous reaches either stream.
fn refused(db: &Db, name: &str, content: &str, args: &[&str]) {
    let file = db.root.join(name);
    std::fs::write(&file, content).unwrap();
    let args: Vec<&str> = args
        .iter()
        .map(|a| {
            if *a == "FILE" {
                file.to_str().unwrap()
            } else {
                a
            }
        })
        .collect();
    for lang in ["cs", "en"] {
        let out = kpss(&db.db, lang, &args);
        let what = format!("{name} ({lang})");
        assert!(!out.status.success(), "{what}: accepted");
        assert!(
            String::from_utf8_lossy(&out.stderr).starts_with("kpss: "),
            "{what}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_clean(&what, &out);
    }
}

fn calendar(events: &str) -> String {
    format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\n{events}END:VCALENDAR\r\n")
}

#[test]
fn hostile_calendars_are_refused_without_reaching_the_terminal() {
    let db = sample_db();
    let h = hostile();
    let ics = ["import", "--ics", "FILE", "--region", "1"];
    // The event's SUMMARY, quoted by "no start".
    refused(
        &db,
        "summary.ics",
        &calendar(&format!(
            "BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:{h}\r\nEND:VEVENT\r\n"
        )),
        &ics,
    );
    // The SUMMARY of an event that reads well but cannot be stored.
    refused(
        &db,
        "stored.ics",
        &calendar(&format!(
            "BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:{h}\r\nDTSTART;VALUE=DATE:20190301\r\nEND:VEVENT\r\n"
        )),
        &ics,
    );
    // An unknown TZID.
    refused(
        &db,
        "tzid.ics",
        &calendar(&format!(
            "BEGIN:VEVENT\r\nUID:c\r\nSUMMARY:{h}\r\nDTSTART;TZID=\"{h}\":20190301T100000\r\nEND:VEVENT\r\n"
        )),
        &ics,
    );
    // A DTSTART value that is not a date.
    refused(
        &db,
        "dtstart.ics",
        &calendar(&format!(
            "BEGIN:VEVENT\r\nUID:d\r\nSUMMARY:x\r\nDTSTART:2019{h}\r\nEND:VEVENT\r\n"
        )),
        &ics,
    );
    // A line the parser cannot read.
    refused(
        &db,
        "line.ics",
        &calendar(&format!("BEGIN:VEVENT\r\n;;{h}\r\nEND:VEVENT\r\n")),
        &ics,
    );
    // The first line of a file that is not a calendar.
    refused(&db, "first-line.ics", &format!("{h} hello\r\n"), &ics);
    // The file's own name.
    let named = format!("{}.ics", CORPUS[1]);
    refused(&db, &named, "not a calendar", &ics);
}

#[test]
fn hostile_registers_are_refused_without_reaching_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    // An empty database: a register is imported only into one.
    let db = Db {
        root: dir.path().to_path_buf(),
        db: dir.path().join("db"),
        _dir: dir,
    };
    let h = json_escaped(&hostile());
    let head = r#""format":"kpss-register","version":1"#;
    let import = ["import", "FILE"];
    // A field name.
    refused(
        &db,
        "field.json",
        &format!(r#"{{{head},"regions":[{{"id":1,"name":"Tábor","{h}":1}}]}}"#),
        &import,
    );
    // An enum value.
    refused(
        &db,
        "variant.json",
        &format!(
            r#"{{{head},"regions":[{{"id":1,"name":"Tábor"}}],"meetings":[{{"id":1,"region":1,"date":"2019-03-05","kind":"{h}"}}]}}"#
        ),
        &import,
    );
    // A value of the wrong type, and a date that is not one.
    refused(
        &db,
        "type.json",
        &format!(r#"{{{head},"regions":[{{"id":"{h}","name":"Tábor"}}]}}"#),
        &import,
    );
    refused(
        &db,
        "date.json",
        &format!(
            r#"{{{head},"regions":[{{"id":1,"name":"Tábor"}}],"meetings":[{{"id":1,"region":1,"date":"{h}"}}]}}"#
        ),
        &import,
    );
    // The format's name, and a string the register's rules refuse.
    refused(
        &db,
        "format.json",
        &format!(r#"{{"format":"{h}","version":1}}"#),
        &import,
    );
    refused(
        &db,
        "string.json",
        &format!(r#"{{{head},"regions":[{{"id":1,"name":"{h}"}}]}}"#),
        &import,
    );
    // Raw control bytes in the JSON text itself.
    refused(
        &db,
        "raw.json",
        &format!(
            "{{{head},\"regions\":[{{\"id\":1,\"name\":\"{}\"}}]}}",
            hostile()
        ),
        &import,
    );
    // A file that does not exist, named with escape sequences.
    let missing = db
        .root
        .join(format!("{}.json", hostile().replace('\0', "")));
    for lang in ["cs", "en"] {
        let out = kpss(&db.db, lang, &["import", missing.to_str().unwrap()]);
        assert!(!out.status.success());
        assert_clean(&format!("missing file ({lang})"), &out);
    }
}

#[test]
fn hostile_command_line_values_are_quoted_safely() {
    let db = sample_db();
    let h = hostile().replace('\0', "");
    for lang in ["cs", "en"] {
        for args in [
            vec!["agenda", "--from", h.as_str()],
            vec![
                "report",
                "attendance",
                "--project",
                h.as_str(),
                "--from",
                "1.1.2018",
                "--to",
                "1.1.2019",
            ],
            vec!["export", "--format", "ics", "--to", h.as_str()],
        ] {
            let out = kpss(&db.db, lang, &args);
            assert!(!out.status.success(), "{args:?}");
            assert_clean(&format!("{args:?} ({lang})"), &out);
        }
    }
}
