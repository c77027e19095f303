use super::*;
use crate::model::Priority;

/// A decimal from its text.
fn dec(s: &str) -> rust_decimal::Decimal {
    s.parse().unwrap()
}

fn cond(field: RuleField, op: RuleOp, value: &str) -> Condition {
    Condition {
        field,
        op,
        value: value.into(),
    }
}

fn rule(id: &str, conditions: Vec<Condition>, actions: Vec<RuleAction>) -> Rule {
    Rule {
        id: id.into(),
        name: format!("rule {id}"),
        trigger: RuleTrigger::OrderReceived,
        conditions,
        actions,
        active: true,
        position: 0,
        version: 1,
        updated_by: "test".into(),
        updated_at: time::OffsetDateTime::UNIX_EPOCH,
    }
}

fn amazon(total: rust_decimal::Decimal, currency: &str) -> RuleFacts {
    RuleFacts {
        platform: "amazon".into(),
        currency: currency.into(),
        total: Some(total),
        country: Some("US".into()),
        titles: vec!["Blue mug".into()],
        categories: vec!["mugs".into()],
        quantity: 2,
        ..Default::default()
    }
}

#[test]
fn orders_over_500_usd_from_amazon_go_to_review() {
    let big = rule(
        "r1",
        vec![
            cond(RuleField::Platform, RuleOp::Eq, "Amazon"),
            cond(RuleField::Total, RuleOp::Gt, "500 USD"),
        ],
        vec![RuleAction::Hold {
            reason: "big Amazon order".into(),
        }],
    );
    let rules = [big];
    let fired = evaluate(
        &rules,
        RuleTrigger::OrderReceived,
        &amazon(dec("612.00"), "USD"),
    );
    assert_eq!(fired.len(), 1);
    assert_eq!(fired[0].why[1], "total gt 500 USD (612.00 USD)");
    assert_eq!(Outcome::of(&fired).holds.len(), 1);
    // at the line, below it, in another currency, from another platform
    for facts in [
        amazon(dec("500.00"), "USD"),
        amazon(dec("499"), "USD"),
        amazon(dec("9000"), "JPY"),
        RuleFacts {
            platform: "etsy".into(),
            ..amazon(dec("900"), "USD")
        },
    ] {
        assert!(
            evaluate(&rules, RuleTrigger::OrderReceived, &facts).is_empty(),
            "{facts:?}"
        );
    }
    assert!(
        evaluate(
            &rules,
            RuleTrigger::TaskStatusChanged,
            &amazon(dec("900"), "USD")
        )
        .is_empty()
    );
}

#[test]
fn later_rules_win_and_inactive_ones_sleep() {
    let mut a = rule(
        "a",
        vec![],
        vec![RuleAction::SetPriority {
            priority: Priority::Urgent,
        }],
    );
    let mut b = rule(
        "b",
        vec![cond(RuleField::Title, RuleOp::Contains, "MUG")],
        vec![RuleAction::SetPriority {
            priority: Priority::Normal,
        }],
    );
    a.position = 2;
    b.position = 1;
    let facts = amazon(dec("1"), "USD");
    assert_eq!(
        Outcome::of(&evaluate(
            &[a.clone(), b.clone()],
            RuleTrigger::OrderReceived,
            &facts
        ))
        .priority,
        Some(Priority::Urgent)
    );
    a.active = false;
    assert_eq!(
        Outcome::of(&evaluate(&[a, b], RuleTrigger::OrderReceived, &facts)).priority,
        Some(Priority::Normal)
    );
}

#[test]
fn text_numbers_and_flags_compare_as_written() {
    let f = amazon(dec("10"), "USD");
    assert!(
        cond(RuleField::Country, RuleOp::In, "gb, us")
            .holds(&f)
            .is_some()
    );
    assert!(
        cond(RuleField::Category, RuleOp::Ne, "shoes")
            .holds(&f)
            .is_some()
    );
    assert!(
        cond(RuleField::Category, RuleOp::Ne, "Mugs")
            .holds(&f)
            .is_none()
    );
    assert!(
        cond(RuleField::Quantity, RuleOp::Gte, "2")
            .holds(&f)
            .is_some()
    );
    assert!(
        cond(RuleField::Personalised, RuleOp::Eq, "false")
            .holds(&f)
            .is_some()
    );
    assert!(
        cond(RuleField::CustomerEmail, RuleOp::Contains, "x")
            .holds(&f)
            .is_none(),
        "no e-mail: no match"
    );
}

#[test]
fn refusals_name_the_part() {
    let new = |conditions, actions| NewRule {
        name: "r".into(),
        trigger: RuleTrigger::TaskStatusChanged,
        conditions,
        actions,
        active: None,
        position: None,
    };
    let e = new(
        vec![cond(RuleField::Total, RuleOp::Gt, "500")],
        vec![RuleAction::Webhook],
    )
    .validate()
    .unwrap_err();
    assert_eq!(e.field, "conditions[0]");
    let e = new(
        vec![cond(RuleField::Platform, RuleOp::Gt, "a")],
        vec![RuleAction::Webhook],
    )
    .validate()
    .unwrap_err();
    assert_eq!(e.field, "conditions[0]");
    let e = new(
        vec![],
        vec![RuleAction::Webhook, RuleAction::Hold { reason: "x".into() }],
    )
    .validate()
    .unwrap_err();
    assert_eq!(e.field, "actions[1]");
    let e = new(vec![], vec![]).validate().unwrap_err();
    assert_eq!(e.field, "actions");
    let ok = new(
        vec![cond(RuleField::TaskStatus, RuleOp::Eq, " shipped ")],
        vec![RuleAction::Notify {
            message: " sent ".into(),
        }],
    )
    .validate()
    .unwrap();
    assert_eq!(ok.conditions[0].value, "shipped");
    assert_eq!(
        ok.actions[0],
        RuleAction::Notify {
            message: "sent".into()
        }
    );
}
