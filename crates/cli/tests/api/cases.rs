//! After-sales cases walked end to end over HTTP by an operator and the
//! supplier that made the line: a return (back, inspected, refunded), a
//! reshipment (a new task whose shipment resolves the case) and a refund
//! with a charge-back; and what is refused.

use crate::helpers::{TestApp, client, line, order_body, read};
use serde_json::{Value, json};

crate::on_both_backends!(
    return_reshipment_and_refund_are_walked_by_operator_and_supplier,
    a_marketplace_refund_opens_a_case_once
);

/// A step as `token` (the supplier's) or the admin (`None`).
async fn step(app: &TestApp, token: Option<&str>, case: &str, body: Value) -> crate::helpers::Res {
    let path = format!("/api/v1/cases/{case}/steps");
    match token {
        None => app.post(&path, body).await,
        Some(t) => {
            let url = format!("{}{path}", app.base);
            read(
                client()
                    .post(url)
                    .bearer_auth(t)
                    .json(&body)
                    .send()
                    .await
                    .unwrap(),
            )
            .await
        }
    }
}

async fn as_supplier(app: &TestApp, token: &str, path: &str) -> crate::helpers::Res {
    let url = format!("{}{path}", app.base);
    read(client().get(url).bearer_auth(token).send().await.unwrap()).await
}

