//! Shipments reported back to Shopify, Etsy, Amazon and WooCommerce
//! (local fakes, `fulfil_fakes`): one fulfilment per shipment with the
//! platform's carrier name, through failures — down, refusing, and an
//! answer lost after the fulfilment was made — and across a SIGKILL of
//! the server between the ship and the push.

use crate::channels::fixture;
use crate::fulfil_fakes::{self, Fake, MARKET_TOKEN, SHOPIFY_TOKEN, Shared};
use crate::helpers::{Backend, TOKEN, TestApp, TestDb, client, read};
use crate::processes::start_with;
use crate::web::{browser, follow, page, sign_in_operator};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::Duration;

crate::on_both_backends!(
    each_marketplace_gets_one_fulfilment_per_shipment,
    a_sigkill_between_ship_and_push_loses_and_repeats_nothing
);

const KEYWORDS: &[&str] = &[
    "board",
    "bracelet",
    "note",
    "necklace",
    "apron",
    "puzzle",
    "pen",
    "conditioner",
];

/// The four channels, each with one order taken in from its fixture and
/// fulfilment reporting set to the fakes at `base`; (platform, order id).
async fn four_orders(app: &TestApp, base: &str) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for (kind, payload) in [
        ("shopify", json_fixture("shopify/order_updated_paid.json")),
        ("etsy", json_fixture("etsy/receipt_paid.json")),
        (
            "amazon",
            json!({"order": json_fixture("amazon/order.json"), "items": json_fixture("amazon/order_items.json")}),
        ),
        (
            "woocommerce",
            json_fixture("woocommerce/order_created.json"),
        ),
    ] {
        let body =
            json!({"kind": kind, "name": format!("{kind} store"), "default_status": "purchasing"});
        let channel = app.post("/api/v1/channels", body).await.ok(201)["id"]
            .as_str()
            .unwrap()
            .to_owned();
        if matches!(kind, "etsy" | "amazon") {
            // the poll access, paused: only the fulfilments use it
            let poll = json!({"api_base": base, "token_url": format!("{base}/token"), "shop_id": "5551234",
                "api_key": "etsy-key", "marketplace_ids": ["ATVPDKIKX0DER"], "access_token": MARKET_TOKEN, "active": false});
            app.put(&format!("/api/v1/channels/{channel}/poll"), poll)
                .await
                .ok(200);
        }
        let push = match kind {
            "shopify" => json!({"api_base": base, "access_token": SHOPIFY_TOKEN}),
            "woocommerce" => {
                json!({"api_base": base, "consumer_key": "ck_test", "consumer_secret": "cs_test"})
            }
            _ => json!({}),
        };
        let view = app
            .put(&format!("/api/v1/channels/{channel}/fulfilment"), push)
            .await;
        assert_eq!(view.ok(200)["active"], true);
        assert!(view.body.get("access_token").is_none(), "no secret shown");
        let imported = app
            .post(&format!("/api/v1/channels/{channel}/import"), payload)
            .await;
        let order = imported.ok(200)["order"]["id"].as_str().unwrap().to_owned();
        out.push((kind, order));
    }
    out
}

fn json_fixture(path: &str) -> Value {
    serde_json::from_str(&fixture(path)).unwrap()
}

/// Each platform's carrier for the test, and the n-th tracking number.
fn waybill(kind: &str, n: usize) -> (&'static str, String) {
    match kind {
        "shopify" => ("顺丰速运", format!("SF10000000000{n:02}")),
        "etsy" => ("DHL", format!("10000000{n:02}")),
        "amazon" => ("中通", format!("7310000000{n:04}")),
        _ => ("Canada Post", format!("10000000000000{n:02}")),
    }
}

/// Ships every task of `order`, each with its own waybill.
async fn ship_all(app: &TestApp, kind: &str, order: &str) -> usize {
    let tasks = app.get(&format!("/api/v1/orders/{order}")).await.ok(200)["tasks"]
        .as_array()
        .unwrap()
        .clone();
    for (n, t) in tasks.iter().enumerate() {
        let (carrier, tracking) = waybill(kind, n);
        app.ship_task_with(t["id"].as_str().unwrap(), carrier, &tracking)
            .await;
    }
    tasks.len()
}

