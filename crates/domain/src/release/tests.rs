use super::*;
use crate::model::UnroutedCode;
use crate::routing::{Candidate, Strategy};
use crate::sku::SkuTemplate;
use proptest::prelude::*;
use rand::SeedableRng;
use rand::rngs::StdRng;

mod preferred;
mod steps;

fn candidate(id: &str, position: i64, active: bool) -> Candidate {
    Candidate {
        supplier_id: id.into(),
        name: id.into(),
        position,
        active,
        weight: position,
        current_weight: 0,
        open_tasks: Some(0),
        on_time_30d: None,
        ready_on: None,
        late: false,
    }
}

/// Category `c{i}` with keyword `k{i}` and `suppliers` suppliers
/// `c{i}s{j}`; `inactive` of them (the first ones) inactive.
fn category(
    i: usize,
    strategy: Strategy,
    suppliers: usize,
    inactive: usize,
    template: &str,
) -> CategorySnapshot {
    let candidates: Vec<Candidate> = (0..suppliers)
        .map(|j| candidate(&format!("c{i}s{j}"), j as i64 + 1, j >= inactive))
        .collect();
    CategorySnapshot {
        id: format!("c{i}"),
        name: format!("Cat{i}"),
        name_key: format!("cat{i}"),
        keywords: vec![format!("k{i}")],
        strategy,
        template: SkuTemplate::parse(template).unwrap(),
        prefix: format!("P{i}"),
        cursor: None,
        route_count: 0,
        sku_seq: 0,
        codes: candidates
            .iter()
            .map(|c| (c.supplier_id.clone(), c.supplier_id.to_uppercase()))
            .collect(),
        candidates,
        proof: crate::proof::ProofPolicy::None,
        min_on_time: None,
        planning: Default::default(),
        steps: Vec::new(),
        sku_script: None,
        route_script: None,
    }
}

fn catalogue(categories: Vec<CategorySnapshot>) -> Catalogue {
    Catalogue {
        categories: categories.into_iter().map(|c| (c.id.clone(), c)).collect(),
        stock: BTreeMap::new(),
    }
}

/// An order whose line `n` is titled `titles[n]`.
fn order(id: &str, titles: &[String]) -> OrderSnapshot {
    OrderSnapshot {
        bound_to: None,
        ship_by: None,
        id: id.into(),
        number: format!("#{id}"),
        platform: "etsy".into(),
        customer: "Ada Lovelace".into(),
        status: OrderStatus::Purchasing,
        priority: Default::default(),
        lines: titles
            .iter()
            .enumerate()
            .map(|(n, t)| LineSnapshot {
                id: format!("{id}-l{n}"),
                line_no: n as i64 + 1,
                title: t.clone(),
                category_ref: None,
                category_id: None,
                quantity: 1,
                no_task: false,
                personalised: false,
                unrouted: None,
                sku: None,
                preferred: None,
            })
            .collect(),
        tasks: Vec::new(),
    }
}

/// Plans with a seeded generator and counted ids.
fn run(
    catalogue: &Catalogue,
    requests: &[Request<'_>],
    seed: u64,
    taken: &HashSet<String>,
) -> Result<Plan, PlanError> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut n = 0;
    let mut ids = move || {
        n += 1;
        format!("t{n}")
    };
    let reuse = HashMap::new();
    let mut env = Env {
        now: OffsetDateTime::UNIX_EPOCH,
        rng: &mut rng,
        new_id: &mut ids,
        taken,
        reuse: &reuse,
    };
    plan(catalogue, requests, &mut env)
}

/// Releases one order (seed 1, nothing taken).
fn release(catalogue: &Catalogue, order: &OrderSnapshot) -> Plan {
    let request = [Request {
        order,
        cause: Cause::Release,
    }];
    run(catalogue, &request, 1, &HashSet::new()).unwrap()
}

