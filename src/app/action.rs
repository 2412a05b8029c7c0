//! What keys turn into. The keymap maps keys to these per mode; the help screen and the
//! hint bar are generated from the same keymap.

use serde::{Deserialize, Serialize};

use crate::model::Lang;

/// Where the keys go: each mode has its own bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Bindings that work everywhere outside forms and text entry.
    Global,
    /// A tab's list of records.
    List,
    /// The related records in the detail pane.
    Detail,
    /// A form being filled in.
    Form,
    /// A yes/no question.
    Confirm,
    /// The help screen.
    Help,
    /// The welcome screen of an empty database.
    Welcome,
    /// The calendar tab's list: days, weeks and months; list and global keys apply too.
    Calendar,
}

impl Mode {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Mode::Global => lang.pick("Všude", "Everywhere"),
            Mode::List => lang.pick("Seznam", "List"),
            Mode::Detail => lang.pick("Související záznamy", "Related records"),
            Mode::Form => lang.pick("Formulář", "Form"),
            Mode::Confirm => lang.pick("Otázka", "Question"),
            Mode::Help => lang.pick("Nápověda", "Help"),
            Mode::Welcome => lang.pick("Úvod", "Welcome"),
            Mode::Calendar => lang.pick("Kalendář", "Calendar"),
        }
    }
}

/// Everything a key can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    Help,
    NextTab,
    PrevTab,
    Tab1,
    Tab2,
    Tab3,
    Tab4,
    Tab5,
    Tab6,
    Tab7,
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    Filter,
    /// The list's filter text dropped: every row again.
    ClearFilter,
    /// The calendar's previous and next month.
    PrevMonth,
    NextMonth,
    PrevDay,
    NextDay,
    PrevWeek,
    NextWeek,
    Today,
    GoToDate,
    /// Month, week, agenda in turn.
    CalendarView,
    /// The agenda's upcoming or past meetings.
    TogglePast,
    /// The calendar's filters: a region, a group, a meeting kind (in turn), none.
    FilterRegion,
    FilterGroup,
    FilterKind,
    ClearFilters,
    /// The selected meeting copied to another day.
    Duplicate,
    /// A series of meetings after the selected one.
    Series,
    /// The meetings shown, as an iCalendar file.
    ExportIcs,
    /// Every clash of the meetings just saved.
    ShowClashes,
    /// Enter: edit in a list, jump to the record in the detail pane.
    Open,
    New,
    /// In a tab of two kinds (people and organisations): a record of the other kind.
    NewOther,
    Edit,
    Delete,
    Undo,
    /// Back to where the last jump came from.
    Back,
    /// The selected record's history: who changed what when.
    History,
    /// Between the list and the related records of the detail.
    SwitchPane,
    Save,
    Cancel,
    NextField,
    PrevField,
    /// Open the picker or cycle the choice of the focused field.
    Pick,
    Yes,
    No,
    LoadSample,
    StartEmpty,
    /// Everything held about the selected person, into a file (GDPR Art. 15).
    ExportPerson,
    /// The selected person anonymised everywhere (GDPR Art. 17; admins only).
    ErasePerson,
    /// "Ke zpracování": the clerk's meetings to prepare and to close.
    Overview,
    /// The selected meeting's attendance sheet (DOCX) into a folder.
    AttendanceSheet,
    /// The selected meeting's invitation (DOCX and .eml) into a folder.
    Invitation,
    /// The selected meeting's minutes' skeleton (DOCX and Markdown) into a folder.
    MinutesPaper,
    /// The selected meeting's invitation marked sent today, or the mark taken off.
    InvitationSent,
    /// The choice of the clerk's own ORPs.
    MyRegions,
    /// Only the clerk's ORPs, or everything.
    MineOrAll,
}

