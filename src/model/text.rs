//! Czech text rules: search folding, terminal-safe display and Czech collation.

use std::cmp::Ordering;
use std::sync::OnceLock;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale_core::{Locale, locale};
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Bidi embedding/override and isolate characters: they can make a line display in an
/// order other than it is stored (the "Trojan Source" trick), so they count as control.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn is_forbidden(c: char, allow_newline: bool) -> bool {
    (c.is_control() && !(allow_newline && c == '\n')) || is_bidi_control(c)
}

/// The bidi marks (left-to-right, right-to-left, Arabic letter mark): invisible, and
/// able to reorder what a terminal shows around them. Stored text may hold them (they
/// come with names copied from web pages), but no message puts them on a terminal.
fn is_bidi_mark(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// What [`sanitize`] replaces: every control character (C0 with NUL and ESC, DEL, C1
/// with CSI, OSC and DCS), the bidi embeddings, overrides, isolates and marks; a newline
/// when `allow_newline` is false.
fn is_unsafe_on_terminal(c: char, allow_newline: bool) -> bool {
    is_forbidden(c, allow_newline) || is_bidi_mark(c)
}

/// Whether the text holds a control character (ESC, tab, DEL, C1, bidi overrides …);
/// a newline is allowed when `allow_newline`.
pub fn has_control(s: &str, allow_newline: bool) -> bool {
    s.chars().any(|c| is_forbidden(c, allow_newline))
}

/// Text made safe for a terminal: every control character but the newline (ESC, CSI,
/// OSC, DCS, the rest of C0 and C1, NUL, tab, DEL) and every bidi control becomes `�`,
/// so stored, imported or typed text can never send escape sequences nor reorder a line.
/// Everything that quotes input on its way to a terminal goes through here.
pub fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| {
            if is_unsafe_on_terminal(c, true) {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// Whether the text can go to a terminal as it is: what [`sanitize`] leaves unchanged.
pub fn is_terminal_safe(s: &str) -> bool {
    !s.chars().any(|c| is_unsafe_on_terminal(c, true))
}

/// Like [`sanitize`], for a single line: newlines become spaces.
pub fn sanitize_line(s: &str) -> String {
    // Most text is safe and one line: copied as it is, without a pass per character.
    if !s.contains('\n') && is_terminal_safe(s) {
        return s.to_string();
    }
    sanitize(s).replace('\n', " ")
}

/// [`sanitize_line`] of a text the caller owns: kept as it is when already safe.
pub fn sanitize_line_owned(s: String) -> String {
    if !s.contains('\n') && is_terminal_safe(&s) {
        s
    } else {
        sanitize_line(&s)
    }
}

/// The search key of a text: lower case, no diacritics, single spaces, trimmed
/// ("ŘÍDICÍ  skupina" → "ridici skupina").
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    let mut push = |c: char, out: &mut String| {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            return;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    };
    // Character by character: the combining marks that canonical ordering would move
    // are all dropped, so decomposing each character alone folds as the whole text's
    // NFD does (`fold_is_the_nfd_fold` checks it), without NFD's buffering.
    for c in s.chars() {
        if c.is_ascii() {
            push(c, &mut out);
        } else {
            decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    push(d, &mut out);
                }
            });
        }
    }
    out
}

/// Whether every word of the filter occurs in the haystack, ignoring case and diacritics
/// ("sobeslav ridici" finds "Řídicí skupina Soběslav"). An empty filter matches all.
pub fn matches_filter(haystack: &str, filter: &str) -> bool {
    let hay = fold(haystack);
    fold(filter).split(' ').all(|word| hay.contains(word))
}

/// The Czech collator from ICU's compiled data; built once.
fn collator() -> Option<&'static CollatorBorrowed<'static>> {
    static COLLATOR: OnceLock<Option<CollatorBorrowed<'static>>> = OnceLock::new();
    COLLATOR
        .get_or_init(|| {
            let locale: Locale = locale!("cs");
            Collator::try_new(locale.into(), CollatorOptions::default()).ok()
        })
        .as_ref()
}

