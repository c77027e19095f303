//! The review gate: a channel's order is held while a check fails and
//! released once the change it waited on arrives; an order over an
//! approval rule's amount waits for the approver the rule names; an
//! operator's release goes past failed checks (recorded) but not past a
//! missing approval.

use crate::channels::channel;
use crate::helpers::{Auth, TestApp, line, order_body};
use reqwest::Method;
use serde_json::{Value, json};

crate::on_both_backends!(
    a_channel_order_is_held_until_its_address_is_fixed,
    a_large_order_waits_for_the_approver_the_rule_names,
    an_operator_release_records_the_failed_checks,
    approval_rules_are_checked_and_admins_only,
    the_review_queue_and_the_approval_in_the_web_app
);

/// An order of a made-up WooCommerce-like channel, as the API's intake
/// would take it through a channel with release at once.
fn shopify_order(number: i64, address: Value) -> Value {
    json!({
        "id": 820982911946154508i64 + number, "name": format!("#{number}"), "email": "jon@example.com",
        "currency": "USD", "total_price": "30.00", "financial_status": "paid",
        "updated_at": "2025-03-14T17:43:00Z",
        "customer": {"first_name": "Jon", "last_name": "Snow"},
        "shipping_address": address,
        "line_items": [{"id": 1, "title": "Walnut board", "quantity": 1, "price": "30.00", "sku": "WB-1"}]
    })
}

async fn operator(app: &TestApp) -> Auth {
    let (_, token) = app.token("ops", "operator", None).await;
    Auth::Bearer(token)
}

async fn a_channel_order_is_held_until_its_address_is_fixed(app: TestApp) {
    app.category_with_suppliers("Boards", &["board"], 1).await;
    let shop = channel(&app, "shopify", None).await;
    let path = format!("/api/v1/channels/{shop}/import");
    let no_street = json!({"country_code": "GB", "city": "London", "zip": "N1 9GU"});
    let res = app.post(&path, shopify_order(1001, no_street)).await;
    let held = res.ok(200)["order"].clone();
    assert_eq!(
        (held["status"].as_str(), held["hold"].clone()),
        (Some("pending"), json!(["address"])),
        "{held}"
    );
    let id = held["id"].as_str().unwrap();
    // the queue lists it; the review says what is wrong
    let queue = app.get("/api/v1/orders?awaiting=held").await;
    assert_eq!(queue.ok(200)["items"][0]["id"], held["id"]);
    let review = app.get(&format!("/api/v1/orders/{id}/review")).await;
    let address = &review.ok(200)["findings"][1];
    assert_eq!(
        (&address["check"], address["passed"].as_bool()),
        (&json!("address"), Some(false))
    );
    assert_eq!(
        address["problems"],
        json!([{"problem": "address_incomplete", "missing": ["line1"]}])
    );
    let events = app.order_events(&held).await;
    let event = events.iter().find(|e| e["kind"] == "order.held").unwrap();
    assert_eq!(event["details"]["checks"], json!(["address"]), "{event}");

    // the operator fixes the street: the gate lets it go by itself
    let patch = json!({
        "version": held["version"],
        "shipping_address": {"country": "GB", "city": "London", "line1": "1 Upper St", "postal_code": "N1 9GU"}
    });
    let edited = app.patch(&format!("/api/v1/orders/{id}"), patch).await;
    let released = edited.ok(200);
    assert_eq!(released["status"], "purchasing", "{released}");
    assert_eq!(released["hold"], json!([]));
    assert_eq!(released["tasks"].as_array().unwrap().len(), 1);
    let queue = app.get("/api/v1/orders?awaiting=held").await;
    assert_eq!(queue.ok(200)["items"], json!([]));

    // a complete order from the same channel goes straight through
    let street = json!({"country_code": "GB", "city": "London", "address1": "2 Upper St"});
    let res = app.post(&path, shopify_order(1002, street)).await;
    assert_eq!(res.ok(200)["order"]["status"], "purchasing");
}