/// The snapshot of `order` once `plan` is written.
fn applied(order: &OrderSnapshot, plan: &Plan) -> OrderSnapshot {
    let mut o = order.clone();
    o.status = plan.status_of(order);
    for c in &plan.cancelled {
        if let Some(t) = o.tasks.iter_mut().find(|t| t.id == c.task_id) {
            t.status = TaskStatus::Cancelled;
        }
    }
    for t in plan.tasks.iter().filter(|t| t.order_id == o.id) {
        o.tasks.push(TaskSnapshot {
            id: t.id.clone(),
            line_id: t.line_id.clone(),
            supplier_id: t.supplier_id.clone(),
            category_id: t.category_id.clone(),
            status: TaskStatus::Assigned,
            step: t.step,
        });
    }
    for l in plan.lines.iter().filter(|l| l.order_id == o.id) {
        let line = o.lines.iter_mut().find(|x| x.id == l.line_id).unwrap();
        line.category_id.clone_from(&l.category_id);
        line.unrouted.clone_from(&l.unrouted);
    }
    o
}

/// Every line ends with exactly one live task or a reason, never both.
fn check_lines(order: &OrderSnapshot) {
    for line in order.lines.iter().filter(|l| !l.no_task) {
        let live = order
            .tasks
            .iter()
            .filter(|t| t.line_id == line.id && t.status.is_live())
            .count();
        match (&line.unrouted, live) {
            (None, 1) | (Some(_), 0) => {}
            other => panic!("line {} ends with {other:?}", line.id),
        }
    }
}

fn strategy() -> impl proptest::strategy::Strategy<Value = Strategy> {
    prop_oneof![
        Just(Strategy::RoundRobin),
        Just(Strategy::Weighted),
        Just(Strategy::LeastLoaded)
    ]
}

