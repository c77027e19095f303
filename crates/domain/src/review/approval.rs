//! Approval rules (订单审批): which orders need whose approval before they
//! go to suppliers — "over 10,000 CNY needs an admin", "every order of
//! this wholesale customer", "every WooCommerce order".
//!
//! A rule's conditions all have to hold; an amount is compared in the
//! rule's currency only (orderhub keeps no exchange rates yet, so a seller
//! selling in two currencies writes a rule for each). When several rules
//! apply, the one asking the higher role wins.

use super::Facts;
use crate::ErrorCode;
use crate::access::Role;
use crate::money;
use crate::validate::{ValidationError, email, limits, optional_text, required_text};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

vocabulary!(
    /// Where an order stands with its approval rule.
    ApprovalState {
        /// A rule applies and nobody has approved yet.
        Required => "required",
        /// Approved by someone the rule allows.
        Approved => "approved",
    }
);

vocabulary!(
    /// An approver's answer.
    Decision {
        /// Approve: the order is released.
        Approve => "approve",
        /// Refuse: the order is cancelled, with the comment as the reason.
        Reject => "reject",
    }
);

/// `POST /orders/{id}/approval`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApprovalDecision {
    pub decision: Decision,
    /// Required to reject (it becomes the cancellation's reason).
    #[serde(default)]
    pub comment: Option<String>,
}

impl ApprovalDecision {
    /// Trims the comment; a refusal must say why.
    pub fn normalize(self) -> Result<ApprovalDecision, ValidationError> {
        let comment = optional_text("comment", self.comment.as_deref(), limits::TEXT)?;
        if self.decision == Decision::Reject && comment.is_none() {
            return Err(ValidationError::new(
                "comment",
                ErrorCode::ReasonRequired,
                "say why the order is refused",
            ));
        }
        Ok(ApprovalDecision {
            decision: self.decision,
            comment,
        })
    }
}

/// A stored approval rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ApprovalRule {
    pub id: String,
    pub name: String,
    /// Orders of at least this total (in `currency`).
    #[schema(value_type = Option<String>, example = "10000.00")]
    pub min_amount: Option<Decimal>,
    pub currency: Option<String>,
    /// Orders from this platform (`amazon`, `shopify`, …).
    pub platform: Option<String>,
    /// Orders of this buyer (e-mail, any case).
    pub customer_email: Option<String>,
    /// Who may approve: `admin`, or `operator` (admins too).
    pub approver: Role,
    pub active: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// `POST /approval-rules` and `PUT /approval-rules/{id}`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewApprovalRule {
    pub name: String,
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "10000.00")]
    pub min_amount: Option<Decimal>,
    /// Required with `min_amount`.
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub platform: Option<String>,
    #[serde(default)]
    pub customer_email: Option<String>,
    /// `admin` (default) or `operator`.
    #[serde(default)]
    pub approver: Option<Role>,
    /// Default `true`.
    #[serde(default)]
    pub active: Option<bool>,
}

impl NewApprovalRule {
    /// Trims and checks every field; a rule needs at least one condition.
    pub fn normalize(self) -> Result<NewApprovalRule, ValidationError> {
        let name = required_text("name", &self.name, limits::NAME)?;
        let currency = match self.currency.as_deref() {
            Some(c) if !c.trim().is_empty() => Some(money::currency("currency", c)?),
            _ => None,
        };
        let min_amount = match self.min_amount {
            Some(a) => {
                let c = currency.as_deref().ok_or_else(|| {
                    ValidationError::new(
                        "currency",
                        ErrorCode::Required,
                        "an amount needs its currency",
                    )
                })?;
                Some(money::amount("min_amount", a, c)?)
            }
            None => None,
        };
        let platform = optional_text("platform", self.platform.as_deref(), 32)?
            .map(|p| p.to_ascii_lowercase());
        let customer_email =
            email("customer_email", self.customer_email.as_deref())?.map(|e| e.to_lowercase());
        if min_amount.is_none() && platform.is_none() && customer_email.is_none() {
            return Err(ValidationError::new(
                "min_amount",
                ErrorCode::RuleWithoutCondition,
                "a rule needs an amount, a platform or a customer",
            ));
        }
        let approver = self.approver.unwrap_or(Role::Admin);
        if !approver.is_staff() {
            return Err(ValidationError::new(
                "approver",
                ErrorCode::InvalidApprover,
                "the approver is an admin or an operator",
            ));
        }
        Ok(NewApprovalRule {
            name,
            min_amount,
            currency: if min_amount.is_some() { currency } else { None },
            platform,
            customer_email,
            approver: Some(approver),
            active: Some(self.active.unwrap_or(true)),
        })
    }
}

impl ApprovalRule {
    /// Whether every condition of the rule holds for the order.
    pub fn matches(&self, facts: &Facts<'_>) -> bool {
        let amount = self.min_amount.is_none_or(|min| {
            self.currency.as_deref() == Some(facts.currency)
                && facts.total.is_some_and(|t| t >= min)
        });
        let platform = self
            .platform
            .as_deref()
            .is_none_or(|p| p.eq_ignore_ascii_case(facts.platform));
        let customer = self.customer_email.as_deref().is_none_or(|e| {
            facts
                .customer_email
                .is_some_and(|c| c.trim().eq_ignore_ascii_case(e))
        });
        self.active && amount && platform && customer
    }

    /// Whether someone of `role` may approve under this rule.
    pub fn may_approve(&self, role: Role) -> bool {
        match self.approver {
            Role::Operator => role.is_staff(),
            _ => role == Role::Admin,
        }
    }
}

/// The rule that applies to `facts`: of those that match, the one asking
/// the higher role, then the larger amount, then the first by name.
pub fn applicable<'r>(rules: &'r [ApprovalRule], facts: &Facts<'_>) -> Option<&'r ApprovalRule> {
    rules.iter().filter(|r| r.matches(facts)).min_by(|a, b| {
        let rank = |r: &ApprovalRule| u8::from(r.approver != Role::Admin);
        rank(a)
            .cmp(&rank(b))
            .then(b.min_amount.cmp(&a.min_amount))
            .then(a.name.cmp(&b.name))
    })
}
