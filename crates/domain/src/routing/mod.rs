//! Choosing the supplier for a line: the four routing strategies, and
//! the rules that skip suppliers whatever the strategy (on-time rate,
//! capacity).
//!
//! Candidates come in a stable order — the order in which they joined the
//! category (their `position`). The category's cursor is the position of the
//! supplier that received its previous task; every strategy records the
//! chosen supplier's position as the new cursor, so switching strategies
//! keeps the rotation where it was.

use crate::ErrorCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// How a category picks among its suppliers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// The next supplier after the one that received the previous task.
    #[default]
    RoundRobin,
    /// Smooth weighted round robin by supplier weight.
    Weighted,
    /// Fewest open tasks; ties go to the next in rotation order.
    LeastLoaded,
    /// The one that can have the line ready to ship first, within its
    /// capacity and lead time ([`crate::capacity`]); ties go to the next
    /// in rotation order.
    Soonest,
}

impl Strategy {
    pub const ALL: &'static [Strategy] = &[
        Strategy::RoundRobin,
        Strategy::Weighted,
        Strategy::LeastLoaded,
        Strategy::Soonest,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::RoundRobin => "round_robin",
            Strategy::Weighted => "weighted",
            Strategy::LeastLoaded => "least_loaded",
            Strategy::Soonest => "soonest",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|s| s.as_str() == text)
    }
}

/// A supplier of the category, as routing sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Candidate {
    pub supplier_id: String,
    pub name: String,
    /// Order of joining the category; the rotation order.
    pub position: i64,
    pub active: bool,
    pub weight: i64,
    /// Smooth-weighted-round-robin running weight (weighted strategy).
    #[serde(default)]
    pub current_weight: i64,
    /// Open tasks (least_loaded strategy only; `None` when not counted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open_tasks: Option<i64>,
    /// Shipped on time over the last 30 days, percent (read when the
    /// category routes by scorecard, and enough shipments had a due date
    /// to judge: [`crate::stats::MIN_JUDGED`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_time_30d: Option<i64>,
    /// The day (its clock) it could have the line ready to ship, when its
    /// capacity or lead time in the category is known.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::capacity::day_as_date"
    )]
    #[schema(value_type = Option<String>, format = Date)]
    pub ready_on: Option<i64>,
    /// It cannot have the line ready by the line's deadline (or at all
    /// within a year).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub late: bool,
}

/// Why a candidate could not be chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Skipped {
    Inactive,
    /// It already rejected this line.
    Rejected,
    /// Weighted strategy and weight 0.
    ZeroWeight,
    /// Its on-time rate over 30 days is below the category's minimum.
    BelowOnTime,
    /// The category never goes above capacity, and this supplier cannot
    /// have the line ready by its deadline.
    TooLate,
}

/// A candidate as recorded in the routing event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Considered {
    #[serde(flatten)]
    pub candidate: Candidate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<Skipped>,
}

/// The routing decision, kept verbatim in the task's creation event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Decision {
    pub strategy: Strategy,
    pub supplier_id: String,
    pub cursor_before: Option<i64>,
    pub cursor_after: i64,
    pub candidates: Vec<Considered>,
    /// New running weights (weighted strategy): `(supplier_id, weight)`.
    #[serde(skip)]
    pub weight_updates: Vec<(String, i64)>,
    /// The category's minimum on-time rate, when it routes by scorecard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_on_time: Option<i64>,
    /// Every supplier left was below the minimum, so it was not applied
    /// (work still goes somewhere; the decision says so).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub min_on_time_waived: bool,
    /// The category never goes above capacity: suppliers that could not
    /// make the date were skipped.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub capped: bool,
}

/// What skips suppliers whatever the strategy.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rules {
    /// Skip suppliers shipping on time less often than this, percent
    /// (waived when it would leave none).
    pub min_on_time: Option<i64>,
    /// Skip suppliers that cannot have the line ready by its deadline
    /// (never waived: the line waits for an operator instead).
    pub cap: bool,
}

/// Why no supplier could be chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NoSupplier {
    #[error("the category has no suppliers")]
    NoCandidates,
    #[error("no active supplier serves the category")]
    NoneActive,
    #[error("every active supplier of the category has rejected this line")]
    AllRejected,
    #[error("no supplier of the category can have this line ready by its date within its capacity")]
    NoCapacity,
}

