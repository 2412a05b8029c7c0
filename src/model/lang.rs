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

    /// A count with its noun in the right form: Czech has three (1 obec, 2–4 obce,
    /// 5 obcí), English two. `forms` is `[cs one, cs few, cs many, en one, en other]`.
    pub fn count(self, n: usize, forms: [&str; 5]) -> String {
        let word = match self {
            Lang::Cs => match n {
                1 => forms[0],
                2..=4 => forms[1],
                _ => forms[2],
            },
            Lang::En if n == 1 => forms[3],
            Lang::En => forms[4],
        };
        format!("{n} {word}")
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

    const OBCE: [&str; 5] = ["obec", "obce", "obcí", "municipality", "municipalities"];

    #[test]
    fn counts_take_the_czech_plural_forms() {
        assert_eq!(Lang::Cs.count(1, OBCE), "1 obec");
        assert_eq!(Lang::Cs.count(3, OBCE), "3 obce");
        assert_eq!(Lang::Cs.count(0, OBCE), "0 obcí");
        assert_eq!(Lang::Cs.count(26, OBCE), "26 obcí");
        assert_eq!(Lang::En.count(1, OBCE), "1 municipality");
        assert_eq!(Lang::En.count(49, OBCE), "49 municipalities");
    }
}
