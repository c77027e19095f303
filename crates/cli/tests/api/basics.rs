//! Health, metrics, OpenAPI, docs, authentication, routing errors.

use crate::helpers::{TestApp, client, read};
use crate::on_both_backends;

on_both_backends!(
    health_metrics_and_docs,
    missing_or_wrong_token_is_401,
    unknown_routes_are_problems,
    lifecycles_are_published,
    security_headers_on_every_answer
);

async fn security_headers_on_every_answer(app: TestApp) {
    let c = crate::web::browser();
    for path in ["/login", "/api/v1/categories", "/nothing", "/healthz"] {
        let res = c
            .get(format!("{}{path}", app.base))
            .bearer_auth(crate::helpers::TOKEN)
            .send()
            .await
            .unwrap();
        let h = res.headers();
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert_eq!(h["referrer-policy"], "same-origin", "{path}");
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"),
            "{path}: {csp}"
        );
        assert_eq!(h["cache-control"], "no-store", "{path}");
        assert!(h.get("strict-transport-security").is_none(), "plain HTTP");
    }
    // an asset keeps its own cache lifetime
    let css = c
        .get(format!("{}/assets/app.css", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(css.headers()["cache-control"], "max-age=3600");
    // the icon answers where browsers look for it, and the manifest names it
    for path in ["/favicon.ico", "/assets/icon.svg"] {
        let icon = c.get(format!("{}{path}", app.base)).send().await.unwrap();
        assert_eq!(icon.status(), 200, "{path}");
        assert_eq!(icon.headers()["content-type"], "image/svg+xml", "{path}");
        assert!(icon.text().await.unwrap().starts_with("<svg"), "{path}");
    }
    let manifest: serde_json::Value = c
        .get(format!("{}/assets/manifest.webmanifest", app.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(manifest["icons"][0]["src"], "/assets/icon.svg");
    // behind HTTPS (the public URL says so): HSTS, and an http:// page of
    // the same host is another origin
    let store = orderhub_store::Store::connect(&app.db.url).await.unwrap();
    let host = "orders.example.com";
    let config = orderhub_api::ApiConfig {
        public_url: Some(format!("https://{host}")),
        ..Default::default()
    };
    let base = crate::helpers::serve_with(store, config).await;
    let res = c.get(format!("{base}/login")).send().await.unwrap();
    assert_eq!(
        res.headers()["strict-transport-security"],
        "max-age=31536000"
    );
    let login = |origin: &'static str| {
        let (c, base) = (c.clone(), base.clone());
        async move {
            c.post(format!("{base}/api/v1/auth/login"))
                .header("origin", origin)
                .json(&serde_json::json!({"email": "x@example.com", "password": "whatever-it-is"}))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(login("http://orders.example.com").await, 403);
    assert_eq!(login("https://orders.example.com").await, 401);
}

async fn health_metrics_and_docs(app: TestApp) {
    let c = client();
    let health = read(c.get(format!("{}/healthz", app.base)).send().await.unwrap()).await;
    assert_eq!(health.ok(200)["status"], "ok");

    app.get("/api/v1/categories").await.ok(200);
    // every intake path is counted, by platform and source (a platform of
    // this test's own: the recorder is shared by the tests of the process)
    let id = uuid::Uuid::now_v7().simple().to_string();
    let platform = format!("m{}", &id[20..]);
    app.post_bytes(
        &format!("/api/v1/imports/orders?name=o.csv&platform={platform}"),
        "order number,customer,product,quantity,unit price\nM-1,Ada,Mug,1,2\n",
    )
    .await
    .ok(200);
    // not public: an admin token (or the metrics token) scrapes it
    let anonymous = read(c.get(format!("{}/metrics", app.base)).send().await.unwrap()).await;
    anonymous.problem(401, "unauthorized");
    let (_, ops) = app.token("ops-metrics", "operator", None).await;
    let res = c
        .get(format!("{}/metrics", app.base))
        .bearer_auth(ops)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401, "an operator's token is not enough");
    let metrics = c
        .get(format!("{}/metrics", app.base))
        .bearer_auth(crate::helpers::TOKEN)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(metrics.contains("http_requests_total"), "{metrics}");
    assert!(
        metrics.contains(&format!(
            r#"orderhub_orders_created_total{{platform="{platform}",source="spreadsheet"}} 1"#
        )),
        "{metrics}"
    );
    assert!(
        metrics.contains("route=\"/api/v1/categories\""),
        "{metrics}"
    );

    let doc = read(
        c.get(format!("{}/api/openapi.json", app.base))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let doc = doc.ok(200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in [
        "/orders",
        "/orders/{id}/transitions",
        "/tasks/{id}",
        "/categories/{id}/sku-preview",
        "/suppliers/{id}",
    ] {
        assert!(doc["paths"][path].is_object(), "missing {path}");
    }
    // the states come from the domain enums
    let states = &doc["components"]["schemas"]["OrderStatus"];
    assert!(states.to_string().contains("needs_attention"), "{states}");

    let docs = c
        .get(format!("{}/api/docs/", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(docs.status(), 200);
    assert!(
        docs.text()
            .await
            .unwrap()
            .to_lowercase()
            .contains("swagger")
    );
}

async fn missing_or_wrong_token_is_401(app: TestApp) {
    let c = client();
    let none = read(
        c.get(format!("{}/api/v1/orders", app.base))
            .send()
            .await
            .unwrap(),
    )
    .await;
    none.problem(401, "unauthorized");
    assert_eq!(none.headers["www-authenticate"], "Bearer");
    let wrong = read(
        c.get(format!("{}/api/v1/orders", app.base))
            .bearer_auth("nope")
            .send()
            .await
            .unwrap(),
    )
    .await;
    wrong.problem(401, "unauthorized");
    let post = read(
        c.post(format!("{}/api/v1/orders", app.base))
            .json(&serde_json::json!({}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    post.problem(401, "unauthorized");
}

async fn unknown_routes_are_problems(app: TestApp) {
    app.get("/api/v1/nothing-here")
        .await
        .problem(404, "not_found");
    app.get("/api/v1/orders/does-not-exist")
        .await
        .problem(404, "not_found");
    app.get("/api/v1/tasks/does-not-exist")
        .await
        .problem(404, "not_found");
    app.get("/api/v1/categories/nope")
        .await
        .problem(404, "not_found");
    app.get("/api/v1/suppliers/nope")
        .await
        .problem(404, "not_found");
    app.get("/api/v1/orders/nope/events")
        .await
        .problem(404, "not_found");
    app.get("/nothing").await.problem(404, "not_found");
    let res = app
        .send(reqwest::Method::DELETE, "/api/v1/orders", None, &[])
        .await;
    res.problem(405, "method_not_allowed");
    assert!(res.headers["allow"].to_str().unwrap().contains("POST"));
}

async fn lifecycles_are_published(app: TestApp) {
    let l = app.get("/api/v1/lifecycles").await;
    let l = l.ok(200);
    assert_eq!(l["order"]["initial"], "pending");
    assert_eq!(l["task"]["initial"], "assigned");
    let edges = l["task"]["transitions"].as_array().unwrap();
    assert!(
        edges
            .iter()
            .any(|e| e["from"] == "produced" && e["to"] == "shipped" && e["by"] == "supplier")
    );
}