async fn return_reshipment_and_refund_are_walked_by_operator_and_supplier(app: TestApp) {
    let (_, suppliers) = app.category_with_suppliers("Mugs", &["mug"], 2).await;
    let mut lines = vec![line("Blue mug"), line("Red mug"), line("Green mug")];
    lines[0]["quantity"] = json!(3);
    lines[0]["unit_price"] = json!("12.00");
    let order = app
        .post(
            "/api/v1/orders",
            order_body("AS-1", "purchasing", json!(lines)),
        )
        .await;
    let order = order.ok(201).clone();
    let id = order["id"].as_str().unwrap();
    let tasks = order["tasks"].as_array().unwrap().clone();
    let holder = |i: usize| tasks[i]["supplier_id"].as_str().unwrap().to_owned();
    let (_, maker) = app.token("maker", "supplier", Some(&holder(0))).await;
    let (_, other) = app
        .token(
            "other",
            "supplier",
            Some(suppliers.iter().find(|s| **s != holder(0)).unwrap()),
        )
        .await;
    let cases = format!("/api/v1/orders/{id}/cases");
    // nothing shipped yet: no case
    let early = app
        .post(
            &cases,
            json!({"line_no": 1, "kind": "return", "reason": "x"}),
        )
        .await;
    early.problem(409, "not_shipped");
    for (i, t) in tasks.iter().enumerate().take(2) {
        app.ship_task_with(
            t["id"].as_str().unwrap(),
            "UPS",
            &format!("1Z999AA1012345678{}", [4, 4][i]),
        )
        .await;
    }
    // the third line is cancelled: nothing to take up
    let third = tasks[2]["id"].as_str().unwrap();
    app.post(
        &format!("/api/v1/tasks/{third}/transitions"),
        json!({"to": "cancelled", "reason": "out of stock"}),
    )
    .await
    .ok(200);
    app.post(
        &cases,
        json!({"line_no": 3, "kind": "refund", "reason": "x"}),
    )
    .await
    .problem(409, "line_cancelled");

    // a return: 2 of the 3 mugs
    let more = app
        .post(
            &cases,
            json!({"line_no": 1, "kind": "return", "reason": "cracked", "quantity": 4}),
        )
        .await;
    assert_eq!(more.problem(422, "exceeds_shipped")["field"], "quantity");
    let ret = app
        .post(&cases, json!({"line_no": 1, "kind": "return", "reason": "two arrived cracked", "requested": "money back", "quantity": 2}))
        .await;
    let ret = ret.ok(201).clone();
    let rid = ret["id"].as_str().unwrap();
    assert_eq!(
        (ret["status"].as_str(), ret["supplier_id"].as_str()),
        (Some("open"), Some(holder(0).as_str()))
    );
    assert_eq!(ret["number"], "AS-1-AS1");
    // the supplier sees its case, another supplier does not
    assert_eq!(
        as_supplier(&app, &maker, &format!("/api/v1/cases/{rid}"))
            .await
            .ok(200)["next_steps"],
        json!(["accept", "dispute"])
    );
    as_supplier(&app, &other, &format!("/api/v1/cases/{rid}"))
        .await
        .problem(404, "not_found");
    assert_eq!(
        as_supplier(&app, &other, "/api/v1/cases").await.ok(200),
        &json!([])
    );
    // only one more unit can be claimed on that task
    app.post(
        &cases,
        json!({"line_no": 1, "kind": "reshipment", "reason": "x", "quantity": 2}),
    )
    .await
    .problem(422, "exceeds_shipped");
    step(&app, Some(&maker), rid, json!({"step": "accept"}))
        .await
        .ok(200);
    // the supplier cannot record the buyer's parcel; staff do
    step(&app, Some(&maker), rid, json!({"step": "return_shipped", "carrier": "UPS", "tracking_number": "1Z999AA10123456784"}))
        .await
        .problem(403, "forbidden");
    let typo = step(&app, None, rid, json!({"step": "return_shipped", "carrier": "UPS", "tracking_number": "1Z999AA10123456785"})).await;
    typo.problem(422, "tracking_number_format");
    let back = step(&app, None, rid, json!({"step": "return_shipped", "carrier": "UPS", "tracking_number": "1z999aa10123456784"})).await;
    assert_eq!(
        back.ok(200)["return_tracking_url"],
        "https://www.ups.com/track?tracknum=1Z999AA10123456784"
    );
    step(
        &app,
        None,
        rid,
        json!({"step": "refund", "amount": "24.00"}),
    )
    .await
    .problem(409, "invalid_transition");
    step(&app, Some(&maker), rid, json!({"step": "receive"}))
        .await
        .ok(200);
    step(
        &app,
        Some(&maker),
        rid,
        json!({"step": "inspect", "passed": false, "note": "both cracked in transit"}),
    )
    .await
    .ok(200);
    let over = step(
        &app,
        None,
        rid,
        json!({"step": "refund", "amount": "24.01"}),
    )
    .await;
    over.problem(422, "refund_exceeds_paid");
    let done = step(
        &app,
        None,
        rid,
        json!({"step": "refund", "amount": "24.00"}),
    )
    .await;
    assert_eq!(done.ok(200)["status"], "resolved");
    assert_eq!(done.body["refund_amount"], "24.00");
    let seen = as_supplier(&app, &maker, &format!("/api/v1/cases/{rid}")).await;
    assert!(
        seen.ok(200)["refund_amount"].is_null(),
        "a supplier sees no refund amount"
    );
    let steps: Vec<&str> = seen.body["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["step"].as_str().unwrap())
        .collect();
    assert_eq!(
        steps,
        [
            "opened",
            "accept",
            "return_shipped",
            "receive",
            "inspect",
            "refund"
        ]
    );

    // a reshipment on line 2, disputed, upheld, then sent again by the other supplier
    let res = app
        .post(
            &cases,
            json!({"line_no": 2, "kind": "reshipment", "reason": "parcel lost"}),
        )
        .await;
    let sid = res.ok(201)["id"].as_str().unwrap().to_owned();
    let holder2 = holder(1);
    let (_, maker2) = app.token("maker2", "supplier", Some(&holder2)).await;
    step(&app, Some(&maker2), &sid, json!({"step": "dispute"}))
        .await
        .problem(422, "required");
    step(
        &app,
        Some(&maker2),
        &sid,
        json!({"step": "dispute", "reason": "tracking shows delivered"}),
    )
    .await
    .ok(200);
    let rule = step(&app, Some(&maker2), &sid, json!({"step": "uphold"})).await;
    assert_eq!(rule.problem(403, "forbidden")["rule"], "staff_only");
    step(&app, None, &sid, json!({"step": "uphold"}))
        .await
        .ok(200);
    let before = app.get(&format!("/api/v1/orders/{id}")).await.ok(200)["status"].clone();
    let elsewhere = suppliers.iter().find(|s| **s != holder2).unwrap();
    let reship = step(
        &app,
        None,
        &sid,
        json!({"step": "reship", "supplier_id": elsewhere}),
    )
    .await;
    assert_eq!(reship.ok(200)["status"], "remaking");
    let new_task = reship.body["remake_task_id"].as_str().unwrap().to_owned();
    let t = app.get(&format!("/api/v1/tasks/{new_task}")).await;
    assert_eq!(
        (
            t.ok(200)["supplier_id"].as_str(),
            t.body["quantity"].as_i64()
        ),
        (Some(elsewhere.as_str()), Some(1))
    );
    app.ship_task_with(&new_task, "DHL", "1234567890").await;
    let resolved = app.get(&format!("/api/v1/cases/{sid}")).await;
    assert_eq!(
        resolved.ok(200)["status"],
        "resolved",
        "its shipment resolves the case"
    );
    let last = resolved.body["steps"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        (
            last["step"].as_str(),
            last["details"]["tracking_number"].as_str()
        ),
        (Some("resolved"), Some("1234567890"))
    );
    let o = app.get(&format!("/api/v1/orders/{id}")).await;
    assert_eq!(
        o.ok(200)["status"],
        before,
        "an after-sales task does not move the order"
    );

    // a refund on line 1's last unit, charged back to the supplier
    let refund = app
        .post(
            &cases,
            json!({"line_no": 1, "kind": "refund", "reason": "late"}),
        )
        .await;
    let fid = refund.ok(201)["id"].as_str().unwrap().to_owned();
    assert_eq!(refund.body["quantity"], 1, "what is left of the line");
    step(&app, None, &fid, json!({"step": "accept"}))
        .await
        .ok(200);
    step(
        &app,
        None,
        &fid,
        json!({"step": "refund", "amount": "5.00"}),
    )
    .await
    .ok(200);
    let charged = step(
        &app,
        None,
        &fid,
        json!({"step": "charge_back", "amount": "5.00"}),
    )
    .await;
    assert_eq!(
        (
            charged.ok(200)["status"].as_str(),
            charged.body["chargeback_amount"].as_str()
        ),
        (Some("resolved"), Some("5.00"))
    );
    step(&app, None, &fid, json!({"step": "close", "reason": "x"}))
        .await
        .problem(409, "invalid_transition");

    let listed = app.get(&format!("/api/v1/orders/{id}/cases")).await;
    assert_eq!(listed.ok(200).as_array().unwrap().len(), 3);
    // the order page's form: units that are not a number are said, and nothing opens
    let (cookie, csrf) = crate::web::sign_in_operator(&app).await;
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf)
        .text("line_no", "2")
        .text("kind", "complaint")
        .text("quantity", "two")
        .text("reason", "rude courier");
    let res = crate::web::browser()
        .post(format!("{}/orders/{id}/cases", app.base))
        .header("cookie", &cookie)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let (back, page) = crate::web::follow(&app, res, &[("cookie", &cookie)]).await;
    assert_eq!(back, format!("/orders/{id}"));
    assert!(page.contains(r#"class="flash refused""#), "{page}");
    let listed = app.get(&format!("/api/v1/orders/{id}/cases")).await;
    assert_eq!(
        listed.ok(200).as_array().unwrap().len(),
        3,
        "nothing opened"
    );
    let events = app.get(&format!("/api/v1/orders/{id}/events")).await;
    let kinds: Vec<&str> = events
        .ok(200)
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "case.opened").count(), 3);
}

