//! An order completes on confirmed delivery, never because a supplier
//! says its work is done: an operator confirms receipt, or orderhub does
//! a set time after the order shipped (自动确认收货).

use crate::helpers::{TestApp, line};
use serde_json::json;

crate::on_both_backends!(
    receipt_is_confirmed_by_a_person_or_after_the_set_days,
    the_marketplace_saying_delivered_completes_a_shipped_order
);

/// Shopify's carrier tracking says delivered: an order shipped here
/// completes; before it ships here, the news changes nothing.
async fn the_marketplace_saying_delivered_completes_a_shipped_order(app: TestApp) {
    use crate::channels::{changed, channel, shopify};
    app.category_with_suppliers("Gifts", &["board", "bracelet", "note"], 1)
        .await;
    let secret = "shpss_delivered";
    let c = channel(&app, "shopify", Some(secret)).await;
    let paid = |v: &mut serde_json::Value| v["financial_status"] = json!("paid");
    let body = changed("shopify/order_create.json", paid);
    let made = shopify(&app, &c, secret, "d-1", "orders/create", body).await;
    let id = made.ok(200)["order"]["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/orders/{id}");
    let delivered = |n: u32| {
        changed("shopify/order_create.json", |v| {
            v["financial_status"] = json!("paid");
            v["fulfillment_status"] = json!("fulfilled");
            v["updated_at"] = json!(format!("2025-05-1{n}T10:00:00-04:00"));
            v["fulfillments"] = json!([
                {"id": 1, "status": "success", "shipment_status": "delivered"},
                {"id": 2, "status": "cancelled", "shipment_status": null}
            ]);
        })
    };
    // not shipped here yet: delivered upstream changes nothing here
    let early = shopify(&app, &c, secret, "d-2", "orders/updated", delivered(5)).await;
    assert_eq!(early.ok(200)["outcome"], "updated");
    let order = app.get(&path).await.ok(200).clone();
    assert_ne!(order["status"], "completed");
    for t in order["tasks"].as_array().unwrap() {
        app.ship_task(t["id"].as_str().unwrap()).await;
    }
    assert_eq!(app.get(&path).await.ok(200)["status"], "shipped");
    let done = shopify(&app, &c, secret, "d-3", "orders/updated", delivered(6)).await;
    assert_eq!(done.ok(200)["outcome"], "completed");
    assert_eq!(app.get(&path).await.ok(200)["status"], "completed");
    let events = app.order_events(&json!({ "id": id })).await;
    let completed = events
        .iter()
        .find(|e| e["to_status"] == "completed")
        .expect("a completion on the timeline");
    assert_eq!(
        completed["details"]["reason"],
        "delivered, says the marketplace"
    );
}

async fn receipt_is_confirmed_by_a_person_or_after_the_set_days(app: TestApp) {
    app.category_with_suppliers("Mugs", &["mug"], 1).await;
    let mut ids = Vec::new();
    for number in ["R-1", "R-2", "R-3"] {
        let order = app.order(number, "purchasing", json!([line("Mug")])).await;
        let order = order.ok(201).clone();
        app.ship_task(order["tasks"][0]["id"].as_str().unwrap())
            .await;
        ids.push(order["id"].as_str().unwrap().to_owned());
    }
    let status = |id: &str| {
        let (app, id) = (&app, id.to_owned());
        async move { app.get(&format!("/api/v1/orders/{id}")).await.ok(200)["status"].clone() }
    };
    assert_eq!(status(&ids[0]).await, "shipped", "shipped is not received");
    // the supplier's "completed" does not complete the order
    let task = app.get(&format!("/api/v1/orders/{}", ids[2])).await.ok(200)["tasks"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.post(
        &format!("/api/v1/tasks/{task}/transitions"),
        json!({"to": "completed"}),
    )
    .await
    .ok(200);
    assert_eq!(status(&ids[2]).await, "shipped");
    // an operator confirms one
    app.post(
        &format!("/api/v1/orders/{}/transitions", ids[1]),
        json!({"to": "completed"}),
    )
    .await
    .ok(200);

    // ten days on, orderhub confirms the others (set to seven days)
    let store = orderhub_store::Store::connect(&app.db.url).await.unwrap();
    let week = std::time::Duration::from_secs(7 * 86_400);
    assert_eq!(
        orderhub_api::timeouts::confirm_receipt(&store, week)
            .await
            .unwrap(),
        0
    );
    app.sql(
        "UPDATE events SET created_at = created_at - 864000000 WHERE kind = 'order.status_changed'",
    )
    .await;
    assert_eq!(
        orderhub_api::timeouts::confirm_receipt(&store, week)
            .await
            .unwrap(),
        2
    );
    for id in &ids {
        assert_eq!(status(id).await, "completed", "{id}");
    }
    let order = app
        .get(&format!("/api/v1/orders/{}", ids[0]))
        .await
        .ok(200)
        .clone();
    let events = app.order_events(&order).await;
    let done = events
        .iter()
        .find(|e| e["to_status"] == "completed")
        .unwrap();
    assert_eq!(done["actor"], "orderhub:receipt-timeout");
    assert_eq!(
        done["details"]["reason"],
        "receipt confirmed automatically 7 days after shipping"
    );
    assert_eq!(
        orderhub_api::timeouts::confirm_receipt(&store, week)
            .await
            .unwrap(),
        0
    );
}