proptest! {
    /// Lines naming one, several or no category's keyword; categories with
    /// and without active suppliers; random or counter SKUs.
    #[test]
    fn every_line_ends_with_one_task_or_a_reason(
        titles in prop::collection::vec(prop::collection::vec(0usize..5, 0..3), 1..12),
        suppliers in prop::collection::vec((0usize..4, 0usize..3), 3),
        strategies in prop::collection::vec(strategy(), 3),
        seq in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let template = if seq { "{category}-{seq:3}" } else { "{category}-{rand:4}" };
        let cats: Vec<CategorySnapshot> = (0..3)
            .map(|i| category(i, strategies[i], suppliers[i].0, suppliers[i].1, template))
            .collect();
        let catalogue = catalogue(cats);
        let titles: Vec<String> = titles
            .iter()
            .map(|ks| ks.iter().map(|k| format!("k{k}")).collect::<Vec<_>>().join(" "))
            .collect();
        let order = order("o1", &titles);
        let plan = run(&catalogue, &[Request { order: &order, cause: Cause::Release }], seed, &HashSet::new()).unwrap();
        let after = applied(&order, &plan);
        check_lines(&after);
        let unrouted = after.lines.iter().any(|l| l.unrouted.is_some());
        prop_assert_eq!(after.status == OrderStatus::NeedsAttention, unrouted);
        let skus: HashSet<&String> = plan.tasks.iter().map(|t| &t.sku).collect();
        prop_assert_eq!(skus.len(), plan.tasks.len());
        // route counters contiguous: each task takes the next number
        for change in &plan.categories {
            let mut seqs: Vec<i64> = plan.tasks.iter().filter(|t| t.category_id == change.id).map(|t| t.route_seq).collect();
            seqs.sort();
            prop_assert_eq!(seqs, (1..=change.route_count).collect::<Vec<_>>());
        }
        // and the same inputs give the same plan
        let again = run(&catalogue, &[Request { order: &order, cause: Cause::Release }], seed, &HashSet::new()).unwrap();
        prop_assert_eq!(plan, again);
    }

    /// Round robin over n single-line orders: every active supplier gets
    /// n / k or n / k + 1 tasks, in rotation order.
    #[test]
    fn round_robin_is_fair(n in 1usize..60, suppliers in 1usize..6, inactive in 0usize..3) {
        let catalogue = catalogue(vec![category(0, Strategy::RoundRobin, suppliers, inactive, "{rand:6}")]);
        let orders: Vec<OrderSnapshot> = (0..n).map(|i| order(&format!("o{i}"), &["k0".to_owned()])).collect();
        let requests: Vec<Request<'_>> = orders.iter().map(|o| Request { order: o, cause: Cause::Release }).collect();
        let plan = run(&catalogue, &requests, 7, &HashSet::new()).unwrap();
        let active = suppliers.saturating_sub(inactive);
        if let (Some(lo), Some(hi)) = (n.checked_div(active), n.checked_add(active - usize::from(active > 0)).and_then(|x| x.checked_div(active))) {
            let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
            for t in &plan.tasks {
                *counts.entry(&t.supplier_id).or_default() += 1;
            }
            prop_assert!(counts.values().all(|c| *c == lo || *c == hi), "{:?}", counts);
            prop_assert_eq!(counts.len(), active.min(n));
            let first = &plan.tasks[0].supplier_id;
            prop_assert_eq!(first, &format!("c0s{}", inactive.min(suppliers - 1)));
        } else {
            prop_assert!(plan.tasks.is_empty());
        }
    }

    /// Rejections walk the rotation without ever going back to a rejecter;
    /// once all have rejected, the line is unrouted and the order needs
    /// attention. The category's cursor does not move.
    #[test]
    fn rejection_never_returns_to_a_rejecter(suppliers in 1usize..6, seed in any::<u64>()) {
        let catalogue = catalogue(vec![category(0, Strategy::RoundRobin, suppliers, 0, "{rand:6}")]);
        let mut order = order("o1", &["k0".to_owned()]);
        let first = run(&catalogue, &[Request { order: &order, cause: Cause::Release }], seed, &HashSet::new()).unwrap();
        order = applied(&order, &first);
        let mut rejected = HashSet::new();
        for _ in 0..suppliers {
            let live = order.tasks.iter_mut().find(|t| t.status.is_live()).unwrap();
            live.status = TaskStatus::Rejected;
            prop_assert!(rejected.insert(live.supplier_id.clone()));
            let cause = Cause::Rejection { task_id: live.id.clone() };
            let plan = run(&catalogue, &[Request { order: &order, cause }], seed, &HashSet::new()).unwrap();
            prop_assert!(plan.categories.iter().all(|c| c.cursor.is_none()));
            order = applied(&order, &plan);
            check_lines(&order);
        }
        prop_assert_eq!(order.lines[0].unrouted.as_ref().map(|u| u.code), Some(UnroutedCode::AllSuppliersRejected));
        prop_assert_eq!(order.status, OrderStatus::NeedsAttention);
    }
}

#[test]
fn a_taken_sku_is_never_drawn_and_reuse_keeps_free_ones() {
    let catalogue = catalogue(vec![category(
        0,
        Strategy::RoundRobin,
        2,
        0,
        "{category}-{seq:2}",
    )]);
    let order = order("o1", &["k0".into(), "k0".into()]);
    let request = [Request {
        order: &order,
        cause: Cause::Release,
    }];
    let taken: HashSet<String> = ["P0-01".to_owned(), "P0-02".to_owned()].into();
    let plan = run(&catalogue, &request, 1, &taken).unwrap();
    let skus: Vec<&str> = plan.tasks.iter().map(|t| t.sku.as_str()).collect();
    assert_eq!(skus, ["P0-03", "P0-04"]);
    assert_eq!(plan.categories[0].sku_seq, 4);
}

