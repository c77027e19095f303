//! Outbound addresses on a server with the default setting: webhook
//! endpoints and marketplace API addresses on this machine or a private
//! network are refused, in every spelling, through the API and the web
//! app; public ones are taken.

use crate::helpers::{TestApp, TestDb, serve_with};
use serde_json::json;

crate::on_both_backends!(private_targets_are_refused_unless_allowed);

async fn private_targets_are_refused_unless_allowed(app: TestApp) {
    let store = orderhub_store::Store::connect(&app.db.url)
        .await
        .expect("connect")
        .with_data_dir(app.db.files_dir());
    let base = serve_with(store, orderhub_api::ApiConfig::default()).await;
    let strict = TestApp::remote(&base, TestDb::borrowed(&app.db.url));
    let events = json!(["task.assigned"]);
    for url in [
        "http://127.0.0.1:9000/hook",
        "http://2130706433/",
        "http://0x7f.1/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://10.0.0.8/",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.100.100.200/",
        "http://0.0.0.0:8080/",
        "http://localhost:8080/",
    ] {
        let res = strict
            .post("/api/v1/webhooks", json!({"url": url, "events": events}))
            .await;
        assert_eq!(res.problem(422, "private_address")["field"], "url", "{url}");
    }
    // a public address (written as one: this machine has no DNS) is taken
    let created = strict
        .post(
            "/api/v1/webhooks",
            json!({"url": "https://8.8.8.8/hook", "events": events}),
        )
        .await;
    let id = created.ok(201)["id"].as_str().unwrap().to_owned();
    strict
        .patch(
            &format!("/api/v1/webhooks/{id}"),
            json!({"url": "http://192.168.1.1/"}),
        )
        .await
        .problem(422, "private_address");

    // a poller pointed at an internal service
    let channel = strict
        .post(
            "/api/v1/channels",
            json!({"kind": "etsy", "name": "Shop", "secret": "s"}),
        )
        .await
        .ok(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let settings = json!({"api_base": "http://127.0.0.1:5432", "shop_id": "1",
                          "api_key": "k", "access_token": "t"});
    let res = strict
        .put(
            &format!("/api/v1/channels/{channel}/poll"),
            settings.clone(),
        )
        .await;
    assert_eq!(res.problem(422, "private_address")["field"], "api_base");
    let mut settings = settings;
    settings["api_base"] = json!("https://8.8.8.8");
    settings["token_url"] = json!("http://[fd00::1]/token");
    let res = strict
        .put(
            &format!("/api/v1/channels/{channel}/poll"),
            settings.clone(),
        )
        .await;
    assert_eq!(res.problem(422, "private_address")["field"], "token_url");

    // the same server with private targets allowed (the tests' default)
    app.post(
        "/api/v1/webhooks",
        json!({"url": "http://127.0.0.1:9000/hook", "events": events}),
    )
    .await
    .ok(201);
}
