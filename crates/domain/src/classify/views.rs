//! What the classifier shows: what it knows, its suggestions for a
//! line, what it makes of a title.

use super::FiledBy;
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;

/// What the classifier knows, for its page.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClassifierState {
    /// Suggestions at or above this percent file lines without a person.
    pub auto_accept: Option<u8>,
    /// Examples taught, in all.
    pub examples: i64,
    /// Per category, how many examples it was taught (categories that
    /// exist, most taught first).
    pub categories: Vec<TaughtCategory>,
    /// The latest examples, newest first.
    pub recent: Vec<TaughtExample>,
}

/// A category and how much the classifier knows of it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TaughtCategory {
    pub category_id: String,
    pub name: String,
    pub examples: i64,
}

/// An example a person taught.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TaughtExample {
    pub title: String,
    pub category_id: String,
    pub source: FiledBy,
    pub order_id: Option<String>,
    pub taught_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub taught_at: OffsetDateTime,
}

/// The classifier's suggestions for a line the keywords did not file.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LineSuggestions {
    pub line_id: String,
    pub line_no: i64,
    pub title: String,
    /// Best first, at most three of 5 % or more, each with the category's name.
    pub suggestions: Vec<NamedSuggestion>,
}

/// A suggestion with its category's name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NamedSuggestion {
    pub category_id: String,
    pub name: String,
    /// Probability, 0 to 1.
    pub confidence: f64,
    /// The same in whole percent (rounded down).
    pub percent: u8,
}

/// What the keywords and the classifier make of a title (the test
/// console of the classifier's page).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TitleCheck {
    /// The category the keywords file it under, when exactly one.
    pub keywords: Option<String>,
    /// The categories whose keywords all match, when several do.
    pub ambiguous: Vec<String>,
    /// The classifier's, best first (at most three of 5 % or more).
    pub suggestions: Vec<NamedSuggestion>,
}
