//! Payment state: a marketplace order that is not paid yet waits, and the
//! delivery saying it is paid brings its address and prices and releases
//! it; after release the buyer's fixed address still reaches the
//! supplier, and a changed quantity reaches the task its supplier has not
//! accepted yet.

use crate::channels::{channel, fixture};
use crate::helpers::TestApp;
use reqwest::header::{ACCEPT_LANGUAGE, COOKIE};
use serde_json::{Value, json};

crate::on_both_backends!(
    an_unpaid_marketplace_order_waits_until_paid,
    an_operator_records_payments_and_refunds,
    unpaid_orders_are_cancelled_after_the_set_time
);

/// Amazon's order as the Orders API gives it while `Pending`: no address,
/// no total, no item prices.
fn amazon_pending() -> Value {
    let mut order: Value = serde_json::from_str(&fixture("amazon/order.json")).unwrap();
    let o = &mut order["payload"];
    o["OrderStatus"] = json!("Pending");
    o["LastUpdateDate"] = json!("2025-03-14T17:43:00Z");
    let map = o.as_object_mut().unwrap();
    map.remove("ShippingAddress");
    map.remove("OrderTotal");
    let mut items: Value = serde_json::from_str(&fixture("amazon/order_items.json")).unwrap();
    for item in items["payload"]["OrderItems"].as_array_mut().unwrap() {
        item.as_object_mut().unwrap().remove("ItemPrice");
    }
    json!({ "order": order, "items": items })
}

fn amazon_paid() -> Value {
    let order: Value = serde_json::from_str(&fixture("amazon/order.json")).unwrap();
    let items: Value = serde_json::from_str(&fixture("amazon/order_items.json")).unwrap();
    json!({ "order": order, "items": items })
}