/// Picks a supplier. `candidates` must be sorted by position; `cursor` is
/// the position of the supplier that got the previous task (or the one that
/// rejected this line); suppliers in `excluded` are skipped.
pub fn route(
    strategy: Strategy,
    candidates: &[Candidate],
    cursor: Option<i64>,
    excluded: &[String],
) -> Result<Decision, NoSupplier> {
    route_scored(strategy, candidates, cursor, excluded, Rules::default())
}

/// [`route`] under `rules`: skipping suppliers that cannot make the date
/// when the category is capped, and those whose on-time rate over 30 days
/// is below the minimum — unless that would leave none, when the minimum
/// is waived and the decision records it.
pub fn route_scored(
    strategy: Strategy,
    candidates: &[Candidate],
    cursor: Option<i64>,
    excluded: &[String],
    rules: Rules,
) -> Result<Decision, NoSupplier> {
    let min_on_time = rules.min_on_time;
    let consider = |min: Option<i64>| -> Vec<Considered> {
        candidates
            .iter()
            .map(|c| Considered {
                candidate: c.clone(),
                skipped: skip_reason(strategy, c, excluded)
                    .or_else(|| (rules.cap && c.late).then_some(Skipped::TooLate))
                    .or_else(|| below(c, min).then_some(Skipped::BelowOnTime)),
            })
            .collect()
    };
    let mut considered = consider(min_on_time);
    let mut waived = false;
    if min_on_time.is_some() && considered.iter().all(|c| c.skipped.is_some()) {
        let without = consider(None);
        if without.iter().any(|c| c.skipped.is_none()) {
            (considered, waived) = (without, true);
        }
    }
    let eligible: Vec<&Candidate> = considered
        .iter()
        .filter(|c| c.skipped.is_none())
        .map(|c| &c.candidate)
        .collect();
    if eligible.is_empty() {
        let too_late = |c: &Considered| c.skipped == Some(Skipped::TooLate);
        return Err(if considered.iter().any(too_late) {
            NoSupplier::NoCapacity
        } else if candidates.is_empty() {
            NoSupplier::NoCandidates
        } else if candidates.iter().any(|c| c.active) && !excluded.is_empty() {
            NoSupplier::AllRejected
        } else {
            NoSupplier::NoneActive
        });
    }
    let rotation = rotate_after(&eligible, cursor);
    let (chosen, weight_updates) = match strategy {
        Strategy::RoundRobin => (rotation[0], Vec::new()),
        Strategy::LeastLoaded => {
            let least = rotation.iter().filter_map(|c| c.open_tasks).min();
            let pick = rotation
                .iter()
                .find(|c| c.open_tasks == least)
                .unwrap_or(&rotation[0]);
            (*pick, Vec::new())
        }
        Strategy::Weighted => smooth_weighted(&rotation),
        Strategy::Soonest => {
            // unknown dates last; the first in rotation among the soonest
            let key = |c: &&Candidate| c.ready_on.unwrap_or(i64::MAX);
            let soonest = rotation.iter().map(key).min();
            let pick = rotation
                .iter()
                .find(|c| Some(key(c)) == soonest)
                .unwrap_or(&rotation[0]);
            (*pick, Vec::new())
        }
    };
    Ok(Decision {
        strategy,
        supplier_id: chosen.supplier_id.clone(),
        cursor_before: cursor,
        cursor_after: chosen.position,
        candidates: considered,
        weight_updates,
        min_on_time,
        min_on_time_waived: waived,
        capped: rules.cap,
    })
}

/// Whether `c` is judged below `min` percent on time.
fn below(c: &Candidate, min: Option<i64>) -> bool {
    matches!((c.on_time_30d, min), (Some(rate), Some(min)) if rate < min)
}

/// Why an operator's choice of supplier for a task is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NotEligible {
    #[error("this supplier does not serve the task's category")]
    NotInCategory,
    #[error("this supplier is inactive")]
    Inactive,
    #[error("this supplier has the task already, or rejected its line")]
    Excluded,
    #[error("a signed contract binds this order to its supplier; revise the contract instead")]
    BoundByContract,
}

