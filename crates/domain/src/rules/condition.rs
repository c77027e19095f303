//! A rule's conditions: a field of the facts, a comparison, a value.

use super::RuleFacts;
use crate::ErrorCode;
use crate::validate::{ValidationError, limits};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use utoipa::ToSchema;

vocabulary!(
    /// What a condition looks at.
    RuleField {
        /// The marketplace (`amazon`, `shopify`, `etsy`, `woocommerce`, …).
        Platform => "platform",
        /// The ship-to country (ISO code, `US`).
        Country => "country",
        /// The order's total, written with its currency (`500 USD`); an
        /// order in another currency does not match.
        Total => "total",
        /// The order's currency.
        Currency => "currency",
        /// The buyer's e-mail.
        CustomerEmail => "customer_email",
        /// The buyer's name.
        CustomerName => "customer_name",
        /// Any line carries a personalisation (`true` / `false`).
        Personalised => "personalised",
        /// Any product line's category (by name).
        Category => "category",
        /// Any product line's title.
        Title => "title",
        /// Units over the product lines.
        Quantity => "quantity",
        /// Any of the order's tags (a marketplace's, such as Shopify's
        /// order and customer tags, or one a rule added).
        Tag => "tag",
        /// A task's new status (task triggers).
        TaskStatus => "task_status",
        /// A task's supplier, by name or id (task triggers).
        Supplier => "supplier",
    }
);

vocabulary!(
    /// How a field is compared.
    RuleOp {
        Eq => "eq",
        Ne => "ne",
        Gt => "gt",
        Gte => "gte",
        Lt => "lt",
        Lte => "lte",
        /// Text contains the value (any case).
        Contains => "contains",
        /// One of the comma-separated values (any case).
        In => "in",
    }
);

/// `{"field": "total", "op": "gt", "value": "500 USD"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub field: RuleField,
    pub op: RuleOp,
    pub value: String,
}

enum Kind {
    Text,
    Number,
    Money,
    Flag,
}

fn kind(field: RuleField) -> Kind {
    match field {
        RuleField::Total => Kind::Money,
        RuleField::Quantity => Kind::Number,
        RuleField::Personalised => Kind::Flag,
        _ => Kind::Text,
    }
}

/// `500 USD` as (amount, currency).
fn money(value: &str) -> Option<(Decimal, String)> {
    let (amount, currency) = value.trim().rsplit_once(' ')?;
    let currency = currency.trim().to_ascii_uppercase();
    let ok = currency.len() == 3 && currency.chars().all(|c| c.is_ascii_alphabetic());
    Some((Decimal::from_str(amount.trim()).ok()?, currency)).filter(|_| ok)
}

impl Condition {
    /// Checks the value fits the field and the comparison.
    pub fn validate(self, at: &str) -> Result<Condition, ValidationError> {
        let bad = |code, detail: &str| ValidationError::new(at, code, detail.to_owned());
        let value = self.value.trim().to_owned();
        if value.is_empty() || value.len() > limits::TEXT {
            return Err(bad(
                ErrorCode::Required,
                "a condition compares with a value",
            ));
        }
        let ordered = matches!(self.op, RuleOp::Gt | RuleOp::Gte | RuleOp::Lt | RuleOp::Lte);
        match kind(self.field) {
            Kind::Money if money(&value).is_none() => {
                return Err(bad(
                    ErrorCode::InvalidCondition,
                    "a total is an amount and its currency, e.g. 500 USD",
                ));
            }
            Kind::Money if matches!(self.op, RuleOp::Contains | RuleOp::In) => {
                return Err(bad(
                    ErrorCode::InvalidCondition,
                    "a total is compared with eq, ne, gt, gte, lt or lte",
                ));
            }
            Kind::Number if value.parse::<i64>().is_err() => {
                return Err(bad(ErrorCode::InvalidCondition, "a whole number"));
            }
            Kind::Flag
                if !matches!(value.as_str(), "true" | "false")
                    || !matches!(self.op, RuleOp::Eq | RuleOp::Ne) =>
            {
                return Err(bad(
                    ErrorCode::InvalidCondition,
                    "personalised is eq true or eq false",
                ));
            }
            Kind::Text if ordered => {
                return Err(bad(
                    ErrorCode::InvalidCondition,
                    "text is compared with eq, ne, contains or in",
                ));
            }
            _ => {}
        }
        Ok(Condition { value, ..self })
    }

    /// Whether the condition holds on `facts`: `Some(what it found)` when
    /// it does.
    pub fn holds(&self, facts: &RuleFacts) -> Option<String> {
        let found: Vec<String> = match self.field {
            RuleField::Platform => vec![facts.platform.clone()],
            RuleField::Country => facts.country.iter().cloned().collect(),
            RuleField::Currency => vec![facts.currency.clone()],
            RuleField::CustomerEmail => facts.customer_email.iter().cloned().collect(),
            RuleField::CustomerName => facts.customer_name.iter().cloned().collect(),
            RuleField::Category => facts.categories.clone(),
            RuleField::Title => facts.titles.clone(),
            RuleField::Tag => facts.tags.clone(),
            RuleField::TaskStatus => facts.task_status.iter().cloned().collect(),
            RuleField::Supplier => facts
                .supplier
                .iter()
                .flat_map(|(id, name)| [name.clone(), id.clone()])
                .collect(),
            RuleField::Personalised => vec![facts.personalised.to_string()],
            RuleField::Quantity => vec![facts.quantity.to_string()],
            RuleField::Total => facts
                .total
                .map(|t| format!("{t} {}", facts.currency))
                .into_iter()
                .collect(),
        };
        let hit = match kind(self.field) {
            Kind::Money => found.first().is_some_and(|f| self.compare_money(f)),
            Kind::Number => found.first().is_some_and(|f| self.compare_number(f)),
            _ => match self.op {
                // "ne": none of the values is it
                RuleOp::Ne => found.iter().all(|f| !f.eq_ignore_ascii_case(&self.value)),
                _ => found.iter().any(|f| self.compare_text(f)),
            },
        };
        hit.then(|| {
            format!(
                "{} {} {} ({})",
                self.field,
                self.op,
                self.value,
                if found.is_empty() {
                    "none".to_owned()
                } else {
                    found.join(", ")
                }
            )
        })
    }

    fn compare_text(&self, found: &str) -> bool {
        let (f, v) = (found.to_lowercase(), self.value.to_lowercase());
        match self.op {
            RuleOp::Eq => f == v,
            RuleOp::Contains => f.contains(&v),
            RuleOp::In => v.split(',').any(|x| x.trim() == f),
            _ => false,
        }
    }

    fn ordered<T: PartialOrd>(&self, found: T, want: T) -> bool {
        match self.op {
            RuleOp::Eq => found == want,
            RuleOp::Ne => found != want,
            RuleOp::Gt => found > want,
            RuleOp::Gte => found >= want,
            RuleOp::Lt => found < want,
            RuleOp::Lte => found <= want,
            RuleOp::Contains | RuleOp::In => false,
        }
    }

    fn compare_number(&self, found: &str) -> bool {
        match (found.parse::<i64>(), self.value.parse::<i64>()) {
            (Ok(f), Ok(v)) => self.ordered(f, v),
            _ => false,
        }
    }

    fn compare_money(&self, found: &str) -> bool {
        match (money(found), money(&self.value)) {
            (Some((f, fc)), Some((v, vc))) if fc == vc => self.ordered(f, v),
            _ => false,
        }
    }
}
