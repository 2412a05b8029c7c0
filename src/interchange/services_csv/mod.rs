//! Provider lists from spreadsheets: a CSV export (UTF-8 or Windows-1250, `;` or `,`
//! between fields) of providers' services, turned into one change set. Pure: the caller
//! reads the file and the register's providers, services and ORPs, and applies the set.
//!
//! Columns are found by their header (case, diacritics and order do not matter):
//!
//! | header | what |
//! |---|---|
//! | IČO | the provider's IČO (required) |
//! | Poskytovatel | the provider's name (required for a provider not yet in the register) |
//! | Služba | the service's name (required) |
//! | Druh | the § type: "§ 40", "40" or "pečovatelská služba"; empty for a návazná služba |
//! | Identifikátor | the 7-digit identifier from the registry of providers |
//! | Forma | pobytová, ambulantní, terénní (several separated by `,`) |
//! | Kapacita | a number, or "terénní: 12 klientů, okamžitá kapacita" per form (`;` between forms in a quoted cell, or `\|`) |
//! | Jednotka | lůžka, klienti, intervence, hodiny, "klienti okamžitá" (with a bare number) |
//! | Cílové skupiny | the target groups by their Czech names (`,` between) |
//! | Adresa | "Street 1, 392 01 Town" |
//! | Obce | the municipalities served (`,` between) |
//! | Telefon, E-mail, Web | the service's contacts |
//!
//! Providers are matched by IČO (a new IČO makes a new provider), services by their
//! identifier, and those without one (návazné služby) by provider and name: importing
//! the same file again changes nothing, an edited file updates in place. A service's
//! ORPs are those whose name or municipalities name one of its municipalities, else
//! the provider's ORP. Every error names the row (as a spreadsheet numbers it, the
//! header being row 1) and the column by its header; a file with any error changes
//! nothing.

mod columns;
mod decode;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use crate::model::text::{fold, sanitize_line};
use crate::model::{
    Capacity, CapacityUnit, Id, Labelled, Lang, OrgKind, Organisation, Record, Region, Service,
    ServiceForm, ServiceType, TargetGroup, Versioned, validate,
};
use crate::store::changeset::placeholder;
use crate::store::{Change, ChangeSet};

pub use columns::Column;
pub use decode::{decode, separator};

/// An error in one cell (or one row, when `column` is `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The row as a spreadsheet numbers it: the header is row 1.
    pub row: usize,
    /// The column's header as the file writes it.
    pub column: Option<String>,
    pub message: String,
}

impl RowError {
    pub fn message(&self, lang: Lang) -> String {
        let at = match (&self.column, lang) {
            (Some(c), Lang::Cs) => format!("řádek {}, sloupec „{}“", self.row, sanitize_line(c)),
            (Some(c), Lang::En) => format!("row {}, column “{}”", self.row, sanitize_line(c)),
            (None, Lang::Cs) => format!("řádek {}", self.row),
            (None, Lang::En) => format!("row {}", self.row),
        };
        format!("{at}: {}", sanitize_line(&self.message))
    }
}

/// What the import would do.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub set: ChangeSet,
    /// One line per change, for the clerk to read before it is applied.
    pub lines: Vec<String>,
    pub new_providers: usize,
    pub new_services: usize,
    pub updated_services: usize,
    pub unchanged_services: usize,
}

/// What is in the register already.
pub struct Existing<'a> {
    pub organisations: &'a [Versioned<Organisation>],
    pub services: &'a [Versioned<Service>],
    pub regions: &'a [Region],
}

/// Reads a CSV export and plans the changes; every error of the file, or the plan.
pub fn plan(bytes: &[u8], existing: &Existing, lang: Lang) -> Result<Plan, Vec<RowError>> {
    let text = decode(bytes);
    let sep = separator(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sep)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(e) => {
            return Err(vec![RowError {
                row: 1,
                column: None,
                message: e.to_string(),
            }]);
        }
    };
    let columns = columns::find(&headers, lang)?;
    let mut errors: Vec<RowError> = Vec::new();
    let mut rows: Vec<(usize, Row)> = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let row = i + 2;
        match record {
            Ok(r) => match read_row(row, &r, &columns, lang) {
                Ok(parsed) => rows.push((row, parsed)),
                Err(mut e) => errors.append(&mut e),
            },
            Err(e) => errors.push(RowError {
                row,
                column: None,
                message: e.to_string(),
            }),
        }
    }
    // The rows that read are matched and checked too, so that one pass names every
    // error of the file.
    match Planner::new(existing, &columns, lang).run(rows) {
        Ok(plan) if errors.is_empty() => Ok(plan),
        Ok(_) => Err(errors),
        Err(mut more) => {
            errors.append(&mut more);
            errors.sort_by_key(|e| e.row);
            Err(errors)
        }
    }
}