/// An order's fulfilments once none is waiting any more.
async fn settled(base: &str, order: &str) -> Vec<Value> {
    // a try that failed is retried after 5 s, then 30 s; a push in flight
    // when its server was killed keeps its claim for two minutes
    // (`LEASE_MS` in crates/api/src/fulfil.rs) before another takes it
    for _ in 0..3_200 {
        let res = read(
            client()
                .get(format!("{base}/api/v1/orders/{order}/fulfilments"))
                .bearer_auth(TOKEN)
                .send()
                .await
                .unwrap(),
        )
        .await;
        let list = res.ok(200).as_array().unwrap().clone();
        if !list.is_empty() && list.iter().all(|f| f["status"] != "pending") {
            return list;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the fulfilments of {order} never settled");
}

/// What the fakes hold, checked: exactly one fulfilment per shipment,
/// each with the platform's carrier name.
fn assert_one_each(f: &Fake, shipped: &[(&str, usize)]) {
    let count = |kind: &str| shipped.iter().find(|(k, _)| *k == kind).unwrap().1;
    assert_eq!(
        f.shopify_fulfillments.len(),
        count("shopify"),
        "{:#?}",
        f.shopify_fulfillments
    );
    for x in &f.shopify_fulfillments {
        assert_eq!(x["tracking_company"], "SF Express");
        assert!(
            x["tracking_url"]
                .as_str()
                .unwrap()
                .contains("kuaidi100.com")
        );
    }
    assert_eq!(
        f.etsy_shipments.len(),
        count("etsy"),
        "{:#?}",
        f.etsy_shipments
    );
    assert!(
        f.etsy_shipments
            .iter()
            .all(|s| s["carrier_name"] == "dhl-express")
    );
    assert_eq!(f.amazon_packages.len(), count("amazon"));
    for p in f.amazon_packages.values() {
        assert_eq!(
            (p["carrierCode"].as_str(), p["carrierName"].as_str()),
            (Some("Other"), Some("ZTO Express"))
        );
        assert!(
            p["orderItems"][0]["orderItemId"]
                .as_str()
                .unwrap()
                .starts_with("418732055693")
        );
    }
    let mut tracked: Vec<_> = f
        .woo_items
        .iter()
        .map(|i| i["tracking_id"].clone())
        .collect();
    tracked.dedup();
    assert_eq!(
        (f.woo_notes.len(), tracked.len()),
        (count("woocommerce"), count("woocommerce"))
    );
    assert!(
        f.woo_items
            .iter()
            .all(|i| i["tracking_provider"] == "Canada Post")
    );
    assert_eq!(f.woo_status, "completed", "the whole order shipped");
}

fn fake() -> Shared {
    Arc::new(Mutex::new(Fake {
        shopify_lines: vec![
            (15877312061533, 1),
            (15877312094301, 2),
            (15877312127069, 1),
        ],
        woo_status: "processing".into(),
        ..Default::default()
    }))
}

async fn each_marketplace_gets_one_fulfilment_per_shipment(app: TestApp) {
    app.category_with_suppliers("Gifts", KEYWORDS, 1).await;
    let fake = fake();
    let base = fulfil_fakes::start(fake.clone()).await;
    {
        let mut f = fake.lock().unwrap();
        // Shopify refuses the first creation (shown, not retried forever);
        // Etsy makes the shipment and loses its answer; Amazon answers 503
        // once; WooCommerce makes its note and loses the answer
        f.refuse_create = Some((
            422,
            json!({"errors": {"tracking_company": ["is not supported"]}}),
        ));
        f.lose.insert("etsy", 1);
        f.fail.insert(
            "amazon",
            [(503, json!({"errors": [{"code": "InternalFailure"}]}))].into(),
        );
        f.lose.insert("woocommerce", 1);
    }
    let orders = four_orders(&app, &base).await;
    let mut shipped = Vec::new();
    for (kind, order) in &orders {
        shipped.push((*kind, ship_all(&app, kind, order).await));
    }
    assert!(shipped.iter().all(|(_, n)| *n >= 1), "{shipped:?}");

    let shopify = &orders[0].1;
    let first = settled(&app.base, shopify).await;
    let refused: Vec<&Value> = first.iter().filter(|f| f["status"] == "failed").collect();
    assert_eq!(
        refused.len(),
        1,
        "the 4xx fails once, not forever: {first:#?}"
    );
    assert_eq!(refused[0]["attempts"], 1);
    assert!(
        refused[0]["last_error"].as_str().unwrap().contains("422"),
        "{first:#?}"
    );
    // the order page shows it, and an operator tries again from there
    let id = refused[0]["id"].as_str().unwrap();
    let (cookie, csrf) = sign_in_operator(&app).await;
    let (_, order_page) = page(&app, &format!("/orders/{shopify}"), &[("cookie", &cookie)]).await;
    assert!(
        order_page.contains("Sent to the marketplace"),
        "{order_page}"
    );
    assert!(order_page.contains(r#"<span class="status problem">Not taken</span>"#));
    assert!(
        order_page.contains("is not supported"),
        "the platform's reason is shown"
    );
    let retry = browser()
        .post(format!(
            "{}/orders/{shopify}/fulfilments/{id}/retry",
            app.base
        ))
        .header("cookie", &cookie)
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    let (_, after) = follow(&app, retry, &[("cookie", &cookie)]).await;
    assert!(
        after.contains("will be sent to the marketplace again"),
        "{after}"
    );
    // the channel page turns reporting off and on; blank secrets are kept
    let channels = app.get("/api/v1/channels").await.ok(200).clone();
    let woo = channels
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "woocommerce")
        .unwrap();
    let woo = woo["id"].as_str().unwrap();
    let (_, edit) = page(
        &app,
        &format!("/channels/{woo}/edit"),
        &[("cookie", &cookie)],
    )
    .await;
    assert!(
        edit.contains(r#"action="/channels/"#)
            && edit.contains("Report shipments to the marketplace")
    );
    let save = browser()
        .post(format!("{}/channels/{woo}/fulfilment", app.base))
        .header("cookie", &cookie)
        .form(&[
            ("csrf", csrf.as_str()),
            ("api_base", base.as_str()),
            ("consumer_key", ""),
            ("active", "on"),
        ])
        .send()
        .await
        .unwrap();
    follow(&app, save, &[("cookie", &cookie)]).await;
    let view = app.get(&format!("/api/v1/channels/{woo}/fulfilment")).await;
    assert_eq!(view.ok(200)["has_consumer_key"], true, "{}", view.body);
    assert_eq!(view.body["notify_buyer"], false, "unticked");

    for (kind, order) in &orders {
        let list = settled(&app.base, order).await;
        assert!(
            list.iter().all(|f| f["status"] == "sent"),
            "{kind}: {list:#?}"
        );
        assert!(list.iter().all(|f| f["platform"] == *kind));
        if *kind == "amazon" {
            let numbers: Vec<i64> = list
                .iter()
                .map(|f| f["package_no"].as_i64().unwrap())
                .collect();
            assert_eq!(numbers, (1..=list.len() as i64).collect::<Vec<_>>());
        }
    }
    {
        let f = fake.lock().unwrap();
        assert_one_each(&f, &shipped);
        // every failure planned did happen
        assert!(f.refuse_create.is_none() && f.lose.values().all(|n| *n == 0));
        assert!(f.fail.values().all(|q| q.is_empty()));
    }
    // a sent fulfilment is not sent again
    let sent = settled(&app.base, shopify).await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.post(&format!("/api/v1/fulfilments/{sent}/retry"), json!({}))
        .await
        .problem(409, "invalid_transition");
    // a task shipped again with its number adds no fulfilment; an order
    // of no channel has none
    let plain = app
        .post(
            "/api/v1/orders",
            crate::helpers::order_body(
                "P-1",
                "purchasing",
                json!([crate::helpers::line("Oak board")]),
            ),
        )
        .await;
    let plain = plain.ok(201)["id"].as_str().unwrap().to_owned();
    ship_all(&app, "shopify", &plain).await;
    let none = app
        .get(&format!("/api/v1/orders/{plain}/fulfilments"))
        .await;
    assert_eq!(none.ok(200), &json!([]));
}

/// The real binary: tasks ship while the marketplaces are down, the
/// server is killed (SIGKILL) before any push went through, and a new
/// one pushes each shipment exactly once.
async fn a_sigkill_between_ship_and_push_loses_and_repeats_nothing(app: TestApp) {
    let backend = match app.db.url.starts_with("postgres") {
        true => Backend::Postgres,
        false => Backend::Sqlite,
    };
    let Some(db) = TestDb::new(backend).await else {
        return;
    };
    let url = db.url.clone();
    let fake = fake();
    fake.lock().unwrap().down = true;
    let base = fulfil_fakes::start(fake.clone()).await;
    let server = start_with(&url, &[]).await;
    let on = TestApp::remote(&server.base, db);
    on.category_with_suppliers("Gifts", KEYWORDS, 1).await;
    let orders = four_orders(&on, &base).await;
    let mut shipped = Vec::new();
    for (kind, order) in &orders {
        shipped.push((*kind, ship_all(&on, kind, order).await));
        // the fulfilments are written with the ship, before any push
        let list = on.get(&format!("/api/v1/orders/{order}/fulfilments")).await;
        assert_eq!(
            list.ok(200).as_array().unwrap().len(),
            shipped.last().unwrap().1
        );
    }
    drop(server); // SIGKILL: whatever was being pushed, to a marketplace that is down
    fake.lock().unwrap().down = false;
    let server = start_with(&url, &[]).await;
    for (_, order) in &orders {
        let list = settled(&server.base, order).await;
        assert!(list.iter().all(|f| f["status"] == "sent"), "{list:#?}");
    }
    assert_one_each(&fake.lock().unwrap(), &shipped);
}
