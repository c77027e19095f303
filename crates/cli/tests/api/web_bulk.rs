//! Many tasks moved at once from a status's list: the ticked ones, or every
//! one the filter matches; each in its own transaction, the refused ones
//! named with their reason and the rest moved.

use crate::helpers::{TestApp, line};
use crate::web::{follow, page, post_form, sign_in};
use reqwest::header::COOKIE;

crate::on_both_backends!(a_supplier_accepts_twenty_tasks_at_once);

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