#[test]
fn a_template_without_room_is_refused() {
    // one SKU only: the second line cannot get one
    let mut c = category(0, Strategy::RoundRobin, 1, 0, "{seq:1}");
    c.sku_seq = 8;
    let catalogue = catalogue(vec![c]);
    let order = order("o1", &["k0".into(), "k0".into(), "k0".into()]);
    let taken: HashSet<String> = (0..10)
        .map(|i| i.to_string())
        .chain((10..10_100).map(|i| i.to_string()))
        .collect();
    let err = run(
        &catalogue,
        &[Request {
            order: &order,
            cause: Cause::Release,
        }],
        1,
        &taken,
    )
    .unwrap_err();
    assert_eq!(err, PlanError::SkuSpaceExhausted("c0".into()));
}

#[test]
fn reassignment_checks_the_choice_and_keeps_the_rotation() {
    let catalogue = catalogue(vec![category(0, Strategy::RoundRobin, 3, 0, "{rand:6}")]);
    let order = order("o1", &["k0".into()]);
    let plan = release(&catalogue, &order);
    let mut order = applied(&order, &plan);
    let mut catalogue = catalogue;
    let state = catalogue.categories.get_mut("c0").unwrap();
    state.cursor = plan.categories[0].cursor;
    state.route_count = plan.categories[0].route_count;
    let task = order.tasks[0].clone();
    order.tasks[0].status = TaskStatus::Cancelled;
    let to_holder = Cause::Reassignment {
        task_id: task.id.clone(),
        supplier_id: task.supplier_id.clone(),
    };
    let err = run(
        &catalogue,
        &[Request {
            order: &order,
            cause: to_holder,
        }],
        1,
        &HashSet::new(),
    )
    .unwrap_err();
    assert_eq!(
        err,
        PlanError::NotEligible(crate::routing::NotEligible::Excluded)
    );
    let cause = Cause::Reassignment {
        task_id: task.id.clone(),
        supplier_id: "c0s2".into(),
    };
    let plan = run(
        &catalogue,
        &[Request {
            order: &order,
            cause,
        }],
        1,
        &HashSet::new(),
    )
    .unwrap();
    assert_eq!(plan.tasks[0].supplier_id, "c0s2");
    assert_eq!(plan.categories[0].cursor, Some(1), "the rotation stays");
    assert_eq!(plan.events[0].details["cause"], "reassignment");
    check_lines(&applied(&order, &plan));
}

#[test]
fn cancelling_an_order_cancels_open_tasks_and_refuses_shipped_ones() {
    let catalogue = catalogue(vec![category(0, Strategy::RoundRobin, 2, 0, "{rand:6}")]);
    let order = order("o1", &["k0".into(), "k0".into()]);
    let plan = release(&catalogue, &order);
    let mut order = applied(&order, &plan);
    let cancel = |o: &OrderSnapshot| {
        run(
            &catalogue,
            &[Request {
                order: o,
                cause: Cause::OrderCancelled,
            }],
            1,
            &HashSet::new(),
        )
    };
    let plan = cancel(&order).unwrap();
    assert_eq!(plan.cancelled.len(), 2);
    assert_eq!(plan.load.values().sum::<i64>(), -2);
    order.tasks[1].status = TaskStatus::Shipped;
    assert_eq!(cancel(&order).unwrap_err(), PlanError::ShippedTasks);
}

#[test]
fn lines_without_products_get_neither_task_nor_reason() {
    let catalogue = catalogue(vec![category(0, Strategy::RoundRobin, 1, 0, "{rand:6}")]);
    let mut order = order("o1", &["k0".into(), "Tip".into()]);
    order.lines[1].no_task = true;
    let plan = release(&catalogue, &order);
    assert_eq!(plan.tasks.len(), 1);
    assert!(plan.lines.iter().all(|l| l.line_id != "o1-l1"));
    assert_eq!(plan.status_of(&order), OrderStatus::Purchasing);
}

