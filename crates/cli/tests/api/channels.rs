//! Channels: signed webhooks from Shopify and WooCommerce and imports from
//! every platform, with payloads shaped like theirs
//! (crates/channels/tests/fixtures): signatures, replays, updates in and
//! out of order, cancellations and refunds.

use crate::helpers::{Res, TestApp, read};
use crate::on_both_backends;
use orderhub_channels::signature::sign;
use serde_json::{Value, json};

on_both_backends!(
    shopify_webhooks_are_signed_deduplicated_and_applied_in_order,
    woocommerce_webhooks_ping_refuse_bad_signatures_and_flag_late_refunds,
    imports_take_each_platforms_order_once,
    a_channel_is_renamed_rekeyed_and_remapped,
);

pub(crate) fn fixture(path: &str) -> String {
    let file = format!(
        "{}/../channels/tests/fixtures/{path}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// A fixture with some members replaced, as raw JSON text.
pub(crate) fn changed(path: &str, edit: impl FnOnce(&mut Value)) -> String {
    let mut v: Value = serde_json::from_str(&fixture(path)).unwrap();
    edit(&mut v);
    v.to_string()
}

/// Posts `body` to a channel's webhook with the given headers.
pub(crate) async fn deliver(
    app: &TestApp,
    channel: &str,
    headers: &[(&str, String)],
    body: String,
) -> Res {
    let mut req = app
        .client
        .post(format!("{}/api/v1/channels/{channel}/webhook", app.base))
        .header("content-type", "application/json")
        .body(body);
    for (k, v) in headers {
        req = req.header(*k, v);
    }
    read(req.send().await.expect("webhook")).await
}

pub(crate) async fn shopify(
    app: &TestApp,
    channel: &str,
    secret: &str,
    id: &str,
    topic: &str,
    body: String,
) -> Res {
    let signature = sign(secret.as_bytes(), body.as_bytes());
    let headers = [
        ("x-shopify-hmac-sha256", signature),
        ("x-shopify-webhook-id", id.to_owned()),
        ("x-shopify-topic", topic.to_owned()),
        (
            "x-shopify-shop-domain",
            "maple-and-quill.myshopify.com".to_owned(),
        ),
    ];
    deliver(app, channel, &headers, body).await
}

pub(crate) async fn channel(app: &TestApp, kind: &str, secret: Option<&str>) -> String {
    let mut body =
        json!({"kind": kind, "name": format!("{kind} store"), "default_status": "purchasing"});
    if let Some(s) = secret {
        body["secret"] = json!(s);
    }
    let c = app.post("/api/v1/channels", body).await.ok(201).clone();
    assert_eq!(c["has_secret"], secret.is_some());
    assert!(c.get("secret").is_none(), "the secret is never shown");
    c["id"].as_str().unwrap().to_owned()
}

async fn timeline(app: &TestApp, order: &Value) -> Vec<String> {
    app.order_events(order)
        .await
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_owned())
        .collect()
}

async fn shopify_webhooks_are_signed_deduplicated_and_applied_in_order(app: TestApp) {
    app.category_with_suppliers(
        "Gifts",
        &[
            "board", "bracelet", "note", "keyring", "necklace", "portrait",
        ],
        2,
    )
    .await;
    let secret = "shpss_3f9d2c";
    let c = channel(&app, "shopify", Some(secret)).await;
    let got = app
        .get(&format!("/api/v1/channels/{c}"))
        .await
        .ok(200)
        .clone();
    assert!(
        got["webhook_url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/api/v1/channels/{c}/webhook"))
    );
    let create = fixture("shopify/order_create.json");

    // a wrong or missing signature: 401, nothing stored
    let res = shopify(
        &app,
        &c,
        "not-the-secret",
        "w-0",
        "orders/create",
        create.clone(),
    )
    .await;
    res.problem(401, "invalid_signature");
    let res = deliver(
        &app,
        &c,
        &[("x-shopify-topic", "orders/create".into())],
        create.clone(),
    )
    .await;
    res.problem(401, "invalid_signature");
    let tampered = create.replace("89.00", "0.01");
    let signed_original = sign(secret.as_bytes(), create.as_bytes());
    let res = deliver(
        &app,
        &c,
        &[
            ("x-shopify-hmac-sha256", signed_original),
            ("x-shopify-topic", "orders/create".into()),
        ],
        tampered,
    )
    .await;
    res.problem(401, "invalid_signature");
    assert_eq!(app.count_orders().await, 0);

    // the order, lines verbatim; the channel releases at once, but Shopify
    // says `financial_status: pending`: it waits for the money
    let res = shopify(&app, &c, secret, "w-1", "orders/create", create.clone()).await;
    let body = res.ok(200).clone();
    assert_eq!(body["outcome"], "created");
    let order = body["order"].clone();
    assert_eq!(
        (
            order["platform"].as_str(),
            order["external_number"].as_str()
        ),
        (Some("shopify"), Some("#1001"))
    );
    assert_eq!(
        (order["status"].as_str(), order["payment_status"].as_str()),
        (Some("pending"), Some("unpaid"))
    );
    assert_eq!(
        order["tasks"].as_array().unwrap().len(),
        0,
        "no task before payment"
    );
    assert_eq!(order["lines"][1]["platform_sku"], "MQ-BRC-SS-7");
    assert!(
        order["lines"][1]["customization"]
            .to_string()
            .contains("永远爱你")
    );

    // Shopify retries the same delivery: nothing happens twice
    let again = shopify(&app, &c, secret, "w-1", "orders/create", create.clone()).await;
    assert_eq!(again.ok(200)["outcome"], "replayed");
    assert_eq!(again.ok(200)["order"]["id"], order["id"]);
    assert_eq!(app.count_orders().await, 1);

    // paid: on the timeline; the create arriving late again: stale
    let paid = shopify(
        &app,
        &c,
        secret,
        "w-2",
        "orders/updated",
        fixture("shopify/order_updated_paid.json"),
    )
    .await;
    assert_eq!(paid.ok(200)["outcome"], "updated");
    let released = paid.ok(200)["order"].clone();
    assert_eq!(
        (
            released["status"].as_str(),
            released["payment_status"].as_str()
        ),
        (Some("purchasing"), Some("paid")),
        "paid: released to suppliers"
    );
    assert_eq!(released["tasks"].as_array().unwrap().len(), 3);
    let late = shopify(&app, &c, secret, "w-3", "orders/create", create.clone()).await;
    assert_eq!(late.ok(200)["outcome"], "stale");
    assert_eq!(app.count_orders().await, 1);
    // other topics are acknowledged and ignored
    let other = shopify(&app, &c, secret, "w-x", "products/update", "{}".into()).await;
    assert_eq!(other.ok(200)["outcome"], "ignored");

    // cancelled upstream: cancelled here with its tasks
    let cancelled = shopify(
        &app,
        &c,
        secret,
        "w-4",
        "orders/cancelled",
        fixture("shopify/order_cancelled.json"),
    )
    .await;
    let body = cancelled.ok(200).clone();
    assert_eq!(body["outcome"], "cancelled");
    assert_eq!(body["order"]["status"], "cancelled");
    assert!(
        body["order"]["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["status"] == "cancelled")
    );
    let kinds = timeline(&app, &order).await;
    assert!(
        kinds.contains(&"order.upstream_updated".to_owned()),
        "{kinds:?}"
    );

    // out of order: the update arrives before the create, which is then stale
    let update_first = shopify(
        &app,
        &c,
        secret,
        "w-5",
        "orders/updated",
        fixture("shopify/order_multicurrency.json"),
    )
    .await;
    assert_eq!(update_first.ok(200)["outcome"], "created");
    let older = changed("shopify/order_multicurrency.json", |o| {
        o["updated_at"] = json!("2025-06-02T20:00:00+01:00");
        o["financial_status"] = json!("pending");
    });
    let create_later = shopify(&app, &c, secret, "w-6", "orders/create", older).await;
    assert_eq!(create_later.ok(200)["outcome"], "stale");
    // a cancellation heard of first: the order exists, cancelled
    let cancelled_first = changed("shopify/order_minimal.json", |o| {
        o["cancelled_at"] = json!("2025-05-20T14:00:00-04:00");
    });
    let res = shopify(&app, &c, secret, "w-7", "orders/cancelled", cancelled_first).await;
    assert_eq!(res.ok(200)["outcome"], "cancelled");
    assert_eq!(res.ok(200)["order"]["status"], "cancelled");
    assert_eq!(app.count_orders().await, 3);
}

async fn woocommerce_webhooks_ping_refuse_bad_signatures_and_flag_late_refunds(app: TestApp) {
    app.category_with_suppliers("Gifts", &["puzzle", "pen", "print"], 1)
        .await;
    let secret = "wc-secret-8812";
    let c = channel(&app, "woocommerce", Some(secret)).await;
    let woo = |delivery: &str, topic: &str, body: String, key: &str| {
        let headers = vec![
            (
                "x-wc-webhook-signature",
                sign(key.as_bytes(), body.as_bytes()),
            ),
            ("x-wc-webhook-delivery-id", delivery.to_owned()),
            ("x-wc-webhook-topic", topic.to_owned()),
            (
                "x-wc-webhook-source",
                "https://tinyoakworkshop.example/".to_owned(),
            ),
        ];
        let app = &app;
        let c = c.clone();
        async move { deliver(app, &c, &headers, body).await }
    };
    // the ping WooCommerce sends when the webhook is saved
    let ping = app
        .client
        .post(format!("{}/api/v1/channels/{c}/webhook", app.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(fixture("woocommerce/ping.txt"))
        .send()
        .await
        .unwrap();
    let ping = read(ping).await;
    assert_eq!(ping.ok(200)["outcome"], "ignored");

    let res = woo(
        "d-0",
        "order.created",
        fixture("woocommerce/order_created.json"),
        "wrong",
    )
    .await;
    res.problem(401, "invalid_signature");
    assert_eq!(app.count_orders().await, 0);
    let res = woo(
        "d-1",
        "order.created",
        fixture("woocommerce/order_created.json"),
        secret,
    )
    .await;
    let order = res.ok(200)["order"].clone();
    assert_eq!(res.ok(200)["outcome"], "created");
    assert_eq!(order["lines"][1]["unit_price"], "10.80");
    let res = woo(
        "d-1",
        "order.created",
        fixture("woocommerce/order_created.json"),
        secret,
    )
    .await;
    assert_eq!(res.ok(200)["outcome"], "replayed");

    // the goods ship, then the shop refunds: too late to cancel, flagged
    for t in order["tasks"].as_array().unwrap() {
        app.ship_task(t["id"].as_str().unwrap()).await;
    }
    let res = woo(
        "d-2",
        "order.updated",
        fixture("woocommerce/order_refunded.json"),
        secret,
    )
    .await;
    let body = res.ok(200).clone();
    assert_eq!(body["outcome"], "flagged");
    assert_eq!(body["order"]["status"], "shipped");
    let kinds = timeline(&app, &order).await;
    assert!(kinds.contains(&"order.flagged".to_owned()), "{kinds:?}");
    // a cancelled order in the shop before we heard of it
    let res = woo(
        "d-3",
        "order.updated",
        fixture("woocommerce/order_cancelled.json"),
        secret,
    )
    .await;
    assert_eq!(res.ok(200)["outcome"], "cancelled");
    assert_eq!(app.count_orders().await, 2);
}

async fn imports_take_each_platforms_order_once(app: TestApp) {
    app.category_with_suppliers(
        "Gifts",
        &[
            "necklace",
            "apron",
            "board",
            "conditioner",
            "tumbler",
            "print",
        ],
        1,
    )
    .await;
    let etsy = channel(&app, "etsy", None).await;
    let import = |channel: &str, body: Value| {
        let path = format!("/api/v1/channels/{channel}/import");
        let app = &app;
        async move { app.post(&path, body).await }
    };
    let receipt: Value = serde_json::from_str(&fixture("etsy/receipt_paid.json")).unwrap();
    let res = import(&etsy, receipt.clone()).await;
    assert_eq!(res.ok(200)["outcome"], "created");
    assert_eq!(res.ok(200)["order"]["total_amount"], "73.82");
    let res = import(&etsy, receipt).await;
    assert_eq!(
        res.ok(200)["outcome"],
        "stale",
        "the same receipt again: nothing new"
    );
    let canceled: Value = serde_json::from_str(&fixture("etsy/receipt_canceled.json")).unwrap();
    let res = import(&etsy, canceled).await;
    assert_eq!(res.ok(200)["outcome"], "cancelled");
    // Etsy sends no webhooks
    deliver(&app, &etsy, &[], "{}".into())
        .await
        .problem(400, "no_webhooks");

    let amazon = channel(&app, "amazon", None).await;
    let both = |order: &str, items: &str| {
        json!({
            "order": serde_json::from_str::<Value>(&fixture(order)).unwrap(),
            "items": serde_json::from_str::<Value>(&fixture(items)).unwrap(),
        })
    };
    let res = import(
        &amazon,
        both("amazon/order.json", "amazon/order_items.json"),
    )
    .await;
    let body = res.ok(200).clone();
    assert_eq!(body["outcome"], "created");
    assert_eq!(body["order"]["lines"][0]["unit_price"], "29.99");
    assert_eq!(body["order"]["lines"][0]["quantity"], 2);
    let res = import(
        &amazon,
        both("amazon/order_canceled.json", "amazon/order_items.json"),
    )
    .await;
    assert_eq!(res.ok(200)["outcome"], "cancelled");
    // the order alone is refused, naming what is missing; nothing stored
    let before = app.count_orders().await;
    let res = import(
        &amazon,
        serde_json::from_str(&fixture("amazon/order.json")).unwrap(),
    )
    .await;
    assert_eq!(res.problem(422, "invalid_payload")["field"], "order");
    assert_eq!(app.count_orders().await, before);
}

async fn a_channel_is_renamed_rekeyed_and_remapped(app: TestApp) {
    app.category_with_suppliers("Gifts", &["gift"], 1).await;
    let c = channel(&app, "shopify", Some("shpss_old")).await;
    let other = channel(&app, "woocommerce", None).await;
    let path = format!("/api/v1/channels/{c}");
    let body = fixture("shopify/order_create.json");

    // a new secret: the old one's signature is refused from now on
    let res = app
        .patch(&path, json!({"secret": "shpss_new", "name": "Maple & Quill", "category_map": {"Walnut board": "Gifts"}}))
        .await;
    let changed = res.ok(200);
    assert_eq!(
        (
            changed["name"].as_str(),
            &changed["category_map"]["Walnut board"]
        ),
        (Some("Maple & Quill"), &json!("Gifts"))
    );
    assert!(changed.get("secret").is_none(), "never shown");
    shopify(&app, &c, "shpss_old", "k-1", "orders/create", body.clone())
        .await
        .problem(401, "invalid_signature");
    shopify(&app, &c, "shpss_new", "k-2", "orders/create", body.clone())
        .await
        .ok(200);
    // the same event under a new webhook id (another subscription, a
    // resend): a replay by X-Shopify-Event-Id, not applied again
    let paid = fixture("shopify/order_updated_paid.json");
    let signed = |id: &str| {
        vec![
            ("x-shopify-hmac-sha256", sign(b"shpss_new", paid.as_bytes())),
            ("x-shopify-webhook-id", id.to_owned()),
            ("x-shopify-event-id", "ev-9".to_owned()),
            ("x-shopify-topic", "orders/updated".to_owned()),
        ]
    };
    let first = deliver(&app, &c, &signed("u-1"), paid.clone()).await;
    assert_eq!(first.ok(200)["outcome"], "updated");
    let again = deliver(&app, &c, &signed("u-2"), paid.clone()).await;
    assert_eq!(again.ok(200)["outcome"], "replayed");

    // a name in use, a status orders cannot arrive in: refused, nothing changed
    let taken = app
        .patch(
            &format!("/api/v1/channels/{other}"),
            json!({"name": "maple & quill"}),
        )
        .await;
    assert_eq!(taken.problem(409, "name_taken")["field"], "name");
    let bad = app.patch(&path, json!({"default_status": "shipped"})).await;
    bad.problem(422, "invalid_initial_status");
    // an empty secret removes it: webhooks are refused again
    let res = app.patch(&path, json!({"secret": ""})).await;
    assert_eq!(res.ok(200)["has_secret"], false);
    shopify(&app, &c, "shpss_new", "k-3", "orders/create", body)
        .await
        .problem(401, "invalid_signature");
}
