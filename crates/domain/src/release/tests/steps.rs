//! A line made in steps: each step routed in its own category once the
//! previous one is produced; the order stays in production until the last.

use super::*;

#[test]
fn a_three_step_line_goes_to_each_steps_category_in_order() {
    let mut shoes = category(0, Strategy::RoundRobin, 1, 0, "{rand:8}");
    shoes.steps = vec!["c1".into(), "c2".into(), "c3".into()];
    let cat = catalogue(vec![
        shoes,
        category(1, Strategy::RoundRobin, 2, 0, "{rand:8}"),
        category(2, Strategy::RoundRobin, 1, 0, "{rand:8}"),
        category(3, Strategy::RoundRobin, 1, 0, "{rand:8}"),
    ]);
    let o = order("o", &["k0 leather shoe".to_owned()]);
    let plan = release(&cat, &o);
    let t = &plan.tasks[0];
    assert_eq!(
        (t.category_id.as_str(), t.supplier_id.as_str(), t.step),
        ("c1", "c1s0", Some(Step { no: 1, of: 3 }))
    );
    assert_eq!(
        plan.lines[0].category_id.as_deref(),
        Some("c0"),
        "the line stays a shoe"
    );
    let mut o = applied(&o, &plan);
    let mut cat = cat;
    let mut made = vec![t.supplier_id.clone()];
    for (no, (category, supplier)) in [("c2", "c2s0"), ("c3", "c3s0")].into_iter().enumerate() {
        // the step before is produced: the next is routed in its category
        let last = o.tasks.last_mut().unwrap();
        last.status = TaskStatus::Produced;
        let task_id = last.id.clone();
        assert_eq!(
            o.tasks.last().unwrap().status_for_order(),
            TaskStatus::InProduction
        );
        let request = [Request {
            order: &o,
            cause: Cause::NextStep { task_id },
        }];
        let plan = run(&cat, &request, 2, &HashSet::new()).unwrap();
        let t = &plan.tasks[0];
        assert_eq!(
            (t.category_id.as_str(), t.supplier_id.as_str()),
            (category, supplier)
        );
        assert_eq!(
            t.step,
            Some(Step {
                no: no as i64 + 2,
                of: 3
            })
        );
        let routed = plan
            .events
            .iter()
            .find(|e| e.kind == EventKind::TaskRouted)
            .unwrap();
        assert_eq!(routed.details["step"]["of_category"], "c0");
        made.push(t.supplier_id.clone());
        for change in &plan.categories {
            cat.categories.get_mut(&change.id).unwrap().cursor = change.cursor;
        }
        o = applied(&o, &plan);
        // the test's ids restart at t1 with every plan
        o.tasks.last_mut().unwrap().id = format!("step-{}", no + 2);
        assert_ne!(o.status, OrderStatus::Shipped);
    }
    assert_eq!(made, ["c1s0", "c2s0", "c3s0"]);
    // the last step produced: nothing more to route
    o.tasks.last_mut().unwrap().status = TaskStatus::Produced;
    let task_id = o.tasks.last().unwrap().id.clone();
    assert_eq!(
        o.tasks.last().unwrap().status_for_order(),
        TaskStatus::Produced
    );
    let request = [Request {
        order: &o,
        cause: Cause::NextStep { task_id },
    }];
    assert!(
        run(&cat, &request, 3, &HashSet::new())
            .unwrap()
            .tasks
            .is_empty()
    );
    // every step handed over and the last shipped: the order has shipped
    for t in &mut o.tasks {
        t.status = TaskStatus::Shipped;
    }
    let request = [Request {
        order: &o,
        cause: Cause::TaskMoved,
    }];
    let plan = run(&cat, &request, 4, &HashSet::new()).unwrap();
    assert_eq!(plan.status_of(&o), OrderStatus::Shipped);
}
