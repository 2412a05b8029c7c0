//! A spreadsheet export's bytes to text, and its field separator.

use encoding_rs::WINDOWS_1250;

/// The text of a CSV file: UTF-8 when the bytes are valid UTF-8 (a byte order mark is
/// dropped), else Windows-1250, the encoding Czech Excel saves "CSV" in. Every byte
/// sequence is some Windows-1250 text, so this never fails; a file in a third encoding
/// shows as odd letters in the dry run.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => WINDOWS_1250
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// The field separator, sniffed from the header line: `;` (Czech Excel) or `,`,
/// whichever the line has more of outside quotes; `;` on a tie.
pub fn separator(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let (mut semicolons, mut commas, mut quoted) = (0usize, 0usize, false);
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => semicolons += 1,
            ',' if !quoted => commas += 1,
            _ => {}
        }
    }
    if commas > semicolons { b',' } else { b';' }
}
