//! `kpss import FILE`: a register file into an empty database, all or nothing.
//!
//! On the database itself the file is read as it goes, twice (checked, then stored in
//! a new database swapped in when complete), so memory does not grow with the file.
//! Through the shared server the register travels as one message, so the file is read
//! whole; an allocation that could fail for its size is asked for first and refused
//! with a message.

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

use crate::cli::open::Opened;
use crate::cli::output::{Failure, file_error, line, progress};
use crate::interchange;
use crate::model::Lang;
use crate::store::{ImportError, Source, Store};

pub fn run(opened: &Opened, file: &Path, lang: Lang) -> Result<ExitCode, Failure> {
    let n = match opened {
        Opened::Local(store) => {
            progress(&format!(
                "{} {}…",
                lang.pick("Kontroluji a ukládám", "Checking and storing"),
                file.display()
            ));
            let source = if file == Path::new("-") {
                Source::Stream(Box::new(std::io::stdin().lock()))
            } else {
                Source::File(file)
            };
            let mut report = |done: usize, total: Option<usize>| {
                progress(&counted(done, total, lang));
            };
            store
                .import_file(source, &mut report)
                .map_err(|e| failure(file, e, lang))?
        }
        Opened::Shared(store) => {
            progress(&format!(
                "{} {}…",
                lang.pick("Čtu", "Reading"),
                file.display()
            ));
            let text = read_whole(file, lang)?;
            let register = interchange::read(&text)
                .map_err(|e| format!("{}: {}", file.display(), e.message(lang)))?;
            drop(text);
            progress(&format!(
                "{} {} {}…",
                lang.pick("Ukládám", "Storing"),
                register.len(),
                lang.pick("záznamů", "records")
            ));
            store
                .import(&register)
                .map_err(|e| format!("{}: {}", file.display(), e.message(lang)))?
        }
    };
    line(
        &format!(
            "{} {n} {}",
            lang.pick("Načteno", "Imported"),
            lang.pick("záznamů", "records")
        ),
        lang,
    )?;
    Ok(ExitCode::SUCCESS)
}

/// "Uloženo 2000 z 438829 záznamů".
fn counted(done: usize, total: Option<usize>, lang: Lang) -> String {
    match total {
        Some(total) => format!(
            "{} {done} {} {total} {}",
            lang.pick("Uloženo", "Stored"),
            lang.pick("z", "of"),
            lang.pick("záznamů", "records")
        ),
        None => format!(
            "{} {done} {}",
            lang.pick("Uloženo", "Stored"),
            lang.pick("záznamů", "records")
        ),
    }
}

fn failure(file: &Path, e: ImportError, lang: Lang) -> Failure {
    match e {
        ImportError::Io(e) => file_error(file, &e, lang).into(),
        ImportError::Read(e) => format!("{}: {}", file.display(), e.message(lang)).into(),
        ImportError::Store(e) => format!("{}: {}", file.display(), e.message(lang)).into(),
    }
}

/// Reads a file (or standard input for `-`) whole, asking for the memory before
/// reading: a file too large for the memory left is a message, not an abort.
fn read_whole(file: &Path, lang: Lang) -> Result<String, Failure> {
    let mut bytes = Vec::new();
    if file == Path::new("-") {
        let mut stdin = std::io::stdin().lock();
        let mut chunk = vec![0u8; 1 << 20];
        loop {
            let n = stdin
                .read(&mut chunk)
                .map_err(|e| file_error(file, &e, lang))?;
            if n == 0 {
                break;
            }
            bytes
                .try_reserve(n)
                .map_err(|_| too_large(file, bytes.len() + n, lang))?;
            bytes.extend_from_slice(chunk.get(..n).unwrap_or_default());
        }
    } else {
        let mut f = std::fs::File::open(file).map_err(|e| file_error(file, &e, lang))?;
        let size = f.metadata().map_err(|e| file_error(file, &e, lang))?.len();
        let size = usize::try_from(size).map_err(|_| too_large(file, usize::MAX, lang))?;
        bytes
            .try_reserve_exact(size)
            .map_err(|_| too_large(file, size, lang))?;
        f.read_to_end(&mut bytes)
            .map_err(|e| file_error(file, &e, lang))?;
    }
    String::from_utf8(bytes).map_err(|e| {
        let io = std::io::Error::new(std::io::ErrorKind::InvalidData, e.utf8_error());
        file_error(file, &io, lang).into()
    })
}

fn too_large(file: &Path, size: usize, lang: Lang) -> Failure {
    let mb = size / (1024 * 1024);
    format!(
        "{}: {}",
        file.display(),
        match lang {
            Lang::Cs => format!(
                "soubor ({mb} MB) se nevejde do volné paměti; přes sdílený server se rejstřík posílá celý najednou – zastavte server (kpss serve) a načtěte soubor přímo do databáze"
            ),
            Lang::En => format!(
                "the file ({mb} MB) does not fit in the free memory; through the shared server a register is sent whole – stop the server (kpss serve) and import the file into the database directly"
            ),
        }
    )
    .into()
}
