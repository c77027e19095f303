use super::*;
use proptest::prelude::{prop_assert, prop_assert_eq, proptest};

fn min(percent: i64) -> Rules {
    Rules {
        min_on_time: Some(percent),
        cap: false,
    }
}

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
        ready_on: None,
        late: false,
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
    let d = route_scored(Strategy::RoundRobin, &cands, None, &[], min(80)).unwrap();
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
    let next = route_scored(Strategy::RoundRobin, &cands, Some(2), &[], min(80)).unwrap();
    assert_eq!(next.supplier_id, "c");
    // all below: the minimum is waived, and said
    for c in &mut cands {
        c.on_time_30d = Some(10);
    }
    let d = route_scored(Strategy::RoundRobin, &cands, None, &[], min(80)).unwrap();
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
