//! The review gate between intake and release (订单评审 / 订单审批).
//!
//! Before an order goes to suppliers, [`review`] runs every check on what
//! orderhub knows of it — paid, a ship-to address a supplier can use,
//! prices that are not below what the supplier is paid — and finds the
//! approval rule ([`approval`]) that applies, if any. [`Review::verdict`]
//! then decides, for the way the release was asked for ([`Asked`]):
//!
//! - a release by **policy** (a channel set to release at once, a payment
//!   or update arriving for an order waiting on one) is *held* while any
//!   check fails or an approval is missing: nobody looked at the order;
//! - a release a **person asked for** (an operator's release, an order
//!   entered with `purchasing`) goes ahead with the failed checks recorded
//!   as acknowledged — the person saw them — but never without the
//!   approval a rule requires.
//!
//! Stock is a check too ([`StockLevels`]): a line of a stocked SKU short
//! of units holds a release by policy; a person's release has it made.
//! The store calls this one function wherever a release is asked.

mod approval;
mod stock;
#[cfg(test)]
mod tests;

pub use stock::{MaterialNeeds, StockLevels};

pub use approval::{
    ApprovalDecision, ApprovalRule, ApprovalState, Decision, NewApprovalRule,
    applicable as applicable_rule,
};

use crate::access::Role;
use crate::model::{Address, NewOrder, Order, PaymentStatus};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;
use utoipa::ToSchema;

vocabulary!(
    /// One check of the review gate.
    Check {
        /// The order is paid or its payment authorised.
        Paid => "paid",
        /// The ship-to address names a street, a city and a country.
        Address => "address",
        /// The lines have prices, none below the supplier's price for
        /// that product.
        Prices => "prices",
        /// No approval rule applies, or the order is approved.
        Approval => "approval",
        /// Every line of a stocked SKU is covered by what is available
        /// (a line of a SKU nobody stocks is made, and passes).
        Stock => "stock",
        /// The materials of the lines to be made are in stock (products
        /// that list none pass).
        Materials => "materials",
        /// No automation rule holds the order for a person to look at
        /// ([`crate::rules`]).
        Rule => "rule",
    }
);

vocabulary!(
    /// What a pending order waits on, as the review queue filters it.
    Awaiting {
        /// Its release by policy is held by failed checks.
        Held => "held",
        /// An approval rule applies and nobody has approved yet.
        Approval => "approval",
    }
);

/// What a check found wrong, with what the sentence needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(tag = "problem", rename_all = "snake_case")]
// named apart from the API's problem+json document (`Problem`)
#[schema(as = ReviewProblem)]
pub enum Problem {
    /// Not paid (nor authorised).
    Unpaid { payment_status: PaymentStatus },
    /// No ship-to address at all.
    NoAddress,
    /// The address lacks these parts (`line1`, `city`).
    AddressIncomplete { missing: Vec<&'static str> },
    /// No product line has a price (Amazon's pending orders carry 0.00
    /// until paid). One free line among priced ones is a gift, not this.
    NoPrices,
    /// A line sells below the lowest supplier price of its product.
    BelowSupplyPrice {
        line_no: i64,
        #[schema(value_type = String)]
        unit_price: Decimal,
        #[schema(value_type = String)]
        supply_price: Decimal,
        product_code: String,
    },
    /// An approval rule applies and nobody has approved yet.
    NeedsApproval {
        rule_id: String,
        rule_name: String,
        approver: Role,
    },
    /// A line's SKU is stocked but too few are available: wait for a
    /// receipt, substitute another product, or release it to be made.
    ShortStock {
        line_no: i64,
        sku: String,
        quantity: i64,
        available: i64,
    },
    /// The lines to be made need more of a material than is in stock.
    ShortMaterial {
        sku: String,
        needed: i64,
        available: i64,
    },
    /// An automation rule holds the order for a person.
    RuleHold {
        rule_id: String,
        rule_name: String,
        reason: String,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Unpaid { payment_status } => write!(f, "the order is {payment_status}"),
            Problem::NoAddress => f.write_str("there is no ship-to address"),
            Problem::AddressIncomplete { missing } => {
                write!(f, "the address has no {}", missing.join(" and no "))
            }
            Problem::NoPrices => f.write_str("no line has a price"),
            Problem::BelowSupplyPrice {
                line_no,
                unit_price,
                supply_price,
                product_code,
            } => write!(
                f,
                "line {line_no} sells at {unit_price}, below the supplier price {supply_price} of {product_code}"
            ),
            Problem::NeedsApproval {
                rule_name,
                approver,
                ..
            } => write!(f, "rule “{rule_name}” needs an {approver}'s approval"),
            Problem::ShortStock {
                line_no,
                sku,
                quantity,
                available,
            } => write!(
                f,
                "line {line_no} needs {quantity} of {sku}, {available} available: wait for stock, substitute, or release it to be made"
            ),
            Problem::ShortMaterial {
                sku,
                needed,
                available,
            } => write!(
                f,
                "making it takes {needed} of material {sku}, {available} in stock"
            ),
            Problem::RuleHold {
                rule_name, reason, ..
            } => write!(f, "rule “{rule_name}” holds it: {reason}"),
        }
    }
}