impl Action {
    /// What the action does, for the help screen and the hint bar.
    pub fn describe(self, lang: Lang) -> &'static str {
        use Action::*;
        match self {
            Quit => lang.pick("konec", "quit"),
            Help => lang.pick("nápověda", "help"),
            NextTab => lang.pick("další karta", "next tab"),
            PrevTab => lang.pick("předchozí karta", "previous tab"),
            Tab1 => lang.pick("karta Regiony", "Regions tab"),
            Tab2 => lang.pick("karta Projekty", "Projects tab"),
            Tab3 => lang.pick("karta Skupiny", "Groups tab"),
            Tab4 => lang.pick("karta Kalendář", "Calendar tab"),
            Tab5 => lang.pick("karta Lidé a organizace", "People tab"),
            Tab6 => lang.pick("karta Služby", "Services tab"),
            Tab7 => lang.pick("karta Dokumenty", "Documents tab"),
            Up => lang.pick("nahoru", "up"),
            Down => lang.pick("dolů", "down"),
            PageUp => lang.pick("o stránku nahoru", "page up"),
            PageDown => lang.pick("o stránku dolů", "page down"),
            First => lang.pick("na začátek", "first"),
            Last => lang.pick("na konec", "last"),
            Filter => lang.pick("hledat", "filter"),
            ClearFilter => lang.pick("zrušit hledání", "clear the filter"),
            PrevMonth => lang.pick("předchozí měsíc (Kalendář)", "previous month (Calendar)"),
            NextMonth => lang.pick("další měsíc (Kalendář)", "next month (Calendar)"),
            PrevDay => lang.pick("předchozí den", "previous day"),
            NextDay => lang.pick("další den", "next day"),
            PrevWeek => lang.pick("předchozí týden", "previous week"),
            NextWeek => lang.pick("další týden", "next week"),
            Today => lang.pick("dnes", "today"),
            GoToDate => lang.pick("přejít na datum", "go to a date"),
            CalendarView => lang.pick("měsíc / týden / přehled", "month / week / agenda"),
            TogglePast => lang.pick("přehled: nadcházející / minulá", "agenda: upcoming / past"),
            FilterRegion => lang.pick("jen jedno ORP", "only one region"),
            FilterGroup => lang.pick("jen jedna skupina", "only one group"),
            FilterKind => lang.pick(
                "jen jeden druh jednání (postupně)",
                "only one meeting kind (in turn)",
            ),
            ClearFilters => lang.pick("zrušit filtry", "clear the filters"),
            Duplicate => lang.pick(
                "zkopírovat jednání na jiný den",
                "copy the meeting to another day",
            ),
            Series => lang.pick("řada jednání", "a series of meetings"),
            ExportIcs => lang.pick("uložit jako iCalendar (.ics)", "save as iCalendar (.ics)"),
            ShowClashes => lang.pick("střety uložených jednání", "clashes of the saved meetings"),
            Open => lang.pick("otevřít", "open"),
            New => lang.pick("nový", "new"),
            NewOther => lang.pick(
                "nová organizace (Lidé a organizace)",
                "new organisation (People)",
            ),
            Edit => lang.pick("upravit", "edit"),
            Delete => lang.pick("smazat", "delete"),
            Undo => lang.pick("vrátit změnu", "undo"),
            Back => lang.pick("zpět", "back"),
            History => lang.pick("historie změn záznamu", "the record's history"),
            SwitchPane => lang.pick("seznam / související", "list / related"),
            Save => lang.pick("uložit", "save"),
            Cancel => lang.pick("zrušit", "cancel"),
            NextField => lang.pick("další pole", "next field"),
            PrevField => lang.pick("předchozí pole", "previous field"),
            Pick => lang.pick("vybrat", "choose"),
            Yes => lang.pick("ano", "yes"),
            No => lang.pick("ne", "no"),
            LoadSample => lang.pick("nahrát ukázkový rejstřík", "load the sample register"),
            StartEmpty => lang.pick("začít s prázdným", "start empty"),
            ExportPerson => lang.pick("osobní údaje", "personal data"),
            ErasePerson => lang.pick("anonymizovat", "erase"),
            Overview => lang.pick("ke zpracování", "to do"),
            AttendanceSheet => lang.pick("prezenční listina (DOCX)", "attendance sheet (DOCX)"),
            Invitation => lang.pick("pozvánka (DOCX a e-mail)", "invitation (DOCX and e-mail)"),
            MinutesPaper => lang.pick("kostra zápisu (DOCX a MD)", "minutes' skeleton (DOCX, MD)"),
            InvitationSent => lang.pick(
                "pozvánka odeslána / neodeslána",
                "invitation sent / not sent",
            ),
            MyRegions => lang.pick("vybrat moje ORP", "choose my ORPs"),
            MineOrAll => lang.pick("moje ORP / vše", "my ORPs / all"),
        }
    }
}
