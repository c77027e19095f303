//! Login throttling cannot be turned against an account: guesses from one
//! address stop that address, not the owner elsewhere; guesses from many
//! addresses space attempts out instead of locking for 15 minutes; the
//! owner's known device always gets in; refused attempts are counted on
//! one audit record, not one each.

use crate::helpers::{TestApp, TestDb, read, serve_with};
use reqwest::header::HeaderMap;
use serde_json::{Value, json};

crate::on_both_backends!(guessing_cannot_lock_the_owner_out);

/// Signs in from `address` (as a proxy would say), with a device cookie
/// when given: (status, body, the device cookie set, Retry-After).
async fn sign_in(
    app: &TestApp,
    address: &str,
    password: &str,
    device: Option<&str>,
) -> (u16, Value, Option<String>, Option<u64>) {
    let mut req = app
        .client
        .post(format!("{}/api/v1/auth/login", app.base))
        .header("x-forwarded-for", address)
        .json(&json!({"email": "ada@test.example", "password": password}));
    if let Some(d) = device {
        req = req.header("cookie", format!("orderhub_device={d}"));
    }
    let res = read(req.send().await.unwrap()).await;
    let device = cookie(&res.headers, "orderhub_device");
    let retry = res
        .headers
        .get("retry-after")
        .and_then(|v| v.to_str().ok()?.parse().ok());
    (res.status.as_u16(), res.body, device, retry)
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix(&format!("{name}=")))
        .map(|v| v.split(';').next().unwrap_or_default().to_owned())
}

async fn guessing_cannot_lock_the_owner_out(app: TestApp) {
    let store = orderhub_store::Store::connect(&app.db.url)
        .await
        .expect("connect");
    let config = orderhub_api::ApiConfig {
        trust_proxy: true,
        ..Default::default()
    };
    let proxied = TestApp::remote(
        &serve_with(store, config).await,
        TestDb::borrowed(&app.db.url),
    );
    app.user("ada@test.example", "admin", None, "ada-has-a-long-password")
        .await;
    let (right, wrong) = ("ada-has-a-long-password", "not-adas-password");
    let attacker = "203.0.113.7";

    // five guesses from one address: that address waits for this account…
    for _ in 0..5 {
        assert_eq!(sign_in(&proxied, attacker, wrong, None).await.0, 401);
    }
    let (status, _, _, retry) = sign_in(&proxied, attacker, right, None).await;
    assert_eq!(status, 429);
    assert!(retry.is_some_and(|r| r <= 900));
    // …the owner, elsewhere, does not; she gets a device cookie
    let (status, _, device, _) = sign_in(&proxied, "198.51.100.20", right, None).await;
    assert_eq!(status, 200);
    let device = device.expect("a device cookie");

    // guesses from many addresses: attempts are spaced, not refused for long
    for i in 0..10 {
        let from = format!("192.0.2.{}", 10 + i);
        assert_eq!(sign_in(&proxied, &from, wrong, None).await.0, 401);
    }
    let (status, _, _, retry) = sign_in(&proxied, "192.0.2.99", wrong, None).await;
    assert_eq!(
        (status, retry),
        (429, Some(1)),
        "the next guess waits a second"
    );
    let (status, _, _, retry) = sign_in(&proxied, "198.51.100.99", right, None).await;
    assert_eq!(status, 429, "a new device waits a little");
    assert!(retry.is_some_and(|r| r <= 60), "{retry:?}");
    // the owner's known device gets in at once, from anywhere
    let (status, body, again, _) = sign_in(&proxied, attacker, right, Some(&device)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(again.as_deref(), Some(device.as_str()), "the same device");

    // a flood of refused attempts is one audit record with a count
    for _ in 0..5 {
        assert_eq!(sign_in(&proxied, attacker, wrong, None).await.0, 401);
    }
    for _ in 0..30 {
        assert_eq!(sign_in(&proxied, attacker, wrong, None).await.0, 429);
    }
    let log = app
        .get("/api/v1/audit?kind=login_throttled&limit=200")
        .await
        .ok(200)
        .clone();
    let mine: Vec<&Value> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["ip"] == attacker)
        .collect();
    assert_eq!(mine.len(), 1, "{log}");
    assert!(mine[0]["details"]["count"].as_i64().unwrap() >= 31, "{log}");
}
