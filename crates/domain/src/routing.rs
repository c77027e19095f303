//! Choosing the supplier for a line: the three routing strategies.
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
}

impl Strategy {
    pub const ALL: &'static [Strategy] = &[
        Strategy::RoundRobin,
        Strategy::Weighted,
        Strategy::LeastLoaded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::RoundRobin => "round_robin",
            Strategy::Weighted => "weighted",
            Strategy::LeastLoaded => "least_loaded",
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
    route_scored(strategy, candidates, cursor, excluded, None)
}

/// [`route`], skipping suppliers whose on-time rate over 30 days is below
/// `min_on_time` percent — unless that would leave none, when the minimum
/// is waived and the decision records it.
pub fn route_scored(
    strategy: Strategy,
    candidates: &[Candidate],
    cursor: Option<i64>,
    excluded: &[String],
    min_on_time: Option<i64>,
) -> Result<Decision, NoSupplier> {
    let consider = |min: Option<i64>| -> Vec<Considered> {
        candidates
            .iter()
            .map(|c| Considered {
                candidate: c.clone(),
                skipped: skip_reason(strategy, c, excluded)
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
        return Err(if candidates.is_empty() {
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::{prop_assert, prop_assert_eq, proptest};

    fn cand(id: &str, position: i64, weight: i64) -> Candidate {
        Candidate {
            supplier_id: id.into(),
            name: id.to_uppercase(),
            position,
            active: true,
            weight,
            current_weight: 0,
            open_tasks: Some(0),
            on_time_30d: None,
        }
    }

    #[test]
    fn an_operator_assigns_only_an_active_supplier_of_the_category_not_excluded() {
        let mut cands = vec![cand("a", 1, 1), cand("b", 2, 1), cand("c", 3, 1)];
        cands[2].active = false;
        let excluded = vec!["a".to_owned()];
        let d = assign_to(Strategy::RoundRobin, &cands, Some(1), "b", &excluded).unwrap();
        assert_eq!(
            (d.supplier_id.as_str(), d.cursor_after),
            ("b", 1),
            "rotation kept"
        );
        assert_eq!(d.candidates.len(), 3);
        let refuse = |id| assign_to(Strategy::RoundRobin, &cands, None, id, &excluded).unwrap_err();
        assert_eq!(refuse("a"), NotEligible::Excluded);
        assert_eq!(refuse("c"), NotEligible::Inactive);
        assert_eq!(refuse("zz"), NotEligible::NotInCategory);
    }

    fn run_many(strategy: Strategy, mut cands: Vec<Candidate>, n: usize) -> Vec<String> {
        let mut cursor = None;
        let mut out = Vec::new();
        for _ in 0..n {
            let d = route(strategy, &cands, cursor, &[]).unwrap();
            cursor = Some(d.cursor_after);
            for (id, w) in &d.weight_updates {
                cands
                    .iter_mut()
                    .find(|c| &c.supplier_id == id)
                    .unwrap()
                    .current_weight = *w;
            }
            for c in cands.iter_mut().filter(|c| c.supplier_id == d.supplier_id) {
                c.open_tasks = c.open_tasks.map(|n| n + 1);
            }
            out.push(d.supplier_id);
        }
        out
    }

    #[test]
    fn round_robin_wraps_and_skips_inactive() {
        let mut c = vec![cand("a", 1, 1), cand("b", 2, 1), cand("c", 5, 1)];
        assert_eq!(
            run_many(Strategy::RoundRobin, c.clone(), 4),
            ["a", "b", "c", "a"]
        );
        c[1].active = false;
        assert_eq!(
            route(Strategy::RoundRobin, &c, Some(1), &[])
                .unwrap()
                .supplier_id,
            "c"
        );
        // a supplier that left the rotation does not break the cursor
        assert_eq!(
            route(Strategy::RoundRobin, &c, Some(3), &[])
                .unwrap()
                .supplier_id,
            "c"
        );
        assert_eq!(
            route(Strategy::RoundRobin, &c, Some(9), &[])
                .unwrap()
                .supplier_id,
            "a"
        );
    }

    #[test]
    fn rejection_goes_to_the_next_and_skips_rejecters() {
        let c = vec![cand("a", 1, 1), cand("b", 2, 1), cand("c", 3, 1)];
        let d = route(Strategy::RoundRobin, &c, Some(2), &["b".into()]).unwrap();
        assert_eq!(d.supplier_id, "c");
        let d = route(Strategy::RoundRobin, &c, Some(3), &["b".into(), "c".into()]).unwrap();
        assert_eq!(d.supplier_id, "a");
        let all = ["a".into(), "b".into(), "c".into()];
        assert_eq!(
            route(Strategy::RoundRobin, &c, Some(3), &all).unwrap_err(),
            NoSupplier::AllRejected
        );
    }

    #[test]
    fn no_supplier_reasons() {
        assert_eq!(
            route(Strategy::RoundRobin, &[], None, &[]).unwrap_err(),
            NoSupplier::NoCandidates
        );
        let mut a = cand("a", 1, 1);
        a.active = false;
        assert_eq!(
            route(Strategy::RoundRobin, &[a], None, &[]).unwrap_err(),
            NoSupplier::NoneActive
        );
    }

    #[test]
    fn weighted_is_smooth() {
        let c = vec![cand("a", 1, 5), cand("b", 2, 1), cand("c", 3, 1)];
        let seq = run_many(Strategy::Weighted, c, 7);
        assert_eq!(seq, ["a", "a", "b", "a", "c", "a", "a"]);
    }

    #[test]
    fn least_loaded_breaks_ties_by_rotation() {
        let mut c = vec![cand("a", 1, 1), cand("b", 2, 1), cand("c", 3, 1)];
        c[0].open_tasks = Some(3);
        let d = route(Strategy::LeastLoaded, &c, Some(2), &[]).unwrap();
        assert_eq!(d.supplier_id, "c");
        let d = route(Strategy::LeastLoaded, &c, Some(3), &[]).unwrap();
        assert_eq!(d.supplier_id, "b");
    }

    #[test]
    fn a_late_supplier_is_skipped_unless_all_are_late() {
        let mut cands = vec![cand("a", 1, 1), cand("b", 2, 1), cand("c", 3, 1)];
        cands[0].on_time_30d = Some(60);
        cands[1].on_time_30d = Some(95);
        // c has too few shipments to judge: not skipped
        let d = route_scored(Strategy::RoundRobin, &cands, None, &[], Some(80)).unwrap();
        assert_eq!(d.supplier_id, "b");
        assert_eq!(d.candidates[0].skipped, Some(Skipped::BelowOnTime));
        assert_eq!((d.min_on_time, d.min_on_time_waived), (Some(80), false));
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(
            (
                json["candidates"][0]["on_time_30d"].as_i64(),
                json["min_on_time"].as_i64()
            ),
            (Some(60), Some(80))
        );
        // rotation moves on past the skipped one
        let next = route_scored(Strategy::RoundRobin, &cands, Some(2), &[], Some(80)).unwrap();
        assert_eq!(next.supplier_id, "c");
        // all below: the minimum is waived, and said
        for c in &mut cands {
            c.on_time_30d = Some(10);
        }
        let d = route_scored(Strategy::RoundRobin, &cands, None, &[], Some(80)).unwrap();
        assert_eq!((d.supplier_id.as_str(), d.min_on_time_waived), ("a", true));
        assert!(d.candidates.iter().all(|c| c.skipped.is_none()));
        // without a minimum, nothing is said
        let plain =
            serde_json::to_value(route(Strategy::RoundRobin, &cands, None, &[]).unwrap()).unwrap();
        assert!(plain.get("min_on_time").is_none() && plain.get("min_on_time_waived").is_none());
    }

    #[test]
    fn decision_records_every_candidate_with_skip_reasons() {
        let mut c = vec![cand("a", 1, 1), cand("b", 2, 1)];
        c[0].active = false;
        let d = route(Strategy::RoundRobin, &c, None, &[]).unwrap();
        assert_eq!(d.candidates.len(), 2);
        assert_eq!(d.candidates[0].skipped, Some(Skipped::Inactive));
        assert_eq!(d.candidates[1].skipped, None);
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(json["strategy"], "round_robin");
        assert_eq!(json["candidates"][0]["skipped"], "inactive");
    }

    proptest! {
        #[test]
        fn round_robin_is_fair(n in 1usize..8, orders in 1usize..200) {
            let cands: Vec<_> = (0..n).map(|i| cand(&format!("s{i}"), i as i64 * 3 + 1, 1)).collect();
            let seq = run_many(Strategy::RoundRobin, cands, orders);
            let counts: Vec<usize> = (0..n).map(|i| seq.iter().filter(|s| **s == format!("s{i}")).count()).collect();
            let (min, max) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
            prop_assert!(max - min <= 1);
            if n > 1 {
                prop_assert!(seq.windows(2).all(|w| w[0] != w[1]));
            }
        }

        #[test]
        fn weighted_matches_weights_over_a_full_cycle(weights in proptest::collection::vec(1i64..6, 1..6)) {
            let cands: Vec<_> = weights.iter().enumerate().map(|(i, w)| cand(&format!("s{i}"), i as i64, *w)).collect();
            let total: i64 = weights.iter().sum();
            let seq = run_many(Strategy::Weighted, cands, total as usize * 3);
            for (i, w) in weights.iter().enumerate() {
                let got = seq.iter().filter(|s| **s == format!("s{i}")).count() as i64;
                prop_assert_eq!(got, w * 3);
            }
        }

        #[test]
        fn least_loaded_keeps_loads_within_one(n in 1usize..6, orders in 1usize..100) {
            let cands: Vec<_> = (0..n).map(|i| cand(&format!("s{i}"), i as i64, 1)).collect();
            let seq = run_many(Strategy::LeastLoaded, cands, orders);
            let counts: Vec<usize> = (0..n).map(|i| seq.iter().filter(|s| **s == format!("s{i}")).count()).collect();
            prop_assert!(counts.iter().max().unwrap() - counts.iter().min().unwrap() <= 1);
        }
    }
}