impl NotEligible {
    /// The stable code of the refusal.
    pub fn code(self) -> ErrorCode {
        match self {
            NotEligible::NotInCategory => ErrorCode::SupplierNotInCategory,
            NotEligible::Inactive => ErrorCode::SupplierInactive,
            NotEligible::Excluded => ErrorCode::SupplierExcluded,
            NotEligible::BoundByContract => ErrorCode::BoundByContract,
        }
    }
}

/// An operator's reassignment to `supplier_id`: it must serve the category,
/// be active and not be in `excluded` (the current holder and those that
/// rejected the line). Recorded like any decision, with every candidate;
/// the rotation does not move.
pub fn assign_to(
    strategy: Strategy,
    candidates: &[Candidate],
    cursor: Option<i64>,
    supplier_id: &str,
    excluded: &[String],
) -> Result<Decision, NotEligible> {
    let chosen = candidates
        .iter()
        .find(|c| c.supplier_id == supplier_id)
        .ok_or(NotEligible::NotInCategory)?;
    match skip_reason(Strategy::RoundRobin, chosen, excluded) {
        Some(Skipped::Inactive) => return Err(NotEligible::Inactive),
        Some(_) => return Err(NotEligible::Excluded),
        None => {}
    }
    Ok(Decision {
        strategy,
        supplier_id: chosen.supplier_id.clone(),
        cursor_before: cursor,
        cursor_after: cursor.unwrap_or(chosen.position),
        candidates: candidates
            .iter()
            .map(|c| Considered {
                candidate: c.clone(),
                skipped: skip_reason(strategy, c, excluded),
            })
            .collect(),
        weight_updates: Vec::new(),
        min_on_time: None,
        min_on_time_waived: false,
        capped: false,
    })
}

/// The decision for an order a contract binds to `supplier_id`: no
/// rotation and no eligibility (the contract was signed while it served);
/// `None` when it is not among the category's suppliers.
pub fn bound_to(
    strategy: Strategy,
    candidates: &[Candidate],
    cursor: Option<i64>,
    supplier_id: &str,
) -> Option<Decision> {
    let chosen = candidates.iter().find(|c| c.supplier_id == supplier_id)?;
    Some(Decision {
        strategy,
        supplier_id: chosen.supplier_id.clone(),
        cursor_before: cursor,
        cursor_after: cursor.unwrap_or(chosen.position),
        candidates: vec![Considered {
            candidate: chosen.clone(),
            skipped: None,
        }],
        weight_updates: Vec::new(),
        min_on_time: None,
        min_on_time_waived: false,
        capped: false,
    })
}

fn skip_reason(strategy: Strategy, c: &Candidate, excluded: &[String]) -> Option<Skipped> {
    if !c.active {
        Some(Skipped::Inactive)
    } else if excluded.contains(&c.supplier_id) {
        Some(Skipped::Rejected)
    } else if strategy == Strategy::Weighted && c.weight <= 0 {
        Some(Skipped::ZeroWeight)
    } else {
        None
    }
}

/// The eligible candidates starting with the first one after `cursor`,
/// wrapping around.
fn rotate_after<'a>(eligible: &[&'a Candidate], cursor: Option<i64>) -> Vec<&'a Candidate> {
    let start = cursor
        .and_then(|at| eligible.iter().position(|c| c.position > at))
        .unwrap_or(0);
    eligible[start..]
        .iter()
        .chain(&eligible[..start])
        .copied()
        .collect()
}

/// Nginx's smooth weighted round robin: every candidate gains its weight,
/// the heaviest wins (ties in rotation order) and pays back the total.
fn smooth_weighted<'a>(rotation: &[&'a Candidate]) -> (&'a Candidate, Vec<(String, i64)>) {
    let total: i64 = rotation.iter().map(|c| c.weight).sum();
    let raised: Vec<i64> = rotation
        .iter()
        .map(|c| c.current_weight + c.weight)
        .collect();
    let best = raised.iter().copied().max().unwrap_or(0);
    let winner = raised.iter().position(|w| *w == best).unwrap_or(0);
    let updates = rotation
        .iter()
        .zip(&raised)
        .enumerate()
        .map(|(i, (c, w))| {
            let w = if i == winner { w - total } else { *w };
            (c.supplier_id.clone(), w)
        })
        .collect();
    (rotation[winner], updates)
}

mod named;
pub use named::{Naming, named};

#[cfg(test)]
mod tests;