#[test]
fn a_category_asking_proofs_of_personalised_lines_marks_only_their_tasks() {
    let mut cat = category(0, Strategy::RoundRobin, 2, 0, "S{seq:4}");
    cat.proof = crate::proof::ProofPolicy::Personalised;
    let mut o = order("o1", &["k0 mug".into(), "k0 plate".into()]);
    o.lines[1].personalised = true;
    let plan = release(&catalogue(vec![cat.clone()]), &o);
    let proofs: Vec<bool> = plan.tasks.iter().map(|t| t.proof).collect();
    assert_eq!(proofs, [false, true]);
    cat.proof = crate::proof::ProofPolicy::Always;
    let plan = release(&catalogue(vec![cat]), &o);
    assert!(plan.tasks.iter().all(|t| t.proof));
}

/// A contract's order: every line goes to the contract's supplier, even an
/// inactive one, whatever the rotation and the line's keywords; the
/// rotation does not move; a rejection leaves the line to people and a
/// reassignment is refused.
#[test]
fn a_contract_binds_every_line_to_its_supplier() {
    let mut cats = catalogue(vec![
        category(0, Strategy::RoundRobin, 3, 0, "{category}-{rand:6}"),
        category(1, Strategy::RoundRobin, 2, 0, "{category}-{rand:6}"),
    ]);
    cats.categories.get_mut("c0").unwrap().candidates[2].active = false;
    let mut o = order(
        "b",
        &["k0 mug".into(), "k1 box".into(), "no keyword".into()],
    );
    o.bound_to = Some("c0s2".into());
    let plan = release(&cats, &o);
    assert_eq!(plan.tasks.len(), 3, "{plan:?}");
    assert!(plan.tasks.iter().all(|t| t.supplier_id == "c0s2"));
    // the k1 line and the line without keywords go into the supplier's own category
    assert!(plan.tasks.iter().all(|t| t.category_id == "c0"));
    assert!(plan.tasks[0].sku.starts_with("P0-"));
    assert!(plan.categories.iter().all(|c| c.cursor.is_none()));
    let routed = &plan.events[0];
    assert_eq!(routed.details["cause"], "contract");

    let after = applied(&o, &plan);
    let task = after.tasks[0].id.clone();
    let mut rejected = after.clone();
    rejected.tasks[0].status = TaskStatus::Rejected;
    let request = [Request {
        order: &rejected,
        cause: Cause::Rejection {
            task_id: task.clone(),
        },
    }];
    let plan = run(&cats, &request, 1, &HashSet::new()).unwrap();
    assert!(plan.tasks.is_empty());
    assert_eq!(
        plan.lines[0].unrouted.as_ref().map(|u| u.code),
        Some(UnroutedCode::ContractSupplierRejected)
    );
    // retrying does not hand the line to anyone else either
    let again = applied(&rejected, &plan);
    let retry = [Request {
        order: &again,
        cause: Cause::Release,
    }];
    let plan = run(&cats, &retry, 1, &HashSet::new()).unwrap();
    assert!(plan.tasks.is_empty());
    check_lines(&applied(&again, &plan));

    let reassign = [Request {
        order: &after,
        cause: Cause::Reassignment {
            task_id: task,
            supplier_id: "c0s0".into(),
        },
    }];
    assert_eq!(
        run(&cats, &reassign, 1, &HashSet::new()).unwrap_err(),
        PlanError::NotEligible(crate::routing::NotEligible::BoundByContract)
    );

    let mut stranger = o.clone();
    stranger.bound_to = Some("nobody".into());
    let plan = release(&cats, &stranger);
    assert!(plan.tasks.is_empty());
    assert!(
        plan.lines
            .iter()
            .all(|l| l.unrouted.as_ref().map(|u| u.code)
                == Some(UnroutedCode::ContractSupplierUncategorised))
    );
}

