//! The task lifecycle, rejection and reassignment, the order following
//! its tasks, and task edits.

use crate::helpers::{TestApp, line};
use crate::on_both_backends;
use serde_json::json;

on_both_backends!(
    task_lifecycle_and_order_follows,
    rejection_reassigns_to_the_next_supplier,
    task_edits_and_listing,
    weighted_and_least_loaded_strategies,
    a_cancelled_task_leaves_its_line_for_a_retry,
    an_operator_reassigns_a_task_to_a_chosen_supplier,
);

async fn a_cancelled_task_leaves_its_line_for_a_retry(app: TestApp) {
    let (_, s) = app.category_with_suppliers("Cups", &["mug"], 2).await;
    let order = app
        .order("X-1", "purchasing", json!([line("Mug"), line("Mug")]))
        .await
        .ok(201)
        .clone();
    let id = order["id"].as_str().unwrap();
    let task = order["tasks"][0]["id"].as_str().unwrap();
    let cancelled = app
        .post(
            &format!("/api/v1/tasks/{task}/transitions"),
            json!({"to": "cancelled"}),
        )
        .await;
    assert_eq!(cancelled.ok(200)["status"], "cancelled");
    let o = app
        .get(&format!("/api/v1/orders/{id}"))
        .await
        .ok(200)
        .clone();
    assert_eq!(o["status"], "needs_attention");
    assert_eq!(o["lines"][0]["unrouted"]["code"], "task_cancelled");
    assert!(o["lines"][1]["unrouted"].is_null());
    let retried = app
        .post(
            &format!("/api/v1/orders/{id}/transitions"),
            json!({"to": "purchasing"}),
        )
        .await;
    let retried = retried.ok(200);
    assert_eq!(retried["status"], "purchasing");
    let live: Vec<_> = retried["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["status"] == "assigned")
        .collect();
    assert_eq!(
        live.len(),
        2,
        "one new task for the line, none for the other"
    );
    assert_eq!(
        live.iter()
            .filter(|t| t["line_id"] == o["lines"][0]["id"])
            .count(),
        1
    );
    // the rotation continued: s0, s1 for the first two tasks, then s0
    assert_eq!(
        live.iter()
            .find(|t| t["line_id"] == o["lines"][0]["id"])
            .unwrap()["supplier_id"],
        s[0].as_str()
    );
    // a task cannot skip steps
    let t = live[0]["id"].as_str().unwrap();
    let refused = app
        .post(
            &format!("/api/v1/tasks/{t}/transitions"),
            json!({"to": "in_production"}),
        )
        .await;
    assert_eq!(
        refused.problem(409, "invalid_transition")["current"],
        "assigned"
    );
}

async fn task_lifecycle_and_order_follows(app: TestApp) {
    app.category_with_suppliers("Cups", &["mug"], 2).await;
    let order = app
        .order("T-1", "purchasing", json!([line("Mug"), line("Mug, blue")]))
        .await
        .ok(201)
        .clone();
    let id = order["id"].as_str().unwrap().to_owned();
    let a = order["tasks"][0]["id"].as_str().unwrap().to_owned();
    let b = order["tasks"][1]["id"].as_str().unwrap().to_owned();
    let to =
        |task: &str, body: serde_json::Value| (format!("/api/v1/tasks/{task}/transitions"), body);

    let (p, body) = to(
        &a,
        json!({"to": "shipped", "carrier": "DHL", "tracking_number": "1"}),
    );
    let refused = app.post(&p, body).await;
    let r = refused.problem(409, "invalid_transition");
    assert_eq!(r["current"], "assigned");
    assert_eq!(r["allowed"], json!(["accepted", "rejected", "cancelled"]));

    for t in [&a, &b] {
        let (p, body) = to(t, json!({"to": "accepted"}));
        app.post(&p, body).await.ok(200);
    }
    assert_eq!(order_status(&app, &id).await, "purchasing");
    let (p, body) = to(&a, json!({"to": "in_production"}));
    let started = app.post(&p, body).await;
    assert!(started.ok(200)["production_started_at"].is_string());
    assert_eq!(order_status(&app, &id).await, "in_production");
    let (p, body) = to(&a, json!({"to": "produced"}));
    assert!(app.post(&p, body).await.ok(200)["produced_at"].is_string());

    let (p, body) = to(&a, json!({"to": "shipped", "tracking_number": "JD123"}));
    assert_eq!(
        app.post(&p, body).await.problem(422, "carrier_required")["field"],
        "carrier"
    );
    let (p, body) = to(&a, json!({"to": "shipped", "carrier": "顺丰速运"}));
    assert_eq!(
        app.post(&p, body)
            .await
            .problem(422, "tracking_number_required")["field"],
        "tracking_number"
    );
    // another carrier's number (a UPS one for SF) is caught before it
    // reaches a marketplace, with the shape SF numbers have
    let (p, body) = to(
        &a,
        json!({"to": "shipped", "carrier": "顺丰速运", "tracking_number": "1Z999AA10123456784"}),
    );
    let wrong = app.post(&p, body).await;
    let r = wrong.problem(422, "tracking_number_format");
    assert_eq!(r["field"], "tracking_number");
    assert!(
        r["detail"].as_str().unwrap().contains("SF and 13 digits"),
        "{r}"
    );
    // as copied from a label: spaced, lower case
    let (p, body) = to(
        &a,
        json!({"to": "shipped", "carrier": "顺丰速运", "tracking_number": " sf 1234 5678 90123 "}),
    );
    let shipped = app.post(&p, body).await;
    assert_eq!(shipped.ok(200)["carrier"], "顺丰速运");
    assert_eq!(shipped.body["tracking_number"], "SF1234567890123");
    assert_eq!(
        shipped.body["tracking_url"],
        "https://www.kuaidi100.com/chaxun?com=shunfeng&nu=SF1234567890123"
    );
    assert_eq!(shipped.body["carrier_code"], "sf_express");
    assert_eq!(
        order_status(&app, &id).await,
        "in_production",
        "one task still in the works"
    );

    for step in ["in_production", "produced"] {
        let (p, body) = to(&b, json!({"to": step}));
        app.post(&p, body).await.ok(200);
    }
    // carrier and tracking set beforehand by PATCH count for shipping
    app.patch(
        &format!("/api/v1/tasks/{b}"),
        json!({"carrier": "UPS", "tracking_number": "1Z999AA10123456784"}),
    )
    .await
    .ok(200);
    let (p, body) = to(&b, json!({"to": "shipped"}));
    app.post(&p, body).await.ok(200);
    assert_eq!(order_status(&app, &id).await, "shipped");
    for t in [&a, &b] {
        let (p, body) = to(t, json!({"to": "completed"}));
        app.post(&p, body).await.ok(200);
    }
    assert_eq!(
        order_status(&app, &id).await,
        "shipped",
        "suppliers' completed tasks do not complete the order"
    );
    // a supplier may not confirm the receipt; an operator does
    let receipt = format!("/api/v1/orders/{id}/transitions");
    app.post(&receipt, json!({"to": "completed"})).await.ok(200);
    assert_eq!(order_status(&app, &id).await, "completed");

    let events = app
        .get(&format!("/api/v1/orders/{id}/events"))
        .await
        .ok(200)
        .as_array()
        .unwrap()
        .clone();
    let order_moves: Vec<String> = events
        .iter()
        .filter(|e| e["kind"] == "order.status_changed")
        .map(|e| {
            format!(
                "{}>{}",
                e["from_status"].as_str().unwrap(),
                e["to_status"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        order_moves,
        [
            "pending>purchasing",
            "purchasing>in_production",
            "in_production>shipped",
            "shipped>completed"
        ]
    );
    let automatic = events
        .iter()
        .find(|e| e["to_status"] == "shipped" && e["task_id"].is_null())
        .unwrap();
    assert_eq!(automatic["actor"], "system");
    let ship_event = events
        .iter()
        .find(|e| e["task_id"] == a.as_str() && e["to_status"] == "shipped")
        .unwrap();
    assert_eq!(ship_event["details"]["tracking_number"], "SF1234567890123");
}

async fn rejection_reassigns_to_the_next_supplier(app: TestApp) {
    let (_, s) = app.category_with_suppliers("Cups", &["mug"], 3).await;
    let first = app
        .order("R-1", "purchasing", json!([line("Mug")]))
        .await
        .ok(201)
        .clone();
    let first_task = first["tasks"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(first["tasks"][0]["supplier_id"], s[0].as_str());
    // order R-2 takes supplier 1 in the rotation
    let second = app
        .order("R-2", "purchasing", json!([line("Mug")]))
        .await
        .ok(201)
        .clone();
    let task = second["tasks"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(second["tasks"][0]["supplier_id"], s[1].as_str());

    let no_reason = app
        .post(
            &format!("/api/v1/tasks/{task}/transitions"),
            json!({"to": "rejected"}),
        )
        .await;
    assert_eq!(no_reason.problem(422, "reason_required")["field"], "reason");
    let rejected = app
        .post(
            &format!("/api/v1/tasks/{task}/transitions"),
            json!({"to": "rejected", "reason": "no glaze in stock"}),
        )
        .await;
    assert_eq!(rejected.ok(200)["status"], "rejected");
    assert_eq!(rejected.body["reject_reason"], "no glaze in stock");

    let order = app
        .get(&format!(
            "/api/v1/orders/{}",
            second["id"].as_str().unwrap()
        ))
        .await
        .ok(200)
        .clone();
    let live: Vec<_> = order["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["status"] == "assigned")
        .collect();
    assert_eq!(live.len(), 1);
    assert_eq!(
        live[0]["supplier_id"],
        s[2].as_str(),
        "the next supplier after the one that rejected"
    );
    assert_ne!(live[0]["sku"], order["tasks"][0]["sku"]);
    assert_eq!(order["status"], "purchasing");

    // supplier 2 rejects too: wraps to supplier 0, skipping supplier 1
    let t2 = live[0]["id"].as_str().unwrap().to_owned();
    app.post(
        &format!("/api/v1/tasks/{t2}/transitions"),
        json!({"to": "rejected", "reason": "busy"}),
    )
    .await
    .ok(200);
    let order = app
        .get(&format!(
            "/api/v1/orders/{}",
            second["id"].as_str().unwrap()
        ))
        .await
        .ok(200)
        .clone();
    let live: Vec<_> = order["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["status"] == "assigned")
        .cloned()
        .collect();
    assert_eq!(live[0]["supplier_id"], s[0].as_str());
    let t3 = live[0]["id"].as_str().unwrap().to_owned();
    app.post(
        &format!("/api/v1/tasks/{t3}/transitions"),
        json!({"to": "rejected", "reason": "closed"}),
    )
    .await
    .ok(200);
    let order = app
        .get(&format!(
            "/api/v1/orders/{}",
            second["id"].as_str().unwrap()
        ))
        .await
        .ok(200)
        .clone();
    assert_eq!(order["status"], "needs_attention");
    assert_eq!(
        order["lines"][0]["unrouted"]["code"],
        "all_suppliers_rejected"
    );

    // the rotation cursor did not move: the next order goes to supplier 2
    let third = app
        .order("R-3", "purchasing", json!([line("Mug")]))
        .await
        .ok(201)
        .clone();
    assert_eq!(third["tasks"][0]["supplier_id"], s[2].as_str());
    // and a rejected task is final
    let again = app
        .post(
            &format!("/api/v1/tasks/{task}/transitions"),
            json!({"to": "accepted"}),
        )
        .await;
    assert_eq!(
        again.problem(409, "invalid_transition")["allowed"],
        json!([])
    );
    let _ = first_task;
}

async fn task_edits_and_listing(app: TestApp) {
    let (cups, s) = app.category_with_suppliers("Cups", &["mug"], 2).await;
    let order = app
        .order(
            "E-1",
            "purchasing",
            json!([line("Mug"), line("Mug"), line("Mug")]),
        )
        .await
        .ok(201)
        .clone();
    let task = order["tasks"][0]["id"].as_str().unwrap().to_owned();
    let p = app
        .patch(&format!("/api/v1/tasks/{task}"), json!({"note": "use the blue glaze", "production_started_at": "2026-11-20T08:00:00Z", "due_at": "2026-11-30T00:00:00+08:00"}))
        .await;
    let p = p.ok(200);
    assert_eq!(p["note"], "use the blue glaze");
    assert_eq!(p["production_started_at"], "2026-11-20T08:00:00Z");
    assert_eq!(
        p["due_at"], "2026-11-29T16:00:00Z",
        "times are stored and shown in UTC"
    );
    let cleared = app
        .patch(&format!("/api/v1/tasks/{task}"), json!({"note": ""}))
        .await;
    assert!(cleared.ok(200)["note"].is_null());
    app.patch(&format!("/api/v1/tasks/{task}"), json!({}))
        .await
        .problem(422, "empty_patch");
    app.patch(&format!("/api/v1/tasks/{task}"), json!({"sku": "MINE"}))
        .await
        .problem(422, "unknown_field");
    app.patch(
        &format!("/api/v1/tasks/{task}"),
        json!({"supplier_id": "x"}),
    )
    .await
    .problem(422, "unknown_field");
    app.patch(
        &format!("/api/v1/tasks/{task}"),
        json!({"note": "x".repeat(2001)}),
    )
    .await
    .problem(422, "too_long");
    app.patch("/api/v1/tasks/nope", json!({"note": "x"}))
        .await
        .problem(404, "not_found");

    let mine = app
        .get(&format!("/api/v1/tasks?supplier_id={}", s[0]))
        .await
        .ok(200)["items"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(mine, 2);
    let all = app
        .get(&format!("/api/v1/tasks?category_id={cups}&limit=2"))
        .await
        .ok(200)
        .clone();
    assert_eq!(all["items"].as_array().unwrap().len(), 2);
    let rest = app
        .get(&format!(
            "/api/v1/tasks?category_id={cups}&limit=2&cursor={}",
            all["next_cursor"].as_str().unwrap()
        ))
        .await;
    assert_eq!(rest.ok(200)["items"].as_array().unwrap().len(), 1);
    assert!(rest.body["next_cursor"].is_null());
    let by_order = app
        .get(&format!(
            "/api/v1/tasks?order_id={}&status=assigned",
            order["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(by_order.ok(200)["items"].as_array().unwrap().len(), 3);
    assert_eq!(
        app.get(&format!("/api/v1/tasks/{task}")).await.ok(200)["id"],
        task.as_str()
    );
}

async fn weighted_and_least_loaded_strategies(app: TestApp) {
    let (tees, s) = app.category_with_suppliers("T-shirts", &["tee"], 2).await;
    app.patch(&format!("/api/v1/suppliers/{}", s[0]), json!({"weight": 2}))
        .await
        .ok(200);
    app.patch(
        &format!("/api/v1/categories/{tees}"),
        json!({"strategy": "weighted"}),
    )
    .await
    .ok(200);
    let mut got = Vec::new();
    for i in 0..6 {
        let o = app
            .order(&format!("W-{i}"), "purchasing", json!([line("Tee")]))
            .await
            .ok(201)
            .clone();
        got.push(if o["tasks"][0]["supplier_id"] == s[0].as_str() {
            'A'
        } else {
            'B'
        });
    }
    assert_eq!(
        got.iter().collect::<String>(),
        "ABAABA",
        "smooth weighted round robin, 2:1"
    );

    let (shoes, s) = app.category_with_suppliers("Shoes", &["shoe"], 3).await;
    app.patch(
        &format!("/api/v1/categories/{shoes}"),
        json!({"strategy": "least_loaded"}),
    )
    .await
    .ok(200);
    let busy = app
        .order(
            "LL-0",
            "purchasing",
            json!([line("Shoe"), line("Shoe"), line("Shoe"), line("Shoe")]),
        )
        .await
        .ok(201)
        .clone();
    // 4 tasks: A, B, C by rotation among equals, then A again
    let first: Vec<_> = busy["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["supplier_id"].clone())
        .collect();
    assert_eq!(first, [json!(s[0]), json!(s[1]), json!(s[2]), json!(s[0])]);
    // C ships its task: open tasks are now A 2, B 1, C 0
    let c_task = busy["tasks"][2]["id"].as_str().unwrap();
    app.ship_task(c_task).await;
    let next = app
        .order("LL-1", "purchasing", json!([line("Shoe")]))
        .await
        .ok(201)
        .clone();
    assert_eq!(next["tasks"][0]["supplier_id"], s[2].as_str());
    let events = app
        .get(&format!(
            "/api/v1/orders/{}/events",
            next["id"].as_str().unwrap()
        ))
        .await
        .ok(200)
        .clone();
    let routed = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "task.routed")
        .unwrap()
        .clone();
    assert_eq!(routed["details"]["strategy"], "least_loaded");
    let loads: Vec<_> = routed["details"]["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["open_tasks"].clone())
        .collect();
    assert_eq!(loads, [json!(2), json!(1), json!(0)]);
}

async fn order_status(app: &TestApp, id: &str) -> String {
    app.get(&format!("/api/v1/orders/{id}")).await.ok(200)["status"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn an_operator_reassigns_a_task_to_a_chosen_supplier(app: TestApp) {
    let (_, s) = app.category_with_suppliers("Cups", &["mug"], 3).await;
    let (_, hatters) = app.category_with_suppliers("Hats", &["hat"], 1).await;
    let order = app
        .order("RA-1", "purchasing", json!([line("Mug")]))
        .await
        .ok(201)
        .clone();
    let task = order["tasks"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(order["tasks"][0]["supplier_id"], s[0].as_str());
    let path = format!("/api/v1/tasks/{task}/reassign");
    let refuse = |supplier: &str| json!({"supplier_id": supplier});
    // not of the category, the holder itself, an inactive one: refused
    let res = app.post(&path, refuse(&hatters[0])).await;
    assert_eq!(
        res.problem(422, "supplier_not_in_category")["field"],
        "supplier_id"
    );
    app.post(&path, refuse(&s[0]))
        .await
        .problem(422, "supplier_excluded");
    app.patch(
        &format!("/api/v1/suppliers/{}", s[1]),
        json!({"active": false}),
    )
    .await
    .ok(200);
    app.post(&path, refuse(&s[1]))
        .await
        .problem(422, "supplier_inactive");
    // nothing changed by the refusals
    let same = app
        .get(&format!("/api/v1/tasks/{task}"))
        .await
        .ok(200)
        .clone();
    assert_eq!(same["status"], "assigned");
    // a supplier may not reassign
    let (_, token) = app.token("maker", "supplier", Some(&s[0])).await;
    let res = app
        .send_as(
            &crate::helpers::Auth::Bearer(token),
            reqwest::Method::POST,
            &path,
            Some(&json!({"supplier_id": s[2]})),
        )
        .await;
    res.problem(403, "forbidden");
    let new = app
        .post(
            &path,
            json!({"supplier_id": s[2], "reason": "closer to the customer"}),
        )
        .await
        .ok(200)
        .clone();
    assert_eq!(new["supplier_id"], s[2].as_str());
    assert_eq!(new["status"], "assigned");
    assert_eq!(new["line_id"], order["tasks"][0]["line_id"]);
    let old = app
        .get(&format!("/api/v1/tasks/{task}"))
        .await
        .ok(200)
        .clone();
    assert_eq!(old["status"], "cancelled");
    let o = app
        .get(&format!("/api/v1/orders/{}", order["id"].as_str().unwrap()))
        .await
        .ok(200)
        .clone();
    assert_eq!(o["status"], "purchasing", "the line has a live task again");
    let events = app
        .get(&format!(
            "/api/v1/orders/{}/events",
            order["id"].as_str().unwrap()
        ))
        .await
        .ok(200)
        .clone();
    let events = events["items"]
        .as_array()
        .unwrap_or_else(|| events.as_array().unwrap());
    let cancel = events
        .iter()
        .find(|e| e["kind"] == "task.status_changed" && e["to_status"] == "cancelled")
        .unwrap();
    assert_eq!(cancel["details"]["reason"], "closer to the customer");
    let routed = events.iter().rfind(|e| e["kind"] == "task.routed").unwrap();
    assert_eq!(routed["details"]["cause"], "reassignment");
    assert_eq!(routed["details"]["supplier_id"], s[2].as_str());
    // the rotation did not move: the next mug goes to the next active supplier after s[0]
    app.patch(
        &format!("/api/v1/suppliers/{}", s[1]),
        json!({"active": true}),
    )
    .await
    .ok(200);
    let next = app
        .order("RA-2", "purchasing", json!([line("Mug")]))
        .await
        .ok(201)
        .clone();
    assert_eq!(next["tasks"][0]["supplier_id"], s[1].as_str());
    // a shipped task stays where it is
    let moved = new["id"].as_str().unwrap().to_owned();
    app.ship_task(&moved).await;
    app.post(
        &format!("/api/v1/tasks/{moved}/reassign"),
        json!({"supplier_id": s[1]}),
    )
    .await
    .problem(409, "invalid_transition");
}