async fn a_large_order_waits_for_the_approver_the_rule_names(app: TestApp) {
    app.category_with_suppliers("Boards", &["board"], 1).await;
    let rule = app
        .post(
            "/api/v1/approval-rules",
            json!({"name": "Over 10,000 CNY", "min_amount": "10000", "currency": "CNY"}),
        )
        .await;
    assert_eq!(rule.ok(201)["approver"], "admin");
    let big = |number: &str| {
        let mut body = order_body(number, "purchasing", json!([line("Walnut board")]));
        body["currency"] = json!("CNY");
        body["lines"][0]["unit_price"] = json!("12000.00");
        body
    };
    let ops = operator(&app).await;
    let res = app
        .send_as(&ops, Method::POST, "/api/v1/orders", Some(&big("B-1")))
        .await;
    let waiting = res.ok(201).clone();
    assert_eq!(
        (
            waiting["status"].as_str(),
            waiting["approval"].as_str(),
            waiting["hold"].clone()
        ),
        (Some("pending"), Some("required"), json!(["approval"])),
        "{waiting}"
    );
    let id = waiting["id"].as_str().unwrap();
    let inbox = app.get("/api/v1/orders?awaiting=approval").await;
    assert_eq!(inbox.ok(200)["items"][0]["id"], waiting["id"]);

    // an operator may neither release it nor approve it
    let release = json!({"to": "purchasing"});
    let res = app
        .send_as(
            &ops,
            Method::POST,
            &format!("/api/v1/orders/{id}/transitions"),
            Some(&release),
        )
        .await;
    res.problem(409, "approval_required");
    let approve = json!({"decision": "approve", "comment": "known customer"});
    let approval = format!("/api/v1/orders/{id}/approval");
    let res = app
        .send_as(&ops, Method::POST, &approval, Some(&approve))
        .await;
    assert_eq!(res.problem(403, "forbidden")["rule"], "not_your_approval");
    // the admin approves: released at once
    let approved = app.post(&approval, approve.clone()).await;
    let approved = approved.ok(200);
    assert_eq!(
        (approved["status"].as_str(), approved["approval"].as_str()),
        (Some("purchasing"), Some("approved")),
        "{approved}"
    );
    assert_eq!(approved["hold"], json!([]));
    let events = app.order_events(approved).await;
    let event = events
        .iter()
        .find(|e| e["kind"] == "order.approved")
        .unwrap();
    assert_eq!(event["details"]["comment"], "known customer");
    assert_eq!(event["details"]["rule"], "Over 10,000 CNY");
    app.post(&approval, approve)
        .await
        .problem(409, "nothing_to_approve");

    // refused: cancelled, with the comment as the reason; a refusal says why
    let res = app
        .send_as(&ops, Method::POST, "/api/v1/orders", Some(&big("B-2")))
        .await;
    let second = res.ok(201)["id"].as_str().unwrap().to_owned();
    let approval = format!("/api/v1/orders/{second}/approval");
    app.post(&approval, json!({"decision": "reject"}))
        .await
        .problem(422, "reason_required");
    let refused = app
        .post(
            &approval,
            json!({"decision": "reject", "comment": "fraud check failed"}),
        )
        .await;
    assert_eq!(refused.ok(200)["status"], "cancelled");
    let events = app.order_events(refused.ok(200)).await;
    let cancelled = events
        .iter()
        .find(|e| e["to_status"] == "cancelled")
        .unwrap();
    assert_eq!(cancelled["details"]["reason"], "fraud check failed");

    // an order under the amount, or in another currency, needs nobody
    let mut small = big("B-3");
    small["lines"][0]["unit_price"] = json!("9999.99");
    assert_eq!(
        app.post("/api/v1/orders", small).await.ok(201)["status"],
        "purchasing"
    );
    let mut usd = big("B-4");
    usd["currency"] = json!("USD");
    let usd = app.post("/api/v1/orders", usd).await;
    assert!(usd.ok(201)["approval"].is_null(), "{}", usd.ok(201));

    // a rule added later applies to the orders still pending
    let pending = app
        .order("B-5", "pending", json!([line("Walnut board")]))
        .await;
    let pending_id = pending.ok(201)["id"].as_str().unwrap().to_owned();
    assert!(pending.ok(201)["approval"].is_null());
    app.post(
        "/api/v1/approval-rules",
        json!({"name": "Etsy", "platform": "etsy", "approver": "operator"}),
    )
    .await
    .ok(201);
    let now = app.get(&format!("/api/v1/orders/{pending_id}")).await;
    assert_eq!(now.ok(200)["approval"], "required", "{}", now.ok(200));
    // that rule lets an operator approve
    let res = app
        .send_as(
            &ops,
            Method::POST,
            &format!("/api/v1/orders/{pending_id}/approval"),
            Some(&json!({"decision": "approve"})),
        )
        .await;
    assert_eq!(res.ok(200)["status"], "purchasing");
}

