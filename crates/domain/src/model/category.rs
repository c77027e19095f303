//! Categories: product types, their keywords, SKU template and strategy.

use crate::ErrorCode;
use crate::proof::ProofPolicy;
use crate::routing::Strategy;
use crate::sku::{self, DEFAULT_TEMPLATE, SkuTemplate};
use crate::validate::{ValidationError, limits, required_text};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

/// A product type and how its orders are routed.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Category {
    pub id: String,
    pub name: String,
    /// Words that classify a product title into this category (any language).
    pub keywords: Vec<String>,
    pub sku_prefix: String,
    pub sku_template: String,
    pub strategy: Strategy,
    /// Suppliers serving the category, in rotation order.
    pub supplier_ids: Vec<String>,
    /// Which of its tasks need a proof approved before production.
    pub proof: ProofPolicy,
    /// Routing by scorecard: suppliers that shipped on time less often
    /// than this (percent, over the last 30 days) are skipped; none: off.
    pub min_on_time: Option<i64>,
    /// The category's promise: lines ship within this many working days
    /// of their supplier (unless the order gives its own date); none: no
    /// promise.
    pub ship_within: Option<i64>,
    /// Never route above capacity: a supplier that cannot have a line
    /// ready by its date is skipped, and a line nobody can make in time
    /// waits for an operator (`no_capacity`).
    pub capacity_cap: bool,
    /// A task not accepted within this many hours moves to the next
    /// supplier by itself; none: it waits.
    pub accept_within: Option<i64>,
    /// Made in steps (工序 / 半成品外包): the categories of its process
    /// steps, in order. Each step is a task routed to a supplier of that
    /// step's category; the next is routed when the previous is
    /// produced. Empty: one supplier makes it.
    pub steps: Vec<String>,
    /// The script that writes its SKUs, if it has one
    /// (`PUT /categories/{id}/script`).
    pub sku_script: Option<String>,
    /// The script that picks each new line's supplier among the
    /// category's, if it has one (`PUT /categories/{id}/route-script`).
    pub route_script: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// `POST /categories`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCategory {
    pub name: String,
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Defaults to the name's first letters, upper case.
    pub sku_prefix: Option<String>,
    /// Defaults to `SKU{rand:8}`.
    pub sku_template: Option<String>,
    pub strategy: Option<Strategy>,
    /// Defaults to `none`.
    #[serde(default)]
    pub proof: Option<ProofPolicy>,
    /// Skip suppliers on time less often than this percent over 30 days
    /// (1–100; 0 or absent: off).
    #[serde(default)]
    pub min_on_time: Option<i64>,
    /// Lines ship within this many working days (1–365; 0 or absent: no
    /// promise).
    #[serde(default)]
    pub ship_within: Option<i64>,
    /// Never route above capacity (default `false`).
    #[serde(default)]
    pub capacity_cap: Option<bool>,
    /// Hours a supplier has to accept a task before it moves on (1–720; 0
    /// or absent: no limit).
    #[serde(default)]
    pub accept_within: Option<i64>,
    /// The categories (ids or names) of its process steps, in order
    /// (at most 10; each a category made in one go).
    #[serde(default)]
    pub steps: Option<Vec<String>>,
}

/// `PATCH /categories/{id}`: only the fields given change.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryPatch {
    pub name: Option<String>,
    pub keywords: Option<Vec<String>>,
    pub sku_prefix: Option<String>,
    pub sku_template: Option<String>,
    pub strategy: Option<Strategy>,
    pub proof: Option<ProofPolicy>,
    /// 1–100 sets the minimum on-time percent; 0 turns it off.
    pub min_on_time: Option<i64>,
    /// 1–365 working days; 0 turns the promise off.
    pub ship_within: Option<i64>,
    pub capacity_cap: Option<bool>,
    /// 1–720 hours; 0 turns the limit off.
    pub accept_within: Option<i64>,
    /// Its process steps' categories, in order; `[]`: made in one go.
    pub steps: Option<Vec<String>>,
}