/// One check's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Finding {
    pub check: Check,
    pub passed: bool,
    /// Empty when it passed.
    pub problems: Vec<Problem>,
}

/// An order line, as the checks read it.
#[derive(Debug, Clone)]
pub struct LineFacts<'a> {
    pub line_no: i64,
    pub unit_price: Option<Decimal>,
    pub platform_sku: Option<&'a str>,
    pub quantity: i64,
    /// A tip, a fee, a gift card: money, not a product.
    pub no_task: bool,
}

/// What the checks read of an order.
#[derive(Debug, Clone)]
pub struct Facts<'a> {
    pub payment: PaymentStatus,
    pub address: Option<&'a Address>,
    pub platform: &'a str,
    pub currency: &'a str,
    pub total: Option<Decimal>,
    pub customer_email: Option<&'a str>,
    pub lines: Vec<LineFacts<'a>>,
    /// Automation rules that hold the order: (rule id, name, reason).
    pub holds: Vec<(String, String, String)>,
}

impl<'a> Facts<'a> {
    /// An order as it arrives (normalised).
    pub fn of_new(o: &'a NewOrder) -> Self {
        Facts {
            payment: o.payment_status.unwrap_or(PaymentStatus::Unpaid),
            address: o.shipping_address.as_ref(),
            platform: &o.platform,
            currency: &o.currency,
            total: o.total_amount,
            customer_email: o.customer.email.as_deref(),
            holds: Vec::new(),
            lines: o
                .lines
                .iter()
                .enumerate()
                .map(|(i, l)| LineFacts {
                    line_no: i as i64 + 1,
                    unit_price: Some(l.unit_price),
                    platform_sku: l.platform_sku.as_deref(),
                    quantity: l.quantity,
                    no_task: l.no_task.is_some(),
                })
                .collect(),
        }
    }

    /// An order as stored (read by staff: prices present).
    pub fn of_order(o: &'a Order) -> Self {
        Facts {
            payment: o.payment_status,
            address: o.shipping_address.as_ref(),
            platform: &o.platform,
            currency: &o.currency,
            total: o.total_amount,
            customer_email: o.customer.email.as_deref(),
            holds: Vec::new(),
            lines: o
                .lines
                .iter()
                .map(|l| LineFacts {
                    line_no: l.line_no,
                    unit_price: l.unit_price,
                    platform_sku: l.platform_sku.as_deref(),
                    quantity: l.quantity,
                    no_task: l.no_task.is_some() || l.removed,
                })
                .collect(),
        }
    }

    /// The product codes whose supplier prices the price check needs,
    /// lower-cased as products are keyed.
    pub fn product_keys(&self) -> impl Iterator<Item = String> + '_ {
        self.lines
            .iter()
            .filter(|l| !l.no_task)
            .filter_map(|l| l.platform_sku.map(str::to_lowercase))
    }
}

/// The lowest supplier price of each product code (lower-cased), per
/// currency, with the code as the supplier wrote it.
#[derive(Debug, Clone, Default)]
pub struct SupplyPrices(HashMap<(String, String), (Decimal, String)>);

impl SupplyPrices {
    /// Adds one supplier's price of `code` in `currency`; the lowest stays.
    pub fn add(&mut self, code: &str, currency: &str, price: Decimal) {
        let key = (code.to_lowercase(), currency.to_owned());
        let entry = self.0.entry(key).or_insert((price, code.to_owned()));
        if price < entry.0 {
            *entry = (price, code.to_owned());
        }
    }

    fn lowest(&self, sku: &str, currency: &str) -> Option<&(Decimal, String)> {
        self.0.get(&(sku.to_lowercase(), currency.to_owned()))
    }
}

/// Every check's result and the approval rule that applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Review {
    pub findings: Vec<Finding>,
    /// The rule whose approval the order needs (approved or not).
    pub approval_rule: Option<ApprovalRule>,
    /// Whether that approval has been given.
    pub approved: bool,
}

/// How a release was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asked {
    /// By a setting, with nobody looking (a channel releasing at once, a
    /// held order whose payment arrived).
    Policy,
    /// By a person who saw the order (an operator's release, an order
    /// entered as `purchasing`).
    Person,
}