async fn an_operator_release_records_the_failed_checks(app: TestApp) {
    let (_, suppliers) = app.category_with_suppliers("Mugs", &["mug"], 1).await;
    app.post(
        "/api/v1/products",
        json!({"supplier_id": suppliers[0], "code": "MUG-01", "title": "Mug", "category": "Mugs",
               "supplier_price": "12.00"}),
    )
    .await
    .ok(201);
    let mut body = order_body("C-1", "pending", json!([line("Mug")]));
    body["lines"][0]["platform_sku"] = json!("mug-01");
    let order = app.post("/api/v1/orders", body).await.ok(201).clone();
    let id = order["id"].as_str().unwrap();
    let review = app.get(&format!("/api/v1/orders/{id}/review")).await;
    let failed: Vec<&str> = review.ok(200)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["passed"] == false)
        .map(|f| f["check"].as_str().unwrap())
        .collect();
    assert_eq!(failed, ["paid", "address", "prices"]);
    let prices = &review.ok(200)["findings"][2]["problems"][0];
    assert_eq!(
        prices,
        &json!({"problem": "below_supply_price", "line_no": 1, "unit_price": "10.00",
                "supply_price": "12.00", "product_code": "MUG-01"})
    );
    let res = app
        .post(
            &format!("/api/v1/orders/{id}/transitions"),
            json!({"to": "purchasing"}),
        )
        .await;
    assert_eq!(res.ok(200)["status"], "purchasing");
    let events = app.order_events(&order).await;
    let moved = events
        .iter()
        .find(|e| e["to_status"] == "purchasing")
        .unwrap();
    assert_eq!(
        moved["details"]["acknowledged"],
        json!(["paid", "address", "prices"]),
        "{moved}"
    );
}

async fn approval_rules_are_checked_and_admins_only(app: TestApp) {
    let post = |body: Value| app.post("/api/v1/approval-rules", body);
    post(json!({"name": "Nothing"}))
        .await
        .problem(422, "rule_without_condition");
    post(json!({"name": "No currency", "min_amount": "10"}))
        .await
        .problem(422, "required");
    post(json!({"name": "Sup", "platform": "etsy", "approver": "supplier"}))
        .await
        .problem(422, "invalid_approver");
    post(json!({"name": "Bad", "platform": "etsy", "colour": "red"}))
        .await
        .problem(422, "unknown_field");
    let ops = operator(&app).await;
    let rule = json!({"name": "Etsy", "platform": "etsy"});
    let res = app
        .send_as(&ops, Method::POST, "/api/v1/approval-rules", Some(&rule))
        .await;
    assert_eq!(res.problem(403, "forbidden")["rule"], "admin_only");
    let created = post(rule).await.ok(201).clone();
    let id = created["id"].as_str().unwrap();
    let off = json!({"name": "Etsy", "platform": "etsy", "active": false});
    let replaced = app.put(&format!("/api/v1/approval-rules/{id}"), off).await;
    assert_eq!(replaced.ok(200)["active"], false);
    let listed = app
        .send_as(&ops, Method::GET, "/api/v1/approval-rules", None)
        .await;
    assert_eq!(listed.ok(200)[0]["name"], "Etsy");
    app.put(
        "/api/v1/approval-rules/nope",
        json!({"name": "X", "platform": "etsy"}),
    )
    .await
    .problem(404, "not_found");
}

