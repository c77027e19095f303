//! Urgent orders come first: on the orders list sorted by priority, on
//! every task list and board, page after page; a change of priority moves
//! the order and its tasks. And staff change an order from its page: the
//! buyer, the address, the lines, the priority, once per version.

use crate::helpers::{TestApp, line, order_body};
use crate::web::{follow, page, post_form, sign_in_operator};
use reqwest::header::COOKIE;
use serde_json::{Value, json};

crate::on_both_backends!(
    urgent_orders_and_their_tasks_come_first,
    an_operator_changes_an_order_from_its_page
);

fn numbers(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["external_number"].as_str().unwrap().to_owned())
        .collect()
}

/// Every order, one per page, following the cursor.
async fn paged(app: &TestApp, sort: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cursor = String::new();
    loop {
        let path = format!("/api/v1/orders?sort={sort}&limit=1{cursor}");
        let page = app.get(&path).await.ok(200).clone();
        out.extend(numbers(&page));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = format!("&cursor={c}"),
            None => return out,
        }
    }
}

async fn urgent_orders_and_their_tasks_come_first(app: TestApp) {
    app.category_with_suppliers("Mugs", &["mug"], 1).await;
    let mut ids = Vec::new();
    for (n, priority) in [("P-1", "normal"), ("P-2", "urgent"), ("P-3", "normal")] {
        let mut body = order_body(n, "purchasing", json!([line("Mug")]));
        body["priority"] = json!(priority);
        let o = app.post("/api/v1/orders", body).await.ok(201).clone();
        assert_eq!(o["priority"], priority);
        assert_eq!(o["tasks"][0]["priority"], priority, "its task shares it");
        ids.push(o);
    }
    assert_eq!(paged(&app, "urgent").await, ["P-2", "P-3", "P-1"]);
    assert_eq!(paged(&app, "newest").await, ["P-3", "P-2", "P-1"]);
    let tasks = app.get("/api/v1/tasks").await.ok(200).clone();
    assert_eq!(tasks["items"][0]["order_id"], ids[1]["id"]);
    assert_eq!(tasks["items"][0]["priority"], "urgent");

    // P-1 becomes urgent: it and its task move up, newest urgent first
    let path = format!("/api/v1/orders/{}", ids[0]["id"].as_str().unwrap());
    let version = ids[0]["version"].as_i64().unwrap();
    let edited = app
        .patch(&path, json!({ "version": version, "priority": "urgent" }))
        .await;
    assert_eq!(edited.ok(200)["priority"], "urgent");
    assert_eq!(paged(&app, "urgent").await, ["P-2", "P-1", "P-3"]);
    let tasks = app.get("/api/v1/tasks?limit=2").await.ok(200).clone();
    let firsts: Vec<&Value> = tasks["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| &t["order_id"])
        .collect();
    assert_eq!(firsts, [&ids[1]["id"], &ids[0]["id"]]);
    let second = app
        .get(&format!(
            "/api/v1/tasks?limit=2&cursor={}",
            tasks["next_cursor"].as_str().unwrap()
        ))
        .await
        .ok(200)
        .clone();
    assert_eq!(second["items"][0]["order_id"], ids[2]["id"], "then normal");
    let events = app.order_events(&ids[0]).await;
    let edit = events.iter().find(|e| e["kind"] == "order.edited").unwrap();
    assert_eq!(
        edit["details"]["changed"]["priority"],
        json!({ "before": "normal", "after": "urgent" })
    );
    // a priority that does not exist is refused by name
    let bad = app
        .patch(&path, json!({ "version": version, "priority": "asap" }))
        .await;
    assert!(bad.status == 400 || bad.status == 422, "{:?}", bad.body);

    // the web list: urgent first by default, with a chip that says so
    let (cookie, _) = sign_in_operator(&app).await;
    let (_, list) = page(&app, "/orders", &[(COOKIE.as_str(), &cookie)]).await;
    let at = |n: &str| list.find(&format!(">{n}</a>")).unwrap();
    assert!(at("P-2") < at("P-1") && at("P-1") < at("P-3"), "{list}");
    assert_eq!(
        list.matches(r#"<span class="status urgent">Urgent</span>"#)
            .count(),
        2
    );
}

async fn an_operator_changes_an_order_from_its_page(app: TestApp) {
    app.category_with_suppliers("Mugs", &["mug"], 1).await;
    let mut body = order_body("C-1", "pending", json!([line("Mug")]));
    body["lines"][0]["customization"] = json!({ "engraving": "For Ada", "size": 11 });
    let order = app.post("/api/v1/orders", body).await.ok(201).clone();
    let id = order["id"].as_str().unwrap().to_owned();
    let (cookie, csrf) = sign_in_operator(&app).await;
    let c = [(COOKIE.as_str(), cookie.as_str())];
    let (status, form) = page(&app, &format!("/orders/{id}/edit"), &c).await;
    assert_eq!(status, 200);
    let version = order["version"].as_i64().unwrap().to_string();
    assert!(
        form.contains(&format!(r#"name="version" value="{version}""#)),
        "{form}"
    );
    assert!(form.contains("engraving: For Ada\nsize: 11"), "{form}");
    let (_, shown) = page(&app, &format!("/orders/{id}"), &c).await;
    assert!(
        shown.contains(&format!(r#"href="/orders/{id}/edit""#)),
        "{shown}"
    );

    let fields = |version: &'static str, quantity: &'static str| {
        vec![
            ("version", version),
            ("customer_name", "Ada Lovelace"),
            ("customer_email", "ada@example.com"),
            ("country", "gb"),
            ("city", "London"),
            ("line1", "12 St James's Square"),
            ("postal_code", "SW1Y 4JH"),
            ("title_0", "Mug"),
            ("quantity_0", quantity),
            ("unit_price_0", "12.50"),
            ("custom_0", "engraving: For Ada\nsize: 11"),
            ("title_1", "Mug saucer"),
            ("quantity_1", "1"),
            ("unit_price_1", "4.00"),
            ("custom_1", "colour: blue"),
            ("note", "Gift wrap, please"),
            ("priority", "urgent"),
        ]
    };
    // a quantity that is not a number comes back with the field marked
    let version: &'static str = Box::leak(version.into_boxed_str());
    let res = post_form(
        &app,
        &cookie,
        &csrf,
        &format!("/orders/{id}/edit"),
        fields(version, "two"),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 422);
    let again = res.text().await.unwrap();
    assert!(again.contains("This is not a number."), "{again}");
    assert!(again.contains(r#"value="Ada Lovelace""#), "kept as typed");

    let res = post_form(
        &app,
        &cookie,
        &csrf,
        &format!("/orders/{id}/edit"),
        fields(version, "2"),
    )
    .await
    .unwrap();
    let (to, done) = follow(&app, res, &c).await;
    assert_eq!(to, format!("/orders/{id}"));
    assert!(done.contains("class=\"flash done\""), "{done}");
    let now = app
        .get(&format!("/api/v1/orders/{id}"))
        .await
        .ok(200)
        .clone();
    assert_eq!(now["customer"]["name"], "Ada Lovelace");
    assert_eq!(now["shipping_address"]["country"], "GB");
    assert_eq!(now["shipping_address"]["city"], "London");
    assert_eq!(now["lines"][0]["quantity"], 2);
    assert_eq!(
        now["lines"][0]["customization"],
        json!({ "engraving": "For Ada", "size": 11 }),
        "untouched personalisation kept exactly"
    );
    assert_eq!(now["lines"][1]["title"], "Mug saucer");
    assert_eq!(
        now["lines"][1]["customization"],
        json!({ "colour": "blue" })
    );
    assert_eq!(now["total_amount"], "29.00");
    assert_eq!(now["note"], "Gift wrap, please");
    assert_eq!(now["priority"], "urgent");

    // someone still holding the first version is told, nothing is lost
    let res = post_form(
        &app,
        &cookie,
        &csrf,
        &format!("/orders/{id}/edit"),
        fields(version, "5"),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 409);
    let stale = res.text().await.unwrap();
    assert!(stale.contains("Load the order as it is now"), "{stale}");
    let after = app
        .get(&format!("/api/v1/orders/{id}"))
        .await
        .ok(200)
        .clone();
    assert_eq!(after["lines"][0]["quantity"], 2);
}
