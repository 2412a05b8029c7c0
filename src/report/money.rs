//! Money in whole CZK, written the Czech way: "1 250 000 Kč".

/// Digits grouped by three with a space: "1 250 000".
pub fn grouped(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    if amount < 0 { format!("−{out}") } else { out }
}

/// "1 250 000 Kč".
pub fn czk(amount: i64) -> String {
    format!("{} Kč", grouped(amount))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped_by_spaces() {
        assert_eq!(czk(0), "0 Kč");
        assert_eq!(czk(999), "999 Kč");
        assert_eq!(czk(1000), "1 000 Kč");
        assert_eq!(czk(1_250_000), "1 250 000 Kč");
        assert_eq!(grouped(-45_000), "−45 000");
    }
}
