//! The SKU template grammar (docs/api.md, "SKU templates").
//!
//! A template is literal text with tokens in braces:
//!
//! | token | expands to |
//! | --- | --- |
//! | `{rand:N}` | N random digits (4 ≤ N ≤ 18 for uniqueness) |
//! | `{seq:N}` | the category's counter, zero-padded to N digits |
//! | `{date:FMT}` | today (UTC) with `%Y %y %m %d %H %M` |
//! | `{category}` | the category's SKU prefix |
//! | `{supplier}` | the supplier's code |
//! | `{order}` | the platform order number |
//! | `{line}` | the line number within the order |
//!
//! Literal text may use `A-Z a-z 0-9 - _ . /`. Every template needs a
//! `{rand:N}` or `{seq:N}` token, so that two tasks for the same line (after
//! a rejection) still get different SKUs.

use rand::RngExt;
use std::fmt::Write;
use time::OffsetDateTime;

/// The tokens a template may use, as a user writes them (the table
/// above); the web form lists them from here.
pub const TOKENS: &[&str] = &[
    "{category}",
    "{supplier}",
    "{order}",
    "{line}",
    "{date:%y%m%d}",
    "{seq:N}",
    "{rand:N}",
];

/// The default template, as in the source document: `SKU` and 8 random digits.
pub const DEFAULT_TEMPLATE: &str = "SKU{rand:8}";

/// Longest template and longest SKU accepted.
pub const MAX_TEMPLATE_LEN: usize = 100;
pub const MAX_SKU_LEN: usize = 64;

/// `{order}` keeps at most this many characters of the order number (its
/// end, the part that differs between orders); `{category}` and
/// `{supplier}` are at most 16 by validation; `{line}` at most 3 digits.
pub const ORDER_PART_LEN: usize = 32;
const CODE_LEN: usize = 16;
const LINE_LEN: usize = 3;
/// A `{seq:N}` counter may outgrow N digits; templates are sized for 12.
const SEQ_LEN: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Literal(String),
    Rand(usize),
    Seq(usize),
    Date(String),
    Category,
    Supplier,
    Order,
    Line,
}

/// A parsed, valid template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkuTemplate {
    source: String,
    parts: Vec<Part>,
}

/// Why a template was refused, with the character position of the problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason} (at character {position})")]
pub struct TemplateError {
    pub position: usize,
    pub reason: String,
}

/// What a SKU is made from.
#[derive(Debug, Clone)]
pub struct SkuContext<'a> {
    pub category_prefix: &'a str,
    pub supplier_code: &'a str,
    pub order_number: &'a str,
    pub line_no: i64,
    /// The category's counter value for this SKU (used by `{seq:N}`).
    pub seq: i64,
    pub now: OffsetDateTime,
}

/// Whether `c` may appear literally in a SKU.
pub fn is_sku_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/')
}

/// Keeps only SKU characters of `text` (for order numbers, prefixes, codes).
pub fn sanitize(text: &str) -> String {
    text.chars().filter(|c| is_sku_char(*c)).collect()
}

fn err(position: usize, reason: impl Into<String>) -> TemplateError {
    TemplateError {
        position,
        reason: reason.into(),
    }
}

impl SkuTemplate {
    /// Parses and validates a template.
    pub fn parse(source: &str) -> Result<Self, TemplateError> {
        if source.chars().count() > MAX_TEMPLATE_LEN {
            return Err(err(
                MAX_TEMPLATE_LEN,
                format!("a template has at most {MAX_TEMPLATE_LEN} characters"),
            ));
        }
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = source;
        while let Some(c) = rest.chars().next() {
            let pos = source[..source.len() - rest.len()].chars().count();
            match c {
                '{' => {
                    let Some(close) = rest.find('}') else {
                        return Err(err(pos, "unclosed '{'"));
                    };
                    let token = &rest[1..close];
                    if token.contains('{') {
                        return Err(err(pos, "unclosed '{'"));
                    }
                    if !literal.is_empty() {
                        parts.push(Part::Literal(std::mem::take(&mut literal)));
                    }
                    parts.push(parse_token(pos, token)?);
                    rest = &rest[close + 1..];
                    continue;
                }
                '}' => return Err(err(pos, "'}' without a matching '{'")),
                c if is_sku_char(c) => literal.push(c),
                c => {
                    return Err(err(
                        pos,
                        format!("{c:?} may not appear in a SKU; use A-Z a-z 0-9 - _ . /"),
                    ));
                }
            }
            rest = &rest[c.len_utf8()..];
        }
        if !literal.is_empty() {
            parts.push(Part::Literal(literal));
        }
        let longest: usize = parts.iter().map(Part::max_len).sum();
        if longest > MAX_SKU_LEN {
            return Err(err(
                0,
                format!(
                    "this template can make SKUs of {longest} characters; at most {MAX_SKU_LEN} are allowed"
                ),
            ));
        }
        if !parts
            .iter()
            .any(|p| matches!(p, Part::Rand(n) if *n >= 4) || matches!(p, Part::Seq(_)))
        {
            return Err(err(
                0,
                "a template needs {rand:N} with N of at least 4, or {seq:N}, so that every SKU is unique",
            ));
        }
        Ok(Self {
            source: source.to_owned(),
            parts,
        })
    }

