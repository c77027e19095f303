//! Parent and child orders: an order whose lines go to two suppliers has
//! a supplier order for each, with its own status; a supplier confirms
//! its share at once (only its own); the parent shows partial shipping.

use crate::helpers::{Auth, TestApp, line};
use crate::web::{follow, page, post_form, sign_in, sign_in_operator};
use reqwest::Method;
use reqwest::header::COOKIE;
use serde_json::json;

crate::on_both_backends!(
    each_supplier_confirms_and_ships_its_share,
    a_supplier_confirms_an_orders_lines_from_its_board
);

/// Three lines of one order for one supplier: each card on its board
/// offers to confirm all three at once, and back on the board they are.
async fn a_supplier_confirms_an_orders_lines_from_its_board(app: TestApp) {
    let (_, mugs) = app.category_with_suppliers("Mugs", &["mug"], 1).await;
    let lines = json!([line("Mug"), line("Travel mug"), line("Espresso mug")]);
    app.order("B-1", "purchasing", lines).await.ok(201);
    app.order("B-2", "purchasing", json!([line("Mug")]))
        .await
        .ok(201);
    app.user(
        "kiln@web.example",
        "supplier",
        Some(&mugs[0]),
        "glazed-at-1280-degrees",
    )
    .await;
    let (cookie, csrf) = sign_in(&app, "kiln@web.example", "glazed-at-1280-degrees").await;
    let c = [(COOKIE.as_str(), cookie.as_str())];
    let (_, board) = page(&app, "/tasks", &c).await;
    let offers = board.matches("Confirm all 3 lines of this order").count();
    assert_eq!(
        offers, 3,
        "one on each of B-1's cards, none on B-2's: {board}"
    );
    let action = board
        .split(r#"<form method="post" action="/orders/"#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(|rest| format!("/orders/{rest}"))
        .unwrap();
    let res = post_form(&app, &cookie, &csrf, &action, vec![("back", "/tasks")])
        .await
        .unwrap();
    let (to, back) = follow(&app, res, &c).await;
    assert_eq!(to, "/tasks");
    assert!(back.contains("are confirmed"), "{back}");
    assert!(!back.contains("Confirm all"), "{back}");
    let assigned = app
        .get("/api/v1/tasks?status=assigned")
        .await
        .ok(200)
        .clone();
    assert_eq!(
        assigned["items"].as_array().unwrap().len(),
        1,
        "B-2's line waits"
    );
}

async fn each_supplier_confirms_and_ships_its_share(app: TestApp) {
    let (_, mugs) = app.category_with_suppliers("Mugs", &["mug"], 1).await;
    let (_, hats) = app.category_with_suppliers("Hats", &["hat"], 1).await;
    let order = app
        .order(
            "S-1",
            "purchasing",
            json!([line("Mug"), line("Sun hat"), line("Travel mug")]),
        )
        .await
        .ok(201)
        .clone();
    let id = order["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/orders/{id}");
    let children = order["supplier_orders"].as_array().unwrap().clone();
    assert_eq!(children.len(), 2, "{order}");
    assert_eq!(children[0]["supplier_id"], mugs[0].as_str());
    assert_eq!(children[0]["task_ids"].as_array().unwrap().len(), 2);
    assert_eq!(children[0]["status"], "to_confirm");
    assert!(children[0]["number"].as_str().unwrap().starts_with("S-1-"));
    assert_ne!(children[0]["number"], children[1]["number"]);
    assert_eq!(order["fulfilment"], "unshipped");

    let (_, token) = app.token("mug maker", "supplier", Some(&mugs[0])).await;
    let maker = Auth::Bearer(token);
    // the supplier sees its own share only, numbered as staff see it
    let seen = app.send_as(&maker, Method::GET, &path, None).await;
    let seen = seen.ok(200)["supplier_orders"].clone();
    assert_eq!(seen.as_array().unwrap().len(), 1);
    assert_eq!(seen[0]["number"], children[0]["number"]);
    // another's share: not found; its own, confirmed at once
    let confirm = |supplier: &str| format!("{path}/suppliers/{supplier}/confirm");
    app.send_as(&maker, Method::POST, &confirm(&hats[0]), None)
        .await
        .problem(404, "not_found");
    let done = app
        .send_as(&maker, Method::POST, &confirm(&mugs[0]), None)
        .await;
    let done = done.ok(200).clone();
    assert_eq!(done["supplier_orders"][0]["status"], "confirmed");
    for t in done["tasks"].as_array().unwrap() {
        assert_eq!(t["status"], "accepted", "{t}");
    }
    app.send_as(&maker, Method::POST, &confirm(&mugs[0]), None)
        .await
        .problem(409, "nothing_to_confirm");

    // the mugs ship, the hat does not yet: the parent is partly shipped
    for t in children[0]["task_ids"].as_array().unwrap() {
        let t = t.as_str().unwrap();
        for to in ["in_production", "produced"] {
            app.post(
                &format!("/api/v1/tasks/{t}/transitions"),
                json!({ "to": to }),
            )
            .await
            .ok(200);
        }
        let ship = json!({"to": "shipped", "carrier": "DHL", "tracking_number": "1234567890"});
        app.post(&format!("/api/v1/tasks/{t}/transitions"), ship)
            .await
            .ok(200);
    }
    let now = app.get(&path).await.ok(200).clone();
    assert_eq!(now["fulfilment"], "partially_shipped");
    assert_eq!(now["supplier_orders"][0]["status"], "shipped");
    assert_eq!(now["supplier_orders"][0]["shipped"], 2);
    assert_eq!(now["supplier_orders"][1]["status"], "to_confirm");

    // the order page lists both, and confirms the hat's line from it
    let (cookie, csrf) = sign_in_operator(&app).await;
    let c = [(COOKIE.as_str(), cookie.as_str())];
    let (_, shown) = page(&app, &format!("/orders/{id}"), &c).await;
    assert!(shown.contains("Supplier orders"), "{shown}");
    assert!(shown.contains("Partially shipped"), "{shown}");
    assert!(shown.contains("2 of 2 lines"), "{shown}");
    let action = format!("/orders/{id}/suppliers/{}/confirm", hats[0]);
    assert!(shown.contains(&format!(r#"action="{action}""#)), "{shown}");
    assert!(shown.contains("Confirm the line"), "{shown}");
    let res = post_form(&app, &cookie, &csrf, &action, Vec::new())
        .await
        .unwrap();
    let (_, back) = follow(&app, res, &c).await;
    assert!(back.contains("are confirmed"), "{back}");
    let now = app.get(&path).await.ok(200).clone();
    assert_eq!(now["supplier_orders"][1]["status"], "confirmed");
}
