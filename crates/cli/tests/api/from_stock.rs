//! Orders and stock: a line whose SKU is in stock at a location that
//! ships orders goes to the location's keeper, its units reserved; a
//! short line held by policy waits in review until stock comes in; a
//! person's release has it made; the reservation ships or is let go with
//! its task.

use crate::channels::channel;
use crate::helpers::{TestApp, order_body};
use serde_json::{Value, json};

crate::on_both_backends!(orders_are_filled_from_stock_without_overselling);

async fn item(app: &TestApp, location: &str) -> (i64, i64, i64) {
    let page = app
        .get(&format!("/api/v1/stock?q=mug-11&location={location}"))
        .await;
    let i = page.ok(200)["items"][0].clone();
    let n = |k: &str| i[k].as_i64().unwrap();
    (n("on_hand"), n("reserved"), n("available"))
}

fn mugs(quantity: i64) -> Value {
    json!([{"title": "Ceramic mug", "quantity": quantity, "unit_price": "12.00", "platform_sku": "mug-11"}])
}

async fn task_of(app: &TestApp, order: &Value) -> Value {
    let id = order["id"].as_str().unwrap();
    app.get(&format!("/api/v1/orders/{id}")).await.ok(200)["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|t| t["status"] != "rejected")
        .unwrap()
        .clone()
}

async fn orders_are_filled_from_stock_without_overselling(app: TestApp) {
    let (_, makers) = app.category_with_suppliers("Mugs", &["mug"], 1).await;
    let keeper = app
        .post("/api/v1/suppliers", json!({"name": "Warehouse team"}))
        .await
        .ok(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // the warehouse is set up first, its team named afterwards
    let loc = json!({"code": "SZ-1", "name": "Shenzhen"});
    let loc = app
        .post("/api/v1/stock/locations", loc)
        .await
        .ok(201)
        .clone();
    let path = format!("/api/v1/stock/locations/{}", loc["id"].as_str().unwrap());
    app.patch(&path, json!({"supplier_id": "nobody"}))
        .await
        .problem(422, "unknown_supplier");
    let kept = app.patch(&path, json!({"supplier_id": keeper})).await;
    assert_eq!(kept.ok(200)["supplier_id"], keeper.as_str());
    // a location nobody ships from: its stock is not for orders
    app.post(
        "/api/v1/stock/locations",
        json!({"code": "WH-9", "name": "Archive"}),
    )
    .await
    .ok(201);
    for (location, quantity) in [("SZ-1", 5), ("WH-9", 100)] {
        let r = json!({"sku": "MUG-11", "location": location, "quantity": quantity});
        app.post("/api/v1/stock/receipts", r).await.ok(201);
    }

    // in stock: the keeper picks it, the units are reserved for the task
    let a = app
        .post("/api/v1/orders", order_body("S-1", "purchasing", mugs(3)))
        .await;
    let a = a.ok(201).clone();
    let ta = &a["tasks"][0];
    assert_eq!(
        (ta["supplier_id"].as_str(), ta["from_stock"].as_str()),
        (Some(keeper.as_str()), Some("SZ-1")),
        "{a}"
    );
    assert_eq!(item(&app, "SZ-1").await, (5, 3, 2));
    let held = app
        .get(&format!(
            "/api/v1/stock/reservations?order_id={}",
            a["id"].as_str().unwrap()
        ))
        .await;
    let held = held.ok(200)[0].clone();
    assert_eq!(
        (held["task_id"].as_str(), held["quantity"].as_i64()),
        (ta["id"].as_str(), Some(3))
    );
    let events = app.order_events(&a).await;
    let routed = events.iter().find(|e| e["kind"] == "task.routed").unwrap();
    assert_eq!(routed["details"]["from_stock"]["location"], "SZ-1");

    // short, released by a person: made by the category's supplier
    let b = app
        .post("/api/v1/orders", order_body("S-2", "purchasing", mugs(3)))
        .await;
    let tb = b.ok(201)["tasks"][0].clone();
    assert_eq!(
        (tb["supplier_id"].as_str(), tb["from_stock"].as_str()),
        (Some(makers[0].as_str()), None)
    );
    assert_eq!(
        item(&app, "SZ-1").await,
        (5, 3, 2),
        "nothing reserved for a made line"
    );

    // short, released by a channel's policy: held on stock, with why
    let shop = channel(&app, "shopify", None).await;
    let shopify = json!({
        "id": 4_400_001i64, "name": "#4401", "email": "ada@example.com", "currency": "USD",
        "total_price": "48.00", "financial_status": "paid", "updated_at": "2026-12-01T10:00:00Z",
        "customer": {"first_name": "Ada", "last_name": "L"},
        "shipping_address": {"country_code": "GB", "city": "London", "address1": "1 Upper St", "zip": "N1 9GU"},
        "line_items": [{"id": 1, "title": "Ceramic mug", "quantity": 4, "price": "12.00", "sku": "MUG-11"}]
    });
    let c = app
        .post(&format!("/api/v1/channels/{shop}/import"), shopify)
        .await;
    let c = c.ok(200)["order"].clone();
    assert_eq!(
        (c["status"].as_str(), c["hold"].clone()),
        (Some("pending"), json!(["stock"])),
        "{c}"
    );
    let id = c["id"].as_str().unwrap().to_owned();
    let review = app.get(&format!("/api/v1/orders/{id}/review")).await;
    let stock = review.ok(200)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "stock")
        .unwrap()
        .clone();
    assert_eq!(
        stock["problems"],
        json!([{"problem": "short_stock", "line_no": 1, "sku": "MUG-11", "quantity": 4, "available": 2}])
    );

    // stock comes in: the held order goes through the gate again by itself
    let r = json!({"sku": "mug-11", "location": "SZ-1", "quantity": 10});
    app.post("/api/v1/stock/receipts", r).await.ok(201);
    let c = app
        .get(&format!("/api/v1/orders/{id}"))
        .await
        .ok(200)
        .clone();
    assert_eq!(c["status"], "purchasing", "released on the receipt: {c}");
    assert_eq!(c["tasks"][0]["from_stock"], "SZ-1");
    assert_eq!(item(&app, "SZ-1").await, (15, 7, 8));

    // the keeper ships A: its units leave; it rejects C: they come back,
    // and C's line goes to be made
    app.ship_task(ta["id"].as_str().unwrap()).await;
    assert_eq!(item(&app, "SZ-1").await, (12, 4, 8));
    let tc = task_of(&app, &c).await;
    let rejected = app
        .post(
            &format!("/api/v1/tasks/{}/transitions", tc["id"].as_str().unwrap()),
            json!({"to": "rejected", "reason": "box crushed"}),
        )
        .await;
    rejected.ok(200);
    assert_eq!(item(&app, "SZ-1").await, (12, 0, 12));
    let tc = task_of(&app, &c).await;
    assert_eq!(
        (tc["supplier_id"].as_str(), tc["from_stock"].as_str()),
        (Some(makers[0].as_str()), None)
    );
    let kinds: Vec<String> = app
        .get("/api/v1/stock/movements?location=SZ-1&limit=20")
        .await
        .ok(200)["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        kinds,
        [
            "release",
            "shipment",
            "reservation",
            "receipt",
            "reservation",
            "receipt"
        ]
    );
    assert_eq!(
        item(&app, "WH-9").await,
        (100, 0, 100),
        "the archive was never touched"
    );
}