    /// The template as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether rendering consumes the category's counter.
    pub fn uses_seq(&self) -> bool {
        self.parts.iter().any(|p| matches!(p, Part::Seq(_)))
    }

    /// Expands the template.
    pub fn render(&self, ctx: &SkuContext<'_>, rng: &mut impl rand::Rng) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(s) => out.push_str(s),
                Part::Rand(n) => {
                    (0..*n).for_each(|_| out.push(char::from(b'0' + rng.random_range(0..10u8))))
                }
                Part::Seq(n) => {
                    let _ = write!(out, "{:0width$}", ctx.seq, width = *n);
                }
                Part::Date(fmt) => out.push_str(&format_date(fmt, ctx.now)),
                Part::Order => {
                    let order = sanitize(ctx.order_number);
                    out.push_str(&order[order.len().saturating_sub(ORDER_PART_LEN)..]);
                }
                Part::Category => out.push_str(&truncated(ctx.category_prefix)),
                Part::Supplier => out.push_str(&truncated(ctx.supplier_code)),
                Part::Line => {
                    let _ = write!(out, "{}", ctx.line_no);
                }
            }
        }
        out
    }
}

fn truncated(code: &str) -> String {
    sanitize(code).chars().take(CODE_LEN).collect()
}

impl Part {
    /// The most characters this part can expand to.
    fn max_len(&self) -> usize {
        match self {
            Part::Literal(s) => s.len(),
            Part::Rand(n) => *n,
            Part::Seq(n) => (*n).max(SEQ_LEN),
            Part::Date(fmt) => fmt.replace("%Y", "YYYY").len(),
            Part::Category | Part::Supplier => CODE_LEN,
            Part::Order => ORDER_PART_LEN,
            Part::Line => LINE_LEN,
        }
    }
}

fn parse_token(pos: usize, token: &str) -> Result<Part, TemplateError> {
    let (name, arg) = match token.split_once(':') {
        Some((n, a)) => (n, Some(a)),
        None => (token, None),
    };
    let digits = |arg: Option<&str>, min: usize| -> Result<usize, TemplateError> {
        let n: usize = arg
            .and_then(|a| a.parse().ok())
            .ok_or_else(|| err(pos, format!("{{{name}:N}} needs a number of digits N")))?;
        if !(min..=18).contains(&n) {
            return Err(err(
                pos,
                format!("{{{name}:N}} takes N from {min} to 18, got {n}"),
            ));
        }
        Ok(n)
    };
    match (name, arg) {
        ("rand", a) => Ok(Part::Rand(digits(a, 1)?)),
        ("seq", a) => Ok(Part::Seq(digits(a, 1)?)),
        ("date", Some(fmt)) => {
            validate_date(pos, fmt)?;
            Ok(Part::Date(fmt.to_owned()))
        }
        ("date", None) => Err(err(pos, "{date:FORMAT} needs a format such as %Y%m%d")),
        ("category", None) => Ok(Part::Category),
        ("supplier", None) => Ok(Part::Supplier),
        ("order", None) => Ok(Part::Order),
        ("line", None) => Ok(Part::Line),
        _ => Err(err(
            pos,
            format!(
                "unknown token {{{token}}}; known: rand:N, seq:N, date:FMT, category, supplier, order, line"
            ),
        )),
    }
}

fn validate_date(pos: usize, fmt: &str) -> Result<(), TemplateError> {
    let mut chars = fmt.chars();
    while let Some(c) = chars.next() {
        match c {
            '%' => match chars.next() {
                Some('Y' | 'y' | 'm' | 'd' | 'H' | 'M') => {}
                other => {
                    return Err(err(
                        pos,
                        format!(
                            "date format supports %Y %y %m %d %H %M, not %{}",
                            other.map(String::from).unwrap_or_default()
                        ),
                    ));
                }
            },
            c if is_sku_char(c) => {}
            c => return Err(err(pos, format!("{c:?} may not appear in a SKU date"))),
        }
    }
    Ok(())
}

