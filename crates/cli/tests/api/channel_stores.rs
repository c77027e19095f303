//! Channels as sellers really run them: two stores of one platform, and
//! lines that are money but no product, in a currency without cents.

use crate::channels::{changed, deliver, fixture, shopify};
use crate::helpers::TestApp;
use orderhub_channels::signature::sign;
use serde_json::{Value, json};

crate::on_both_backends!(
    two_stores_of_one_platform_keep_their_own_orders,
    lines_that_are_money_but_no_product_and_yen_without_cents,
);

/// Two Shopify stores both number from #1001: each keeps its own order,
/// a cancellation in one store touches only its own, and each order shows
/// the marketplace's id with a link to that store's admin.
async fn two_stores_of_one_platform_keep_their_own_orders(app: TestApp) {
    app.category_with_suppliers("Gifts", &["board", "bracelet", "note"], 2)
        .await;
    let secret = "shpss_same";
    let mut stores = Vec::new();
    for name in ["Store A", "Store B"] {
        let body = json!({"kind": "shopify", "name": name, "secret": secret, "default_status": "purchasing"});
        let c = app.post("/api/v1/channels", body).await.ok(201).clone();
        stores.push(c["id"].as_str().unwrap().to_owned());
    }
    // a hand-entered #1001 of another platform is not touched either
    app.order(
        "#1001",
        "pending",
        json!([crate::helpers::line("Oak board")]),
    )
    .await
    .ok(201);
    let create = fixture("shopify/order_create.json");
    let b_create = changed("shopify/order_create.json", |v| {
        v["id"] = json!(7000000000001u64)
    });
    let a = shopify(&app, &stores[0], secret, "a-1", "orders/create", create).await;
    let b = shopify(&app, &stores[1], secret, "b-1", "orders/create", b_create).await;
    assert_eq!(a.ok(200)["outcome"], "created");
    assert_eq!(
        b.ok(200)["outcome"],
        "created",
        "not an update of store A's order"
    );
    let (a_order, b_order) = (
        a.body["order"]["id"].as_str().unwrap(),
        b.body["order"]["id"].as_str().unwrap(),
    );
    assert_ne!(a_order, b_order);

    // store B cancels its #1001: store A's order and its tasks stay
    let b_cancel = changed("shopify/order_cancelled.json", |v| {
        v["id"] = json!(7000000000001u64)
    });
    let res = shopify(
        &app,
        &stores[1],
        secret,
        "b-2",
        "orders/cancelled",
        b_cancel,
    )
    .await;
    assert_eq!(res.ok(200)["outcome"], "cancelled");
    let a_now = app
        .get(&format!("/api/v1/orders/{a_order}"))
        .await
        .ok(200)
        .clone();
    let b_now = app
        .get(&format!("/api/v1/orders/{b_order}"))
        .await
        .ok(200)
        .clone();
    assert_eq!(b_now["status"], "cancelled");
    assert_ne!(a_now["status"], "cancelled");
    assert!(
        a_now["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["status"] != "cancelled")
    );

    // each shows the marketplace's id and a link into its store's admin
    assert_eq!(a_now["channel_id"], stores[0].as_str());
    assert_eq!(a_now["upstream_id"], "6234591847261");
    assert_eq!(
        a_now["upstream_url"],
        "https://maple-and-quill.myshopify.com/admin/orders/6234591847261"
    );
    assert_eq!(b_now["upstream_id"], "7000000000001");
    // both are found by their number; the hand-entered one too
    let found = app.get("/api/v1/orders?q=%231001").await.ok(200).clone();
    assert_eq!(found["items"].as_array().unwrap().len(), 3, "{found}");
}

/// A Shopify order with a tip and shipping protection, released at once:
/// the products get tasks, the other lines stay on the order (money) with
/// a marker and no task, and the order does not need attention. A
/// WooCommerce order of ¥2,900 for three items is taken (it was refused
/// `too_precise`).
async fn lines_that_are_money_but_no_product_and_yen_without_cents(app: TestApp) {
    app.category_with_suppliers("Gifts", &["board", "bracelet", "note", "puzzle", "pen"], 2)
        .await;
    let secret = "shpss_tip";
    let body = json!({"kind": "shopify", "name": "Tips", "secret": secret, "default_status": "purchasing"});
    let c = app.post("/api/v1/channels", body).await.ok(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let order = changed("shopify/order_create.json", |v| {
        v["financial_status"] = json!("paid");
        let mut tip = v["line_items"][0].clone();
        tip["title"] = json!("Tip");
        tip["tip_payment_gateway"] = Value::Null;
        tip["requires_shipping"] = json!(false);
        tip["sku"] = Value::Null;
        let mut route = v["line_items"][0].clone();
        route["title"] = json!("Route Shipping Protection");
        route["requires_shipping"] = json!(false);
        route["sku"] = Value::Null;
        let items = v["line_items"].as_array_mut().unwrap();
        items.push(tip);
        items.push(route);
    });
    let res = shopify(&app, &c, secret, "tip-1", "orders/create", order).await;
    let o = res.ok(200)["order"].clone();
    assert_ne!(o["status"], "needs_attention", "{o}");
    let lines = o["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 5);
    assert_eq!(
        (lines[3]["no_task"].as_str(), lines[4]["no_task"].as_str()),
        (Some("tip"), Some("not_shipped"))
    );
    assert!(lines.iter().all(|l| l["unrouted"].is_null()), "{o}");
    assert_eq!(
        o["tasks"].as_array().unwrap().len(),
        3,
        "the three products only"
    );
    // the API's own orders (the group-commit path) take such lines too
    let lines = json!([crate::helpers::line("Oak board"),
        {"title": "Gift wrap", "quantity": 1, "unit_price": "3.00", "no_task": "fee"}]);
    let o = app
        .order("FEE-1", "purchasing", lines)
        .await
        .ok(201)
        .clone();
    assert_eq!(o["tasks"].as_array().unwrap().len(), 1, "{o}");
    assert_eq!(o["lines"][1]["no_task"], "fee");
    assert_eq!(o["status"], "purchasing");

    let wc = "wc-yen";
    let body = json!({"kind": "woocommerce", "name": "Yen shop", "secret": wc, "default_status": "purchasing"});
    let c = app.post("/api/v1/channels", body).await.ok(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let yen = changed("woocommerce/order_created.json", |v| {
        v["currency"] = json!("JPY");
        v["total"] = json!("5900");
        v["line_items"][0]["total"] = json!("3000");
        v["line_items"][1]["total"] = json!("2900");
        v["line_items"][1]["price"] = json!(966.6666666666666);
    });
    let headers = [
        (
            "x-wc-webhook-signature",
            sign(wc.as_bytes(), yen.as_bytes()),
        ),
        ("x-wc-webhook-delivery-id", "y-1".to_owned()),
        ("x-wc-webhook-topic", "order.created".to_owned()),
    ];
    let res = deliver(&app, &c, &headers, yen).await;
    let o = res.ok(200)["order"].clone();
    assert_eq!(
        (
            o["lines"][1]["unit_price"].as_str(),
            o["lines"][1]["line_total"].as_str()
        ),
        (Some("966.67"), Some("2900"))
    );
}
