//! Does the classifier beat keywords alone? Measured on the labelled
//! titles the tests ship (`testdata/titles.tsv`, English and Chinese).
//!
//! The set is split in two by line (odd, even); each half is taught and
//! the other scored, and the two runs are added up. Only what an operator
//! would have corrected is taught: the training titles the keywords miss
//! or file wrongly. The keywords are what a seller would set up on day one.
//!
//! `cargo test -p orderhub-domain --lib classify::eval -- --nocapture`
//! prints the table that docs/automation.md reports.

use super::learn::{Evidence, Suggestion};
use super::{CategoryTerms, Classification, classify};

const TITLES: &str = include_str!("../../testdata/titles.tsv");

/// The keywords of each category, as a seller would first write them.
const KEYWORDS: &[(&str, &[&str])] = &[
    ("Drinkware", &["mug", "cup", "杯"]),
    ("Apparel", &["t-shirt", "tee", "shirt", "T恤"]),
    ("Phone cases", &["phone case", "手机壳"]),
    ("Jewellery", &["necklace", "bracelet", "项链", "手链"]),
    ("Wall art", &["poster", "print", "海报"]),
    ("Bags", &["bag", "tote", "包"]),
    ("Hats", &["hat", "cap", "帽"]),
    ("Candles", &["candle", "蜡烛"]),
];

fn labelled() -> Vec<(&'static str, &'static str)> {
    TITLES
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split_once('\t').expect("category<TAB>title"))
        .collect()
}

/// Precision and recall of one way of filing titles.
#[derive(Debug, Default, Clone, Copy)]
struct Score {
    total: usize,
    filed: usize,
    right: usize,
}

impl Score {
    fn add(&mut self, truth: &str, guess: Option<&str>) {
        self.total += 1;
        if let Some(g) = guess {
            self.filed += 1;
            self.right += usize::from(g == truth);
        }
    }
    fn precision(&self) -> f64 {
        self.right as f64 / self.filed.max(1) as f64
    }
    fn recall(&self) -> f64 {
        self.right as f64 / self.total.max(1) as f64
    }
}

/// Keywords alone, then keywords with the classifier taking the lines they
/// miss at each threshold (percent).
fn evaluate(thresholds: &[u8]) -> (Score, Vec<Score>) {
    let owned: Vec<(String, Vec<String>)> = KEYWORDS
        .iter()
        .map(|(c, k)| (c.to_string(), k.iter().map(|s| s.to_string()).collect()))
        .collect();
    let terms: Vec<CategoryTerms<'_>> = owned
        .iter()
        .map(|(c, k)| CategoryTerms {
            id: c,
            name: c,
            keywords: k,
        })
        .collect();
    let all: Vec<&str> = KEYWORDS.iter().map(|(c, _)| *c).collect();
    let set = labelled();
    let mut keywords = Score::default();
    let mut combined = vec![Score::default(); thresholds.len()];
    for fold in 0..2 {
        let mut model = Evidence::default();
        for (_, (truth, title)) in set.iter().enumerate().filter(|(i, _)| i % 2 == fold) {
            if classify(title, &terms) != Classification::Matched(truth.to_string()) {
                model.learn(title, truth);
            }
        }
        for (_, (truth, title)) in set.iter().enumerate().filter(|(i, _)| i % 2 != fold) {
            let (by_keywords, among): (Option<String>, Vec<String>) = match classify(title, &terms)
            {
                Classification::Matched(c) => (Some(c), Vec::new()),
                Classification::NoMatch => (None, all.iter().map(|c| c.to_string()).collect()),
                Classification::Ambiguous(ids) => (None, ids),
            };
            let among: Vec<&str> = among.iter().map(String::as_str).collect();
            keywords.add(truth, by_keywords.as_deref());
            let best: Option<Suggestion> = model.rank(title, &among).into_iter().next();
            for (t, score) in thresholds.iter().zip(combined.iter_mut()) {
                let learned = best
                    .as_ref()
                    .filter(|s| s.percent() >= *t)
                    .map(|s| s.category_id.as_str());
                score.add(truth, by_keywords.as_deref().or(learned));
            }
        }
    }
    (keywords, combined)
}

#[test]
fn the_classifier_beats_keywords_alone() {
    let thresholds = [0, 50, 70, 90];
    let (keywords, combined) = evaluate(&thresholds);
    let row = |name: &str, s: &Score| {
        println!(
            "| {name:<28} | {:>5.1} % | {:>5.1} % | {:>3} of {} |",
            s.precision() * 100.0,
            s.recall() * 100.0,
            s.right,
            s.total
        );
    };
    println!("| filed by                     | precision | recall  | right      |");
    row("keywords alone", &keywords);
    for (t, s) in thresholds.iter().zip(&combined) {
        row(&format!("keywords + classifier ≥ {t} %"), s);
    }
    let at_50 = &combined[1];
    assert!(
        at_50.recall() > keywords.recall() + 0.2,
        "recall {:.3} vs keywords {:.3}",
        at_50.recall(),
        keywords.recall()
    );
    assert!(
        at_50.precision() >= keywords.precision() - 0.05,
        "precision {:.3} vs keywords {:.3}",
        at_50.precision(),
        keywords.precision()
    );
    // a higher threshold files fewer lines and is at least as precise
    assert!(combined[3].filed <= combined[1].filed);
    assert!(combined[3].precision() >= combined[1].precision() - 0.02);
}