fn format_date(fmt: &str, now: OffsetDateTime) -> String {
    let mut out = String::new();
    let mut chars = fmt.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let _ = match chars.next() {
            Some('Y') => write!(out, "{:04}", now.year()),
            Some('y') => write!(out, "{:02}", now.year() % 100),
            Some('m') => write!(out, "{:02}", u8::from(now.month())),
            Some('d') => write!(out, "{:02}", now.day()),
            Some('H') => write!(out, "{:02}", now.hour()),
            Some('M') => write!(out, "{:02}", now.minute()),
            _ => Ok(()),
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::{prop_assert, prop_assert_eq, proptest};
    use time::macros::datetime;

    #[test]
    fn every_listed_token_parses() {
        for token in TOKENS {
            let t = token.replace('N', "4");
            let template = format!("A{t}{{rand:6}}");
            assert!(SkuTemplate::parse(&template).is_ok(), "{template}");
        }
    }

    fn ctx() -> SkuContext<'static> {
        SkuContext {
            category_prefix: "CUP",
            supplier_code: "ACME",
            order_number: "#1001-A",
            line_no: 2,
            seq: 42,
            now: datetime!(2026-03-07 09:05 UTC),
        }
    }

    fn render(t: &str) -> String {
        SkuTemplate::parse(t)
            .unwrap()
            .render(&ctx(), &mut rand::rng())
    }

    #[test]
    fn default_template_is_sku_and_eight_digits() {
        let sku = render(DEFAULT_TEMPLATE);
        assert_eq!(sku.len(), 11);
        assert!(sku.starts_with("SKU"));
        assert!(sku[3..].chars().all(|c| c.is_ascii_digit()));
    }

    #[test]
    fn every_token() {
        assert_eq!(
            render("{category}-{supplier}-{line}-{date:%Y%m%d}-{seq:5}"),
            "CUP-ACME-2-20260307-00042"
        );
        let long = SkuContext {
            order_number: &"9".repeat(60),
            ..ctx()
        };
        assert_eq!(
            SkuTemplate::parse("{order}{rand:4}")
                .unwrap()
                .render(&long, &mut rand::rng())
                .len(),
            ORDER_PART_LEN + 4
        );
        assert_eq!(render("X{date:%y.%H%M}{seq:1}"), "X26.090542");
        assert!(render("{order}-{rand:4}").starts_with("1001-A-"));
    }

    #[test]
    fn refusals_say_why_and_where() {
        let cases = [
            ("SKU{rand:8", "unclosed"),
            ("SKU}", "without a matching"),
            ("SKU{rnd:8}", "unknown token"),
            ("SKU{rand:x}", "needs a number"),
            ("SKU{rand:40}", "from 1 to 18"),
            ("SKU {rand:8}", "may not appear"),
            ("{category}{order}", "needs {rand:N}"),
            ("A{rand:3}", "needs {rand:N}"),
            ("{date:%Q}{seq:3}", "%Y %y"),
            ("{date}{seq:3}", "needs a format"),
            ("{category}-{supplier}-{order}-{seq:6}", "79 characters"),
        ];
        for (t, want) in cases {
            let e = SkuTemplate::parse(t).unwrap_err();
            assert!(e.reason.contains(want), "{t}: {e}");
        }
        assert_eq!(SkuTemplate::parse("SKU{rand:8").unwrap_err().position, 3);
    }

    #[test]
    fn seq_use_is_known() {
        assert!(SkuTemplate::parse("A{seq:4}").unwrap().uses_seq());
        assert!(!SkuTemplate::parse(DEFAULT_TEMPLATE).unwrap().uses_seq());
    }

    proptest! {
        #[test]
        fn rendered_skus_use_only_sku_characters(order in "\\PC{0,80}", prefix in "\\PC{0,30}") {
            let t = SkuTemplate::parse("{category}-{order}-{rand:6}").unwrap();
            let c = SkuContext { category_prefix: &prefix, order_number: &order, ..ctx() };
            let sku = t.render(&c, &mut rand::rng());
            prop_assert!(sku.chars().all(is_sku_char));
            prop_assert!(sku.len() <= MAX_SKU_LEN);
        }

        #[test]
        fn seq_skus_are_unique(start in 0i64..1_000_000, n in 1usize..200) {
            let t = SkuTemplate::parse("S{seq:6}").unwrap();
            let skus: std::collections::HashSet<String> = (0..n as i64)
                .map(|i| t.render(&SkuContext { seq: start + i, ..ctx() }, &mut rand::rng()))
                .collect();
            prop_assert_eq!(skus.len(), n);
        }

        #[test]
        fn parse_never_panics(t in "\\PC{0,40}") {
            let _ = SkuTemplate::parse(&t);
        }
    }
}
