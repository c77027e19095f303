//! Classifying a product title into a category by keyword.
//!
//! Matching is case-insensitive. Keywords written in Latin letters or digits
//! match whole words (with an optional plural `s`/`es`), so `cup` matches
//! "Custom Cups" but not "Cupcake topper"; keywords in any other script
//! (`杯`, `Tシャツ`) match anywhere in the title, since those scripts do not
//! separate words with spaces. A category's own name counts as a keyword.

#[cfg(test)]
mod eval;
pub mod forms;
pub mod learn;
mod views;

pub use forms::{ClassifierSettings, Example, Examples, FiledBy, LineFiling};
pub use learn::{Evidence, Suggestion, tokens};
pub use views::{
    ClassifierState, LineSuggestions, NamedSuggestion, TaughtCategory, TaughtExample, TitleCheck,
};

/// What classification needs to know of a category.
#[derive(Debug, Clone)]
pub struct CategoryTerms<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub keywords: &'a [String],
}

/// The outcome for one title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Classification {
    /// Exactly one category matched.
    Matched(String),
    /// No keyword of any category appears in the title.
    NoMatch,
    /// Keywords of several categories appear; the ids, in the order given.
    Ambiguous(Vec<String>),
}

/// Classifies `title` against `categories`.
pub fn classify(title: &str, categories: &[CategoryTerms<'_>]) -> Classification {
    let title = title.to_lowercase();
    let matched: Vec<String> = categories
        .iter()
        .filter(|c| {
            std::iter::once(c.name)
                .chain(c.keywords.iter().map(String::as_str))
                .any(|k| keyword_matches(&title, &k.trim().to_lowercase()))
        })
        .map(|c| c.id.to_owned())
        .collect();
    match matched.len() {
        0 => Classification::NoMatch,
        1 => Classification::Matched(matched.into_iter().next().unwrap_or_default()),
        _ => Classification::Ambiguous(matched),
    }
}

/// The categories the classifier chooses among for `title`, when the
/// keywords do not settle it: all of them when none matches, the matched
/// ones when several do; `None` when exactly one matches.
pub fn misses(title: &str, categories: &[CategoryTerms<'_>]) -> Option<Vec<String>> {
    match classify(title, categories) {
        Classification::Matched(_) => None,
        Classification::NoMatch => Some(categories.iter().map(|c| c.id.to_owned()).collect()),
        Classification::Ambiguous(ids) => Some(ids),
    }
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// `title` and `keyword` are already lower case.
fn keyword_matches(title: &str, keyword: &str) -> bool {
    if keyword.is_empty() {
        return false;
    }
    if !keyword.chars().any(is_word_char) || !keyword.is_ascii() {
        return title.contains(keyword);
    }
    title.match_indices(keyword).any(|(start, _)| {
        let before_ok = title[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !is_word_char(c));
        let rest = &title[start + keyword.len()..];
        let rest = rest
            .strip_prefix("es")
            .filter(|r| r.chars().next().is_none_or(|c| !is_word_char(c)))
            .or_else(|| rest.strip_prefix('s'))
            .unwrap_or(rest);
        before_ok && rest.chars().next().is_none_or(|c| !is_word_char(c))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cats() -> Vec<(String, String, Vec<String>)> {
        let kw = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        vec![
            ("c1".into(), "Cups".into(), kw(&["mug", "cup", "杯"])),
            (
                "c2".into(),
                "T-shirts".into(),
                kw(&["t-shirt", "tee", "T恤"]),
            ),
            ("c3".into(), "Shoes".into(), kw(&["shoe", "sneaker", "鞋"])),
        ]
    }

    fn run(title: &str) -> Classification {
        let owned = cats();
        let terms: Vec<CategoryTerms<'_>> = owned
            .iter()
            .map(|(id, name, kw)| CategoryTerms {
                id,
                name,
                keywords: kw,
            })
            .collect();
        classify(title, &terms)
    }

    #[test]
    fn english_words_case_insensitive_with_plurals() {
        assert_eq!(
            run("Personalised MUG 11oz"),
            Classification::Matched("c1".into())
        );
        assert_eq!(
            run("Set of 2 custom mugs"),
            Classification::Matched("c1".into())
        );
        assert_eq!(
            run("Graphic Tee, size L"),
            Classification::Matched("c2".into())
        );
        assert_eq!(run("Custom T-Shirts"), Classification::Matched("c2".into()));
        assert_eq!(run("Running shoes"), Classification::Matched("c3".into()));
    }

    #[test]
    fn no_partial_words() {
        assert_eq!(run("Cupcake topper"), Classification::NoMatch);
        assert_eq!(run("Teepee tent"), Classification::NoMatch);
    }

    #[test]
    fn chinese_titles() {
        assert_eq!(run("定制陶瓷马克杯"), Classification::Matched("c1".into()));
        assert_eq!(run("纯棉t恤 白色"), Classification::Matched("c2".into()));
        assert_eq!(run("运动鞋 42码"), Classification::Matched("c3".into()));
    }

    #[test]
    fn ambiguous_and_missing() {
        assert_eq!(
            run("Mug and tee bundle"),
            Classification::Ambiguous(vec!["c1".into(), "c2".into()])
        );
        assert_eq!(run("Phone case"), Classification::NoMatch);
        assert_eq!(run(""), Classification::NoMatch);
    }
}