/// Soonest routes to whoever is ready first and books the units; capped,
/// a line nobody can make by the order's date goes to a person.
#[test]
fn soonest_books_capacity_and_the_cap_sends_late_lines_to_a_person() {
    use crate::capacity::{Booked, Calendar, Capacity, Weekday};
    let mut c = category(0, Strategy::Soonest, 2, 0, "{rand:6}");
    let cap = Capacity {
        units_per_day: Some(10),
        lead_days: 0,
        cut_off: None,
    };
    for s in ["c0s0", "c0s1"] {
        c.planning.capacity.insert(s.into(), cap);
        c.planning
            .calendars
            .insert(s.into(), Calendar::new(Weekday::ALL, [], 0));
    }
    // the first supplier is full today (day 0, the planner's clock)
    c.planning
        .booked
        .insert("c0s0".into(), Booked::from([(0, 10)]));
    let mut cat = catalogue(vec![c]);
    let o = order("o1", &["k0 cup".into(), "k0 cup".into()]);
    let plan = release(&cat, &o);
    assert_eq!(plan.tasks.len(), 2);
    for t in &plan.tasks {
        assert_eq!(t.supplier_id, "c0s1", "ready today");
        assert_eq!(t.booking.days, vec![(0, 1)]);
        assert_eq!(t.booking.due_at, Some(crate::stats::DAY_MS - 1000));
    }
    let routed = plan.events.iter().find(|e| e.kind == EventKind::TaskRouted);
    let routed = &routed.unwrap().details;
    assert_eq!(
        routed["candidates"][0]["ready_on"], "1970-01-02",
        "{routed}"
    );

    // both full today, the order promised for today, never above capacity
    let state = cat.categories.get_mut("c0").unwrap();
    state.planning.cap = true;
    state
        .planning
        .booked
        .insert("c0s1".into(), Booked::from([(0, 10)]));
    let mut promised = order("o2", &["k0 cup".into()]);
    promised.ship_by = Some(3_600_000);
    let plan = release(&cat, &promised);
    assert!(plan.tasks.is_empty());
    let outcome = plan.lines.iter().find(|l| l.unrouted.is_some()).unwrap();
    assert_eq!(
        outcome.unrouted.as_ref().unwrap().code,
        UnroutedCode::NoCapacity
    );
}

#[test]
fn a_line_in_stock_goes_to_the_keeper_and_the_rest_is_made() {
    let mut cat = catalogue(vec![category(0, Strategy::RoundRobin, 2, 0, "{rand:8}")]);
    let pick = |code: &str, available| StockPick {
        item_id: format!("item-{code}"),
        location_code: code.into(),
        keeper: "warehouse".into(),
        available,
    };
    cat.stock
        .insert("mug-11".into(), vec![pick("A", 2), pick("B", 4)]);
    let mut orders: Vec<OrderSnapshot> = (0..3)
        .map(|n| order(&format!("o{n}"), &["k0 mug".to_owned()]))
        .collect();
    for o in &mut orders {
        o.lines[0].quantity = 3;
        o.lines[0].sku = Some("mug-11".into());
    }
    let requests: Vec<Request<'_>> = orders
        .iter()
        .map(|order| Request {
            order,
            cause: Cause::Release,
        })
        .collect();
    let plan = run(&cat, &requests, 1, &HashSet::new()).unwrap();
    let who: Vec<(&str, Option<&str>)> = plan
        .tasks
        .iter()
        .map(|t| {
            let at = t.from_stock.as_ref().map(|f| f.location_code.as_str());
            (t.supplier_id.as_str(), at)
        })
        .collect();
    // A has 2 (too few for 3), B has 4: the first order takes B, then
    // neither has 3 left, so the next two are made in rotation
    assert_eq!(
        who,
        [("warehouse", Some("B")), ("c0s0", None), ("c0s1", None)]
    );
    let routed = &plan
        .events
        .iter()
        .find(|e| e.kind == EventKind::TaskRouted)
        .unwrap()
        .details;
    assert_eq!(routed["from_stock"]["location"], "B");
    let change = plan.categories.iter().find(|c| c.id == "c0").unwrap();
    assert_eq!(change.route_count, 3, "every line is a routing decision");
    assert_eq!(change.cursor, Some(2), "the stock line took no turn");
}
