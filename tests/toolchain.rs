//! `rust-version` in Cargo.toml is true: clippy checks the code against the same version
//! (its `incompatible_msrv` lint refuses a standard-library item newer than it), it is
//! not older than the language features the code uses nor than what any dependency
//! declares.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn toml_file(name: &str) -> toml::Table {
    let text = std::fs::read_to_string(root().join(name)).unwrap();
    text.parse().unwrap()
}

/// "1.88" or "1.88.0" as (1, 88, 0).
fn version(text: &str) -> (u32, u32, u32) {
    let mut parts = text.trim().split('.').map(|p| p.parse::<u32>().unwrap());
    let major = parts.next().unwrap();
    let minor = parts.next().unwrap_or(0);
    let patch = parts.next().unwrap_or(0);
    (major, minor, patch)
}

fn rust_version() -> String {
    toml_file("Cargo.toml")["package"]["rust-version"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn clippy_checks_against_the_declared_rust_version() {
    let msrv = toml_file("clippy.toml")["msrv"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        version(&msrv),
        version(&rust_version()),
        "clippy.toml's msrv must be Cargo.toml's rust-version"
    );
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            out.push((path.display().to_string(), text));
        }
    }
}

#[test]
fn the_rust_version_has_the_language_features_the_code_uses() {
    let mut files = Vec::new();
    for dir in ["src", "tests", "benches"] {
        sources(&root().join(dir), &mut files);
    }
    let uses = |marker: &str| {
        files.iter().any(|(_, text)| {
            text.lines()
                .any(|line| line.contains(marker) && !line.trim_start().starts_with("//"))
        })
    };
    let edition = toml_file("Cargo.toml")["package"]["edition"]
        .as_str()
        .unwrap()
        .to_string();
    // Language features have no lint of their own: the first version of each.
    let features = [
        ("let chains", "1.88", uses("&& let ")),
        ("edition 2024", "1.85", edition == "2024"),
    ];
    for (feature, since, used) in features {
        if used {
            assert!(
                version(&rust_version()) >= version(since),
                "{feature} needs Rust {since}; rust-version is {}",
                rust_version()
            );
        }
    }
}

#[test]
fn the_rust_version_is_not_older_than_any_dependency_needs() {
    let rustc = Command::new("rustc").arg("-vV").output().unwrap();
    let host = String::from_utf8(rustc.stdout)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
        .unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .args(["--filter-platform", &host])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let used: Vec<&str> = metadata["resolve"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["id"].as_str())
        .collect();
    let ours = version(&rust_version());
    let mut checked = 0;
    for package in metadata["packages"].as_array().unwrap() {
        let (Some(id), Some(needs)) = (package["id"].as_str(), package["rust_version"].as_str())
        else {
            continue;
        };
        if !used.contains(&id) {
            continue;
        }
        checked += 1;
        assert!(
            version(needs) <= ours,
            "{} needs Rust {needs}; rust-version is {}",
            package["name"],
            rust_version()
        );
    }
    assert!(
        checked > 10,
        "only {checked} dependencies declare a Rust version"
    );
}
