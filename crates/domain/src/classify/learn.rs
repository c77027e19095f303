//! The learning classifier: categories suggested from what operators taught.
//!
//! Keywords ([`super::classify`]) are the seller's rules; they miss titles
//! that use other words ("tumbler" for a mug, 卫衣 for a sweatshirt). Each
//! time an operator gives such a line its category, the title is an example
//! of that category. A multinomial naive Bayes model over the examples'
//! tokens then suggests a category, with its probability, for lines the
//! keywords miss or find ambiguous.
//!
//! Naive Bayes, because it learns from a handful of examples, updates by
//! adding counts (so the store keeps counts, not a trained artefact, and
//! every server sees the same model), and explains itself by its tokens.
//!
//! Tokens: words of letters or digits (lower case, a plural `s`/`es`/`ies`
//! folded, numbers and one-letter words dropped); in scripts written
//! without spaces (Chinese, Japanese kana, Korean) every character and
//! every pair of neighbours. Pairs stand in for word segmentation: 保温杯
//! gives 保温 and 温杯, and whichever pairs are words carry the weight.
//! No dictionary to ship (jieba's is 5 MB), no language to detect.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use utoipa::ToSchema;

/// At most this many distinct tokens are taken from one title: a title
/// is short, and a hostile one must not cost more than a normal one.
pub const MAX_TOKENS: usize = 64;

/// Only the title's first characters are read (titles are capped at
/// intake; this bounds the work for any caller).
const MAX_CHARS: usize = 500;

/// English words that say nothing of what a product is.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with",
];

/// Laplace smoothing: a token never seen with a category counts as this.
const ALPHA: f64 = 1.0;

/// The distinct tokens of `title`, in first-seen order, at most
/// [`MAX_TOKENS`].
pub fn tokens(title: &str) -> Vec<String> {
    let mut out = Tokens::default();
    let mut word = String::new();
    let mut run: Vec<char> = Vec::new();
    for c in title.chars().take(MAX_CHARS).flat_map(char::to_lowercase) {
        if is_unspaced(c) {
            out.word(&std::mem::take(&mut word));
            run.push(c);
        } else if c.is_alphanumeric() {
            out.run(&std::mem::take(&mut run));
            word.push(c);
        } else {
            out.word(&std::mem::take(&mut word));
            out.run(&std::mem::take(&mut run));
        }
    }
    out.word(&word);
    out.run(&run);
    out.list
}

#[derive(Default)]
struct Tokens {
    seen: BTreeSet<String>,
    list: Vec<String>,
}

impl Tokens {
    fn push(&mut self, t: String) {
        if self.list.len() < MAX_TOKENS && self.seen.insert(t.clone()) {
            self.list.push(t);
        }
    }

    fn word(&mut self, w: &str) {
        if w.chars().count() < 2 || w.chars().all(|c| c.is_numeric()) || STOP_WORDS.contains(&w) {
            return;
        }
        self.push(singular(w));
    }

    fn run(&mut self, run: &[char]) {
        for (i, c) in run.iter().enumerate() {
            self.push(c.to_string());
            if let Some(next) = run.get(i + 1) {
                self.push([*c, *next].iter().collect());
            }
        }
    }
}

/// Folds an English plural so that "mugs" teaches "mug".
fn singular(w: &str) -> String {
    if !w.is_ascii() || w.len() <= 3 || w.ends_with("ss") || w.ends_with("us") {
        return w.to_owned();
    }
    if let Some(stem) = w.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for ending in ["ches", "shes", "xes", "sses"] {
        if w.ends_with(ending) {
            return w[..w.len() - 2].to_owned();
        }
    }
    w.strip_suffix('s').unwrap_or(w).to_owned()
}

/// Scripts written without spaces between words.
fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'     // hiragana, katakana
        | '\u{3400}'..='\u{4DBF}'   // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'   // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}'   // CJK compatibility ideographs
        | '\u{AC00}'..='\u{D7AF}') // hangul syllables
}

