//! What on an order needs a person, with the fixes its page offers: no
//! street to ship to, a change the supplier refused (kept as it is from
//! the page), a task past its due date. Each goes away once fixed.

use crate::helpers::{Auth, TestApp, line};
use crate::web::{follow, page, post_form, sign_in_operator};
use reqwest::Method;
use reqwest::header::COOKIE;
use serde_json::{Value, json};

crate::on_both_backends!(an_order_says_what_needs_a_person_and_the_fix);

fn reasons(order: &Value) -> Vec<&str> {
    order["attention"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["reason"].as_str().unwrap())
        .collect()
}

async fn an_order_says_what_needs_a_person_and_the_fix(app: TestApp) {
    let (_, mugs) = app.category_with_suppliers("Mugs", &["mug"], 1).await;
    let order = app
        .order("N-1", "purchasing", json!([line("Mug")]))
        .await
        .ok(201)
        .clone();
    let id = order["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/orders/{id}");
    let mug = order["tasks"][0]["id"].as_str().unwrap().to_owned();

    // with its supplier, and a city but no street
    let now = app.get(&path).await.ok(200).clone();
    assert_eq!(reasons(&now), ["address_missing"], "{now}");
    assert_eq!(now["attention"][0]["fixes"], json!(["edit_order"]));
    let (cookie, csrf) = sign_in_operator(&app).await;
    let c = [(COOKIE.as_str(), cookie.as_str())];
    let (_, shown) = page(&app, &format!("/orders/{id}"), &c).await;
    assert!(shown.contains("Needs attention"), "{shown}");
    assert!(shown.contains("no street and city to ship to"), "{shown}");
    assert!(shown.contains(&format!(
        r#"<a class="button" href="/orders/{id}/edit">Change order</a>"#
    )));
    let address = json!({ "country": "GB", "city": "London", "line1": "1 St James's Square" });
    let fixed = app
        .patch(
            &path,
            json!({ "version": now["version"], "shipping_address": address }),
        )
        .await;
    assert!(reasons(fixed.ok(200)).is_empty(), "fixed: {:?}", fixed.body);

    // the supplier refuses a change: the page offers to keep the task
    let (_, token) = app.token("mug maker", "supplier", Some(&mugs[0])).await;
    let maker = Auth::Bearer(token);
    let moved = app
        .send_as(
            &maker,
            Method::POST,
            &format!("/api/v1/tasks/{mug}/transitions"),
            Some(&json!({"to": "accepted"})),
        )
        .await;
    moved.ok(200);
    let now = app.get(&path).await.ok(200).clone();
    let mut three = line("Mug");
    three["quantity"] = json!(3);
    app.patch(
        &path,
        json!({ "version": now["version"], "lines": [three] }),
    )
    .await
    .ok(200);
    let refuse = json!({"answer": "refuse", "reason": "only one blank left"});
    app.send_as(
        &maker,
        Method::POST,
        &format!("/api/v1/tasks/{mug}/amendment"),
        Some(&refuse),
    )
    .await
    .ok(200);
    let now = app.get(&path).await.ok(200).clone();
    assert_eq!(reasons(&now), ["amendment_refused"], "{now}");
    let refusal = &now["attention"][0];
    assert_eq!(refusal["detail"], "only one blank left");
    assert_eq!(refusal["task_id"], mug.as_str());
    let amendment = refusal["amendment_id"].as_str().unwrap().to_owned();
    // a supplier may not settle it for the operator
    app.send_as(
        &maker,
        Method::POST,
        &format!("/api/v1/tasks/{mug}/amendments/{amendment}/keep"),
        None,
    )
    .await
    .problem(403, "forbidden");
    let (_, shown) = page(&app, &format!("/orders/{id}"), &c).await;
    assert!(
        shown.contains("refused the change: only one blank left"),
        "{shown}"
    );
    let keep = format!("/tasks/{mug}/amendments/{amendment}/keep");
    assert!(shown.contains(&format!(r#"action="{keep}""#)), "{shown}");
    let res = post_form(&app, &cookie, &csrf, &keep, Vec::new())
        .await
        .unwrap();
    let (to, back) = follow(&app, res, &c).await;
    assert_eq!(to, format!("/orders/{id}"));
    assert!(
        back.contains("The task stays as its supplier has it."),
        "{back}"
    );
    assert!(!back.contains("Needs attention"), "{back}");
    let now = app.get(&path).await.ok(200).clone();
    assert!(reasons(&now).is_empty(), "{now}");
    assert_eq!(now["lines"][0]["quantity"], 1, "the line stays as it was");
    let events = app.order_events(&now).await;
    assert!(events.iter().any(|e| e["kind"] == "task.amendment_kept"));
    app.post(
        &format!("/api/v1/tasks/{mug}/amendments/{amendment}/keep"),
        json!(null),
    )
    .await
    .problem(409, "no_amendment");

    // due yesterday and not shipped: late, with its task to open
    app.patch(
        &format!("/api/v1/tasks/{mug}"),
        json!({ "due_at": "2020-01-01T00:00:00Z" }),
    )
    .await
    .ok(200);
    let now = app.get(&path).await.ok(200).clone();
    assert_eq!(reasons(&now), ["late"], "{now}");
    assert_eq!(now["attention"][0]["fixes"], json!(["open_task"]));
    // a supplier's view of the order carries none of it
    let theirs = app.send_as(&maker, Method::GET, &path, None).await;
    assert!(reasons(theirs.ok(200)).is_empty());
}
