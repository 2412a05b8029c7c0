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

    /// Soket sdíleného serveru / the shared server's socket [default: DIR/kpss.sock]
    #[arg(long, global = true, env = "KPSS_SOCKET", value_name = "PATH")]
    pub socket: Option<PathBuf>,

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
    /// the whole register (kpss-register JSON)
    Json,
    /// meetings as iCalendar (RFC 5545)
    Ics,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AgendaFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Md,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CapacityFormat {
    Md,
    Csv,
    Xlsx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CatalogueFormat {
    Html,
    Docx,
    Md,
}

/// Which meetings a calendar command takes: a date range, a group, a region.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct MeetingFilter {
    /// Od data (4.12.2017 nebo 2017-12-04) / from this date
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Do data včetně / up to and including this date
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Jen jednání skupiny s tímto ID / only this group's meetings
    #[arg(long, value_name = "ID")]
    pub group: Option<u64>,
    /// Jen jednání v ORP s tímto ID / only this region's meetings
    #[arg(long, value_name = "ID")]
    pub region: Option<u64>,
}

/// The territory and date of a report on services: `--region ID` or `--kraj NAME`,
/// and `--date`.
#[derive(Debug, Clone, clap::Args)]
pub struct TerritoryArgs {
    /// ID ORP / the region's ID
    #[arg(
        long,
        value_name = "ID",
        required_unless_present = "kraj",
        conflicts_with = "kraj"
    )]
    pub region: Option<u64>,
    /// Celý kraj (např. jihocesky) / a whole kraj
    #[arg(long, value_name = "KRAJ")]
    pub kraj: Option<String>,
    /// Ke dni [default: dnes] / on this date [default: today]
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Report {
    /// Docházka na jednání skupin / attendance at group meetings, per group
    Attendance {
        /// Registrační číslo projektu / the project's registration number
        #[arg(long, value_name = "REGNO", conflicts_with = "region")]
        project: Option<String>,
        /// ID ORP / the region's ID
        #[arg(long, value_name = "ID")]
        region: Option<u64>,
        /// Od data / from this date
        #[arg(long, value_name = "DATE")]
        from: String,
        /// Do data včetně / up to and including this date
        #[arg(long, value_name = "DATE")]
        to: String,
        #[arg(long, value_enum, default_value = "md")]
        format: ReportFormat,
        /// Výstupní soubor [default: standard output] / output file
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Strategická část plánu (priority, opatření, ukazatele, náklady) / the plan's
    /// strategic part
    Plan {
        /// ID plánu / the plan's ID
        #[arg(long, value_name = "ID")]
        plan: u64,
        #[arg(long, value_enum, default_value = "md")]
        format: PlanReportFormat,
        /// Výstupní soubor [default: standard output] / output file
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Mapa sítě: počet služeb a kapacita podle cílové skupiny, druhu a formy / the
    /// network map: services and capacity per target group, type and form
    Capacity {
        #[command(flatten)]
        territory: TerritoryArgs,
        #[arg(long, value_enum, default_value = "md")]
        format: CapacityFormat,
        /// Výstupní soubor [default: standard output] / output file
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Monitoring plnění akčního plánu na rok / evaluation of a year's action plan
    Monitoring {
        /// ID plánu / the plan's ID
        #[arg(long, value_name = "ID")]
        plan: u64,
        /// Rok akčního plánu / the action plan's year
        #[arg(long, value_name = "YEAR")]
        year: i32,
        #[arg(long, value_enum, default_value = "md")]
        format: MonitoringReportFormat,
        /// Výstupní soubor [default: standard output] / output file
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Katalog poskytovatelů sociálních a návazných služeb / the provider catalogue
    Catalogue {
        #[command(flatten)]
        territory: TerritoryArgs,
        #[arg(long, value_enum, default_value = "html")]
        format: CatalogueFormat,
        /// Výstupní soubor [default: standard output] / output file
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanReportFormat {
    Md,
    Docx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MonitoringReportFormat {
    Md,
    Csv,
    Xlsx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaperFormat {
    /// Markdown
    Md,
    /// Word (A4)
    Docx,
    /// an e-mail message with the meeting as an iCalendar request (invitation only)
    Eml,
}

impl From<PaperFormat> for crate::paper::Format {
    fn from(f: PaperFormat) -> crate::paper::Format {
        match f {
            PaperFormat::Md => crate::paper::Format::Md,
            PaperFormat::Docx => crate::paper::Format::Docx,
            PaperFormat::Eml => crate::paper::Format::Eml,
        }
    }
}

/// Which meeting's paper, in which format, where.
#[derive(Debug, Clone, clap::Args)]
pub struct PaperArgs {
    /// ID jednání / the meeting's ID
    #[arg(long, value_name = "ID")]
    pub meeting: u64,
    #[arg(long, value_enum, default_value = "md")]
    pub format: PaperFormat,
    /// Výstupní soubor [default: standard output] / output file
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// A meeting's paperwork.
#[derive(Debug, Subcommand)]
pub enum PaperCommand {
    /// Prezenční listina / the attendance sheet
    AttendanceSheet(PaperArgs),
    /// Pozvánka (dopis členům, nebo e-mail s událostí) / the invitation
    Invitation(PaperArgs),
    /// Kostra zápisu / the minutes' skeleton
    Minutes(PaperArgs),
}

/// Changes to one meeting from the command line.
#[derive(Debug, Subcommand)]
pub enum MeetingCommand {
    /// Uloží text zápisu do jednání / store the minutes' text in the meeting
    Minutes {
        /// ID jednání / the meeting's ID
        id: u64,
        /// Soubor se zápisem ("-" = standardní vstup) / the minutes' file ("-" = stdin)
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
    },
    /// Označí pozvánku jako odeslanou (s --unset zruší) / mark the invitation sent
    InvitationSent {
        /// ID jednání / the meeting's ID
        id: u64,
        /// Zrušit označení / take the mark off
        #[arg(long)]
        unset: bool,
    },
}

/// What `kpss person` does with one person's data (GDPR).
#[derive(Debug, Subcommand)]
pub enum PersonCommand {
    /// Vypíše vše, co rejstřík o osobě vede, jako JSON (čl. 15 GDPR) / everything held
    /// about a person, as JSON
    Export {
        /// ID osoby / the person's ID
        id: u64,
        /// Výstupní soubor [default: standard output] / output file
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Anonymizuje osobu všude, i v historii; nelze vrátit (čl. 17 GDPR, jen správce) /
    /// anonymise a person everywhere, history included; cannot be undone (admin only)
    Erase {
        /// ID osoby / the person's ID
        id: u64,
        /// Bez dotazu / without asking
        #[arg(long)]
        yes: bool,
    },
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
        /// Výběr jednání pro --format ics / which meetings, for --format ics
        #[command(flatten)]
        filter: MeetingFilter,
    },
    /// Načte rejstřík ze souboru JSON do prázdné databáze, nebo jednání z iCalendar /
    /// import a register into an empty database, or meetings from iCalendar
    Import {
        /// Soubor ve formátu kpss-register ("-" = standard input)
        #[arg(required_unless_present_any = ["ics", "services"], conflicts_with_all = ["ics", "services"])]
        file: Option<PathBuf>,
        /// Seznam služeb poskytovatelů v CSV (UTF-8 nebo Windows-1250, ; nebo ,) / a
        /// spreadsheet export of providers' services
        #[arg(long, value_name = "FILE.csv", conflicts_with = "ics")]
        services: Option<PathBuf>,
        /// Jen ukáže, co by se změnilo; nic nezapíše / show what would change, write nothing
        #[arg(long, requires = "services")]
        dry_run: bool,
        /// Soubor iCalendar (.ics) s jednáními / an iCalendar file of meetings
        #[arg(long, value_name = "FILE")]
        ics: Option<PathBuf>,
        /// Skupina, jejíž jednání soubor obsahuje / the group the meetings belong to
        #[arg(long, value_name = "ID", requires = "ics")]
        group: Option<u64>,
        /// ORP, kam jednání patří (není-li dána skupina) / the region, without --group
        #[arg(long, value_name = "ID", requires = "ics")]
        region: Option<u64>,
    },
    /// Vypíše jednání podle data (výchozí: příštích 14 dní) / meetings in date order
    /// (default: the next 14 days)
    Agenda {
        #[command(flatten)]
        filter: MeetingFilter,
        #[arg(long, value_enum, default_value = "text")]
        format: AgendaFormat,
    },
    /// Přehledy pro monitorovací zprávy / reports for monitoring
    #[command(subcommand)]
    Report(Report),
    /// Písemnosti jednání: prezenční listina, pozvánka, zápis / a meeting's paperwork
    #[command(subcommand)]
    Paper(PaperCommand),
    /// Změny jednání: zápis, odeslaná pozvánka / a meeting's minutes, invitation sent
    #[command(subcommand)]
    Meeting(MeetingCommand),
    /// Co je třeba udělat: jednání, výstupy, členství / what is due
    Remind {
        /// Jak daleko dopředu (dní) / how many days ahead
        #[arg(long, value_name = "N", default_value_t = 14)]
        days: u32,
        /// Jen ORP s tímto ID / only this region
        #[arg(long, value_name = "ID")]
        region: Option<u64>,
        #[arg(long, value_enum, default_value = "text")]
        format: AgendaFormat,
        /// Dnešek pro výpočet [default: dnes] / the day taken as today
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
    },
    /// Osobní údaje: výpis a výmaz (GDPR) / a person's data: export and erasure
    #[command(subcommand)]
    Person(PersonCommand),
    /// Zkontroluje celou databázi / check every record and index
    Check,
    /// Sdílený server: drží databázi a obsluhuje uživatele přes soket / the shared
    /// server: owns the database and serves clerks over a Unix socket
    Serve {
        /// Skupina, jejíž členové se smějí připojit / the group allowed to connect
        #[arg(long, value_name = "NAME")]
        group: Option<String>,
        /// Soubor s rolemi uživatelů / the file of users' roles [default: DIR/roles.toml]
        #[arg(long, value_name = "FILE")]
        roles: Option<PathBuf>,
        /// Nejvýš tolik spojení najednou, další server odmítne / at most this many
        /// connections at once, more are refused
        #[arg(long, value_name = "N", default_value_t = crate::daemon::limits::DEFAULT_MAX_CLIENTS,
              value_parser = clap::value_parser!(u32).range(1..))]
        max_clients: u32,
        /// Zálohy: při startu a pak po této době (30m, 12h, 1d; 0 = nezálohovat) / a
        /// backup at start and then this often (0 = none)
        #[arg(long, value_name = "DURATION", default_value = "1d", value_parser = crate::cli::backup::parse_every)]
        backup_every: std::time::Duration,
        /// Složka záloh [default: DIR-backups vedle databáze] / the backup directory
        #[arg(long, value_name = "DIR")]
        backup_dir: Option<PathBuf>,
        /// Ponechat N nejnovějších záloh / keep the newest N backups
        #[arg(long, value_name = "N", default_value_t = 14, value_parser = clap::value_parser!(u32).range(1..))]
        backup_keep: u32,
    },
    /// Zapíše zálohu celého rejstříku (soubor JSON jako export) / write a backup of the
    /// whole register (a JSON file, as export writes)
    Backup {
        /// Složka záloh [default: DIR-backups vedle databáze] / the backup directory
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Ponechat jen N nejnovějších záloh / keep only the newest N backups
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
        keep: Option<u32>,
    },
    /// Nahradí databázi databází obnovenou ze zálohy / replace the database by one
    /// restored from a backup
    Restore {
        /// Soubor zálohy (kpss-….json) / the backup file
        file: PathBuf,
    },
}

impl Command {
    /// Whether the command only reads the database.
    pub fn reads_only(&self) -> bool {
        match self {
            Command::Export { .. }
            | Command::Agenda { .. }
            | Command::Report(_)
            | Command::Paper(_)
            | Command::Remind { .. }
            | Command::Check
            | Command::Backup { .. } => true,
            // Both are recorded in the audit trail.
            Command::Person(_) | Command::Meeting(_) => false,
            Command::Init { .. }
            | Command::Import { .. }
            | Command::Serve { .. }
            | Command::Restore { .. } => false,
        }
    }
}
