//! What suppliers and purchasers must not learn: another supplier's
//! order numbers (through search), the customer's phone unless the seller
//! allows it, who on the seller's staff did what, SKU counters and
//! supplier codes, supplier and category names; and a deactivated
//! supplier's people and tokens stop working.

use crate::helpers::{Auth, TestApp, line, order_body};
use crate::web::page;
use serde_json::json;

crate::on_both_backends!(what_suppliers_and_purchasers_may_not_see);

fn cookie(auth: &Auth) -> String {
    match auth {
        Auth::Session { cookie, .. } => format!("orderhub_session={cookie}"),
        _ => panic!("a session"),
    }
}

async fn what_suppliers_and_purchasers_may_not_see(app: TestApp) {
    let (cat, makers) = app.category_with_suppliers("Cups", &["mug"], 2).await;
    app.order("100", "purchasing", json!([line("Mug")]))
        .await
        .ok(201);
    let mut own = order_body("1001", "purchasing", json!([line("Mug")]));
    own["customer"]["phone"] = json!("+44 20 7946 0958");
    let created = app.post("/api/v1/orders", own).await.ok(201).clone();
    let order = created["id"].as_str().unwrap().to_owned();
    let b = created["tasks"][0]["supplier_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let a = makers.iter().find(|m| **m != b).unwrap().clone();
    let (_, b_token) = app.token("b-erp", "supplier", Some(&b)).await;
    let as_b = Auth::Bearer(b_token);
    let get = |auth: &Auth, path: &str| {
        let (app, auth, path) = (&app, auth.clone(), path.to_owned());
        async move { app.send_as(&auth, reqwest::Method::GET, &path, None).await }
    };

    // "100" is another supplier's order number: B's search for it finds
    // B's own "1001" exactly as if "100" did not exist
    let found = get(&as_b, "/api/v1/orders?q=100").await;
    let numbers: Vec<_> = found.ok(200)["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["external_number"].clone())
        .collect();
    assert_eq!(numbers, vec![json!("1001")]);

    // the phone: hidden by default, shown once the seller allows it
    let seen = get(&as_b, &format!("/api/v1/orders/{order}")).await;
    assert_eq!(seen.ok(200)["customer"]["phone"], json!(null));
    app.patch(
        &format!("/api/v1/suppliers/{b}"),
        json!({"sees_customer_phone": true}),
    )
    .await
    .ok(200);
    let seen = get(&as_b, &format!("/api/v1/orders/{order}")).await;
    assert_eq!(seen.ok(200)["customer"]["phone"], "+44 20 7946 0958");

    // the timeline names the seller's staff "operator"
    app.send(
        reqwest::Method::PATCH,
        &format!(
            "/api/v1/tasks/{}",
            created["tasks"][0]["id"].as_str().unwrap()
        ),
        Some(&json!({"due_at": "2030-01-01T00:00:00Z"})),
        &[],
    )
    .await
    .ok(200);
    let staff = app.order_events(&created).await;
    assert!(staff.iter().any(|e| e["actor"] == "token:test"));
    let events = get(&as_b, &format!("/api/v1/orders/{order}/events")).await;
    let actors: Vec<_> = events
        .ok(200)
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["actor"].clone())
        .collect();
    assert!(!actors.contains(&json!("token:test")), "{actors:?}");
    assert!(actors.contains(&json!("operator")), "{actors:?}");

    // the web app: no SKU preview for a supplier, no names for a purchaser
    app.user(
        "maker-a@test.example",
        "supplier",
        Some(&a),
        "kiln-fired-42-pots",
    )
    .await;
    let a_session = app
        .login("maker-a@test.example", "kiln-fired-42-pots")
        .await;
    let (status, preview) = page(
        &app,
        &format!("/categories/sku-preview?id={cat}&sku_prefix=MUG&sku_template=%7Bsupplier%7D-%7Bseq%3A4%7D"),
        &[("cookie", &cookie(&a_session))],
    )
    .await;
    assert!(status.is_redirection(), "{status}: {preview}");
    app.user(
        "buyer@test.example",
        "purchaser",
        None,
        "purchaser-secret-pw",
    )
    .await;
    let buyer = app.login("buyer@test.example", "purchaser-secret-pw").await;
    for path in ["/orders", "/tasks"] {
        let (_, html) = page(&app, path, &[("cookie", &cookie(&buyer))]).await;
        assert!(
            !html.contains("Cups supplier") && !html.contains(">Cups<"),
            "{path} shows names to a purchaser: {html}"
        );
    }

    // deactivating A: its sign-in, sessions and tokens stop; back on, they work
    let (_, a_token) = app.token("a-erp", "supplier", Some(&a)).await;
    let as_a = Auth::Bearer(a_token);
    get(&as_a, "/api/v1/tasks").await.ok(200);
    app.patch(&format!("/api/v1/suppliers/{a}"), json!({"active": false}))
        .await
        .ok(200);
    get(&as_a, "/api/v1/tasks")
        .await
        .problem(401, "unauthorized");
    get(&a_session, "/api/v1/auth/me")
        .await
        .problem(401, "unauthorized");
    let login = app
        .send_as(
            &Auth::Anonymous,
            reqwest::Method::POST,
            "/api/v1/auth/login",
            Some(&json!({"email": "maker-a@test.example", "password": "kiln-fired-42-pots"})),
        )
        .await;
    assert_eq!(login.status, 401, "{}", login.body);
    app.patch(&format!("/api/v1/suppliers/{a}"), json!({"active": true}))
        .await
        .ok(200);
    get(&as_a, "/api/v1/tasks").await.ok(200);
}
