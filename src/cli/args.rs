//! The command line, as clap parses it.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// kpss — rejstřík komunitního plánování sociálních služeb (ORP, projekty, skupiny,
/// kalendář jednání).
#[derive(Debug, Parser)]
#[command(name = "kpss", version, about, long_about = None)]
pub struct Cli {
    /// Složka databáze / database directory [default: the platform's data directory]
    #[arg(long, global = true, env = "KPSS_DB", value_name = "DIR")]
    pub db: Option<PathBuf>,

    /// Jazyk výpisů / output language [default: from LANG, else cs]
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Cs,
    En,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Založí databázi; s --sample do ní nahraje ukázkový rejstřík / create the database,
    /// optionally with the sample register
    Init {
        /// Nahrát ukázkový rejstřík jihočeských ORP / load the sample register
        #[arg(long)]
        sample: bool,
    },
    /// Vypíše celý rejstřík / write the whole register
    Export {
        #[arg(long, value_enum, default_value = "json")]
        format: ExportFormat,
        /// Výstupní soubor [default: standard output] / output file
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Načte rejstřík ze souboru JSON do prázdné databáze / import a register into an
    /// empty database
    Import {
        /// Soubor ve formátu kpss-register ("-" = standard input)
        file: PathBuf,
    },
    /// Zkontroluje celou databázi / check every record and index
    Check,
}
