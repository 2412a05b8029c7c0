//! Where one factor's files go: a temporary directory removed at the end, or, with
//! `KPSS_BENCH_KEEP=DIR`, `DIR/FACTOR` kept between runs, so that a rerun skips
//! writing the JSON and the import.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use kpss::model::Register;

use crate::process::peak;

pub struct Workspace {
    dir: PathBuf,
    /// Set when the directory is temporary: removed on drop.
    _temporary: Option<tempfile::TempDir>,
}

impl Workspace {
    pub fn new(factor: f64) -> Workspace {
        match std::env::var_os("KPSS_BENCH_KEEP") {
            Some(keep) => {
                let dir = PathBuf::from(keep).join(factor.to_string());
                std::fs::create_dir_all(&dir).unwrap();
                Workspace {
                    dir,
                    _temporary: None,
                }
            }
            None => {
                let temporary = tempfile::tempdir().unwrap();
                Workspace {
                    dir: temporary.path().to_path_buf(),
                    _temporary: Some(temporary),
                }
            }
        }
    }

    pub fn json(&self) -> PathBuf {
        self.dir.join("narodni.json")
    }

    pub fn db(&self) -> PathBuf {
        self.dir.join("db")
    }

    /// calcurse's data directory.
    pub fn calcurse(&self) -> PathBuf {
        self.dir.join("calcurse")
    }

    /// Writes the register as JSON unless a finished file is there already.
    pub fn write_json(&self, register: &Register) {
        let file = self.json();
        if !file.exists() {
            write_register(register, &file);
        }
    }

    /// Writes calcurse's appointments unless a finished file is there already.
    pub fn write_apts(&self, register: &Register) {
        let dir = self.calcurse();
        if !dir.join("apts").exists() {
            let partial = self.dir.join("calcurse.partial");
            let _ = std::fs::remove_dir_all(&partial);
            crate::calcurse::write_apts(register, &partial);
            std::fs::rename(&partial, &dir).unwrap();
        }
    }

    /// `kpss import` of the JSON into a new database: its time and peak RSS (`None` when
    /// a kept database was imported on an earlier run), and the database's size on disk
    /// after the import (a kept database's as it was then: serving it grows it).
    pub fn import(&self) -> (Option<(Duration, u64)>, u64) {
        let done = self.dir.join("imported");
        if let Ok(size) = std::fs::read_to_string(&done) {
            return (None, size.trim().parse().unwrap());
        }
        let db = self.db();
        let _ = std::fs::remove_dir_all(&db);
        let json = self.json();
        let measured = peak(&db, &["import", json.to_str().unwrap()]);
        let size = disk_usage(&db);
        std::fs::write(&done, size.to_string()).unwrap();
        (Some(measured), size)
    }
}

/// Bytes the directory's files take on disk.
fn disk_usage(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::symlink_metadata(path).unwrap();
    let mut total = meta.blocks() * 512;
    if meta.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            total += disk_usage(&entry.unwrap().path());
        }
    }
    total
}

/// Writes the register as `kpss export` would (through a partial file, renamed when
/// complete).
pub fn write_register(register: &Register, file: &Path) {
    let partial = file.with_extension("partial");
    let mut out = BufWriter::new(std::fs::File::create(&partial).unwrap());
    serde_json::to_writer_pretty(&mut out, register).unwrap();
    out.write_all(b"\n").unwrap();
    out.flush().unwrap();
    drop(out);
    std::fs::rename(&partial, file).unwrap();
}
