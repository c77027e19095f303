//! Automation rules: "orders over 500 USD from Amazon go to review" end to
//! end over the API, with the firing in the order's timeline and the
//! automation history, staff told, a webhook event, versions with who
//! changed them, and every refusal naming its part.

use crate::helpers::{TestApp, line, order_body};
use reqwest::Method;
use serde_json::{Value, json};

crate::on_both_backends!(
    orders_over_500_usd_from_amazon_go_to_review,
    a_rule_routes_lines_to_the_supplier_it_names,
    rules_read_and_add_an_orders_tags
);

fn amazon(number: &str, total: &str, title: &str) -> Value {
    let mut body = order_body(
        number,
        "purchasing",
        json!([{"title": title, "quantity": 1, "unit_price": total}]),
    );
    body["platform"] = json!("amazon");
    body["total_amount"] = json!(total);
    body["shipping_address"] = json!({"country": "US", "city": "Austin", "line1": "1 Main St"});
    body["payment_status"] = json!("paid");
    body
}

async fn orders_over_500_usd_from_amazon_go_to_review(app: TestApp) {
    app.category_with_suppliers("Mugs", &["mug"], 1).await;
    app.category_with_suppliers("Engraving", &["engrave"], 1)
        .await;
    app.user(
        "desk@seller.example",
        "operator",
        None,
        "amber-lantern-route",
    )
    .await;
    let desk = app
        .login("desk@seller.example", "amber-lantern-route")
        .await;
    let big = json!({"name": "Big Amazon orders", "trigger": "order_received",
        "conditions": [{"field": "platform", "op": "eq", "value": "Amazon"},
                       {"field": "total", "op": "gt", "value": "500 USD"}],
        "actions": [{"do": "hold", "reason": "check the buyer first"},
                    {"do": "notify", "message": "A big Amazon order is waiting"},
                    {"do": "webhook"}]});
    let big = app.post("/api/v1/rules", big).await.ok(201).clone();
    assert_eq!(big["version"], 1);
    let engraved = json!({"name": "Engraved goes to the engravers", "trigger": "order_received",
        "conditions": [{"field": "title", "op": "contains", "value": "engraved"}],
        "actions": [{"do": "set_priority", "priority": "urgent"},
                    {"do": "route_to_category", "category": "engraving"}]});
    app.post("/api/v1/rules", engraved).await.ok(201);

    // over 500 USD from Amazon: held in review, with the rule and why
    let held = app
        .post("/api/v1/orders", amazon("A-1", "612.00", "Blue mug"))
        .await;
    let held = held.ok(201).clone();
    assert_eq!(held["status"], "pending", "{held}");
    assert_eq!(held["hold"], json!(["rule"]));
    assert!(held["tasks"].as_array().unwrap().is_empty());
    let id = held["id"].as_str().unwrap();
    let review = app
        .get(&format!("/api/v1/orders/{id}/review"))
        .await
        .ok(200)
        .clone();
    let rule = review["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "rule")
        .unwrap()
        .clone();
    assert_eq!(rule["passed"], false);
    assert_eq!(rule["problems"][0]["rule_name"], "Big Amazon orders");
    assert_eq!(rule["problems"][0]["reason"], "check the buyer first");
    let events = app.order_events(&held).await;
    let fired = events
        .iter()
        .find(|e| e["kind"] == "rule.fired")
        .expect("rule.fired")
        .clone();
    assert_eq!(fired["details"]["rule_id"], big["id"]);
    assert_eq!(fired["details"]["version"], 1);
    assert_eq!(
        fired["details"]["why"],
        json!([
            "platform eq Amazon (amazon)",
            "total gt 500 USD (612.00 USD)"
        ])
    );
    assert!(
        events.iter().any(|e| e["kind"] == "rule.webhook"),
        "the webhook action"
    );
    assert!(events.iter().any(|e| e["kind"] == "order.held"));
    // staff are told
    let mut told = Value::Null;
    for _ in 0..50 {
        told = app
            .send_as(&desk, Method::GET, "/api/v1/notifications", None)
            .await
            .ok(200)
            .clone();
        if told["unread"].as_i64() > Some(0) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let notice = told["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["event_kind"] == "rule.fired")
        .unwrap();
    assert_eq!(notice["title"], "Rule “Big Amazon orders”: order A-1");
    assert_eq!(notice["lines"][0], "A big Amazon order is waiting");
    // at 500 or less, from another platform: released at once
    let small = app
        .post("/api/v1/orders", amazon("A-2", "480.00", "Blue mug"))
        .await;
    assert_eq!(small.ok(201)["status"], "purchasing");
    let mut etsy = amazon("E-1", "900.00", "Blue mug");
    etsy["platform"] = json!("etsy");
    assert_eq!(
        app.post("/api/v1/orders", etsy).await.ok(201)["status"],
        "purchasing"
    );

    // a person releases it from review: the rule's hold is acknowledged
    let go = app
        .post(
            &format!("/api/v1/orders/{id}/transitions"),
            json!({"to": "purchasing"}),
        )
        .await;
    assert_eq!(go.ok(200)["status"], "purchasing");
    let events = app.order_events(&held).await;
    let moved = events
        .iter()
        .find(|e| e["to_status"] == "purchasing")
        .unwrap();
    assert_eq!(moved["details"]["acknowledged"], json!(["rule"]));

    // priority and category: an engraved mug goes to the engravers, urgent
    let engr = app
        .post(
            "/api/v1/orders",
            amazon("A-3", "40.00", "Engraved blue mug"),
        )
        .await;
    let engr = engr.ok(201).clone();
    assert_eq!(engr["priority"], "urgent");
    let cats = app.get("/api/v1/categories").await.ok(200).clone();
    let engraving = cats
        .as_array()
        .or(cats["items"].as_array())
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Engraving")
        .unwrap()["id"]
        .clone();
    assert_eq!(engr["lines"][0]["category_id"], engraving);

    // a task's move: staff are told when a big Amazon order's task ships
    let shipped = json!({"name": "Tell the desk when Amazon ships", "trigger": "task_status_changed",
        "conditions": [{"field": "task_status", "op": "eq", "value": "shipped"},
                       {"field": "platform", "op": "eq", "value": "amazon"}],
        "actions": [{"do": "notify", "message": "An Amazon parcel left"}]});
    app.post("/api/v1/rules", shipped).await.ok(201);
    let small = small.body.clone();
    let task = small["tasks"][0]["id"].as_str().unwrap().to_owned();
    app.ship_task(&task).await;
    let events = app.order_events(&small).await;
    let fired: Vec<&Value> = events
        .iter()
        .filter(|e| e["kind"] == "rule.fired")
        .collect();
    assert_eq!(fired.len(), 1, "once, when it shipped: {fired:?}");
    assert_eq!(fired[0]["task_id"], task.as_str());
    assert_eq!(fired[0]["details"]["notify"], "An Amazon parcel left");

    // versions: each change, with who made it
    let rid = big["id"].as_str().unwrap();
    let mut changed = json!({"name": "Big Amazon orders", "trigger": "order_received",
        "conditions": [{"field": "platform", "op": "eq", "value": "amazon"},
                       {"field": "total", "op": "gt", "value": "1000 USD"}],
        "actions": [{"do": "hold", "reason": "check the buyer first"}]});
    assert_eq!(
        app.put(&format!("/api/v1/rules/{rid}"), changed.clone())
            .await
            .ok(200)["version"],
        2
    );
    let versions = app
        .get(&format!("/api/v1/rules/{rid}/versions"))
        .await
        .ok(200)
        .clone();
    assert_eq!(versions.as_array().unwrap().len(), 2);
    assert_eq!(versions[0]["version"], 2);
    assert_eq!(versions[0]["changed_by"], "token:test");
    assert_eq!(versions[1]["body"]["conditions"][1]["value"], "500 USD");
    let again = app
        .post("/api/v1/orders", amazon("A-4", "612.00", "Blue mug"))
        .await;
    assert_eq!(
        again.ok(201)["status"],
        "purchasing",
        "the new version holds from 1000 USD"
    );

    // refusals name the part
    changed["conditions"][1]["value"] = json!("1000");
    let bad = app
        .put(&format!("/api/v1/rules/{rid}"), changed.clone())
        .await;
    assert_eq!(
        bad.problem(422, "invalid_condition")["field"],
        "conditions[1]"
    );
    changed["conditions"][1]["value"] = json!("1000 USD");
    changed["trigger"] = json!("task_status_changed");
    let bad = app
        .put(&format!("/api/v1/rules/{rid}"), changed.clone())
        .await;
    assert_eq!(bad.problem(422, "invalid_value")["field"], "actions[0]");
    let bad = app
        .post(
            "/api/v1/rules",
            json!({"name": "x", "trigger": "order_received", "actions": []}),
        )
        .await;
    assert_eq!(bad.problem(422, "invalid_value")["field"], "actions");
    app.get("/api/v1/rules/nope")
        .await
        .problem(404, "not_found");
    app.send(Method::DELETE, &format!("/api/v1/rules/{rid}"), None, &[])
        .await
        .ok(204);
    assert_eq!(
        app.get("/api/v1/rules")
            .await
            .ok(200)
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

/// "Wholesale orders go to our own workshop": the rule names a supplier;
/// its lines go there with no turn of the rotation, a rejection goes back
/// to the rotation, an order held for review keeps the choice, and a
/// supplier that does not exist is refused when the rule is saved.
async fn a_rule_routes_lines_to_the_supplier_it_names(app: TestApp) {
    let (_, suppliers) = app.category_with_suppliers("Mugs", &["mug"], 3).await;
    let workshop = suppliers[2].as_str();
    let rule = json!({"name": "Wholesale to the workshop", "trigger": "order_received",
        "conditions": [{"field": "title", "op": "contains", "value": "wholesale"}],
        "actions": [{"do": "route_to_supplier", "supplier": "Mugs supplier 2"}]});
    let saved = app.post("/api/v1/rules", rule).await.ok(201).clone();
    assert_eq!(
        saved["actions"][0]["supplier"], workshop,
        "kept by id, given by name"
    );
    let placed = app
        .order("W-1", "purchasing", json!([line("Wholesale mug x 48")]))
        .await
        .ok(201)
        .clone();
    assert_eq!(placed["tasks"][0]["supplier_id"], workshop);
    let events = app.order_events(&placed).await;
    let routed = events.iter().find(|e| e["kind"] == "task.routed").unwrap();
    assert_eq!(routed["details"]["cause"], "rule");
    // no turn of the rotation: the next plain order goes to the first supplier
    let plain = app
        .order("W-2", "purchasing", json!([line("Blue mug")]))
        .await
        .ok(201)
        .clone();
    assert_eq!(plain["tasks"][0]["supplier_id"], suppliers[0].as_str());
    // the workshop rejects: the rotation decides
    let task = placed["tasks"][0]["id"].as_str().unwrap();
    app.post(
        &format!("/api/v1/tasks/{task}/transitions"),
        json!({"to": "rejected", "reason": "kiln is full"}),
    )
    .await
    .ok(200);
    let after = app
        .get(&format!(
            "/api/v1/orders/{}",
            placed["id"].as_str().unwrap()
        ))
        .await
        .ok(200)
        .clone();
    let live: Vec<&Value> = after["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["status"] == "assigned")
        .collect();
    assert_eq!(live.len(), 1);
    assert_ne!(live[0]["supplier_id"], workshop);
    // held for review first: released later, it still goes to the workshop
    let held = json!({"name": "Hold wholesale", "trigger": "order_received",
        "conditions": [{"field": "title", "op": "contains", "value": "wholesale"}],
        "actions": [{"do": "hold", "reason": "confirm the price"}]});
    app.post("/api/v1/rules", held).await.ok(201);
    let waiting = app
        .order("W-3", "purchasing", json!([line("Wholesale mug x 96")]))
        .await
        .ok(201)
        .clone();
    assert_eq!(waiting["status"], "pending");
    let released = app
        .post(
            &format!(
                "/api/v1/orders/{}/transitions",
                waiting["id"].as_str().unwrap()
            ),
            json!({"to": "purchasing"}),
        )
        .await
        .ok(200)
        .clone();
    assert_eq!(released["tasks"][0]["supplier_id"], workshop);
    // refused when saved: a supplier or category that does not exist
    let nobody = json!({"name": "To nobody", "trigger": "order_received",
        "actions": [{"do": "webhook"}, {"do": "route_to_supplier", "supplier": "Nobody Ltd"}]});
    let r = app.post("/api/v1/rules", nobody).await;
    assert_eq!(r.problem(422, "unknown_supplier")["field"], "actions[1]");
    let nowhere = json!({"name": "To nowhere", "trigger": "order_received",
        "actions": [{"do": "route_to_category", "category": "Lamps"}]});
    let r = app.post("/api/v1/rules", nowhere).await;
    assert_eq!(r.problem(422, "unknown_category")["field"], "actions[0]");
}

/// "VIP buyers first": a condition on the order's tags (a marketplace's,
/// or given with the order), and a rule that adds a tag, which the order
/// keeps, a later rule reads, and a supplier does not see.
async fn rules_read_and_add_an_orders_tags(app: TestApp) {
    let (_, suppliers) = app.category_with_suppliers("Mugs", &["mug"], 1).await;
    let vip = json!({"name": "VIP first", "trigger": "order_received", "position": 2,
        "conditions": [{"field": "tag", "op": "eq", "value": "vip"}],
        "actions": [{"do": "set_priority", "priority": "urgent"}]});
    app.post("/api/v1/rules", vip).await.ok(201);
    let gift = json!({"name": "Gift wrap", "trigger": "order_received", "position": 1,
        "conditions": [{"field": "title", "op": "contains", "value": "gift"}],
        "actions": [{"do": "add_tag", "tag": " gift-wrap "}]});
    let saved = app.post("/api/v1/rules", gift).await.ok(201).clone();
    assert_eq!(saved["actions"][0]["tag"], "gift-wrap", "trimmed");
    let mut body = order_body("T-1", "purchasing", json!([line("Gift mug")]));
    body["tags"] = json!(["VIP", " vip ", "repeat buyer"]);
    let placed = app.post("/api/v1/orders", body).await.ok(201).clone();
    assert_eq!(placed["tags"], json!(["VIP", "repeat buyer", "gift-wrap"]));
    assert_eq!(placed["priority"], "urgent");
    let id = placed["id"].as_str().unwrap();
    let read = app
        .get(&format!("/api/v1/orders/{id}"))
        .await
        .ok(200)
        .clone();
    assert_eq!(read["tags"], placed["tags"]);
    // searching finds the order by a tag it came with
    let found = app.get("/api/v1/orders?q=repeat").await.ok(200).clone();
    assert_eq!(found["items"][0]["id"], id);
    // a supplier does not see the seller's words about the buyer
    let (_, token) = app.token("maker", "supplier", Some(&suppliers[0])).await;
    let theirs = app
        .send_as(
            &crate::helpers::Auth::Bearer(token),
            Method::GET,
            &format!("/api/v1/orders/{id}"),
            None,
        )
        .await
        .ok(200)
        .clone();
    assert_eq!(theirs["tags"], json!([]));
    let plain = app
        .order("T-2", "purchasing", json!([line("Blue mug")]))
        .await
        .ok(201)
        .clone();
    assert_eq!(plain["priority"], "normal");
    assert_eq!(plain["tags"], json!([]));
    // refusals name the tag
    let mut body = order_body("T-3", "purchasing", json!([line("Blue mug")]));
    body["tags"] = json!(["ok", "x".repeat(41)]);
    let r = app.post("/api/v1/orders", body).await;
    assert_eq!(r.problem(422, "too_long")["field"], "tags[1]");
    let empty = json!({"name": "Empty tag", "trigger": "order_received",
        "actions": [{"do": "add_tag", "tag": "  "}]});
    let r = app.post("/api/v1/rules", empty).await;
    assert_eq!(r.problem(422, "required")["field"], "actions[0]");
}