/// A Shopify refund of a shipped line opens a case, resolved with the
/// marketplace's amount, once.
async fn a_marketplace_refund_opens_a_case_once(app: TestApp) {
    app.category_with_suppliers("Gifts", &["board", "bracelet", "note"], 1)
        .await;
    let body = json!({"kind": "shopify", "name": "Maple", "default_status": "purchasing"});
    let channel = app.post("/api/v1/channels", body).await.ok(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let fixture = |edit: &dyn Fn(&mut Value)| {
        let mut v: Value =
            serde_json::from_str(&crate::channels::fixture("shopify/order_updated_paid.json"))
                .unwrap();
        edit(&mut v);
        v
    };
    let import = format!("/api/v1/channels/{channel}/import");
    let first = app.post(&import, fixture(&|_| {})).await;
    let order = first.ok(200)["order"].clone();
    let id = order["id"].as_str().unwrap().to_owned();
    for t in order["tasks"].as_array().unwrap() {
        app.ship_task_with(t["id"].as_str().unwrap(), "UPS", "1Z999AA10123456784")
            .await;
    }
    let refunded = fixture(&|o: &mut Value| {
        o["updated_at"] = json!("2030-01-01T00:00:00-04:00");
        o["refunds"] = json!([{"id": 777, "note": "engraving misspelt",
            "refund_line_items": [{"id": 9, "line_item_id": 15877312094301u64, "quantity": 1, "subtotal": "20.00"}]}]);
    });
    app.post(&import, refunded.clone()).await.ok(200);
    let cases = app.get(&format!("/api/v1/orders/{id}/cases")).await;
    let list = cases.ok(200).as_array().unwrap().clone();
    assert_eq!(list.len(), 1, "{list:#?}");
    let c = &list[0];
    assert_eq!(
        (
            c["kind"].as_str(),
            c["status"].as_str(),
            c["source"].as_str()
        ),
        (Some("refund"), Some("resolved"), Some("marketplace"))
    );
    assert_eq!(
        (
            c["line_no"].as_i64(),
            c["quantity"].as_i64(),
            c["refund_amount"].as_str()
        ),
        (Some(2), Some(1), Some("20.00"))
    );
    assert_eq!(c["reason"], "engraving misspelt");
    // the same refund in a later delivery opens nothing new
    let mut again = refunded;
    again["updated_at"] = json!("2030-01-02T00:00:00-04:00");
    app.post(&import, again).await.ok(200);
    let cases = app.get(&format!("/api/v1/orders/{id}/cases")).await;
    assert_eq!(cases.ok(200).as_array().unwrap().len(), 1);
}
