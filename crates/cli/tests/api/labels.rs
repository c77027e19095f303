//! Three-party status: the same order and task in each reader's words —
//! the platform's (staff), the supplier's — in the API's `status_label`
//! and on the web, in English and Chinese.

use crate::helpers::{Auth, TestApp, line};
use reqwest::header::{ACCEPT_LANGUAGE, COOKIE};

crate::on_both_backends!(each_party_reads_the_status_in_its_own_words);

async fn each_party_reads_the_status_in_its_own_words(app: TestApp) {
    let (_, s) = app.category_with_suppliers("Mugs", &["mug"], 1).await;
    let order = app.order("L-1", "purchasing", serde_json::json!([line("Mug")]));
    let order = order.await.ok(201).clone();
    assert_eq!(order["status_label"], "purchasing", "staff: with suppliers");
    assert_eq!(order["tasks"][0]["status_label"], "purchasing");
    let (_, token) = app.token("maker-erp", "supplier", Some(&s[0])).await;
    let maker = Auth::Bearer(token);
    let id = order["id"].as_str().unwrap();
    let task = order["tasks"][0]["id"].as_str().unwrap();

    let seen = app
        .send_as(
            &maker,
            reqwest::Method::GET,
            &format!("/api/v1/orders/{id}"),
            None,
        )
        .await;
    assert_eq!(seen.ok(200)["status_label"], "to_prepare", "{}", seen.body);
    assert_eq!(seen.ok(200)["tasks"][0]["status_label"], "to_prepare");
    for step in ["accepted", "in_production", "produced"] {
        let body = serde_json::json!({ "to": step });
        let path = format!("/api/v1/tasks/{task}/transitions");
        app.send_as(&maker, reqwest::Method::POST, &path, Some(&body))
            .await
            .ok(200);
    }
    let listed = app
        .send_as(&maker, reqwest::Method::GET, "/api/v1/tasks", None)
        .await;
    assert_eq!(listed.ok(200)["items"][0]["status_label"], "ready_to_ship");
    let staff = app
        .get(&format!("/api/v1/tasks/{task}"))
        .await
        .ok(200)
        .clone();
    assert_eq!(
        staff["status_label"], "purchasing",
        "the same task, staff's words"
    );

    // on the web: the supplier's order page says it in the supplier's words
    app.user(
        "maker@labels.example",
        "supplier",
        Some(&s[0]),
        "kiln-fired-46-pots",
    )
    .await;
    let (cookie, _) = crate::web::sign_in(&app, "maker@labels.example", "kiln-fired-46-pots").await;
    let path = format!("/orders/{id}");
    let zh = [
        (COOKIE.as_str(), cookie.as_str()),
        (ACCEPT_LANGUAGE.as_str(), "zh-CN"),
    ];
    let (_, page) = crate::web::page(&app, &path, &zh).await;
    assert!(page.contains(">等待备货</span>"), "{page}");
    let (ops, _) = crate::web::sign_in_operator(&app).await;
    let (_, page) = crate::web::page(&app, &path, &[(COOKIE.as_str(), ops.as_str())]).await;
    assert!(
        page.contains(">In production</span>"),
        "staff read the order's own status: {page}"
    );
}
