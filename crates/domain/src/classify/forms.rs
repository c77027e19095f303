//! What a person sends the classifier: a line's category, examples to
//! learn from, the threshold for taking suggestions without a person.

use super::learn::MIN_AUTO_ACCEPT;
use crate::codes::ErrorCode;
use crate::validate::{ValidationError, limits, required_text};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

vocabulary!(
    /// Who filed a line under its category.
    FiledBy {
        /// A person chose the category.
        Operator => "operator",
        /// A person took the classifier's suggestion.
        Suggestion => "suggestion",
        /// The classifier, at or above the seller's threshold.
        Classifier => "classifier",
        /// Taught as an example (a list of titles), not filed on an order.
        Taught => "taught",
    }
);

/// A person files a line under a category (by id or name).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LineFiling {
    pub category: String,
    /// `suggestion` when the person took the classifier's suggestion;
    /// `operator` (the default) when they chose it.
    #[serde(default)]
    pub source: Option<FiledBy>,
}

impl LineFiling {
    /// The category reference, trimmed; a person files, never the classifier.
    pub fn normalize(self) -> Result<(String, FiledBy), ValidationError> {
        let category = required_text("category", &self.category, limits::SHORT)?;
        match self.source.unwrap_or(FiledBy::Operator) {
            FiledBy::Classifier | FiledBy::Taught => Err(ValidationError::new(
                "source",
                ErrorCode::InvalidValue,
                "a person files a line as `operator` or `suggestion`",
            )),
            by => Ok((category, by)),
        }
    }
}

/// One title and its category, to learn from.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub title: String,
    /// The category's id or name.
    pub category: String,
}

/// At most this many examples in one request.
pub const MAX_EXAMPLES: usize = 1_000;

/// Examples to learn from (a product list, a spreadsheet of titles).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    pub examples: Vec<Example>,
}

impl Examples {
    /// Each title and category reference, trimmed; the field of a bad one
    /// is `examples[i].title`.
    pub fn normalize(self) -> Result<Vec<(String, String)>, ValidationError> {
        if self.examples.is_empty() {
            return Err(ValidationError::new(
                "examples",
                ErrorCode::Required,
                "give at least one example",
            ));
        }
        if self.examples.len() > MAX_EXAMPLES {
            return Err(ValidationError::new(
                "examples",
                ErrorCode::TooMany,
                format!("at most {MAX_EXAMPLES} examples at once"),
            ));
        }
        self.examples
            .into_iter()
            .enumerate()
            .map(|(i, e)| {
                let at = format!("examples[{i}]");
                let title = required_text("title", &e.title, limits::SHORT)
                    .map_err(|err| err.within(&at))?;
                let category = required_text("category", &e.category, limits::SHORT)
                    .map_err(|err| err.within(&at))?;
                Ok((title, category))
            })
            .collect()
    }
}

/// The seller's classifier settings.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassifierSettings {
    /// Suggestions at or above this percent file a line without a person;
    /// `null`: a person always decides.
    pub auto_accept: Option<i64>,
}

impl ClassifierSettings {
    /// The threshold, checked: 50 to 100, or none.
    pub fn threshold(&self) -> Result<Option<u8>, ValidationError> {
        match self.auto_accept {
            None => Ok(None),
            Some(t) if (i64::from(MIN_AUTO_ACCEPT)..=100).contains(&t) => Ok(Some(t as u8)),
            Some(_) => Err(ValidationError::new(
                "auto_accept",
                ErrorCode::OutOfRange,
                format!("a threshold is {MIN_AUTO_ACCEPT} to 100 percent, or null for never"),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_and_filings_are_checked() {
        let s = |t| ClassifierSettings { auto_accept: t };
        assert_eq!(s(None).threshold().unwrap(), None);
        assert_eq!(s(Some(90)).threshold().unwrap(), Some(90));
        for bad in [49, 101, -1] {
            assert_eq!(
                s(Some(bad)).threshold().unwrap_err().code,
                ErrorCode::OutOfRange
            );
        }
        let f = |c: &str, source| LineFiling {
            category: c.into(),
            source,
        };
        assert_eq!(
            f(" Cups ", None).normalize().unwrap(),
            ("Cups".into(), FiledBy::Operator)
        );
        assert_eq!(f("", None).normalize().unwrap_err().field, "category");
        assert_eq!(
            f("Cups", Some(FiledBy::Classifier))
                .normalize()
                .unwrap_err()
                .field,
            "source"
        );
        let many = Examples {
            examples: vec![
                Example {
                    title: "t".into(),
                    category: "c".into()
                };
                MAX_EXAMPLES + 1
            ],
        };
        assert_eq!(many.normalize().unwrap_err().code, ErrorCode::TooMany);
        let blank = Examples {
            examples: vec![Example {
                title: " ".into(),
                category: "c".into(),
            }],
        };
        assert_eq!(blank.normalize().unwrap_err().field, "examples[0].title");
    }
}
