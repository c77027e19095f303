//! Saved views: a list's filters kept under a name, per user, and shared
//! with the team by staff.

use crate::ErrorCode;
use crate::validate::{ValidationError, limits, required_text};

/// The lists a view can be saved for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewPage {
    Orders,
    Tasks,
}

impl ViewPage {
    pub const ALL: &'static [ViewPage] = &[ViewPage::Orders, ViewPage::Tasks];

    pub fn as_str(self) -> &'static str {
        match self {
            ViewPage::Orders => "orders",
            ViewPage::Tasks => "tasks",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|p| p.as_str() == s)
    }

    /// The filters a view of this list keeps (never where a page starts).
    pub fn keeps(self, param: &str) -> bool {
        match self {
            ViewPage::Orders => matches!(
                param,
                "status" | "platform" | "category" | "supplier" | "from" | "to" | "sort" | "q"
            ),
            ViewPage::Tasks => matches!(param, "status" | "supplier" | "category"),
        }
    }
}

/// A saved view.
#[derive(Debug, Clone)]
pub struct SavedView {
    pub id: String,
    pub user_id: String,
    pub page: ViewPage,
    pub name: String,
    /// The list's query string, only the filters the page keeps.
    pub query: String,
    /// Offered to every staff member, not only its owner.
    pub shared: bool,
}

/// Longest query a view keeps.
pub const MAX_VIEW_QUERY: usize = 1_000;

/// A view's name, checked.
pub fn view_name(name: &str) -> Result<String, ValidationError> {
    required_text("name", name, limits::SHORT)
}

/// The filters of `pairs` this page keeps, as a query string (already
/// percent-encoded values are passed in encoded).
pub fn view_query(page: ViewPage, pairs: &[(String, String)]) -> Result<String, ValidationError> {
    let query = pairs
        .iter()
        .filter(|(k, v)| page.keeps(k) && !v.is_empty())
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    if query.len() > MAX_VIEW_QUERY {
        return Err(ValidationError::new(
            "query",
            ErrorCode::TooLong,
            "the filters are too long to keep",
        ));
    }
    Ok(query)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_keeps_only_its_lists_filters() {
        let pairs: Vec<(String, String)> = [
            ("status", "shipped"),
            ("cursor", "0190"),
            ("at", "50"),
            ("q", "mug%20blue"),
            ("supplier", ""),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(
            view_query(ViewPage::Orders, &pairs).unwrap(),
            "status=shipped&q=mug%20blue"
        );
        assert_eq!(
            view_query(ViewPage::Tasks, &pairs).unwrap(),
            "status=shipped"
        );
        let long = vec![("q".to_string(), "x".repeat(2_000))];
        assert!(view_query(ViewPage::Orders, &long).is_err());
        assert!(view_name("  ").is_err());
    }
}