async fn an_unpaid_marketplace_order_waits_until_paid(app: TestApp) {
    app.category_with_suppliers("Boards", &["board", "coaster", "tray"], 1)
        .await;
    let amazon = channel(&app, "amazon", None).await;
    let path = format!("/api/v1/channels/{amazon}/import");

    // Pending: taken, not released (the channel releases at once)
    let res = app.post(&path, amazon_pending()).await;
    let waiting = res.ok(200)["order"].clone();
    assert_eq!(res.ok(200)["outcome"], "created");
    assert_eq!(
        (
            waiting["status"].as_str(),
            waiting["payment_status"].as_str()
        ),
        (Some("pending"), Some("unpaid")),
        "{waiting}"
    );
    assert!(waiting["shipping_address"].is_null());
    assert_eq!(waiting["tasks"].as_array().unwrap().len(), 0);
    assert_eq!(
        waiting["hold"],
        json!(["paid", "address", "prices"]),
        "held by the review: {waiting}"
    );
    assert_eq!(waiting["lines"][0]["unit_price"], "0.00", "{waiting}");
    // the operator sees it waiting for the money, in either language
    let (cookie, _) = crate::web::sign_in_operator(&app).await;
    let order_page = format!("/orders/{}", waiting["id"].as_str().unwrap());
    let (_, en) = crate::web::page(&app, &order_page, &[(COOKIE.as_str(), &cookie)]).await;
    assert!(
        en.contains(r#"<span class="status waiting">Unpaid</span>"#),
        "{en}"
    );
    let zh_headers = [
        (COOKIE.as_str(), cookie.as_str()),
        (ACCEPT_LANGUAGE.as_str(), "zh-CN"),
    ];
    let (_, list) = crate::web::page(&app, "/orders", &zh_headers).await;
    assert!(
        list.contains(r#"<span class="status waiting">待付款</span>"#),
        "{list}"
    );

    // Unshipped: paid, with the address and the prices; released
    let res = app.post(&path, amazon_paid()).await;
    assert_eq!(res.ok(200)["outcome"], "updated");
    let paid = res.ok(200)["order"].clone();
    assert_eq!(
        (paid["status"].as_str(), paid["payment_status"].as_str()),
        (Some("purchasing"), Some("paid")),
        "{paid}"
    );
    assert_eq!(paid["id"], waiting["id"], "the same order");
    assert_eq!(paid["hold"], json!([]), "{paid}");
    assert_eq!(paid["shipping_address"]["city"], "Ann Arbor", "{paid}");
    assert_eq!(paid["total_amount"], "77.91");
    assert_ne!(paid["lines"][0]["unit_price"], "0.00", "{paid}");
    assert!(
        !paid["tasks"].as_array().unwrap().is_empty(),
        "released: {paid}"
    );
    let (_, en) = crate::web::page(&app, &order_page, &[(COOKIE.as_str(), &cookie)]).await;
    assert!(
        en.contains(r#"<span class="status done">Paid</span>"#),
        "{en}"
    );
    let events = app.order_events(&paid).await;
    let update = events
        .iter()
        .find(|e| e["kind"] == "order.upstream_updated")
        .expect("the update is on the timeline");
    let changed = &update["details"]["changed"];
    assert_eq!(changed["payment_status"]["before"], "unpaid", "{update}");
    assert_eq!(changed["payment_status"]["after"], "paid");
    assert!(changed["shipping_address"]["before"].is_null());
    assert!(changed["lines"].is_object(), "the prices came: {update}");

    // after release: the buyer fixes the address; the supplier's task
    // order shows it. A changed quantity reaches its (unaccepted) task.
    let mut fixed = amazon_paid();
    fixed["order"]["payload"]["LastUpdateDate"] = json!("2025-03-14T19:00:00Z");
    fixed["order"]["payload"]["ShippingAddress"]["AddressLine1"] = json!("12 Orchard Lane");
    let res = app.post(&path, fixed.clone()).await;
    assert_eq!(res.ok(200)["outcome"], "updated");
    assert_eq!(
        res.ok(200)["order"]["shipping_address"]["line1"],
        "12 Orchard Lane"
    );
    fixed["order"]["payload"]["LastUpdateDate"] = json!("2025-03-14T20:00:00Z");
    fixed["items"]["payload"]["OrderItems"][0]["QuantityOrdered"] = json!(3);
    let res = app.post(&path, fixed).await;
    assert_eq!(res.ok(200)["outcome"], "updated");
    let after = res.ok(200)["order"].clone();
    assert_eq!(after["lines"][0]["quantity"], 3, "{after}");
    let task = after["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["line_id"] == after["lines"][0]["id"])
        .unwrap();
    assert_eq!(task["quantity"], 3, "the assigned task follows: {task}");
    let kinds: Vec<Value> = app
        .order_events(&after)
        .await
        .iter()
        .map(|e| e["kind"].clone())
        .collect();
    assert!(kinds.contains(&json!("task.updated")), "{kinds:?}");
}

/// A bank transfer in two parts, a refund, and what may not be recorded:
/// more than the total, a refund above what came in, a payment in cents
/// of a currency without them; racing payments cannot both pass.
async fn an_operator_records_payments_and_refunds(app: TestApp) {
    app.category_with_suppliers("Boards", &["board"], 1).await;
    let lines = json!([{ "title": "Oak board", "quantity": 2, "unit_price": "50.00" }]);
    let mut body = crate::helpers::order_body("B2B-7", "pending", lines);
    body["total_amount"] = json!("100.00");
    let order = app.post("/api/v1/orders", body).await.ok(201).clone();
    assert_eq!(order["payment_status"], "unpaid", "not said: unpaid");
    let id = order["id"].as_str().unwrap();
    let path = format!("/api/v1/orders/{id}/payments");
    let pay = |kind: &str, amount: &str| json!({"kind": kind, "method": "bank_transfer", "amount": amount, "reference": "TT-88"});

    let res = app.post(&path, pay("payment", "40")).await;
    assert_eq!(res.ok(201)["payment_status"], "unpaid", "40 of 100");
    let res = app.post(&path, pay("payment", "60.01")).await;
    let problem = res.problem(422, "payment_exceeds_total");
    assert_eq!(problem["field"], "amount");
    let res = app.post(&path, pay("payment", "60")).await;
    assert_eq!(res.ok(201)["payment_status"], "paid");
    let res = app.post(&path, pay("refund", "100.01")).await;
    res.problem(422, "refund_exceeds_paid");
    let res = app.post(&path, pay("refund", "25")).await;
    assert_eq!(res.ok(201)["payment_status"], "partially_refunded");
    let bad = json!({"kind": "payment", "method": "carrier_pigeon", "amount": "1"});
    let refused = app.post(&path, bad).await;
    assert_eq!(refused.problem(422, "invalid_value")["field"], "method");

    let listed = app.get(&path).await.ok(200).clone();
    let kinds: Vec<(&str, &str)> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["kind"].as_str().unwrap(), p["amount"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("payment", "40.00"),
            ("payment", "60.00"),
            ("refund", "25.00")
        ]
    );
    let events = app.order_events(&order).await;
    let recorded: Vec<&Value> = events
        .iter()
        .filter(|e| e["kind"] == "order.payment_recorded")
        .collect();
    assert_eq!(
        recorded.len(),
        3,
        "one event per recorded payment, none for refusals"
    );

    // on the order page: the card lists them; a refusal keeps what was typed
    let (cookie, csrf) = crate::web::sign_in_operator(&app).await;
    let c = [(COOKIE.as_str(), cookie.as_str())];
    let page_path = format!("/orders/{id}");
    let web_path = format!("/orders/{id}/payments");
    let (_, page) = crate::web::page(&app, &page_path, &c).await;
    assert!(
        page.contains("Partly refunded") && page.contains("TT-88"),
        "{page}"
    );
    let form = vec![
        ("kind", "payment"),
        ("method", "cheque"),
        ("amount", "26"),
        ("reference", "CHQ-1"),
    ];
    let res = crate::web::post_form(&app, &cookie, &csrf, &web_path, form);
    let (to, body) = crate::web::follow(&app, res.await.unwrap(), &c).await;
    assert_eq!(to, page_path);
    assert!(
        body.contains("would take what was received past the order"),
        "{body}"
    );
    assert!(
        body.contains(r#"name="amount" inputmode="decimal" required value="26""#),
        "{body}"
    );
    let form = vec![
        ("kind", "payment"),
        ("method", "cheque"),
        ("amount", "25"),
        ("reference", "CHQ-1"),
    ];
    let res = crate::web::post_form(&app, &cookie, &csrf, &web_path, form);
    let (_, body) = crate::web::follow(&app, res.await.unwrap(), &c).await;
    assert!(
        body.contains("$25.00 recorded. Payment: Partly refunded."),
        "{body}"
    );

    // two operators record the last 75 at once: one of them is refused
    let mut body = crate::helpers::order_body(
        "B2B-8",
        "pending",
        json!([{ "title": "Oak board", "quantity": 1, "unit_price": "75.00" }]),
    );
    body.as_object_mut().unwrap().remove("total_amount");
    let other = app.post("/api/v1/orders", body).await.ok(201).clone();
    assert_eq!(
        other["total_amount"], "75.00",
        "no total given: the lines' sum"
    );
    let path = format!("/api/v1/orders/{}/payments", other["id"].as_str().unwrap());
    let (a, b) = tokio::join!(
        app.post(&path, pay("payment", "75")),
        app.post(&path, pay("payment", "75"))
    );
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort();
    assert_eq!(statuses, [201, 422], "exactly one payment of the total");
}

/// With a time set, an order still pending and unpaid that long after it
/// was placed is cancelled, with the reason on its timeline; a paid one, a
/// released one and a recent one are left alone, and a second pass finds
/// nothing more.
async fn unpaid_orders_are_cancelled_after_the_set_time(app: TestApp) {
    app.category_with_suppliers("Boards", &["board"], 1).await;
    let three_days_ago = (time::OffsetDateTime::now_utc() - time::Duration::days(3))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let mut ids = Vec::new();
    for (number, status, payment, placed) in [
        ("U-OLD", "pending", "unpaid", Some(&three_days_ago)),
        ("U-PAID", "pending", "paid", Some(&three_days_ago)),
        ("U-NEW", "pending", "unpaid", None),
        ("U-OUT", "purchasing", "unpaid", Some(&three_days_ago)),
    ] {
        let mut body =
            crate::helpers::order_body(number, status, json!([crate::helpers::line("Oak board")]));
        body["payment_status"] = json!(payment);
        if let Some(at) = placed {
            body["placed_at"] = json!(at);
        }
        ids.push(
            app.post("/api/v1/orders", body).await.ok(201)["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let store = orderhub_store::Store::connect(&app.db.url).await.unwrap();
    let day = std::time::Duration::from_secs(24 * 3600);
    assert_eq!(
        orderhub_api::timeouts::cancel_unpaid(&store, day)
            .await
            .unwrap(),
        1
    );
    let status = |id: &str| {
        let (app, id) = (&app, id.to_owned());
        async move { app.get(&format!("/api/v1/orders/{id}")).await.ok(200)["status"].clone() }
    };
    assert_eq!(status(&ids[0]).await, "cancelled");
    for id in &ids[1..] {
        assert_ne!(status(id).await, "cancelled", "{id}");
    }
    let old = app
        .get(&format!("/api/v1/orders/{}", ids[0]))
        .await
        .ok(200)
        .clone();
    let events = app.order_events(&old).await;
    let cancel = events
        .iter()
        .find(|e| e["to_status"] == "cancelled")
        .expect("the cancellation");
    assert_eq!(cancel["actor"], "orderhub:unpaid-timeout", "{cancel}");
    assert!(
        cancel["details"]["reason"]
            .as_str()
            .unwrap()
            .contains("not paid within 24 h"),
        "{cancel}"
    );
    assert_eq!(
        orderhub_api::timeouts::cancel_unpaid(&store, day)
            .await
            .unwrap(),
        0,
        "nothing more"
    );
}
