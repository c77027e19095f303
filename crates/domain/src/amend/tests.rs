use super::*;
use serde_json::json;

fn now(id: &str, title: &str, quantity: i64, task: Option<TaskStatus>) -> LineNow {
    LineNow {
        line_id: id.into(),
        line_no: id.trim_start_matches('l').parse().unwrap(),
        title: title.into(),
        quantity,
        unit_price: Decimal::new(1000, 2),
        line_total: None,
        platform_sku: None,
        customization: None,
        removed: false,
        task: task.map(|s| (format!("t-{id}"), s)),
    }
}

fn wanted(title: &str, quantity: i64) -> NewLine {
    NewLine {
        title: title.into(),
        category: None,
        quantity,
        unit_price: Decimal::new(1000, 2),
        platform_sku: None,
        customization: None,
        no_task: None,
        line_total: None,
    }
}

#[test]
fn nothing_changed_is_nothing_to_do() {
    let lines = [now("l1", "Mug", 1, Some(TaskStatus::InProduction))];
    assert_eq!(diff(&lines, &[wanted("mug", 1)]).unwrap(), vec![]);
}

#[test]
fn each_change_follows_how_far_its_task_has_gone() {
    let lines = [
        now("l1", "Mug", 1, Some(TaskStatus::Assigned)),
        now("l2", "Board", 1, Some(TaskStatus::Accepted)),
        now("l3", "Tray", 1, Some(TaskStatus::Assigned)),
        now("l4", "Lamp", 1, Some(TaskStatus::InProduction)),
        now("l5", "Tip", 1, None),
    ];
    let mut cheaper = wanted("Lamp", 1);
    cheaper.unit_price = Decimal::new(900, 2);
    let actions = diff(
        &lines,
        &[
            wanted("Mug", 2),
            wanted("Board", 3),
            cheaper.clone(),
            wanted("Vase", 1),
        ],
    )
    .unwrap();
    assert_eq!(
        actions,
        vec![
            Action::Write {
                line_id: "l1".into(),
                line: wanted("Mug", 2),
                task: Some("t-l1".into())
            },
            Action::Propose {
                task_id: "t-l2".into(),
                line_id: "l2".into(),
                kind: AmendmentKind::Change,
                line: wanted("Board", 3)
            },
            Action::Remove {
                line_id: "l3".into(),
                cancel: Some("t-l3".into())
            },
            Action::Write {
                line_id: "l4".into(),
                line: cheaper,
                task: None
            },
            Action::Remove {
                line_id: "l5".into(),
                cancel: None
            },
            Action::Add(wanted("Vase", 1)),
        ]
    );
}

#[test]
fn a_committed_task_is_asked_before_its_line_goes() {
    let lines = [now("l1", "Mug", 1, Some(TaskStatus::Produced))];
    let actions = diff(&lines, &[]).unwrap();
    assert!(matches!(
        &actions[..],
        [Action::Propose {
            kind: AmendmentKind::Cancel,
            ..
        }]
    ));
}

#[test]
fn shipped_lines_do_not_change_but_their_price_may() {
    let lines = [
        now("l1", "Mug", 1, Some(TaskStatus::Shipped)),
        now("l2", "Cup", 1, None),
    ];
    assert_eq!(
        diff(&lines, &[wanted("Mug", 2), wanted("Cup", 1)]),
        Err(Shipped { line_no: 1 })
    );
    assert_eq!(
        diff(&lines, &[wanted("Cup", 1)]),
        Err(Shipped { line_no: 1 })
    );
    let mut refund = wanted("Mug", 1);
    refund.unit_price = Decimal::ZERO;
    assert_eq!(diff(&lines, &[refund, wanted("Cup", 1)]).unwrap().len(), 1);
}

#[test]
fn lines_are_matched_by_sku_before_title() {
    let mut a = now("l1", "Mug (blue)", 1, Some(TaskStatus::Accepted));
    a.platform_sku = Some("MUG-B".into());
    let mut renamed = wanted("Blue mug", 1);
    renamed.platform_sku = Some("mug-b".into());
    renamed.customization = Some(json!({"engraving": "Ada"}));
    let actions = diff(&[a], &[renamed.clone()]).unwrap();
    assert_eq!(
        actions,
        vec![Action::Propose {
            task_id: "t-l1".into(),
            line_id: "l1".into(),
            kind: AmendmentKind::Change,
            line: renamed
        }]
    );
}