/// Compares two texts the Czech way (ICU's Czech collation): `ch` after `h`, `č` after
/// `c`, `ř` after `r`, `š` after `s`, `ž` after `z`; accents and case only break ties.
/// Texts the collator finds equal are ordered by their bytes, so this is a total order
/// usable with `sort_by`.
pub fn czech_cmp(a: &str, b: &str) -> Ordering {
    let primary = match collator() {
        Some(c) => c.compare(a, b),
        // Compiled data is part of the binary; should it ever be missing, fold.
        None => fold(a).cmp(&fold(b)),
    };
    primary.then_with(|| a.cmp(b))
}

/// The collation key of a text: keys compare as [`czech_cmp`] compares their texts
/// before its tie by bytes.
pub fn czech_key(s: &str) -> Vec<u8> {
    let mut key = Vec::new();
    write_czech_key(s, &mut key);
    key
}

/// Appends a text's collation key to `out`.
fn write_czech_key(s: &str, out: &mut Vec<u8>) {
    match collator() {
        Some(c) => {
            let Ok(()) = c.write_sort_key_to(s, out);
        }
        None => out.extend_from_slice(fold(s).as_bytes()),
    }
}

/// Sorts items by a text of theirs in [`czech_cmp`]'s order (stable). Each distinct
/// text's collation key is made once, into one buffer, so that a long list is sorted by
/// comparing bytes instead of asking the collator in every comparison.
pub fn sort_czech_by<T>(items: &mut Vec<T>, text: impl Fn(&T) -> &str) {
    let mut keys: Vec<u8> = Vec::new();
    let mut made: std::collections::HashMap<&str, (usize, usize)> =
        std::collections::HashMap::new();
    let mut spans: Vec<(usize, usize)> = Vec::with_capacity(items.len());
    for item in items.iter() {
        let span = *made.entry(text(item)).or_insert_with_key(|t| {
            let start = keys.len();
            write_czech_key(t, &mut keys);
            (start, keys.len())
        });
        spans.push(span);
    }
    let key = |i: usize| &keys[spans[i].0..spans[i].1];
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| {
        if spans[a] == spans[b] {
            // The same text: one key made once.
            return Ordering::Equal;
        }
        key(a)
            .cmp(key(b))
            .then_with(|| text(&items[a]).cmp(text(&items[b])))
    });
    drop(made);
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::lists::JIHOCESKY_ORPS;
    use proptest::prelude::*;

    #[test]
    fn fold_lowercases_strips_accents_and_collapses_spaces() {
        assert_eq!(fold("Soběslav"), "sobeslav");
        assert_eq!(fold("ŘÍDICÍ  skupina"), "ridici skupina");
        assert_eq!(fold("  Týn nad\tVltavou \n"), "tyn nad vltavou");
        assert_eq!(
            fold("Žluťoučký kůň úpěl ďábelské ódy"),
            "zlutoucky kun upel dabelske ody"
        );
        assert_eq!(fold(""), "");
        assert_eq!(fold("   "), "");
    }

    #[test]
    fn filter_matches_every_word_ignoring_case_and_accents() {
        assert!(matches_filter("Senior – dům Soběslav", "sobeslav"));
        assert!(matches_filter("Řídicí skupina Soběslav", "SOBĚSLAV řídicí"));
        assert!(matches_filter("Řídicí skupina Soběslav", "ridici  skup"));
        assert!(matches_filter("cokoli", ""));
        assert!(!matches_filter("Řídicí skupina Soběslav", "sobeslav tabor"));
        assert!(!matches_filter("Písek", "pisky"));
    }

    #[test]
    fn control_characters_are_detected() {
        assert!(!has_control("Soběslav", false));
        assert!(has_control("a\nb", false));
        assert!(!has_control("a\nb", true));
        for bad in [
            "\u{1b}[2J",
            "a\tb",
            "\r",
            "\u{7f}",
            "\u{85}",
            "\u{9b}",
            "\u{202e}",
            "\u{2066}",
        ] {
            assert!(has_control(bad, true), "{bad:?}");
        }
    }

    #[test]
    fn sanitize_replaces_controls_but_keeps_newline() {
        assert_eq!(sanitize("a\u{1b}[31mb\nc"), "a\u{FFFD}[31mb\nc");
        assert_eq!(sanitize("x\u{202e}y\u{9b}"), "x\u{FFFD}y\u{FFFD}");
        assert_eq!(sanitize_line("a\nb\tc"), "a b\u{FFFD}c");
        assert_eq!(sanitize("Třeboň"), "Třeboň");
    }

    #[test]
    fn sanitize_neutralises_every_escape_and_bidi_control() {
        let hostile = [
            "\u{1b}[2J",                    // CSI, clear screen
            "\u{1b}]0;titulek\u{7}",        // OSC, window title
            "\u{1b}]52;c;ZWNobw==\u{1b}\\", // OSC 52, clipboard
            "\u{1b}P1$r\u{1b}\\",           // DCS
            "\u{9b}31m",                    // C1 CSI
            "\u{9d}0;x\u{9c}",              // C1 OSC, ST
            "\u{90}q\u{9c}",                // C1 DCS
            "\u{0}",
            "\u{8}\u{7f}\r",
            "\u{202a}\u{202b}\u{202c}\u{202d}\u{202e}",
            "\u{2066}\u{2067}\u{2068}\u{2069}",
            "\u{200e}\u{200f}\u{61c}",
        ];
        for bad in hostile {
            let clean = sanitize(bad);
            assert!(is_terminal_safe(&clean), "{bad:?} → {clean:?}");
            assert!(!is_terminal_safe(bad), "{bad:?}");
            assert!(
                !clean.chars().any(|c| c.is_control()
                    || ('\u{80}'..='\u{9f}').contains(&c)
                    || matches!(c, '\u{200e}' | '\u{200f}' | '\u{61c}')
                    || ('\u{202a}'..='\u{202e}').contains(&c)
                    || ('\u{2066}'..='\u{2069}').contains(&c)),
                "{clean:?}"
            );
        }
        assert_eq!(sanitize("Třeboň\nTábor"), "Třeboň\nTábor");
    }

    #[test]
    fn czech_letters_sort_after_their_base() {
        assert_eq!(czech_cmp("chata", "hrad"), Ordering::Greater);
        assert_eq!(czech_cmp("chata", "ihned"), Ordering::Less);
        assert_eq!(czech_cmp("čas", "cesta"), Ordering::Greater);
        assert_eq!(czech_cmp("řeka", "rychle"), Ordering::Greater);
        assert_eq!(czech_cmp("šum", "svět"), Ordering::Greater);
        assert_eq!(czech_cmp("žába", "zub"), Ordering::Greater);
        assert_eq!(czech_cmp("Soběslav", "Strakonice"), Ordering::Less);
        assert_eq!(czech_cmp("Strakonice", "Šumava"), Ordering::Less);
        assert_eq!(czech_cmp("Chrudim", "Hradec"), Ordering::Greater);
    }

    #[test]
    fn accents_and_case_only_break_ties() {
        assert_eq!(czech_cmp("dáma", "dama"), Ordering::Greater);
        assert_eq!(czech_cmp("dáma", "damy"), Ordering::Less);
        assert_eq!(czech_cmp("Ťuk", "tuky"), Ordering::Less);
        assert_eq!(czech_cmp("ves", "Ves"), Ordering::Less);
        assert_eq!(czech_cmp("Ves", "vesnice"), Ordering::Less);
        assert_eq!(czech_cmp("kůň", "kun"), Ordering::Greater);
    }

    #[test]
    fn separators_then_digits_then_letters() {
        assert_eq!(czech_cmp("a b", "ab"), Ordering::Less);
        assert_eq!(czech_cmp("a-b", "ab"), Ordering::Less);
        assert_eq!(czech_cmp("1. jednání", "a"), Ordering::Less);
        assert_eq!(czech_cmp("2", "10"), Ordering::Greater);
        assert_eq!(czech_cmp("", "a"), Ordering::Less);
    }

    #[test]
    fn jihocesky_orps_sort_in_czech_order() {
        let mut orps = JIHOCESKY_ORPS.to_vec();
        orps.reverse();
        orps.sort_by(|a, b| czech_cmp(a, b));
        assert_eq!(
            orps,
            [
                "Blatná",
                "České Budějovice",
                "Český Krumlov",
                "Dačice",
                "Jindřichův Hradec",
                "Kaplice",
                "Milevsko",
                "Písek",
                "Prachatice",
                "Soběslav",
                "Strakonice",
                "Tábor",
                "Trhové Sviny",
                "Třeboň",
                "Týn nad Vltavou",
                "Vimperk",
                "Vodňany",
            ]
        );
    }

    proptest! {
        #[test]
        fn czech_cmp_is_a_total_order(
            a in "[aAcCčČhHřrsšzžéěůú1 .-]{0,6}",
            b in "[aAcCčČhHřrsšzžéěůú1 .-]{0,6}",
            c in "[aAcCčČhHřrsšzžéěůú1 .-]{0,6}",
        ) {
            prop_assert_eq!(czech_cmp(&a, &a), Ordering::Equal);
            prop_assert_eq!(czech_cmp(&a, &b), czech_cmp(&b, &a).reverse());
            prop_assert_eq!(czech_cmp(&a, &b) == Ordering::Equal, a == b);
            if czech_cmp(&a, &b) != Ordering::Greater && czech_cmp(&b, &c) != Ordering::Greater {
                prop_assert_ne!(czech_cmp(&a, &c), Ordering::Greater);
            }
        }

        #[test]
        fn czech_cmp_handles_any_text(a in any::<String>(), b in any::<String>()) {
            prop_assert_eq!(czech_cmp(&a, &a), Ordering::Equal);
            prop_assert_eq!(czech_cmp(&a, &b), czech_cmp(&b, &a).reverse());
            prop_assert_eq!(czech_cmp(&a, &b) == Ordering::Equal, a == b);
        }

        #[test]
        fn sanitized_text_has_no_control(s in any::<String>()) {
            prop_assert!(!has_control(&sanitize(&s), true));
            prop_assert!(!has_control(&sanitize_line(&s), false));
            prop_assert!(is_terminal_safe(&sanitize(&s)));
            prop_assert!(is_terminal_safe(&sanitize_line(&s)));
        }

        #[test]
        fn sanitize_line_is_sanitize_on_one_line(s in any::<String>()) {
            prop_assert_eq!(sanitize_line(&s), sanitize(&s).replace('\n', " "));
            prop_assert_eq!(sanitize_line_owned(s.clone()), sanitize_line(&s));
        }

        #[test]
        fn fold_is_the_nfd_fold(s in any::<String>(), czech in "[ aAcCčČďĎěéÉíňóřŘšŠťúůýžŽ\t\u{301}\u{30c}]{0,12}") {
            for text in [&s, &czech] {
                prop_assert_eq!(fold(text), nfd_fold(text));
            }
        }

        #[test]
        fn collation_keys_order_as_czech_cmp(
            a in "[aAcCčČhHřrsšzžéěůú1 .-]{0,6}",
            b in "[aAcCčČhHřrsšzžéěůú1 .-]{0,6}",
            any_a in any::<String>(),
            any_b in any::<String>(),
        ) {
            for (a, b) in [(&a, &b), (&any_a, &any_b)] {
                let by_keys = czech_key(a).cmp(&czech_key(b)).then_with(|| a.cmp(b));
                prop_assert_eq!(by_keys, czech_cmp(a, b), "{:?} {:?}", a, b);
            }
        }

        #[test]
        fn sort_czech_by_sorts_as_czech_cmp(
            texts in proptest::collection::vec("[aAcCčČhHřrsšzžéěůú1 .-]{0,5}", 0..40)
        ) {
            let mut expected = texts.clone();
            expected.sort_by(|a, b| czech_cmp(a, b));
            let mut sorted: Vec<(usize, String)> = texts.into_iter().enumerate().collect();
            sort_czech_by(&mut sorted, |(_, t)| t);
            let sorted: Vec<String> = sorted.into_iter().map(|(_, t)| t).collect();
            prop_assert_eq!(sorted, expected);
        }
    }

    /// The search fold as it was first written: the whole text's NFD, marks dropped.
    fn nfd_fold(s: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        let mut out = String::new();
        let mut pending_space = false;
        for c in s.nfd().filter(|c| !is_combining_mark(*c)) {
            if c.is_whitespace() {
                pending_space = !out.is_empty();
                continue;
            }
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.extend(c.to_lowercase());
        }
        out
    }

    #[test]
    fn sort_czech_by_keeps_the_jihocesky_order() {
        let mut orps: Vec<&str> = JIHOCESKY_ORPS.to_vec();
        orps.reverse();
        let mut expected = orps.clone();
        expected.sort_by(|a, b| czech_cmp(a, b));
        sort_czech_by(&mut orps, |s| s);
        assert_eq!(orps, expected);
        assert_eq!(orps[0], "Blatná");
    }
}
