use super::*;
use crate::TaskStatus;
use crate::amend::{AmendmentKind, AmendmentStatus};
use crate::labels::{Viewer, order_label};
use crate::model::{Address, Customer, Line, Priority, Task, Unrouted, UnroutedCode};
use crate::proof::ProofState;
use serde_json::Value;
use time::macros::datetime;

const NOW: OffsetDateTime = datetime!(2026-12-04 12:00 UTC);

fn task(id: &str, status: TaskStatus) -> Task {
    crate::model::test_task(id, status)
}

fn order(status: OrderStatus, tasks: Vec<Task>) -> Order {
    Order {
        id: "o".into(),
        platform: "etsy".into(),
        external_number: "1001".into(),
        status,
        status_label: order_label(Viewer::Platform, status, PaymentStatus::Paid),
        version: 1,
        payment_status: PaymentStatus::Paid,
        priority: Priority::Normal,
        approval: None,
        hold: Vec::new(),
        attention: Vec::new(),
        fulfilment: crate::supplier_order::Fulfilment::Unshipped,
        supplier_orders: Vec::new(),
        tags: Vec::new(),
        currency: "USD".into(),
        total_amount: None,
        placed_at: None,
        ship_by: None,
        customer: Customer {
            name: "Ada".into(),
            email: None,
            phone: None,
            id: None,
        },
        shipping_address: Some(Address {
            country: "GB".into(),
            region: None,
            city: Some("London".into()),
            line1: Some("1 Square".into()),
            line2: None,
            postal_code: None,
        }),
        note: None,
        lines: vec![Line {
            id: "l1".into(),
            line_no: 1,
            title: "Mug".into(),
            category_id: None,
            quantity: 1,
            unit_price: None,
            platform_sku: None,
            customization: None,
            unrouted: None,
            no_task: None,
            line_total: None,
            removed: false,
        }],
        tasks,
        channel_id: None,
        upstream_id: None,
        upstream_url: None,
        created_at: NOW,
        updated_at: NOW,
    }
}

fn reasons(o: &Order, refused: &[Amendment]) -> Vec<AttentionReason> {
    attention(o, refused, NOW)
        .iter()
        .map(|a| a.reason)
        .collect()
}

#[test]
fn a_healthy_order_asks_for_nothing() {
    let o = order(
        OrderStatus::InProduction,
        vec![task("t", TaskStatus::InProduction)],
    );
    assert!(reasons(&o, &[]).is_empty());
}

#[test]
fn an_unrouted_line_offers_to_route_again() {
    let mut o = order(OrderStatus::NeedsAttention, Vec::new());
    o.lines[0].unrouted = Some(Unrouted {
        code: UnroutedCode::NoCategoryMatched,
        detail: "no category keyword".into(),
    });
    let found = attention(&o, &[], NOW);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].reason, AttentionReason::Unrouted);
    assert_eq!(found[0].line_no, Some(1));
    assert_eq!(found[0].fixes, vec![Fix::RouteAgain]);
}

#[test]
fn suppliers_at_work_need_a_street_and_a_city() {
    let mut o = order(
        OrderStatus::Purchasing,
        vec![task("t", TaskStatus::Assigned)],
    );
    o.shipping_address.as_mut().unwrap().line1 = None;
    assert_eq!(reasons(&o, &[]), vec![AttentionReason::AddressMissing]);
    // not before release: the review holds it then
    let mut pending = o.clone();
    pending.tasks.clear();
    pending.status = OrderStatus::Pending;
    assert!(reasons(&pending, &[]).is_empty());
    // nor once everything shipped
    o.tasks[0].status = TaskStatus::Shipped;
    assert!(reasons(&o, &[]).is_empty());
}

#[test]
fn unpaid_matters_for_a_marketplace_order_or_a_refund() {
    let mut o = order(
        OrderStatus::Purchasing,
        vec![task("t", TaskStatus::Assigned)],
    );
    o.payment_status = PaymentStatus::Unpaid;
    assert!(reasons(&o, &[]).is_empty(), "by hand: invoiced later");
    o.channel_id = Some("shop".into());
    assert_eq!(reasons(&o, &[]), vec![AttentionReason::NotPaid]);
    o.channel_id = None;
    o.payment_status = PaymentStatus::Refunded;
    let found = attention(&o, &[], NOW);
    assert_eq!(found[0].reason, AttentionReason::NotPaid);
    assert_eq!(found[0].fixes, vec![Fix::RecordPayment, Fix::CancelOrder]);
}

#[test]
fn late_tasks_and_a_buyer_sitting_on_a_proof() {
    let mut late = task("late", TaskStatus::InProduction);
    late.due_at = Some(NOW - Duration::hours(1));
    let mut waiting = task("proof", TaskStatus::Accepted);
    waiting.proof = Some(ProofState {
        status: ProofStatus::WithBuyer,
        round: 1,
        since: NOW - Duration::days(4),
        latest: None,
    });
    let mut fresh = task("fresh", TaskStatus::Accepted);
    fresh.proof = Some(ProofState {
        since: NOW - Duration::days(1),
        ..waiting.proof.clone().unwrap()
    });
    let mut shipped = task("shipped", TaskStatus::Shipped);
    shipped.due_at = Some(NOW - Duration::days(9));
    let o = order(
        OrderStatus::InProduction,
        vec![late, waiting, fresh, shipped],
    );
    let found = attention(&o, &[], NOW);
    let got: Vec<(AttentionReason, Option<&str>)> = found
        .iter()
        .map(|a| (a.reason, a.task_id.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            (AttentionReason::Late, Some("late")),
            (AttentionReason::ProofWaiting, Some("proof")),
        ]
    );
}

#[test]
fn a_refused_change_offers_to_keep_the_task() {
    let o = order(
        OrderStatus::InProduction,
        vec![task("t", TaskStatus::Accepted)],
    );
    let refused = Amendment {
        id: "a1".into(),
        task_id: "t".into(),
        kind: AmendmentKind::Change,
        status: AmendmentStatus::Refused,
        before: Value::Null,
        after: None,
        reason: Some("no more blue glaze".into()),
        proposed_by: "user:ops".into(),
        proposed_at: NOW,
    };
    let found = attention(&o, &[refused], NOW);
    assert_eq!(found[0].reason, AttentionReason::AmendmentRefused);
    assert_eq!(found[0].amendment_id.as_deref(), Some("a1"));
    assert_eq!(found[0].detail.as_deref(), Some("no more blue glaze"));
    assert!(found[0].fixes.contains(&Fix::KeepAsIs));
}

#[test]
fn a_closed_order_asks_for_nothing() {
    let mut o = order(
        OrderStatus::Cancelled,
        vec![task("t", TaskStatus::Cancelled)],
    );
    o.shipping_address = None;
    assert!(reasons(&o, &[]).is_empty());
}
