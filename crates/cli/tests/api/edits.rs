//! Staff change an order: the buyer's address while it is open, its lines
//! before release (the total follows), never someone else's newer version,
//! never a closed order's.

use crate::helpers::{TestApp, line, order_body};
use serde_json::json;

crate::on_both_backends!(an_order_is_edited_once_per_version);

async fn an_order_is_edited_once_per_version(app: TestApp) {
    app.category_with_suppliers("Mugs", &["mug"], 1).await;
    let order = app
        .post(
            "/api/v1/orders",
            order_body("E-1", "pending", json!([line("Mug")])),
        )
        .await;
    let order = order.ok(201).clone();
    let path = format!("/api/v1/orders/{}", order["id"].as_str().unwrap());
    let read = order["version"].as_i64().unwrap();

    // before release: new lines, and the total follows them
    let lines = json!([{ "title": "Mug", "quantity": 3, "unit_price": "12.00" }]);
    let edited = app
        .patch(&path, json!({ "version": read, "lines": lines }))
        .await;
    let edited = edited.ok(200).clone();
    assert_eq!(edited["lines"][0]["quantity"], 3);
    assert_eq!(edited["total_amount"], "36.00");
    let next = edited["version"].as_i64().unwrap();
    assert!(next > read, "a new version");

    // a second editor still holding the first version: refused, nothing lost
    let stale = app
        .patch(&path, json!({ "version": read, "note": "gift wrap" }))
        .await;
    assert_eq!(stale.problem(409, "version_conflict")["field"], "version");
    assert_eq!(app.get(&path).await.ok(200)["note"], json!(null));

    // released: the address still changes, the lines no longer
    let released = app
        .post(&format!("{path}/transitions"), json!({"to": "purchasing"}))
        .await;
    let version = released.ok(200)["version"].as_i64().unwrap();
    let address = json!({"country": "DE", "city": "Berlin", "line1": "Torstraße 1"});
    let moved = app
        .patch(
            &path,
            json!({ "version": version, "shipping_address": address }),
        )
        .await;
    let moved = moved.ok(200).clone();
    assert_eq!(moved["shipping_address"]["city"], "Berlin");
    assert_eq!(
        moved["tasks"].as_array().unwrap().len(),
        1,
        "its task stays"
    );
    let version = moved["version"].as_i64().unwrap();
    // released: a second mug is a new line, routed (amendments.rs has the rest)
    let lines = json!([line("Mug"), line("Mug")]);
    let added = app
        .patch(&path, json!({ "version": version, "lines": lines }))
        .await;
    let added = added.ok(200).clone();
    assert_eq!(added["tasks"].as_array().unwrap().len(), 2, "{added}");
    let version = added["version"].as_i64().unwrap();
    let bad = app
        .patch(&path, json!({ "version": version, "total_amount": "-1" }))
        .await;
    bad.problem(422, "negative");

    let events = app.order_events(&moved).await;
    let edits: Vec<_> = events
        .iter()
        .filter(|e| e["kind"] == "order.edited")
        .collect();
    assert_eq!(edits.len(), 3, "one event per accepted edit");
    assert_eq!(
        edits[1]["details"]["changed"]["shipping_address"]["after"]["city"],
        "Berlin"
    );

    // cancelled: closed to edits
    let cancel = json!({"to": "cancelled", "reason": "test"});
    let cancelled = app.post(&format!("{path}/transitions"), cancel).await;
    let version = cancelled.ok(200)["version"].as_i64().unwrap();
    let closed = app
        .patch(&path, json!({ "version": version, "note": "late" }))
        .await;
    closed.problem(409, "order_closed");
}