/// A setting that 0 turns off, as given: 0, or 1 to `max`.
fn setting(field: &str, value: Option<i64>, max: i64) -> Result<Option<i64>, ValidationError> {
    match value {
        Some(v) if !(0..=max).contains(&v) => Err(ValidationError::new(
            field,
            ErrorCode::OutOfRange,
            format!("from 0 (off) to {max}"),
        )),
        other => Ok(other),
    }
}

/// The stored form of such a setting after `patch`: 0 clears it, nothing
/// keeps `current`.
pub fn patched(patch: Option<i64>, current: Option<i64>) -> Option<i64> {
    match patch {
        Some(0) => None,
        Some(v) => Some(v),
        None => current,
    }
}

impl NewCategory {
    pub fn normalize(self) -> Result<Self, ValidationError> {
        let name = required_text("name", &self.name, limits::SHORT)?;
        let sku_prefix = match self.sku_prefix {
            Some(p) => sku_prefix(&p)?,
            None => default_code(&name, "CAT"),
        };
        let sku_template = sku_template(self.sku_template.as_deref().unwrap_or(DEFAULT_TEMPLATE))?;
        Ok(Self {
            keywords: keywords(self.keywords)?,
            name,
            sku_prefix: Some(sku_prefix),
            sku_template: Some(sku_template),
            strategy: Some(self.strategy.unwrap_or_default()),
            proof: Some(self.proof.unwrap_or_default()),
            min_on_time: setting("min_on_time", self.min_on_time, 100)?.filter(|v| *v > 0),
            ship_within: setting("ship_within", self.ship_within, 365)?.filter(|v| *v > 0),
            capacity_cap: Some(self.capacity_cap.unwrap_or(false)),
            accept_within: setting("accept_within", self.accept_within, 720)?.filter(|v| *v > 0),
            steps: self.steps.map(steps).transpose()?,
        })
    }
}

impl CategoryPatch {
    pub fn normalize(self) -> Result<Self, ValidationError> {
        Ok(Self {
            name: self
                .name
                .map(|n| required_text("name", &n, limits::SHORT))
                .transpose()?,
            keywords: self.keywords.map(keywords).transpose()?,
            sku_prefix: self.sku_prefix.map(|p| sku_prefix(&p)).transpose()?,
            sku_template: self.sku_template.map(|t| sku_template(&t)).transpose()?,
            strategy: self.strategy,
            proof: self.proof,
            min_on_time: setting("min_on_time", self.min_on_time, 100)?,
            ship_within: setting("ship_within", self.ship_within, 365)?,
            capacity_cap: self.capacity_cap,
            accept_within: setting("accept_within", self.accept_within, 720)?,
            steps: self.steps.map(steps).transpose()?,
        })
    }
}

/// Steps one category may have.
pub const MAX_STEPS: usize = 10;

/// A recipe's step references, trimmed (at most [`MAX_STEPS`]).
fn steps(list: Vec<String>) -> Result<Vec<String>, ValidationError> {
    if list.len() > MAX_STEPS {
        return Err(ValidationError::new(
            "steps",
            ErrorCode::TooMany,
            format!("at most {MAX_STEPS} steps"),
        ));
    }
    list.iter()
        .enumerate()
        .map(|(i, s)| {
            required_text("", s, limits::SHORT).map_err(|e| e.within(&format!("steps[{i}]")))
        })
        .collect()
}

fn keywords(list: Vec<String>) -> Result<Vec<String>, ValidationError> {
    if list.len() > limits::KEYWORDS {
        return Err(ValidationError::new(
            "keywords",
            ErrorCode::TooMany,
            format!("at most {} keywords", limits::KEYWORDS),
        ));
    }
    let mut out: Vec<String> = Vec::new();
    for (i, k) in list.iter().enumerate() {
        let k =
            required_text("", k, limits::SHORT).map_err(|e| e.within(&format!("keywords[{i}]")))?;
        if !out.iter().any(|o| o.to_lowercase() == k.to_lowercase()) {
            out.push(k);
        }
    }
    Ok(out)
}

