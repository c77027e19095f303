//! Many tasks moved at once from a status's list: the ticked ones, or every
//! one the filter matches; each in its own transaction, the refused ones
//! named with their reason and the rest moved.

use crate::helpers::{TestApp, line};
use crate::web::{follow, page, post_form, sign_in};
use reqwest::header::COOKIE;

crate::on_both_backends!(
    a_supplier_accepts_twenty_tasks_at_once,
    an_operator_releases_cancels_and_exports_orders_at_once,
    past_a_thousand_a_list_says_about_how_many
);

async fn a_supplier_accepts_twenty_tasks_at_once(app: TestApp) {
    let (_, mugs) = app.category_with_suppliers("Mugs", &["mug"], 1).await;
    let (_, hats) = app.category_with_suppliers("Hats", &["hat"], 1).await;
    let mut mine = Vec::new();
    for n in 0..20 {
        let number = format!("B-{n}");
        let o = app.order(&number, "purchasing", serde_json::json!([line("Mug")]));
        mine.push(
            o.await.ok(201)["tasks"][0]["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let hat = app.order("H-1", "purchasing", serde_json::json!([line("Sun hat")]));
    let foreign = hat.await.ok(201)["tasks"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.user(
        "bulk@web.example",
        "supplier",
        Some(&mugs[0]),
        "kiln-fired-44-pots",
    )
    .await;
    assert_ne!(mugs[0], hats[0]);
    let (cookie, csrf) = sign_in(&app, "bulk@web.example", "kiln-fired-44-pots").await;
    let c = [(COOKIE.as_str(), cookie.as_str())];

    let (_, list) = page(&app, "/tasks?status=assigned", &c).await;
    assert!(list.contains(r#"<form id="bulk""#), "{list}");
    assert_eq!(list.matches(r#"name="task""#).count(), 20, "a box per task");
    assert!(list.contains("1–20 of 20"), "the count: {list}");
    let moves = list
        .split(r#"id="bulk-to""#)
        .nth(1)
        .unwrap()
        .split("</select>")
        .next()
        .unwrap();
    assert!(moves.contains(r#"<option value="accepted">"#), "{moves}");
    assert!(
        !moves.contains("shipped"),
        "no move that needs a tracking number: {moves}"
    );

    // the twenty ticked, plus one that is not this supplier's
    let mut form: Vec<(&str, &str)> = vec![("to", "accepted"), ("back", "/tasks?status=assigned")];
    form.extend(mine.iter().map(|id| ("task", id.as_str())));
    form.push(("task", foreign.as_str()));
    let res = post_form(&app, &cookie, &csrf, "/tasks/bulk", form)
        .await
        .unwrap();
    let (to, body) = follow(&app, res, &c).await;
    assert_eq!(to, "/tasks?status=assigned");
    assert!(body.contains("20 tasks: Accepted. 1 refused:"), "{body}");
    assert!(body.contains(r#"class="flash warning""#), "{body}");
    for id in &mine {
        let t = app
            .get(&format!("/api/v1/tasks/{id}"))
            .await
            .ok(200)
            .clone();
        assert_eq!(t["status"], "accepted", "{id}");
    }
    let other = app
        .get(&format!("/api/v1/tasks/{foreign}"))
        .await
        .ok(200)
        .clone();
    assert_eq!(
        other["status"], "assigned",
        "another supplier's task is untouched"
    );

    // every task the filter matches, none ticked
    let form = vec![
        ("to", "in_production"),
        ("all", "on"),
        ("status", "accepted"),
        ("back", "/tasks?status=accepted"),
    ];
    let res = post_form(&app, &cookie, &csrf, "/tasks/bulk", form)
        .await
        .unwrap();
    let (_, body) = follow(&app, res, &c).await;
    assert!(body.contains("20 tasks: In production."), "{body}");
    // nothing ticked: said so, nothing moved
    let form = vec![("to", "produced"), ("back", "/tasks?status=in_production")];
    let res = post_form(&app, &cookie, &csrf, "/tasks/bulk", form)
        .await
        .unwrap();
    let (_, body) = follow(&app, res, &c).await;
    assert!(body.contains("Tick the tasks to move first."), "{body}");
    let (_, list) = page(&app, "/tasks?status=in_production", &c).await;
    assert!(list.contains("1–20 of 20"), "{list}");
    let (ops, _) = crate::web::sign_in_operator(&app).await;
    let (_, orders) = page(&app, "/orders", &[(COOKIE.as_str(), &ops)]).await;
    assert!(orders.contains("1–21 of 21"), "{orders}");
    let (_, hats) = page(&app, "/orders?q=hat", &[(COOKIE.as_str(), &ops)]).await;
    assert!(
        hats.contains(r#"<p class="muted range">1–1</p>"#),
        "a search is not counted: {hats}"
    );
    assert_eq!(list.matches(r#"name="task""#).count(), 20);
}

/// The orders list: the ticked orders released, or exported; every order
/// a filter matches cancelled (only with the box ticked); an order that
/// still routes nowhere named as not done; a supplier refused.
async fn an_operator_releases_cancels_and_exports_orders_at_once(app: TestApp) {
    let (_, mugs) = app.category_with_suppliers("Mugs", &["mug"], 1).await;
    let mut pending = Vec::new();
    for n in 0..5 {
        let number = format!("P-{n}");
        let o = app.order(&number, "pending", serde_json::json!([line("Mug")]));
        pending.push(o.await.ok(201)["id"].as_str().unwrap().to_owned());
    }
    let lost = app.order("L-1", "pending", serde_json::json!([line("Mystery box")]));
    let lost = lost.await.ok(201)["id"].as_str().unwrap().to_owned();
    let (cookie, csrf) = crate::web::sign_in_operator(&app).await;
    let c = [(COOKIE.as_str(), cookie.as_str())];

    let (_, list) = page(&app, "/orders?status=pending", &c).await;
    assert!(
        list.contains(r#"action="/orders/bulk?status=pending""#),
        "the form keeps the filter: {list}"
    );
    assert_eq!(
        list.matches(r#"name="order""#).count(),
        6,
        "a box per order"
    );

    // three ticked, released: routed to the supplier
    let mut form: Vec<(&str, &str)> = vec![("action", "release")];
    form.extend(pending[..3].iter().map(|id| ("order", id.as_str())));
    let res = post_form(&app, &cookie, &csrf, "/orders/bulk?status=pending", form);
    let (to, body) = follow(&app, res.await.unwrap(), &c).await;
    assert_eq!(to, "/orders?status=pending");
    assert!(body.contains("3 orders: Purchasing."), "{body}");
    assert!(body.contains(r#"class="flash done""#), "{body}");
    for id in &pending[..3] {
        let o = app
            .get(&format!("/api/v1/orders/{id}"))
            .await
            .ok(200)
            .clone();
        assert_eq!(o["tasks"][0]["supplier_id"], mugs[0].as_str(), "{o}");
    }

    // the one no category takes: reached, not done, and said so
    let form = vec![("action", "release"), ("order", lost.as_str())];
    let res = post_form(&app, &cookie, &csrf, "/orders/bulk?status=pending", form);
    let (_, body) = follow(&app, res.await.unwrap(), &c).await;
    assert!(
        body.contains("0 orders: Purchasing. 1 refused: L-1 (still needs attention"),
        "{body}"
    );
    assert!(body.contains(r#"class="flash refused""#), "{body}");

    // the ticked ones exported: only they are in the file
    let form = vec![
        ("action", "csv"),
        ("order", pending[0].as_str()),
        ("order", pending[4].as_str()),
    ];
    let res = post_form(&app, &cookie, &csrf, "/orders/bulk", form)
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = res.text().await.unwrap();
    assert_eq!(csv.lines().count(), 3, "a header and two orders: {csv}");
    assert!(
        csv.contains("P-0") && csv.contains("P-4") && !csv.contains("P-1"),
        "{csv}"
    );

    // every pending order: cancelling needs the box ticked
    let form = vec![("action", "cancel"), ("all", "on")];
    let res = post_form(
        &app,
        &cookie,
        &csrf,
        "/orders/bulk?status=pending",
        form.clone(),
    );
    let (_, body) = follow(&app, res.await.unwrap(), &c).await;
    assert!(body.contains("Cancelling cannot be undone"), "{body}");
    let mut confirmed = form;
    confirmed.extend([("confirm", "on"), ("reason", "customer asked")]);
    let res = post_form(
        &app,
        &cookie,
        &csrf,
        "/orders/bulk?status=pending",
        confirmed,
    );
    let (_, body) = follow(&app, res.await.unwrap(), &c).await;
    assert!(
        body.contains("2 orders: Cancelled."),
        "the two left pending: {body}"
    );
    let (_, list) = page(&app, "/orders?status=pending", &c).await;
    assert!(
        !list.contains(r#"name="order""#),
        "none left pending: {list}"
    );
    let o = app
        .get(&format!("/api/v1/orders/{}", pending[4]))
        .await
        .ok(200)
        .clone();
    assert_eq!(o["status"], "cancelled");

    // a supplier may not
    app.user(
        "mugs@bulk.example",
        "supplier",
        Some(&mugs[0]),
        "kiln-fired-45-pots",
    )
    .await;
    let (theirs, their_csrf) = sign_in(&app, "mugs@bulk.example", "kiln-fired-45-pots").await;
    let form = vec![
        ("action", "cancel"),
        ("confirm", "on"),
        ("order", pending[0].as_str()),
    ];
    let res = post_form(&app, &theirs, &their_csrf, "/orders/bulk", form)
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}

/// Counting stops at 1,000; past it a list says "about" the dashboard's
/// last figure when it has one for that list (all orders, one status), and
/// "more than 1,000" otherwise.
async fn past_a_thousand_a_list_says_about_how_many(app: TestApp) {
    let mut csv = String::from("Order number,Customer,Product,Quantity,Unit price,Currency\n");
    for n in 0..1_234 {
        csv.push_str(&format!("M-{n},Ann,Mug,1,9,EUR\n"));
    }
    let report = app
        .post_bytes("/api/v1/imports/orders?name=m.csv&platform=fair", csv)
        .await;
    assert_eq!(report.ok(200)["created"], 1_234);
    let (cookie, _) = crate::web::sign_in_operator(&app).await;
    let c = [(COOKIE.as_str(), cookie.as_str())];
    let (_, list) = page(&app, "/orders", &c).await;
    assert!(
        list.contains("1–50 of more than 1,000"),
        "no figures yet: {list}"
    );
    // the dashboard takes its figures; the lists read them
    let (status, _) = page(&app, "/", &c).await;
    assert_eq!(status, 200);
    let (_, list) = page(&app, "/orders", &c).await;
    assert!(list.contains("1–50 of about 1,234"), "{list}");
    let (_, pending) = page(&app, "/orders?status=pending", &c).await;
    assert!(pending.contains("1–50 of about 1,234"), "{pending}");
    let (_, fair) = page(&app, "/orders?platform=fair", &c).await;
    assert!(
        fair.contains("1–50 of more than 1,000"),
        "another filter: {fair}"
    );
    let (_, none) = page(&app, "/orders?status=shipped", &c).await;
    assert!(!none.contains("of about"), "{none}");
}