/// What the model knows of one category.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CategoryCounts {
    /// Examples taught.
    pub examples: i64,
    /// Tokens in those examples (with repeats across examples).
    pub tokens: i64,
    /// Distinct tokens.
    pub terms: i64,
}

/// The counts the model scores with: per category, and per category and
/// token (only the tokens being scored need be present).
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    pub categories: HashMap<String, CategoryCounts>,
    pub counts: HashMap<(String, String), i64>,
}

impl Evidence {
    /// Teaches one example (the store keeps the same counts in tables).
    pub fn learn(&mut self, title: &str, category: &str) {
        let tokens = tokens(title);
        let c = self.categories.entry(category.to_owned()).or_default();
        c.examples += 1;
        c.tokens += tokens.len() as i64;
        for t in tokens {
            let n = self.counts.entry((category.to_owned(), t)).or_default();
            if *n == 0 {
                c.terms += 1;
            }
            *n += 1;
        }
    }

    /// The taught categories among `among` ranked for `title`, best
    /// first; empty when none was taught or no word of the title was.
    ///
    /// Categories nobody taught still take their share of the
    /// probability (every word equally likely in them), though they are
    /// never suggested: while the model knows few words, the share is
    /// large and its confidence low, so a threshold files nothing until
    /// it has learned enough.
    pub fn rank(&self, title: &str, among: &[&str]) -> Vec<Suggestion> {
        let taught = |c: &str| self.categories.get(c).is_some_and(|n| n.examples > 0);
        let known: Vec<String> = tokens(title)
            .into_iter()
            .filter(|t| among.iter().any(|c| self.count(c, t) > 0))
            .collect();
        if known.is_empty() {
            return Vec::new();
        }
        let examples: i64 = among
            .iter()
            .filter_map(|c| self.categories.get(*c))
            .map(|c| c.examples)
            .sum();
        // distinct tokens overall, counted per category: an upper bound
        // that only softens the smoothing
        let vocabulary = self.categories.values().map(|c| c.terms).sum::<i64>() as f64 + 1.0;
        let k = among.len() as f64;
        let scores: Vec<(&str, f64)> = among
            .iter()
            .map(|c| {
                let counts = self.categories.get(*c).copied().unwrap_or_default();
                let prior = ((counts.examples as f64 + 1.0) / (examples as f64 + k)).ln();
                let denominator = counts.tokens as f64 + ALPHA * vocabulary;
                let likelihood: f64 = known
                    .iter()
                    .map(|t| ((self.count(c, t) as f64 + ALPHA) / denominator).ln())
                    .sum();
                (*c, prior + likelihood)
            })
            .collect();
        let best = scores.iter().map(|s| s.1).fold(f64::NEG_INFINITY, f64::max);
        let total: f64 = scores.iter().map(|s| (s.1 - best).exp()).sum();
        let mut ranked: Vec<Suggestion> = scores
            .into_iter()
            .filter(|(c, _)| taught(c))
            .map(|(c, s)| Suggestion {
                category_id: c.to_owned(),
                confidence: (s - best).exp() / total,
            })
            .collect();
        ranked.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
        ranked
    }

    fn count(&self, category: &str, token: &str) -> i64 {
        self.counts
            .get(&(category.to_owned(), token.to_owned()))
            .copied()
            .unwrap_or(0)
    }
}

/// A category the model suggests for a title.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Suggestion {
    pub category_id: String,
    /// The model's probability, 0 to 1.
    pub confidence: f64,
}

impl Suggestion {
    /// The confidence in whole percent, rounded down (so 0.899 is not
    /// shown as the 90 it does not reach).
    pub fn percent(&self) -> u8 {
        (self.confidence * 100.0).floor().clamp(0.0, 100.0) as u8
    }

    /// Whether the seller's threshold takes this suggestion without a
    /// person: only when one is set and the suggestion reaches it.
    pub fn accepted_by(&self, auto_accept: Option<u8>) -> bool {
        auto_accept.is_some_and(|t| self.percent() >= t)
    }
}

/// Suggestions below this percent are not shown: nobody would take them,
/// and they crowd the ones worth a look.
pub const WORTH_SHOWING: u8 = 5;

