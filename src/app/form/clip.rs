//! Fitting text into cells: cut with "…", padded, or wrapped at words.

/// The text cut (with "…") to at most `width` characters.
pub(super) fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        fit(text, width)
    }
}

/// The text cut (with "…") or padded to exactly `width` characters.
pub(super) fn fit(text: &str, width: usize) -> String {
    let count = text.chars().count();
    if count <= width {
        let mut s = text.to_owned();
        s.extend(std::iter::repeat_n(' ', width - count));
        s
    } else if width == 0 {
        String::new()
    } else {
        let mut s: String = text.chars().take(width - 1).collect();
        s.push('…');
        s
    }
}

/// Words wrapped into lines of at most `width` characters (longer words are cut).
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let mut word: String = word.to_owned();
        loop {
            let have = line.chars().count();
            let need = word.chars().count() + usize::from(have > 0);
            if have + need <= width {
                if have > 0 {
                    line.push(' ');
                }
                line.push_str(&word);
                break;
            }
            if have > 0 {
                lines.push(std::mem::take(&mut line));
                continue;
            }
            let head: String = word.chars().take(width).collect();
            word = word.chars().skip(width).collect();
            lines.push(head);
            if word.is_empty() {
                break;
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_and_pads() {
        assert_eq!(fit("Soběslav", 10), "Soběslav  ");
        assert_eq!(fit("Soběslav", 5), "Sobě…");
        assert_eq!(fit("Soběslav", 0), "");
    }

    #[test]
    fn wrap_breaks_at_words_and_cuts_long_ones() {
        assert_eq!(
            wrap("IČO: kontrolní číslice nesouhlasí", 15),
            vec!["IČO: kontrolní", "číslice", "nesouhlasí"]
        );
        assert_eq!(wrap("abcdefgh", 3), vec!["abc", "def", "gh"]);
        assert!(wrap("", 5).is_empty());
    }
}
