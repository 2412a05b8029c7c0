//! The JSON interchange format: the whole register as one document (see README.md).

use crate::model::data_error::data_error;
use crate::model::register::{FORMAT, FORMAT_VERSION};
use crate::model::text::{sanitize, sanitize_line};
use crate::model::{Lang, Register};

pub mod services_csv;
mod stream;
mod writer;

pub use stream::{Visit, visit};
pub use writer::{WriteError, list_name, write_into, write_streamed};

/// Why a register file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// Not JSON, or JSON of another shape; `line` and `column` count from 1.
    #[error("{}", self.message(Lang::Cs))]
    Syntax {
        line: usize,
        column: usize,
        reason: String,
    },
    #[error("{}", self.message(Lang::Cs))]
    NotARegister { format: String },
    #[error("{}", self.message(Lang::Cs))]
    NewerVersion { version: u32 },
}

impl ReadError {
    /// The refusal in `lang` alone, safe for a terminal: what it quotes from the file (a
    /// field name, a value, the format) cannot send escape sequences.
    pub fn message(&self, lang: Lang) -> String {
        sanitize(&self.text(lang))
    }

    fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (
                ReadError::Syntax {
                    line,
                    column,
                    reason,
                },
                Lang::Cs,
            ) => {
                format!(
                    "řádek {line}, sloupec {column}: {}",
                    data_error(reason, lang)
                )
            }
            (
                ReadError::Syntax {
                    line,
                    column,
                    reason,
                },
                Lang::En,
            ) => {
                format!("line {line}, column {column}: {}", data_error(reason, lang))
            }
            (ReadError::NotARegister { format }, Lang::Cs) => format!(
                "soubor není rejstřík kpss (\"format\" je \"{}\", očekáváno \"{FORMAT}\")",
                sanitize_line(format)
            ),
            (ReadError::NotARegister { format }, Lang::En) => format!(
                "the file is not a kpss register (\"format\" is \"{}\", expected \"{FORMAT}\")",
                sanitize_line(format)
            ),
            (ReadError::NewerVersion { version }, Lang::Cs) => format!(
                "soubor má verzi formátu {version}, tato verze kpss zná nejvýše {FORMAT_VERSION}"
            ),
            (ReadError::NewerVersion { version }, Lang::En) => format!(
                "the file has format version {version}; this kpss knows up to {FORMAT_VERSION}"
            ),
        }
    }
}

/// Parses a register; says where in the text it went wrong.
pub fn read(text: &str) -> Result<Register, ReadError> {
    let register: Register = serde_json::from_str::<crate::model::register::RegisterFile>(text)
        .map_err(|e| ReadError::from_json(&e))?
        .into();
    if register.format != FORMAT {
        return Err(ReadError::NotARegister {
            format: register.format,
        });
    }
    if register.version > FORMAT_VERSION {
        return Err(ReadError::NewerVersion {
            version: register.version,
        });
    }
    Ok(register)
}

impl ReadError {
    /// A serde_json error, with the position it names.
    fn from_json(e: &serde_json::Error) -> ReadError {
        ReadError::Syntax {
            line: e.line(),
            column: e.column(),
            reason: strip_position(&e.to_string()),
        }
    }
}

/// serde_json ends its messages with " at line L column C", which we say ourselves.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

/// Writes a register as pretty-printed JSON, ending with a newline. The output depends
/// only on the register, so export → import → export gives the same bytes.
pub fn write(register: &Register) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(register)?;
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_name_line_and_column() {
        let text = "{\n  \"format\": \"kpss-register\",\n  \"version\": 1,\n  \"regions\": [ { \"id\": 1, \"name\": } ]\n}";
        let err = read(text).unwrap_err();
        match &err {
            ReadError::Syntax { line, column, .. } => assert_eq!((*line, *column), (4, 35)),
            other => panic!("{other:?}"),
        }
        assert!(err.message(Lang::Cs).starts_with("řádek 4, sloupec 35: "));
    }

    #[test]
    fn unknown_fields_and_foreign_files_are_refused() {
        let typo = r#"{"format":"kpss-register","version":1,"regions":[{"id":1,"nmae":"Tábor"}]}"#;
        let err = read(typo).unwrap_err();
        assert!(
            err.message(Lang::En).contains("unknown field `nmae`"),
            "{err}"
        );
        let other = r#"{"format":"something-else","version":1}"#;
        assert!(matches!(read(other), Err(ReadError::NotARegister { .. })));
        let newer = r#"{"format":"kpss-register","version":99}"#;
        assert!(matches!(
            read(newer),
            Err(ReadError::NewerVersion { version: 99 })
        ));
    }

    #[test]
    fn optional_fields_may_be_left_out() {
        let text = r#"{"format":"kpss-register","version":1,
            "regions":[{"id":1,"name":"Tábor","kraj":"jihocesky"}],
            "meetings":[{"id":1,"region":1,"title":"Kulatý stůl","date":"2019-03-05","kind":"round_table"}]}"#;
        let register = read(text).unwrap();
        assert_eq!(register.regions[0].name, "Tábor");
        assert_eq!(register.meetings[0].date.to_string(), "2019-03-05");
        assert_eq!(read(&write(&register).unwrap()).unwrap(), register);
    }
}
