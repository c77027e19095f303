//! Payment state: a marketplace order that is not paid yet waits, and the
//! delivery saying it is paid brings its address and prices and releases
//! it; after release the buyer's fixed address still reaches the
//! supplier, and changed lines are flagged rather than applied.

use crate::channels::{channel, fixture};
use crate::helpers::TestApp;
use reqwest::header::{ACCEPT_LANGUAGE, COOKIE};
use serde_json::{Value, json};

crate::on_both_backends!(an_unpaid_marketplace_order_waits_until_paid);

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
    // order shows it. A changed quantity is flagged, not applied.
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
    assert_eq!(res.ok(200)["outcome"], "flagged");
    let after = res.ok(200)["order"].clone();
    assert_eq!(
        after["lines"][0]["quantity"], 2,
        "released lines are not rewritten"
    );
    let kinds: Vec<Value> = app
        .order_events(&after)
        .await
        .iter()
        .map(|e| e["kind"].clone())
        .collect();
    assert!(kinds.contains(&json!("order.flagged")), "{kinds:?}");
}