/// Validates a category's SKU prefix (up to 16 SKU characters, trimmed).
pub fn sku_prefix(p: &str) -> Result<String, ValidationError> {
    let p = p.trim();
    if p.chars().count() > 16 || !p.chars().all(sku::is_sku_char) {
        return Err(ValidationError::new(
            "sku_prefix",
            ErrorCode::InvalidSkuPrefix,
            "at most 16 characters of A-Z a-z 0-9 - _ . /",
        ));
    }
    Ok(p.to_owned())
}

/// `POST /categories/{id}/sku-preview`: try a template before saving it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SkuPreviewRequest {
    /// A template to try; the category's own when absent.
    pub template: Option<String>,
}

/// What the next SKU of a category would look like.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SkuPreview {
    pub template: String,
    pub sku: String,
}

/// Validates a SKU template, answering with the grammar's reason.
pub fn sku_template(t: &str) -> Result<String, ValidationError> {
    SkuTemplate::parse(t.trim())
        .map(|t| t.as_str().to_owned())
        .map_err(|e| {
            ValidationError::new("sku_template", ErrorCode::InvalidSkuTemplate, e.to_string())
        })
}

/// The first SKU a new category with this template and prefix would give
/// (supplier code `SUPPLIER`, order `1001`, line 1, `{seq}` at 1): what a
/// form shows while the template is typed.
pub fn preview_new_sku(template: &str, prefix: &str) -> Result<String, ValidationError> {
    let source = sku_template(template)?;
    let parsed = SkuTemplate::parse(&source).map_err(|e| {
        ValidationError::new("sku_template", ErrorCode::InvalidSkuTemplate, e.to_string())
    })?;
    let prefix = if prefix.trim().is_empty() {
        "CAT".to_owned()
    } else {
        sku_prefix(prefix)?
    };
    let ctx = crate::sku::SkuContext {
        category_prefix: &prefix,
        supplier_code: "SUPPLIER",
        order_number: "1001",
        line_no: 1,
        seq: 1,
        now: time::OffsetDateTime::now_utc(),
    };
    Ok(parsed.render(&ctx, &mut rand::rng()))
}

/// Upper-case ASCII letters and digits of `name`, at most 6, or `fallback`.
pub fn default_code(name: &str, fallback: &str) -> String {
    let code: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(6)
        .collect::<String>()
        .to_ascii_uppercase();
    if code.is_empty() {
        fallback.to_owned()
    } else {
        code
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn category_defaults() {
        let c: NewCategory = serde_json::from_value(json!({"name": "Phone cases"})).unwrap();
        let c = c.normalize().unwrap();
        assert_eq!(c.sku_prefix.as_deref(), Some("PHONEC"));
        assert_eq!(c.sku_template.as_deref(), Some(DEFAULT_TEMPLATE));
        assert_eq!(c.strategy, Some(Strategy::RoundRobin));
        let c: NewCategory =
            serde_json::from_value(json!({"name": "杯子", "sku_template": "X{rand:2}"})).unwrap();
        assert_eq!(c.normalize().unwrap_err().code, "invalid_sku_template");
    }

    #[test]
    fn a_new_template_previews_its_first_sku() {
        assert_eq!(
            preview_new_sku("{category}-{seq:4}", "HAT").unwrap(),
            "HAT-0001"
        );
        assert_eq!(preview_new_sku("{category}{seq:3}", "").unwrap(), "CAT001");
        assert_eq!(
            preview_new_sku("NOPE", "HAT").unwrap_err().code,
            "invalid_sku_template"
        );
    }
}

vocabulary!(
    /// A category's scripts (the script step): which one, by its column.
    CategoryScript {
        /// Writes each new task's SKU.
        Sku => "sku_script",
        /// Picks each new line's supplier among the category's.
        Route => "route_script",
    }
);