/// One row as read, before matching.
#[derive(Debug, Clone)]
struct Row {
    ico: String,
    provider: String,
    service: Service,
}

/// A cell by column.
fn cell<'r>(record: &'r csv::StringRecord, columns: &columns::Columns, c: Column) -> &'r str {
    columns
        .index(c)
        .and_then(|i| record.get(i))
        .unwrap_or("")
        .trim()
}

/// Items of a list cell: separated by `,`, `;` or `|`.
fn items(text: &str) -> Vec<String> {
    text.split([',', ';', '|'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn read_row(
    row: usize,
    record: &csv::StringRecord,
    columns: &columns::Columns,
    lang: Lang,
) -> Result<Row, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut fail = |c: Column, message: String| {
        errors.push(RowError {
            row,
            column: Some(columns.header(c, lang)),
            message,
        });
    };
    let get = |c: Column| cell(record, columns, c);
    let ico = match validate::ico(Column::Ico.field(), get(Column::Ico)) {
        Ok(ico) => ico,
        Err(e) if get(Column::Ico).is_empty() => {
            fail(Column::Ico, e.rule.describe(lang));
            String::new()
        }
        Err(e) => {
            fail(
                Column::Ico,
                format!("„{}“: {}", get(Column::Ico), e.rule.describe(lang)),
            );
            String::new()
        }
    };
    let service_type = match get(Column::Type) {
        "" => None,
        text => match ServiceType::parse(text) {
            Some(t) => Some(t),
            None => {
                fail(
                    Column::Type,
                    match lang {
                        Lang::Cs => format!(
                            "„{text}“ není druh sociální služby (např. § 40 nebo pečovatelská služba)"
                        ),
                        Lang::En => format!(
                            "“{text}” is not a type of social service (e.g. § 40 or pečovatelská služba)"
                        ),
                    },
                );
                None
            }
        },
    };
    let mut forms = Vec::new();
    for f in items(get(Column::Form)) {
        match labelled::<ServiceForm>(&f) {
            Some(form) => forms.push(form),
            None => fail(
                Column::Form,
                match lang {
                    Lang::Cs => format!("„{f}“: forma je pobytová, ambulantní nebo terénní"),
                    Lang::En => format!("“{f}”: the form is pobytová, ambulantní or terénní"),
                },
            ),
        }
    }
    let mut target_groups = Vec::new();
    for g in items(get(Column::TargetGroups)) {
        match labelled::<TargetGroup>(&g) {
            Some(group) => target_groups.push(group),
            None => fail(
                Column::TargetGroups,
                match lang {
                    Lang::Cs => format!("„{g}“ není cílová skupina (např. senioři)"),
                    Lang::En => format!("“{g}” is not a target group (e.g. senioři)"),
                },
            ),
        }
    }
    let capacities = match capacities(get(Column::Capacity), get(Column::Unit), &forms, lang) {
        Ok(c) => c,
        Err((column, message)) => {
            fail(column, message);
            Vec::new()
        }
    };
    let places = match get(Column::Address) {
        "" => Vec::new(),
        a => vec![crate::model::service::parse_place(a)],
    };
    let service = Service {
        name: get(Column::Service).to_string(),
        registered: service_type.is_some(),
        service_type,
        identifier: get(Column::Identifier).replace(' ', ""),
        forms,
        target_groups,
        municipalities: items(get(Column::Municipalities)),
        places,
        capacities,
        phone: get(Column::Phone).to_string(),
        email: get(Column::Email).to_string(),
        web: get(Column::Web).to_string(),
        ..Service::default()
    };
    if errors.is_empty() {
        Ok(Row {
            ico,
            provider: get(Column::Provider).to_string(),
            service,
        })
    } else {
        Err(errors)
    }
}

/// A value of a labelled list by its Czech or English label (case and diacritics
/// ignored).
fn labelled<T: Labelled>(text: &str) -> Option<T> {
    let folded = fold(text);
    T::ALL
        .iter()
        .copied()
        .find(|v| fold(v.label_cs()) == folded || fold(v.label_en()) == folded)
}

/// The capacities of a row: a bare number with the unit column (for a service of one
/// form), or "form: amount unit" per form.
fn capacities(
    capacity: &str,
    unit: &str,
    forms: &[ServiceForm],
    lang: Lang,
) -> Result<Vec<Capacity>, (Column, String)> {
    if capacity.is_empty() {
        return Ok(Vec::new());
    }
    if let Ok(amount) = capacity.replace(' ', "").parse::<u32>() {
        let folded = fold(unit);
        let mut words = folded.split_whitespace();
        let unit_word = words.next().unwrap_or("");
        let Some(unit) = CapacityUnit::ALL
            .iter()
            .copied()
            .find(|u| u.forms().iter().any(|w| fold(w) == unit_word))
        else {
            return Err((
                Column::Unit,
                match lang {
                    Lang::Cs => format!(
                        "„{unit}“: jednotka kapacity je lůžka, klienti, intervence nebo hodiny"
                    ),
                    Lang::En => format!(
                        "“{unit}”: the unit of capacity is lůžka, klienti, intervence or hodiny"
                    ),
                },
            ));
        };
        let rest: Vec<&str> = words.collect();
        let immediate = matches!(
            rest.as_slice(),
            ["okamzita", "kapacita"] | ["okamzita"] | ["okamzite"]
        );
        let [form] = forms else {
            return Err((
                Column::Capacity,
                lang.pick(
                    "u služby s jinou než jednou formou pište kapacitu po formách, např. „terénní: 12 klientů; ambulantní: 2 klienti“",
                    "for a service of other than one form write the capacity per form, e.g. “terénní: 12 klientů; ambulantní: 2 klienti”",
                )
                .to_string(),
            ));
        };
        return Ok(vec![Capacity {
            form: *form,
            amount,
            unit,
            immediate,
        }]);
    }
    capacity
        .split([';', '|'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|part| {
            Capacity::parse_line(part).ok_or_else(|| {
                (
                    Column::Capacity,
                    match lang {
                        Lang::Cs => format!(
                            "„{part}“: kapacitu pište jako číslo, nebo „terénní: 12 klientů“"
                        ),
                        Lang::En => format!(
                            "“{part}”: write the capacity as a number, or “terénní: 12 klientů”"
                        ),
                    },
                )
            })
        })
        .collect()
}

/// Matches rows with the register and builds the change set.
struct Planner<'a> {
    existing: &'a Existing<'a>,
    columns: &'a columns::Columns,
    lang: Lang,
    /// Providers by IČO: a stored id or a placeholder.
    providers: HashMap<String, Id>,
    new_providers: Vec<Organisation>,
    plan: Plan,
    errors: Vec<RowError>,
}

impl<'a> Planner<'a> {
    fn new(existing: &'a Existing<'a>, columns: &'a columns::Columns, lang: Lang) -> Self {
        let providers = existing
            .organisations
            .iter()
            .filter(|o| !o.record.ico.is_empty())
            .map(|o| (o.record.ico.replace(' ', ""), o.record.id))
            .collect();
        Planner {
            existing,
            columns,
            lang,
            providers,
            new_providers: Vec::new(),
            plan: Plan::default(),
            errors: Vec::new(),
        }
    }

    fn error(&mut self, row: usize, column: Option<Column>, message: String) {
        self.errors.push(RowError {
            row,
            column: column.map(|c| self.columns.header(c, self.lang)),
            message,
        });
    }

    fn run(mut self, rows: Vec<(usize, Row)>) -> Result<Plan, Vec<RowError>> {
        let mut seen_identifiers: HashMap<String, usize> = HashMap::new();
        let mut seen_names: HashMap<(Id, String), usize> = HashMap::new();
        let mut changes: Vec<Change> = Vec::new();
        for (row, r) in rows {
            let provider = self.provider(row, &r);
            let mut s = r.service;
            s.provider = provider;
            s.regions = self.regions_of(&s);
            if !s.identifier.is_empty() {
                if let Some(first) = seen_identifiers.insert(s.identifier.clone(), row) {
                    let msg = match self.lang {
                        Lang::Cs => {
                            format!("identifikátor {} už je na řádku {first}", s.identifier)
                        }
                        Lang::En => {
                            format!("the identifier {} is on row {first} already", s.identifier)
                        }
                    };
                    self.error(row, Some(Column::Identifier), msg);
                    continue;
                }
            } else if let Some(first) = seen_names.insert((provider, fold(&s.name)), row) {
                let msg = match self.lang {
                    Lang::Cs => {
                        format!("stejná služba tohoto poskytovatele už je na řádku {first}")
                    }
                    Lang::En => {
                        format!("the same service of this provider is on row {first} already")
                    }
                };
                self.error(row, Some(Column::Service), msg);
                continue;
            }
            let found = self.existing.services.iter().find(|v| {
                let o = &v.record;
                match s.identifier.is_empty() {
                    false => o.identifier == s.identifier,
                    true => {
                        o.identifier.is_empty()
                            && o.provider == provider
                            && fold(&o.name) == fold(&s.name)
                    }
                }
            });
            if let Some(stored) = found {
                // What the file does not speak about stays as the clerk left it.
                let old = &stored.record;
                s.id = old.id;
                s.hours = old.hours.clone();
                s.contact_person = old.contact_person;
                s.in_network = old.in_network;
                s.valid_from = old.valid_from;
                s.valid_until = old.valid_until;
                s.note = old.note.clone();
                if s.regions.is_empty() {
                    s.regions = old.regions.clone();
                }
                if !s.registered && old.registered && s.service_type.is_none() {
                    s.registered = false;
                }
            }
            self.check(row, &s);
            match found {
                Some(stored) if stored.record == s => self.plan.unchanged_services += 1,
                Some(stored) => {
                    let changed = columns::changed(&stored.record, &s, self.lang);
                    self.plan.lines.push(format!(
                        "~ {} „{}“: {}",
                        self.lang.pick("služba", "service"),
                        s.name,
                        changed.join(", ")
                    ));
                    self.plan.updated_services += 1;
                    changes.push(Change::Update {
                        rev: stored.rev,
                        record: Record::Service(s),
                    });
                }
                None => {
                    self.plan.lines.push(format!(
                        "+ {} „{}“",
                        self.lang.pick("služba", "service"),
                        s.name
                    ));
                    self.plan.new_services += 1;
                    changes.push(Change::Create(Record::Service(s)));
                }
            }
        }
        if !self.errors.is_empty() {
            self.errors.sort_by_key(|e| e.row);
            return Err(self.errors);
        }
        let mut set = ChangeSet::new();
        for o in std::mem::take(&mut self.new_providers) {
            self.plan.lines.insert(
                self.plan.new_providers,
                format!(
                    "+ {} „{}“ (IČO {})",
                    self.lang.pick("poskytovatel", "provider"),
                    o.name,
                    o.ico
                ),
            );
            self.plan.new_providers += 1;
            set.push(Change::Create(Record::Organisation(o)));
        }
        for c in changes {
            set.push(c);
        }
        self.plan.set = set;
        Ok(self.plan)
    }

    /// The provider's id: found by IČO, or a new provider under a placeholder.
    fn provider(&mut self, row: usize, r: &Row) -> Id {
        if let Some(&id) = self.providers.get(&r.ico) {
            return id;
        }
        if r.provider.is_empty() {
            let msg = self
                .lang
                .pick(
                    "poskytovatel s tímto IČO v rejstříku není, uveďte jeho název",
                    "no provider with this IČO in the register; give its name",
                )
                .to_string();
            self.error(row, Some(Column::Provider), msg);
            return 0;
        }
        let id = placeholder(self.new_providers.len() as u64);
        self.new_providers.push(Organisation {
            id,
            name: r.provider.clone(),
            kind: Some(OrgKind::Provider),
            ico: r.ico.clone(),
            ..Organisation::default()
        });
        self.providers.insert(r.ico.clone(), id);
        id
    }

    /// The ORPs a service serves: those its municipalities name, else its provider's.
    fn regions_of(&self, s: &Service) -> Vec<Id> {
        let named: Vec<String> = s.municipalities.iter().map(|m| fold(m)).collect();
        let mut out: Vec<Id> = self
            .existing
            .regions
            .iter()
            .filter(|r| {
                named.contains(&fold(&r.name))
                    || r.municipalities.iter().any(|m| named.contains(&fold(m)))
            })
            .map(|r| r.id)
            .collect();
        if out.is_empty()
            && let Some(region) = self
                .existing
                .organisations
                .iter()
                .find(|o| o.record.id == s.provider)
                .and_then(|o| o.record.region)
        {
            out.push(region);
        }
        out
    }

    /// The model's rules, each named by its column.
    fn check(&mut self, row: usize, s: &Service) {
        for problem in s.problems() {
            if problem.field == crate::model::service::PROVIDER {
                continue; // said already
            }
            let column = columns::of_field(problem.field);
            self.error(row, column, problem.message(self.lang));
        }
    }
}
