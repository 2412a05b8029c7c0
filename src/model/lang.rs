//! The interface language. Czech is the default; English is available.

use serde::{Deserialize, Serialize};

/// A language the interface and the model's messages speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Cs,
    En,
}

impl Lang {
    /// Picks the language from a locale string such as `LANG=en_GB.UTF-8`:
    /// English for `en…`, Czech for anything else.
    pub fn from_locale(locale: &str) -> Lang {
        if locale.to_ascii_lowercase().starts_with("en") {
            Lang::En
        } else {
            Lang::Cs
        }
    }

    /// Picks between the Czech and the English form of a text.
    pub fn pick<'a>(self, cs: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Cs => cs,
            Lang::En => en,
        }
    }
}

/// A value with a Czech and an English label (official lists, kinds, states).
pub trait Labelled: Sized + Copy + 'static {
    /// Every value, in the order a list shows them.
    const ALL: &'static [Self];
    /// The Czech label, as the official list writes it.
    fn label_cs(self) -> &'static str;
    /// The English label.
    fn label_en(self) -> &'static str;
    /// The label in the given language.
    fn label(self, lang: Lang) -> &'static str {
        lang.pick(self.label_cs(), self.label_en())
    }
}

/// Declares an enum whose values carry a Czech and an English label, with
/// `serde` names in `snake_case` for the JSON interchange format.
#[macro_export]
macro_rules! labelled_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => ($cs:expr, $en:expr) ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
                 ::serde::Serialize, ::serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $crate::model::lang::Labelled for $name {
            const ALL: &'static [Self] = &[ $( $name::$variant ),+ ];
            fn label_cs(self) -> &'static str {
                match self { $( $name::$variant => $cs ),+ }
            }
            fn label_en(self) -> &'static str {
                match self { $( $name::$variant => $en ),+ }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_picks_english_only_for_en() {
        assert_eq!(Lang::from_locale("en_GB.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale("cs_CZ.UTF-8"), Lang::Cs);
        assert_eq!(Lang::from_locale("C"), Lang::Cs);
        assert_eq!(Lang::from_locale(""), Lang::Cs);
    }
}