/// What the gate decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Release; `acknowledged` are the checks that failed and a person
    /// released it anyway.
    Release { acknowledged: Vec<Check> },
    /// Keep it `pending` until these checks pass (or a person releases it).
    Hold(Vec<Check>),
    /// A person asked, but the rule's approver must approve first.
    NeedsApproval(ApprovalRule),
}

/// Runs every check on `facts`; `approved` says whether the order holds an
/// approval already.
/// What the checks read besides the order: the suppliers' prices, stock
/// where orders ship from, and the products' materials with the materials
/// in stock.
#[derive(Debug, Clone, Default)]
pub struct Supplies {
    pub prices: SupplyPrices,
    pub stock: StockLevels,
    pub materials: MaterialNeeds,
}

pub fn review(
    facts: &Facts<'_>,
    supplies: &Supplies,
    rules: &[ApprovalRule],
    approved: bool,
) -> Review {
    let (short, made) = supplies.stock.fill(facts);
    let rule = approval::applicable(rules, facts).cloned();
    let approval_problems = match (&rule, approved) {
        (Some(r), false) => vec![Problem::NeedsApproval {
            rule_id: r.id.clone(),
            rule_name: r.name.clone(),
            approver: r.approver,
        }],
        _ => Vec::new(),
    };
    let findings = [
        (Check::Paid, paid(facts)),
        (Check::Address, address_problems(facts.address)),
        (Check::Prices, prices_of(facts, &supplies.prices)),
        (Check::Approval, approval_problems),
        (Check::Stock, short),
        (Check::Materials, supplies.materials.short(&made)),
        (Check::Rule, rule_holds(facts)),
    ]
    .into_iter()
    .map(|(check, problems)| Finding {
        check,
        passed: problems.is_empty(),
        problems,
    })
    .collect();
    Review {
        findings,
        approval_rule: rule,
        approved,
    }
}

impl Review {
    /// The checks that failed, in order.
    pub fn failed(&self) -> Vec<Check> {
        self.findings
            .iter()
            .filter(|f| !f.passed)
            .map(|f| f.check)
            .collect()
    }

    /// Whether a rule applies and the order is not approved yet.
    pub fn awaits_approval(&self) -> bool {
        self.approval_rule.is_some() && !self.approved
    }

    /// The gate's decision for a release asked for `asked`.
    pub fn verdict(&self, asked: Asked) -> Verdict {
        let failed = self.failed();
        match (asked, &self.approval_rule) {
            (Asked::Policy, _) if !failed.is_empty() => Verdict::Hold(failed),
            (Asked::Person, Some(rule)) if !self.approved => Verdict::NeedsApproval(rule.clone()),
            _ => Verdict::Release {
                acknowledged: failed,
            },
        }
    }
}

fn rule_holds(facts: &Facts<'_>) -> Vec<Problem> {
    facts
        .holds
        .iter()
        .map(|(id, name, reason)| Problem::RuleHold {
            rule_id: id.clone(),
            rule_name: name.clone(),
            reason: reason.clone(),
        })
        .collect()
}

fn paid(facts: &Facts<'_>) -> Vec<Problem> {
    if facts.payment.releasable() {
        Vec::new()
    } else {
        vec![Problem::Unpaid {
            payment_status: facts.payment,
        }]
    }
}

/// A supplier ships to a street in a city; the postal code is not asked
/// for, since many places (Hong Kong, much of Ireland, Gulf states) have
/// none.
pub fn address_problems(a: Option<&Address>) -> Vec<Problem> {
    let Some(a) = a else {
        return vec![Problem::NoAddress];
    };
    let blank = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
    let missing: Vec<&'static str> = [("line1", &a.line1), ("city", &a.city)]
        .into_iter()
        .filter(|(_, v)| blank(v))
        .map(|(name, _)| name)
        .collect();
    if missing.is_empty() {
        Vec::new()
    } else {
        vec![Problem::AddressIncomplete { missing }]
    }
}

fn prices_of(facts: &Facts<'_>, prices: &SupplyPrices) -> Vec<Problem> {
    let products = || facts.lines.iter().filter(|l| !l.no_task);
    let priced = |l: &LineFacts<'_>| l.unit_price.filter(|p| !p.is_zero());
    if products().next().is_some() && products().all(|l| priced(l).is_none()) {
        return vec![Problem::NoPrices];
    }
    products()
        .filter_map(|line| {
            let price = priced(line)?;
            let (supply, code) = prices.lowest(line.platform_sku?, facts.currency)?;
            (price < *supply).then(|| Problem::BelowSupplyPrice {
                line_no: line.line_no,
                unit_price: price,
                supply_price: *supply,
                product_code: code.clone(),
            })
        })
        .collect()
}
