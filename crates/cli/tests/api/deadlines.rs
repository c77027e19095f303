//! Acknowledgement deadlines: a task not accepted within its category's
//! hours moves to the next supplier by itself, recorded like a rejection;
//! an accepted task, or one within its time, stays. The sweep takes the
//! time as an argument, so the test looks hours ahead instead of waiting.

use crate::helpers::{Auth, TestApp, line};
use reqwest::Method;
use serde_json::{Value, json};

crate::on_both_backends!(an_unaccepted_task_moves_on_after_its_deadline);

const HOUR_MS: i64 = 3_600_000;

fn now_ms() -> i64 {
    (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

async fn an_unaccepted_task_moves_on_after_its_deadline(app: TestApp) {
    let (category, sup) = app.category_with_suppliers("Mugs", &["mug"], 2).await;
    let set = json!({"accept_within": 2});
    let c = app
        .patch(&format!("/api/v1/categories/{category}"), set)
        .await;
    assert_eq!(c.ok(200)["accept_within"], 2);
    let waiting = app
        .order("ACK-1", "purchasing", json!([line("Mug")]))
        .await
        .ok(201)
        .clone();
    let taken = app
        .order("ACK-2", "purchasing", json!([line("Mug")]))
        .await
        .ok(201)
        .clone();
    let first = waiting["tasks"][0].clone();
    assert_eq!(first["supplier_id"], sup[0].as_str());
    // the second order's supplier accepts in time
    let accepted = taken["tasks"][0]["id"].as_str().unwrap().to_owned();
    let holder = taken["tasks"][0]["supplier_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, token) = app.token("maker", "supplier", Some(&holder)).await;
    let to = json!({"to": "accepted"});
    app.send_as(
        &Auth::Bearer(token),
        Method::POST,
        &format!("/api/v1/tasks/{accepted}/transitions"),
        Some(&to),
    )
    .await
    .ok(200);

    let store = orderhub_store::Store::connect(&app.db.url).await.unwrap();
    let sweep = |hours: i64| {
        let store = store.clone();
        async move {
            orderhub_api::timeouts::expire_unaccepted(&store, now_ms() + hours * HOUR_MS)
                .await
                .unwrap()
        }
    };
    assert_eq!(sweep(1).await, 0, "within its two hours");
    assert_eq!(sweep(3).await, 1, "only the unaccepted one");

    let id = waiting["id"].as_str().unwrap();
    let order = app
        .get(&format!("/api/v1/orders/{id}"))
        .await
        .ok(200)
        .clone();
    let tasks = order["tasks"].as_array().unwrap();
    let old = tasks.iter().find(|t| t["id"] == first["id"]).unwrap();
    assert_eq!(old["status"], "rejected");
    let next = tasks.iter().find(|t| t["status"] == "assigned").unwrap();
    assert_eq!(next["supplier_id"], sup[1].as_str(), "the next supplier");
    let events = app.order_events(&order).await;
    let rejected = events
        .iter()
        .find(|e| e["to_status"] == "rejected")
        .unwrap_or_else(|| panic!("{events:#?}"));
    assert_eq!(
        rejected["details"]["reason"], "not accepted within 2 h",
        "{rejected}"
    );
    assert_eq!(rejected["actor"], "orderhub:accept-timeout");
    let routed: Vec<&Value> = events
        .iter()
        .filter(|e| e["kind"] == "task.routed")
        .collect();
    assert_eq!(routed.last().unwrap()["details"]["cause"], "rejection");
    let kept = app.get(&format!("/api/v1/tasks/{accepted}")).await;
    assert_eq!(kept.ok(200)["status"], "accepted");

    // the next supplier's time runs from its own assignment; when it also
    // lets it lapse, nobody is left and the order waits for a person
    assert_eq!(sweep(1).await, 0);
    assert_eq!(sweep(3).await, 1);
    let order = app
        .get(&format!("/api/v1/orders/{id}"))
        .await
        .ok(200)
        .clone();
    assert_eq!(order["status"], "needs_attention");
    assert_eq!(
        order["lines"][0]["unrouted"]["code"],
        "all_suppliers_rejected"
    );
    store.close().await;
}
