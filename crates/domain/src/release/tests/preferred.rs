//! A rule's preferred supplier: it gets the line with no turn of the
//! rotation when it serves the category and is active; otherwise the
//! rotation decides.

use super::*;

#[test]
fn a_preferred_supplier_takes_the_line_without_a_turn() {
    let mut cats = catalogue(vec![category(
        0,
        Strategy::RoundRobin,
        3,
        0,
        "{category}-{rand:6}",
    )]);
    let mut o = order("p", &["k0 mug".into(), "k0 cup".into()]);
    o.lines[0].preferred = Some("c0s2".into());
    // another category's supplier is no preference here
    o.lines[1].preferred = Some("elsewhere".into());
    let plan = release(&cats, &o);
    assert_eq!(plan.tasks[0].supplier_id, "c0s2");
    assert_eq!(plan.tasks[1].supplier_id, "c0s0", "the rotation's first");
    assert_eq!(plan.events[0].details["cause"], "rule");
    assert_eq!(plan.events[1].details["cause"], "release");
    assert_eq!(
        plan.categories[0].cursor,
        Some(1),
        "one turn, the second line's"
    );

    // an inactive preferred supplier: the rotation decides
    cats.categories.get_mut("c0").unwrap().candidates[2].active = false;
    let plan = release(&cats, &o);
    assert_eq!(plan.tasks[0].supplier_id, "c0s0");
    assert_eq!(plan.events[0].details["cause"], "release");
}
