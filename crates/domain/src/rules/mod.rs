//! Automation rules (自动化规则): an operator's "when this happens, if
//! these hold, do that", stored as data.
//!
//! A rule has a [`RuleTrigger`] (an order received, a task's status changed),
//! conditions on the facts of that moment ([`Condition`], all must hold)
//! and actions ([`RuleAction`]). [`evaluate`] is the one place rules are read:
//! the store calls it in the transaction of the change that triggers them
//! and records each [`Firing`] as a `rule.fired` event with why it fired.

mod condition;
mod form;

pub use condition::{Condition, RuleField, RuleOp};
pub use form::{MAX_ACTIONS, MAX_CONDITIONS, NewRule};

use crate::model::Priority;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

vocabulary!(
    /// When a rule is looked at.
    RuleTrigger {
        /// An order is taken in (any channel, an import, the API), before
        /// the review gate decides on its release.
        OrderReceived => "order_received",
        /// A task moves to another status.
        TaskStatusChanged => "task_status_changed",
    }
);

/// What a rule does when it fires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "do", rename_all = "snake_case", deny_unknown_fields)]
pub enum RuleAction {
    /// The order's priority (its tasks come first on suppliers' boards;
    /// `order_received` only).
    SetPriority { priority: Priority },
    /// The order waits in review for a person, with this reason
    /// (`order_received` only).
    Hold { reason: String },
    /// Its product lines go to this category (id or name) instead of the
    /// one their keywords find (`order_received` only).
    RouteToCategory { category: String },
    /// Its product lines go to this supplier (stored as its id; given by
    /// id or name) when it serves their category, is active and has not
    /// rejected the line; otherwise, and after a rejection, the rotation
    /// decides. No turn of the rotation, no capacity check: a person's
    /// standing choice (`order_received` only).
    RouteToSupplier { supplier: String },
    /// The order gets this tag (`order_received` only).
    AddTag { tag: String },
    /// The seller's staff are told, in their inbox, by e-mail and robots.
    Notify { message: String },
    /// A `rule.webhook` event goes to the webhook endpoints subscribed to
    /// it.
    Webhook,
}

impl RuleAction {
    /// Whether the action may follow `trigger`: a task's move can tell
    /// people and call webhooks; what shapes an order is decided when it
    /// is received.
    pub fn fits(&self, trigger: RuleTrigger) -> bool {
        match trigger {
            RuleTrigger::OrderReceived => true,
            RuleTrigger::TaskStatusChanged => {
                matches!(self, RuleAction::Notify { .. } | RuleAction::Webhook)
            }
        }
    }
}

/// A stored rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Rule {
    pub id: String,
    pub name: String,
    pub trigger: RuleTrigger,
    pub conditions: Vec<Condition>,
    pub actions: Vec<RuleAction>,
    pub active: bool,
    /// Rules fire in this order (lowest first); a later rule's priority
    /// wins.
    pub position: i64,
    /// 1 when created, one more at each change.
    pub version: i64,
    pub updated_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// One version of a rule, as it was saved.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RuleVersion {
    pub version: i64,
    /// The rule as saved (`{"deleted": true}` for a removal).
    pub body: serde_json::Value,
    pub changed_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub changed_at: OffsetDateTime,
}

/// What conditions read: the order (and, for a task's move, the task).
#[derive(Debug, Clone, Default)]
pub struct RuleFacts {
    pub platform: String,
    pub country: Option<String>,
    pub currency: String,
    pub total: Option<Decimal>,
    pub customer_email: Option<String>,
    pub customer_name: Option<String>,
    /// Any line carries a personalisation.
    pub personalised: bool,
    /// Each product line's category name (lower case), when known.
    pub categories: Vec<String>,
    /// Each product line's title.
    pub titles: Vec<String>,
    /// Units over the product lines.
    pub quantity: i64,
    /// The order's tags.
    pub tags: Vec<String>,
    /// A task's move: its new status and its supplier's name and id.
    pub task_status: Option<String>,
    pub supplier: Option<(String, String)>,
}

/// One rule that fired, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Firing {
    pub rule_id: String,
    pub rule_name: String,
    pub version: i64,
    pub actions: Vec<RuleAction>,
    /// Each condition with the value it found (`total 612.00 USD > 500 USD`).
    pub why: Vec<String>,
}

/// The rules of `trigger` among `rules` whose conditions all hold on
/// `facts`, in position order.
pub fn evaluate(rules: &[Rule], trigger: RuleTrigger, facts: &RuleFacts) -> Vec<Firing> {
    let mut fitting: Vec<&Rule> = rules
        .iter()
        .filter(|r| r.active && r.trigger == trigger)
        .collect();
    fitting.sort_by_key(|r| (r.position, r.id.clone()));
    fitting
        .into_iter()
        .filter_map(|r| {
            let why: Option<Vec<String>> = r.conditions.iter().map(|c| c.holds(facts)).collect();
            why.map(|why| Firing {
                rule_id: r.id.clone(),
                rule_name: r.name.clone(),
                version: r.version,
                actions: r.actions.clone(),
                why,
            })
        })
        .collect()
}

/// What firings ask of an order taken in, gathered: the last priority
/// set, the holds' reasons, the last category.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    pub priority: Option<Priority>,
    /// (rule id, rule name, reason)
    pub holds: Vec<(String, String, String)>,
    pub category: Option<String>,
    /// The supplier id a rule prefers for the lines.
    pub supplier: Option<String>,
    /// Tags the rules add.
    pub tags: Vec<String>,
}

impl Outcome {
    pub fn of(firings: &[Firing]) -> Outcome {
        let mut out = Outcome::default();
        for f in firings {
            for a in &f.actions {
                match a {
                    RuleAction::SetPriority { priority } => out.priority = Some(*priority),
                    RuleAction::Hold { reason } => {
                        out.holds
                            .push((f.rule_id.clone(), f.rule_name.clone(), reason.clone()))
                    }
                    RuleAction::RouteToCategory { category } => {
                        out.category = Some(category.clone())
                    }
                    RuleAction::RouteToSupplier { supplier } => {
                        out.supplier = Some(supplier.clone())
                    }
                    RuleAction::AddTag { tag } => out.tags.push(tag.clone()),
                    RuleAction::Notify { .. } | RuleAction::Webhook => {}
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;
