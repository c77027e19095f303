//! Amounts as people type them in a sheet.

use rust_decimal::Decimal;
use std::str::FromStr;

/// An amount as people type it in a sheet: a currency sign or code before
/// or after the number and thousands separators are dropped (`¥1,280.50`,
/// `12.90 EUR`, `1.280,50 €`); anything else inside the number refuses it.
/// The decimal mark is the last `.` or `,` unless it is a comma followed by
/// exactly three digits (`1,280` is a thousand and more, `12,50` twelve and
/// a half, as European Excel writes it).
pub(crate) fn amount(text: &str) -> Option<Decimal> {
    let number = |c: char| c.is_ascii_digit() || c == '-' || c == '.' || c == ',';
    let inner = text
        .trim_start_matches(|c: char| !number(c))
        .trim_end_matches(|c: char| !c.is_ascii_digit() && c != '.');
    let mark = inner.rfind(['.', ',']).filter(|&at| {
        let after = &inner[at + 1..];
        inner[at..].starts_with('.') || after.len() != 3 || inner[..at].contains('.')
    });
    let mut cleaned = String::with_capacity(inner.len());
    for (i, c) in inner.char_indices() {
        match c {
            _ if Some(i) == mark => cleaned.push('.'),
            ',' | '.' | ' ' | '\u{a0}' | '\'' => {}
            _ => cleaned.push(c),
        }
    }
    // Two marks of the same kind after dropping separators (`4.2.1`) are
    // not a number.
    if inner.matches('.').count() > 1 && !inner.contains(',') {
        return None;
    }
    Decimal::from_str(&cleaned).ok()
}

#[cfg(test)]
mod amount_tests {
    #[test]
    fn amounts_as_typed() {
        for (text, want) in [
            ("¥1,280.50", "1280.50"),
            ("12.90 EUR", "12.90"),
            ("￥4.2", "4.2"),
            ("-3", "-3"),
            ("12,50", "12.50"),
            ("1.280,50 €", "1280.50"),
            ("1,280", "1280"),
            ("2900", "2900"),
        ] {
            assert_eq!(
                super::amount(text).map(|d| d.to_string()).as_deref(),
                Some(want),
                "{text}"
            );
        }
        for bad in ["&#165;4.20", "4.2.1", "four", ""] {
            assert_eq!(super::amount(bad), None, "{bad}");
        }
    }
}