async fn the_review_queue_and_the_approval_in_the_web_app(app: TestApp) {
    use crate::web::{follow, page, post_form, sign_in, sign_in_operator};
    use reqwest::header::{ACCEPT_LANGUAGE, COOKIE};
    app.category_with_suppliers("Boards", &["board"], 1).await;
    app.user("boss@web.example", "admin", None, "kiln-and-ledger-77")
        .await;
    let (boss, boss_csrf) = sign_in(&app, "boss@web.example", "kiln-and-ledger-77").await;
    let (ops, _) = sign_in_operator(&app).await;
    // the admin adds the rule from its page
    let rule = vec![
        ("name", "Big orders"),
        ("min_amount", "1000"),
        ("currency", "usd"),
        ("approver", "admin"),
    ];
    let res = post_form(&app, &boss, &boss_csrf, "/review/rules", rule)
        .await
        .unwrap();
    let (to, rules) = follow(&app, res, &[(COOKIE.as_str(), &boss)]).await;
    assert_eq!(to, "/review/rules");
    assert!(rules.contains("Rule “Big orders” saved."), "{rules}");
    assert!(
        rules.contains(
            "Big orders: orders with total at least $1,000.00 need the approval of: Administrator."
        ),
        "{rules}"
    );
    let mut body = order_body("W-9", "purchasing", json!([line("Walnut board")]));
    body["lines"][0]["unit_price"] = json!("1200.00");
    let order = app.post("/api/v1/orders", body).await.ok(201).clone();
    let id = order["id"].as_str().unwrap();

    // the operator's queue, in Chinese: the order and what it waits on
    let zh = [
        (COOKIE.as_str(), ops.as_str()),
        (ACCEPT_LANGUAGE.as_str(), "zh-CN"),
    ];
    let (status, queue) = page(&app, "/review?awaiting=approval", &zh).await;
    assert_eq!(status, 200);
    assert!(queue.contains(">W-9</a>"), "{queue}");
    assert!(
        queue.contains("“Big orders”需要审批人：管理员。"),
        "{queue}"
    );
    assert!(queue.contains("订单状态：待付款。"), "{queue}");
    let (_, held) = page(&app, "/review?awaiting=held", &zh).await;
    assert!(held.contains(">W-9</a>"), "held for its approval: {held}");
    // the orders list says so on its row
    let (_, list) = page(&app, "/orders?q=W-9", &[(COOKIE.as_str(), ops.as_str())]).await;
    assert!(
        list.contains(r#"<span class="status waiting">Waiting for approval</span>"#),
        "{list}"
    );
    // the operator may not release it, nor approve it
    let (_, mine) = page(&app, &format!("/orders/{id}"), &[(COOKIE.as_str(), &ops)]).await;
    assert!(mine.contains("Someone with the approver"), "{mine}");
    assert!(
        !mine.contains("Release anyway") && !mine.contains("Release to suppliers"),
        "{mine}"
    );
    // the admin approves from the order page
    let (_, theirs) = page(&app, &format!("/orders/{id}"), &[(COOKIE.as_str(), &boss)]).await;
    assert!(theirs.contains("Approve and release"), "{theirs}");
    let path = format!("/orders/{id}/approval");
    let bogus = vec![("decision", "maybe"), ("comment", "")];
    let res = post_form(&app, &boss, &boss_csrf, &path, bogus)
        .await
        .unwrap();
    let (_, refused) = follow(&app, res, &[(COOKIE.as_str(), &boss)]).await;
    assert!(refused.contains(r#"class="flash refused""#), "{refused}");
    let still = app.get(&format!("/api/v1/orders/{id}")).await;
    assert_eq!(
        still.ok(200)["status"],
        "pending",
        "a choice that is none changes nothing"
    );
    let approve = vec![("decision", "approve"), ("comment", "")];
    let res = post_form(&app, &boss, &boss_csrf, &path, approve)
        .await
        .unwrap();
    let (_, after) = follow(&app, res, &[(COOKIE.as_str(), &boss)]).await;
    assert!(after.contains("W-9 approved and released."), "{after}");
    assert!(after.contains("Approved"), "the timeline says so: {after}");
    let now = app.get(&format!("/api/v1/orders/{id}")).await;
    assert_eq!(now.ok(200)["status"], "purchasing");
}
