//! An order's tags: a marketplace's (Shopify's order and customer tags),
//! a person's, or a rule's (`add_tag`). Words a seller sorts by: `VIP`,
//! `wholesale`, `gift`.

use crate::codes::ErrorCode;
use crate::validate::ValidationError;

/// At most this many tags on an order.
pub const MAX_TAGS: usize = 20;
/// A tag's length, at most (characters).
pub const TAG_CHARS: usize = 40;

/// `tags` trimmed, empty ones dropped, each once (any case; the first
/// spelling kept), in the order given; refused at `field[i]` when one is
/// too long, at `field` when there are too many.
pub fn normalize(field: &str, tags: Vec<String>) -> Result<Vec<String>, ValidationError> {
    let mut out: Vec<String> = Vec::new();
    for (i, t) in tags.iter().enumerate() {
        let t = t.trim();
        if t.is_empty() || out.iter().any(|o| o.to_lowercase() == t.to_lowercase()) {
            continue;
        }
        if t.chars().count() > TAG_CHARS {
            return Err(ValidationError::new(
                format!("{field}[{i}]"),
                ErrorCode::TooLong,
                format!("a tag is at most {TAG_CHARS} characters"),
            ));
        }
        if t.chars().any(char::is_control) {
            return Err(ValidationError::new(
                format!("{field}[{i}]"),
                ErrorCode::ControlCharacters,
                "a tag has no control characters",
            ));
        }
        out.push(t.to_owned());
    }
    if out.len() > MAX_TAGS {
        return Err(ValidationError::new(
            field,
            ErrorCode::TooMany,
            format!("an order has at most {MAX_TAGS} tags"),
        ));
    }
    Ok(out)
}

/// A marketplace's tags as far as they fit: none too long, at most
/// [`MAX_TAGS`] (an order is never refused for its tags).
pub fn what_fits(tags: Vec<String>) -> Vec<String> {
    let fits: Vec<String> = tags
        .into_iter()
        .filter(|t| t.chars().count() <= TAG_CHARS && !t.chars().any(char::is_control))
        .collect();
    let mut kept: Vec<String> = Vec::new();
    for t in fits.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        if kept.len() < MAX_TAGS && !kept.iter().any(|k| k.to_lowercase() == t.to_lowercase()) {
            kept.push(t.to_owned());
        }
    }
    kept
}

/// Tags written as one comma-separated text (Shopify's `tags`).
pub fn split(text: &str) -> Vec<String> {
    text.split(',')
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_trimmed_kept_once_and_bounded() {
        let t = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            normalize("tags", t(&[" VIP", "vip", "", "Wholesale", "批发", "批发"])).unwrap(),
            t(&["VIP", "Wholesale", "批发"])
        );
        let long = "x".repeat(TAG_CHARS + 1);
        assert_eq!(
            normalize("tags", t(&["a", &long])).unwrap_err().field,
            "tags[1]"
        );
        let many: Vec<String> = (0..=MAX_TAGS).map(|i| format!("t{i}")).collect();
        assert_eq!(
            normalize("tags", many).unwrap_err().code,
            ErrorCode::TooMany
        );
        assert_eq!(
            split("VIP, wholesale ,,gift"),
            t(&["VIP", "wholesale", "gift"])
        );
        let mut lots: Vec<String> = (0..30).map(|i| format!("t{i}")).collect();
        lots.insert(0, long);
        let kept = what_fits(lots);
        assert_eq!(kept.len(), MAX_TAGS);
        assert_eq!(kept[0], "t0");
    }
}