/// The lowest threshold a seller may set for taking suggestions without a
/// person: below half, the model would more often be wrong than right.
pub const MIN_AUTO_ACCEPT: u8 = 50;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_folded_and_numbers_dropped() {
        assert_eq!(
            tokens("Personalized Coffee MUGS, 11oz & 2 Tumblers for the boss"),
            ["personalized", "coffee", "mug", "11oz", "tumbler", "boss"]
        );
        assert_eq!(
            tokens("Glass dresses boxes puppies"),
            ["glass", "dress", "box", "puppy"]
        );
    }

    #[test]
    fn chinese_is_cut_into_characters_and_pairs() {
        assert_eq!(
            tokens("保温杯 500ml"),
            ["保", "保温", "温", "温杯", "杯", "500ml"]
        );
        assert_eq!(tokens("T恤"), ["恤"]);
        assert_eq!(tokens("!!! --- 123"), Vec::<String>::new());
    }

    #[test]
    fn hostile_titles_cost_no_more_than_a_cap() {
        let long: String = (0..100_000)
            .map(|i| char::from_u32(0x4E00 + i % 20_000).unwrap())
            .collect();
        assert_eq!(tokens(&long).len(), MAX_TOKENS);
        assert_eq!(tokens(&"ab ".repeat(100_000)), ["ab"]);
    }

    fn taught() -> Evidence {
        let mut e = Evidence::default();
        for t in [
            "Stainless tumbler 20oz",
            "Insulated tumbler with straw",
            "不锈钢保温杯",
        ] {
            e.learn(t, "drink");
        }
        for t in ["Cotton hoodie", "Oversized hoodie unisex", "纯棉卫衣"] {
            e.learn(t, "wear");
        }
        e
    }

    #[test]
    fn suggests_the_category_whose_words_the_title_shares() {
        let e = taught();
        let among = ["drink", "wear", "shoes"];
        let r = e.rank("Kids tumbler, pink", &among);
        assert_eq!(r[0].category_id, "drink");
        assert!(r[0].confidence > 0.6, "{r:?}");
        // "shoes" was never taught: it takes a share but is not suggested
        assert_eq!(r.len(), 2);
        let sum: f64 = r.iter().map(|s| s.confidence).sum();
        assert!(sum < 1.0 && sum > 0.9, "{sum}");
        assert_eq!(e.rank("加绒卫衣 男", &among)[0].category_id, "wear");
        // only the categories asked about, and only their words count
        let r = e.rank("tumbler hoodie", &["wear", "shoes"]);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].category_id, "wear");
        assert!(e.rank("tumbler", &["wear", "shoes"]).is_empty());
    }

    #[test]
    fn little_taught_means_little_confidence() {
        let mut e = Evidence::default();
        e.learn("Rice paper globe light", "lamps");
        let among = ["lamps", "mugs", "shirts", "shoes", "hats"];
        let early = e.rank("Paper globe light for nursery", &among)[0].confidence;
        assert!(early < 0.5, "{early}");
        for t in [
            "Paper globe light, large",
            "Globe light with timer",
            "LED paper light",
        ] {
            e.learn(t, "lamps");
        }
        let later = e.rank("Paper globe light for nursery", &among)[0].confidence;
        assert!(later > early, "{early} → {later}");
    }

    #[test]
    fn nothing_known_means_no_suggestion() {
        let e = taught();
        assert!(e.rank("Garden gnome", &["drink", "wear"]).is_empty());
        assert!(Evidence::default().rank("tumbler", &["drink"]).is_empty());
        assert!(e.rank("tumbler", &[]).is_empty());
    }

    #[test]
    fn a_threshold_takes_only_what_reaches_it() {
        let s = |confidence| Suggestion {
            category_id: "c".into(),
            confidence,
        };
        assert!(!s(0.99).accepted_by(None));
        assert!(s(0.9).accepted_by(Some(90)));
        assert!(!s(0.8999).accepted_by(Some(90)));
        assert_eq!(s(0.8999).percent(), 89);
        assert_eq!(s(1.0).percent(), 100);
    }
}
