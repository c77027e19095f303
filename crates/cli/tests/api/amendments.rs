//! Changing a released order: a line whose supplier has accepted its task
//! changes only when the supplier accepts the amendment (and the task
//! waits for the answer); an unaccepted task follows or is cancelled; a
//! shipped line does not change; a marketplace update that removes a line
//! cancels its task; only orders that never reached a supplier are deleted.

use crate::channels::channel;
use crate::helpers::{Auth, TestApp, line};
use reqwest::Method;
use serde_json::{Value, json};

crate::on_both_backends!(
    an_amendment_after_release_needs_the_suppliers_acceptance,
    an_update_that_removes_a_line_cancels_its_task,
    only_orders_that_never_reached_a_supplier_are_deleted,
    a_supplier_answers_a_change_on_its_card
);

fn task_for<'a>(order: &'a Value, title: &str) -> &'a Value {
    let line = order["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["title"] == title)
        .unwrap_or_else(|| panic!("no line {title}: {order}"));
    order["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .rfind(|t| t["line_id"] == line["id"])
        .unwrap_or_else(|| panic!("no task for {title}: {order}"))
}

async fn an_amendment_after_release_needs_the_suppliers_acceptance(app: TestApp) {
    let (_, mugs) = app.category_with_suppliers("Mugs", &["mug"], 1).await;
    app.category_with_suppliers("Boards", &["board"], 1).await;
    app.category_with_suppliers("Vases", &["vase"], 1).await;
    let order = app
        .order("A-1", "purchasing", json!([line("Mug"), line("Board")]))
        .await
        .ok(201)
        .clone();
    let id = order["id"].as_str().unwrap();
    let mug = task_for(&order, "Mug")["id"].as_str().unwrap().to_owned();
    let board = task_for(&order, "Board")["id"].as_str().unwrap().to_owned();
    let (_, token) = app.token("mug maker", "supplier", Some(&mugs[0])).await;
    let maker = Auth::Bearer(token);
    let move_mug = |to: &'static str| {
        let body = json!({ "to": to });
        let path = format!("/api/v1/tasks/{mug}/transitions");
        let maker = maker.clone();
        let app = &app;
        async move { app.send_as(&maker, Method::POST, &path, Some(&body)).await }
    };
    move_mug("accepted").await.ok(200);

    // three mugs, no board, a vase
    let mut three = line("Mug");
    three["quantity"] = json!(3);
    let patch = json!({ "version": order["version"], "lines": [three, line("Vase")] });
    let edited = app.patch(&format!("/api/v1/orders/{id}"), patch).await;
    let edited = edited.ok(200).clone();
    let mug_now = task_for(&edited, "Mug");
    assert_eq!(mug_now["quantity"], 1, "not before the supplier says so");
    let amendment = &mug_now["amendment"];
    assert_eq!(
        (
            amendment["kind"].as_str(),
            amendment["status"].as_str(),
            amendment["after"]["quantity"].as_i64()
        ),
        (Some("change"), Some("proposed"), Some(3)),
        "{mug_now}"
    );
    assert_eq!(task_for(&edited, "Board")["status"], "cancelled");
    let board_line = edited["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["title"] == "Board")
        .unwrap();
    assert_eq!(board_line["removed"], true);
    assert_eq!(task_for(&edited, "Vase")["status"], "assigned", "routed");
    let board_task = app.get(&format!("/api/v1/tasks/{board}")).await;
    assert_eq!(
        board_task.ok(200)["status"],
        "cancelled",
        "its supplier had not accepted it"
    );

    // the supplier sees it and cannot go on before answering
    let seen = app
        .send_as(&maker, Method::GET, &format!("/api/v1/tasks/{mug}"), None)
        .await;
    assert_eq!(seen.ok(200)["amendment"]["before"]["quantity"], 1);
    move_mug("in_production")
        .await
        .problem(409, "amendment_pending");
    let answer = format!("/api/v1/tasks/{mug}/amendment");
    let refuse = json!({"answer": "refuse"});
    app.send_as(&maker, Method::POST, &answer, Some(&refuse))
        .await
        .problem(422, "reason_required");
    let refuse = json!({"answer": "refuse", "reason": "only one blank left"});
    let refused = app
        .send_as(&maker, Method::POST, &answer, Some(&refuse))
        .await;
    assert_eq!(refused.ok(200)["quantity"], 1);
    assert!(refused.ok(200)["amendment"].is_null());
    let events = app.order_events(&edited).await;
    let flagged = events
        .iter()
        .find(|e| e["kind"] == "order.flagged")
        .expect("the operator is told");
    assert_eq!(flagged["details"]["refusal"], "only one blank left");
    app.send_as(
        &maker,
        Method::POST,
        &answer,
        Some(&json!({"answer": "accept"})),
    )
    .await
    .problem(409, "no_amendment");

    // two, then: accepted, it applies
    let now = app
        .get(&format!("/api/v1/orders/{id}"))
        .await
        .ok(200)
        .clone();
    let mut two = line("Mug");
    two["quantity"] = json!(2);
    let patch = json!({ "version": now["version"], "lines": [two, line("Vase")] });
    app.patch(&format!("/api/v1/orders/{id}"), patch)
        .await
        .ok(200);
    let accepted = app
        .send_as(
            &maker,
            Method::POST,
            &answer,
            Some(&json!({"answer": "accept"})),
        )
        .await;
    assert_eq!(accepted.ok(200)["quantity"], 2);
    let order_now = app
        .get(&format!("/api/v1/orders/{id}"))
        .await
        .ok(200)
        .clone();
    let mug_line = &order_now["lines"][0];
    assert_eq!(mug_line["quantity"], 2);
    move_mug("in_production").await.ok(200);
    // another supplier's task is not found; it cannot answer for it
    let vase = task_for(&order_now, "Vase")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.send_as(
        &maker,
        Method::POST,
        &format!("/api/v1/tasks/{vase}/amendment"),
        Some(&json!({"answer": "accept"})),
    )
    .await
    .problem(404, "not_found");

    // shipped: the line no longer changes
    move_mug("produced").await.ok(200);
    let ship = json!({"to": "shipped", "carrier": "DHL", "tracking_number": "1234567890"});
    app.send_as(
        &maker,
        Method::POST,
        &format!("/api/v1/tasks/{mug}/transitions"),
        Some(&ship),
    )
    .await
    .ok(200);
    let now = app
        .get(&format!("/api/v1/orders/{id}"))
        .await
        .ok(200)
        .clone();
    let patch = json!({ "version": now["version"], "lines": [line("Vase")] });
    app.patch(&format!("/api/v1/orders/{id}"), patch)
        .await
        .problem(409, "line_shipped");
}

fn shopify(items: Value, updated: &str) -> Value {
    json!({
        "id": 820982911946154600i64, "name": "#2001", "email": "jon@example.com",
        "currency": "USD", "total_price": "60.00", "financial_status": "paid",
        "updated_at": updated,
        "customer": {"first_name": "Jon", "last_name": "Snow"},
        "shipping_address": {"country_code": "GB", "city": "London", "address1": "1 Upper St"},
        "line_items": items
    })
}

async fn an_update_that_removes_a_line_cancels_its_task(app: TestApp) {
    app.category_with_suppliers("Boards", &["board"], 1).await;
    app.category_with_suppliers("Mugs", &["mug"], 1).await;
    let shop = channel(&app, "shopify", None).await;
    let path = format!("/api/v1/channels/{shop}/import");
    let board =
        json!({"id": 1, "title": "Walnut board", "quantity": 1, "price": "30.00", "sku": "WB-1"});
    let mug =
        json!({"id": 2, "title": "Blue mug", "quantity": 1, "price": "30.00", "sku": "MUG-1"});
    let res = app
        .post(
            &path,
            shopify(json!([board.clone(), mug]), "2025-03-14T17:43:00Z"),
        )
        .await;
    let first = res.ok(200)["order"].clone();
    assert_eq!(first["status"], "purchasing", "{first}");
    assert_eq!(first["tasks"].as_array().unwrap().len(), 2);
    let res = app
        .post(&path, shopify(json!([board]), "2025-03-14T18:00:00Z"))
        .await;
    assert_eq!(res.ok(200)["outcome"], "updated");
    let after = res.ok(200)["order"].clone();
    assert_eq!(
        task_for(&after, "Blue mug")["status"],
        "cancelled",
        "{after}"
    );
    assert_eq!(task_for(&after, "Walnut board")["status"], "assigned");
    assert_eq!(after["status"], "purchasing");
    let events = app.order_events(&after).await;
    let cancelled = events
        .iter()
        .find(|e| e["kind"] == "task.status_changed" && e["to_status"] == "cancelled")
        .unwrap();
    assert_eq!(
        cancelled["details"]["reason"],
        "the line was removed from the order"
    );
}

async fn only_orders_that_never_reached_a_supplier_are_deleted(app: TestApp) {
    app.category_with_suppliers("Mugs", &["mug"], 1).await;
    let draft = app.order("D-1", "pending", json!([line("Mug")])).await;
    let draft = draft.ok(201)["id"].as_str().unwrap().to_owned();
    let res = app
        .send(
            Method::DELETE,
            &format!("/api/v1/orders/{draft}"),
            None,
            &[],
        )
        .await;
    assert_eq!(res.status, 204);
    app.get(&format!("/api/v1/orders/{draft}"))
        .await
        .problem(404, "not_found");
    assert_eq!(app.count_orders().await, 0);

    let released = app.order("D-2", "purchasing", json!([line("Mug")])).await;
    let released = released.ok(201)["id"].as_str().unwrap().to_owned();
    app.send(
        Method::DELETE,
        &format!("/api/v1/orders/{released}"),
        None,
        &[],
    )
    .await
    .problem(409, "order_released");
    let paid = app.order("D-3", "pending", json!([line("Mug")])).await;
    let paid = paid.ok(201)["id"].as_str().unwrap().to_owned();
    app.post(
        &format!("/api/v1/orders/{paid}/payments"),
        json!({"kind": "payment", "method": "bank_transfer", "amount": "1.00"}),
    )
    .await
    .ok(201);
    app.send(Method::DELETE, &format!("/api/v1/orders/{paid}"), None, &[])
        .await
        .problem(409, "order_has_payments");
}

async fn a_supplier_answers_a_change_on_its_card(app: TestApp) {
    use crate::web::{follow, page, post_form, sign_in, sign_in_operator};
    use reqwest::header::{ACCEPT_LANGUAGE, COOKIE};
    let (_, mugs) = app.category_with_suppliers("Mugs", &["mug"], 1).await;
    app.user(
        "potter@web.example",
        "supplier",
        Some(&mugs[0]),
        "kiln-fired-42-pots",
    )
    .await;
    let (cookie, csrf) = sign_in(&app, "potter@web.example", "kiln-fired-42-pots").await;
    let order = app
        .order("C-1", "purchasing", json!([line("Mug")]))
        .await
        .ok(201)
        .clone();
    let task = order["tasks"][0].clone();
    let id = task["id"].as_str().unwrap();
    let moved = post_form(
        &app,
        &cookie,
        &csrf,
        &format!("/tasks/{id}/move"),
        vec![("to", "accepted"), ("back", "/tasks")],
    )
    .await
    .unwrap();
    assert_eq!(moved.status(), 303);
    let mut three = line("Mug");
    three["quantity"] = json!(3);
    let path = format!("/api/v1/orders/{}", order["id"].as_str().unwrap());
    let now = app.get(&path).await.ok(200).clone();
    app.patch(&path, json!({"version": now["version"], "lines": [three]}))
        .await
        .ok(200);
    // the card says what changed, in the supplier's language
    let zh = [
        (COOKIE.as_str(), cookie.as_str()),
        (ACCEPT_LANGUAGE.as_str(), "zh-CN"),
    ];
    let (_, board) = page(&app, "/tasks", &zh).await;
    assert!(board.contains("订单有变更："), "{board}");
    assert!(board.contains("数量 1 → 3"), "{board}");
    assert!(
        !board.contains("开始生产"),
        "no production before the answer: {board}"
    );
    let res = post_form(
        &app,
        &cookie,
        &csrf,
        &format!("/tasks/{id}/amendment"),
        vec![("answer", "accept"), ("reason", ""), ("back", "/tasks")],
    )
    .await
    .unwrap();
    let (to, after) = follow(&app, res, &[(COOKIE.as_str(), &cookie)]).await;
    assert_eq!(to, "/tasks");
    let sku = task["sku"].as_str().unwrap();
    assert!(
        after.contains(&format!("Change accepted on {sku}.")),
        "{after}"
    );
    let task_now = app.get(&format!("/api/v1/tasks/{id}")).await;
    assert_eq!(task_now.ok(200)["quantity"], 3);

    // an order that never reached a supplier is deleted from its page
    let draft = app.order("C-2", "pending", json!([line("Mug")])).await;
    let draft = draft.ok(201)["id"].as_str().unwrap().to_owned();
    let (ops, ops_csrf) = sign_in_operator(&app).await;
    let (_, page_html) = page(
        &app,
        &format!("/orders/{draft}"),
        &[(COOKIE.as_str(), &ops)],
    )
    .await;
    assert!(page_html.contains("Delete (never released)"), "{page_html}");
    let res = post_form(
        &app,
        &ops,
        &ops_csrf,
        &format!("/orders/{draft}/delete"),
        vec![("confirm", "on")],
    )
    .await
    .unwrap();
    let (to, list) = follow(&app, res, &[(COOKIE.as_str(), &ops)]).await;
    assert_eq!(to, "/orders");
    assert!(list.contains("Order deleted."), "{list}");
    app.get(&format!("/api/v1/orders/{draft}"))
        .await
        .problem(404, "not_found");
}
