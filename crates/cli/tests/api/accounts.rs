//! Accounts, sessions, CSRF, login throttling, tokens, supplier scope and
//! the audit log.

use crate::helpers::{Auth, TestApp, line, order_body, session_cookie};
use crate::on_both_backends;
use reqwest::Method;
use serde_json::json;

on_both_backends!(
    sessions_cookies_csrf_and_logout,
    unknown_email_and_wrong_password_look_the_same_and_are_throttled,
    passwords_are_checked_and_changes_end_sessions,
    tokens_are_scoped_shown_once_and_revocable,
    suppliers_see_only_their_own_work,
    security_events_are_audited,
);

async fn sessions_cookies_csrf_and_logout(app: TestApp) {
    app.user("Ops@Test.example", "operator", None, "operator-secret-pw")
        .await;
    let res = app
        .send_as(
            &Auth::Anonymous,
            Method::POST,
            "/api/v1/auth/login",
            Some(&json!({"email": "ops@test.EXAMPLE", "password": "operator-secret-pw"})),
        )
        .await;
    assert_eq!(res.ok(200)["role"], "operator");
    let set = res.headers["set-cookie"].to_str().unwrap().to_owned();
    for attr in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(set.contains(attr), "{set}");
    }
    let cookie = session_cookie(&res).unwrap();
    let csrf = res.body["csrf_token"].as_str().unwrap().to_owned();
    let session = Auth::Session {
        cookie: cookie.clone(),
        csrf: csrf.clone(),
    };
    let me = app
        .send_as(&session, Method::GET, "/api/v1/auth/me", None)
        .await;
    assert_eq!(me.ok(200)["actor"], "user:Ops@Test.example");
    assert_eq!(me.body["csrf_token"], csrf.as_str());

    // a state change riding on the cookie needs the CSRF token, from this origin
    let no_csrf = Auth::Session {
        cookie: cookie.clone(),
        csrf: String::new(),
    };
    let body = json!({"name": "Cups"});
    app.send_as(&no_csrf, Method::POST, "/api/v1/categories", Some(&body))
        .await
        .problem(403, "csrf_token_invalid");
    let wrong = Auth::Session {
        cookie: cookie.clone(),
        csrf: "x".repeat(43),
    };
    app.send_as(&wrong, Method::POST, "/api/v1/categories", Some(&body))
        .await
        .problem(403, "csrf_token_invalid");
    let cross = app
        .client
        .post(format!("{}/api/v1/categories", app.base))
        .header("cookie", format!("orderhub_session={cookie}"))
        .header("x-csrf-token", &csrf)
        .header("origin", "https://evil.example")
        .json(&body)
        .send()
        .await
        .unwrap();
    crate::helpers::read(cross)
        .await
        .problem(403, "cross_origin_request");
    app.send_as(&session, Method::POST, "/api/v1/categories", Some(&body))
        .await
        .ok(201);
    let events = app.get("/api/v1/categories").await.ok(200).clone();
    assert_eq!(
        events.as_array().unwrap().len(),
        1,
        "the refused requests changed nothing"
    );

    // a new login gets a new session id and ends the one the browser had
    let again = app
        .client
        .post(format!("{}/api/v1/auth/login", app.base))
        .header("cookie", format!("orderhub_session={cookie}"))
        .json(&json!({"email": "ops@test.example", "password": "operator-secret-pw"}))
        .send()
        .await
        .unwrap();
    let again = crate::helpers::read(again).await;
    let rotated = session_cookie(&again).unwrap();
    assert_ne!(rotated, cookie);
    app.send_as(&session, Method::GET, "/api/v1/auth/me", None)
        .await
        .problem(401, "unauthorized");
    let fresh = Auth::Session {
        cookie: rotated.clone(),
        csrf: again.body["csrf_token"].as_str().unwrap().to_owned(),
    };
    app.send_as(&fresh, Method::GET, "/api/v1/auth/me", None)
        .await
        .ok(200);

    // logout really ends it
    let out = app
        .send_as(&fresh, Method::POST, "/api/v1/auth/logout", None)
        .await;
    assert_eq!(out.status, 204);
    assert!(
        out.headers["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    app.send_as(&fresh, Method::GET, "/api/v1/auth/me", None)
        .await
        .problem(401, "unauthorized");

    // idle and absolute expiry
    let idle = app.login("ops@test.example", "operator-secret-pw").await;
    app.sql("UPDATE sessions SET last_seen_at = last_seen_at - 9 * 3600 * 1000")
        .await;
    app.send_as(&idle, Method::GET, "/api/v1/auth/me", None)
        .await
        .problem(401, "unauthorized");
    let old = app.login("ops@test.example", "operator-secret-pw").await;
    app.sql("UPDATE sessions SET expires_at = 1").await;
    app.send_as(&old, Method::GET, "/api/v1/auth/me", None)
        .await
        .problem(401, "unauthorized");
}

async fn unknown_email_and_wrong_password_look_the_same_and_are_throttled(app: TestApp) {
    app.user(
        "ada@test.example",
        "operator",
        None,
        "ada-has-a-long-password",
    )
    .await;
    let login = |email: &str, password: &'static str| {
        let app = &app;
        let email = email.to_owned();
        async move {
            let started = std::time::Instant::now();
            let res = app
                .send_as(
                    &Auth::Anonymous,
                    Method::POST,
                    "/api/v1/auth/login",
                    Some(&json!({"email": email, "password": password})),
                )
                .await;
            (res, started.elapsed())
        }
    };
    let (unknown, t_unknown) = login("nobody@test.example", "whatever-password").await;
    let (wrong, t_wrong) = login("ada@test.example", "not-adas-password").await;
    unknown.problem(401, "invalid_credentials");
    wrong.problem(401, "invalid_credentials");
    assert_eq!(unknown.body, wrong.body, "the same answer");
    // both run Argon2 once: the unknown e-mail is not answered much faster
    assert!(
        t_unknown.as_secs_f64() > t_wrong.as_secs_f64() * 0.3,
        "{t_unknown:?} vs {t_wrong:?}"
    );

    for _ in 0..4 {
        login("ada@test.example", "not-adas-password")
            .await
            .0
            .problem(401, "invalid_credentials");
    }
    // five failures: even the right password is refused for a while
    let (throttled, _) = login("ada@test.example", "ada-has-a-long-password").await;
    throttled.problem(429, "too_many_attempts");
    let retry: u64 = throttled.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry), "{retry}");
    // an unknown e-mail is throttled the same way: nothing leaks
    for _ in 0..4 {
        login("nobody@test.example", "whatever-password")
            .await
            .0
            .problem(401, "invalid_credentials");
    }
    login("nobody@test.example", "whatever-password")
        .await
        .0
        .problem(429, "too_many_attempts");
    // other accounts from the same address still get in, up to the address limit
    app.user(
        "bob@test.example",
        "operator",
        None,
        "bob-has-a-long-password",
    )
    .await;
    login("bob@test.example", "bob-has-a-long-password")
        .await
        .0
        .ok(200);
    for i in 0..10 {
        let (r, _) = login(&format!("carol{i}@test.example"), "whatever-password").await;
        r.problem(401, "invalid_credentials");
    }
    // 20 failures from this address: everyone from it waits
    login("bob@test.example", "bob-has-a-long-password")
        .await
        .0
        .problem(429, "too_many_attempts");
}

async fn passwords_are_checked_and_changes_end_sessions(app: TestApp) {
    let cases = [
        ("short", "password_too_short"),
        ("password1234", "password_too_common"),
        ("grace.hopper-1906", "password_contains_email"),
    ];
    for (password, code) in cases {
        let res = app.post("/api/v1/users", json!({"email": "grace.hopper@test.example", "role": "operator", "password": password})).await;
        assert_eq!(res.problem(422, code)["field"], "password");
    }
    let res = app.post("/api/v1/users", json!({"email": "s@test.example", "role": "supplier", "password": "a-fine-long-password"})).await;
    assert_eq!(res.problem(422, "required")["field"], "supplier");
    let user = app
        .user(
            "grace.hopper@test.example",
            "operator",
            None,
            "cobol-compiler-1959",
        )
        .await;
    assert!(user.get("password").is_none() && user.get("password_hash").is_none());
    let dup = app.post("/api/v1/users", json!({"email": "GRACE.hopper@test.example", "role": "operator", "password": "cobol-compiler-1959"})).await;
    assert_eq!(dup.problem(409, "email_taken")["field"], "email");
    let listed = app.get("/api/v1/users").await.ok(200).to_string();
    assert!(
        !listed.contains("argon2") && !listed.contains("cobol"),
        "{listed}"
    );

    let a = app
        .login("grace.hopper@test.example", "cobol-compiler-1959")
        .await;
    let b = app
        .login("grace.hopper@test.example", "cobol-compiler-1959")
        .await;
    let wrong = app
        .send_as(
            &a,
            Method::POST,
            "/api/v1/auth/password",
            Some(
                &json!({"current_password": "nope-nope-nope", "new_password": "flow-matic-1955-x"}),
            ),
        )
        .await;
    assert_eq!(
        wrong.problem(422, "wrong_password")["field"],
        "current_password"
    );
    let weak = app
        .send_as(
            &a,
            Method::POST,
            "/api/v1/auth/password",
            Some(&json!({"current_password": "cobol-compiler-1959", "new_password": "short"})),
        )
        .await;
    assert_eq!(
        weak.problem(422, "password_too_short")["field"],
        "new_password"
    );
    let changed = app.send_as(&a, Method::POST, "/api/v1/auth/password", Some(&json!({"current_password": "cobol-compiler-1959", "new_password": "flow-matic-1955-x"}))).await;
    changed.ok(200);
    assert!(
        session_cookie(&changed).is_some(),
        "a new session for this browser"
    );
    for old in [&a, &b] {
        app.send_as(old, Method::GET, "/api/v1/auth/me", None)
            .await
            .problem(401, "unauthorized");
    }
    app.send_as(
        &Auth::Anonymous,
        Method::POST,
        "/api/v1/auth/login",
        Some(&json!({"email": "grace.hopper@test.example", "password": "cobol-compiler-1959"})),
    )
    .await
    .problem(401, "invalid_credentials");
    let c = app
        .login("grace.hopper@test.example", "flow-matic-1955-x")
        .await;

    // a role change or deactivation ends sessions too
    let id = user["id"].as_str().unwrap();
    let (_, sup) = app.category_with_suppliers("Cups", &["mug"], 1).await;
    let p = app
        .patch(
            &format!("/api/v1/users/{id}"),
            json!({"role": "supplier", "supplier": sup[0]}),
        )
        .await;
    assert_eq!(p.ok(200)["role"], "supplier");
    app.send_as(&c, Method::GET, "/api/v1/auth/me", None)
        .await
        .problem(401, "unauthorized");
    let d = app
        .login("grace.hopper@test.example", "flow-matic-1955-x")
        .await;
    assert_eq!(
        app.send_as(&d, Method::GET, "/api/v1/auth/me", None)
            .await
            .ok(200)["supplier_id"],
        sup[0].as_str()
    );
    app.patch(&format!("/api/v1/users/{id}"), json!({"active": false}))
        .await
        .ok(200);
    app.send_as(&d, Method::GET, "/api/v1/auth/me", None)
        .await
        .problem(401, "unauthorized");
    app.send_as(
        &Auth::Anonymous,
        Method::POST,
        "/api/v1/auth/login",
        Some(&json!({"email": "grace.hopper@test.example", "password": "flow-matic-1955-x"})),
    )
    .await
    .problem(401, "invalid_credentials");
}

async fn tokens_are_scoped_shown_once_and_revocable(app: TestApp) {
    let (_, s) = app.category_with_suppliers("Cups", &["mug"], 2).await;
    let created = app
        .post(
            "/api/v1/tokens",
            json!({"name": "shop A", "role": "supplier", "supplier": "Cups supplier 0"}),
        )
        .await;
    let created = created.ok(201).clone();
    let secret = created["token"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("oh_"));
    assert_eq!(created["supplier_id"], s[0].as_str());
    let listed = app.get("/api/v1/tokens").await.ok(200).to_string();
    assert!(!listed.contains(&secret), "the secret is shown once");
    let a = Auth::Bearer(secret.clone());
    assert_eq!(
        app.send_as(&a, Method::GET, "/api/v1/auth/me", None)
            .await
            .ok(200)["role"],
        "supplier"
    );
    // a supplier makes tokens only for itself, and only while signed in
    let bred = app
        .send_as(
            &a,
            Method::POST,
            "/api/v1/tokens",
            Some(&json!({"name": "A's ERP"})),
        )
        .await;
    assert_eq!(bred.problem(403, "forbidden")["rule"], "session_only");
    let maker = app
        .user(
            "maker@test.example",
            "supplier",
            Some(&s[0]),
            "kiln-fired-42-pots",
        )
        .await;
    let session = app.login("maker@test.example", "kiln-fired-42-pots").await;
    let own = app
        .send_as(
            &session,
            Method::POST,
            "/api/v1/tokens",
            Some(&json!({"name": "A's ERP"})),
        )
        .await;
    assert_eq!(own.ok(201)["supplier_id"], s[0].as_str());
    let by_name = app
        .send_as(
            &session,
            Method::POST,
            "/api/v1/tokens",
            Some(&json!({"name": "A's 2nd", "supplier": "cups SUPPLIER 0"})),
        )
        .await;
    by_name.ok(201);
    // naming a supplier that does not exist answers like naming another one
    let ghost = app
        .send_as(
            &session,
            Method::POST,
            "/api/v1/tokens",
            Some(&json!({"name": "x", "supplier": "Nobody at all"})),
        )
        .await;
    assert_eq!(ghost.problem(403, "forbidden")["rule"], "own_tokens_only");
    let up = app
        .send_as(
            &session,
            Method::POST,
            "/api/v1/tokens",
            Some(&json!({"name": "x", "role": "admin"})),
        )
        .await;
    assert_eq!(up.problem(403, "forbidden")["rule"], "own_tokens_only");
    let other = app
        .send_as(
            &session,
            Method::POST,
            "/api/v1/tokens",
            Some(&json!({"name": "x", "supplier": s[1]})),
        )
        .await;
    assert_eq!(other.problem(403, "forbidden")["rule"], "own_tokens_only");
    let mine = app
        .send_as(&a, Method::GET, "/api/v1/tokens", None)
        .await
        .ok(200)
        .clone();
    assert_eq!(mine.as_array().unwrap().len(), 3);
    // a replayed creation never shows the secret again
    let key = [("Idempotency-Key", "tok-1")];
    let first = app
        .send(
            Method::POST,
            "/api/v1/tokens",
            Some(&json!({"name": "replayed", "role": "operator"})),
            &key,
        )
        .await;
    assert!(first.ok(201)["token"].as_str().unwrap().starts_with("oh_"));
    let again = app
        .send(
            Method::POST,
            "/api/v1/tokens",
            Some(&json!({"name": "replayed", "role": "operator"})),
            &key,
        )
        .await;
    assert_eq!(again.ok(201)["id"], first.body["id"]);
    assert!(again.body["token"].is_null(), "{}", again.body);
    app.post(
        "/api/v1/tokens",
        json!({"name": "Bootstrap", "role": "admin"}),
    )
    .await
    .problem(422, "reserved_name");
    // the maker leaves: the tokens it made stop working
    let made = Auth::Bearer(own.body["token"].as_str().unwrap().to_owned());
    app.send_as(&made, Method::GET, "/api/v1/tasks", None)
        .await
        .ok(200);
    app.patch(
        &format!("/api/v1/users/{}", maker["id"].as_str().unwrap()),
        json!({"active": false}),
    )
    .await
    .ok(200);
    app.send_as(&made, Method::GET, "/api/v1/tasks", None)
        .await
        .problem(401, "unauthorized");
    // validation
    app.post("/api/v1/tokens", json!({"name": "x", "role": "supplier"}))
        .await
        .problem(422, "required");
    app.post(
        "/api/v1/tokens",
        json!({"name": "x", "role": "operator", "expires_at": "2001-01-01T00:00:00Z"}),
    )
    .await
    .problem(422, "in_the_past");
    app.post(
        "/api/v1/tokens",
        json!({"name": "x", "role": "supplier", "supplier": "Nobody"}),
    )
    .await
    .problem(422, "unknown_supplier");
    // expiry and revocation take effect at once
    let soon = app
        .post(
            "/api/v1/tokens",
            json!({"name": "soon", "role": "operator", "expires_at": "2999-01-01T00:00:00Z"}),
        )
        .await
        .ok(201)
        .clone();
    let soon_auth = Auth::Bearer(soon["token"].as_str().unwrap().to_owned());
    app.send_as(&soon_auth, Method::GET, "/api/v1/orders", None)
        .await
        .ok(200);
    app.sql("UPDATE api_tokens SET expires_at = 1 WHERE name = 'soon'")
        .await;
    app.send_as(&soon_auth, Method::GET, "/api/v1/orders", None)
        .await
        .problem(401, "unauthorized");
    let revoked = app
        .send(
            Method::DELETE,
            &format!("/api/v1/tokens/{}", created["id"].as_str().unwrap()),
            None,
            &[],
        )
        .await;
    assert!(revoked.ok(200)["revoked_at"].is_string());
    app.send_as(&a, Method::GET, "/api/v1/tasks", None)
        .await
        .problem(401, "unauthorized");
}

async fn suppliers_see_only_their_own_work(app: TestApp) {
    let (_, s) = app.category_with_suppliers("Cups", &["mug"], 2).await;
    let body = order_body(
        "S-1",
        "purchasing",
        json!([{"title": "Mug", "quantity": 1, "unit_price": "55.55"}, {"title": "Big mug", "quantity": 1, "unit_price": "66.66"}]),
    );
    let order = app.post("/api/v1/orders", body).await.ok(201).clone();
    let id = order["id"].as_str().unwrap();
    let (task_a, task_b) = (order["tasks"][0].clone(), order["tasks"][1].clone());
    assert_eq!(task_a["supplier_id"], s[0].as_str());
    let (_, a) = app.token("A", "supplier", Some(&s[0])).await;
    let a = Auth::Bearer(a);
    let view = app
        .send_as(&a, Method::GET, &format!("/api/v1/orders/{id}"), None)
        .await
        .ok(200)
        .clone();
    assert_eq!(
        view["tasks"].as_array().unwrap().len(),
        1,
        "only its own task"
    );
    assert_eq!(
        view["lines"].as_array().unwrap().len(),
        1,
        "only the line its task is for"
    );
    assert_eq!(view["lines"][0]["title"], "Mug");
    assert!(
        view["lines"][0]["unit_price"].is_null()
            && view["total_amount"].is_null()
            && view["customer"]["email"].is_null()
    );
    assert_eq!(
        view["shipping_address"]["city"], "London",
        "the address its shipment needs"
    );
    assert!(
        !view.to_string().contains("66.66")
            && !view.to_string().contains(task_b["sku"].as_str().unwrap())
    );
    let events = app
        .send_as(
            &a,
            Method::GET,
            &format!("/api/v1/orders/{id}/events"),
            None,
        )
        .await
        .ok(200)
        .clone();
    assert!(
        events
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["task_id"] == task_a["id"])
    );
    assert!(
        !events.to_string().contains(&s[1]),
        "no other candidates in routing events"
    );

    let t = task_a["id"].as_str().unwrap();
    let cancel = app
        .send_as(
            &a,
            Method::POST,
            &format!("/api/v1/tasks/{t}/transitions"),
            Some(&json!({"to": "cancelled"})),
        )
        .await;
    assert_eq!(
        cancel.problem(403, "forbidden")["rule"],
        "operator_only_transition"
    );
    let due = app
        .send_as(
            &a,
            Method::PATCH,
            &format!("/api/v1/tasks/{t}"),
            Some(&json!({"due_at": "2030-01-01T00:00:00Z"})),
        )
        .await;
    assert_eq!(
        due.problem(403, "forbidden")["rule"],
        "supplier_task_fields"
    );
    let tb = task_b["id"].as_str().unwrap();
    for (method, path, body) in [
        (Method::GET, format!("/api/v1/tasks/{tb}"), None),
        (
            Method::PATCH,
            format!("/api/v1/tasks/{tb}"),
            Some(json!({"note": "mine now"})),
        ),
        (
            Method::POST,
            format!("/api/v1/tasks/{tb}/transitions"),
            Some(json!({"to": "accepted"})),
        ),
    ] {
        let res = app.send_as(&a, method, &path, body.as_ref()).await;
        assert_eq!(
            res.problem(404, "not_found")["detail"],
            format!("task {tb} not found"),
            "exactly like a missing task"
        );
    }
    let filtered = app
        .send_as(
            &a,
            Method::GET,
            &format!("/api/v1/tasks?supplier_id={}", s[1]),
            None,
        )
        .await;
    assert_eq!(filtered.ok(200)["items"], json!([]));
    // search finds only what the supplier may see: not B's line, not the e-mail
    for (q, n) in [("big", 0), ("ada%40example", 0), ("s-1", 1), ("mug", 1)] {
        let found = app
            .send_as(&a, Method::GET, &format!("/api/v1/orders?q={q}"), None)
            .await;
        assert_eq!(found.ok(200)["items"].as_array().unwrap().len(), n, "q={q}");
    }
    assert_eq!(
        app.get("/api/v1/orders?q=big").await.ok(200)["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // A rejects: the line goes to B, and A keeps seeing only its rejected task
    let r = app
        .send_as(
            &a,
            Method::POST,
            &format!("/api/v1/tasks/{t}/transitions"),
            Some(&json!({"to": "rejected", "reason": "kiln broken"})),
        )
        .await;
    assert_eq!(r.ok(200)["status"], "rejected");
    let mine = app
        .send_as(&a, Method::GET, "/api/v1/tasks", None)
        .await
        .ok(200)
        .clone();
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
    let full = app
        .get(&format!("/api/v1/orders/{id}"))
        .await
        .ok(200)
        .clone();
    assert_eq!(full["tasks"].as_array().unwrap().len(), 3);
    let events = app
        .get(&format!("/api/v1/orders/{id}/events"))
        .await
        .ok(200)
        .clone();
    let rejected = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["to_status"] == "rejected")
        .unwrap()
        .clone();
    assert_eq!(rejected["actor"], "token:A", "the acting token is recorded");
    // B, who got the line, sees its new task but not who turned it down
    let (_, b) = app.token("B", "supplier", Some(&s[1])).await;
    let b = Auth::Bearer(b);
    let seen = app
        .send_as(
            &b,
            Method::GET,
            &format!("/api/v1/orders/{id}/events"),
            None,
        )
        .await
        .ok(200)
        .to_string();
    assert!(
        !seen.contains("token:A") && !seen.contains("rejection") && !seen.contains("kiln"),
        "{seen}"
    );
    // and A, whose only live task there is gone, no longer sees the order
    app.send_as(&a, Method::GET, &format!("/api/v1/orders/{id}"), None)
        .await
        .problem(404, "not_found");
    let _ = line("x");
}

async fn security_events_are_audited(app: TestApp) {
    let (_, s) = app.category_with_suppliers("Cups", &["mug"], 1).await;
    let user = app
        .user(
            "audit@test.example",
            "operator",
            None,
            "well-kept-secret-99",
        )
        .await;
    app.login("audit@test.example", "well-kept-secret-99").await;
    let _ = app
        .send_as(
            &Auth::Anonymous,
            Method::POST,
            "/api/v1/auth/login",
            Some(&json!({"email": "audit@test.example", "password": "wrong-wrong-wrong"})),
        )
        .await;
    let (tid, _) = app.token("t", "supplier", Some(&s[0])).await;
    app.send(Method::DELETE, &format!("/api/v1/tokens/{tid}"), None, &[])
        .await
        .ok(200);
    app.patch(
        &format!("/api/v1/users/{}", user["id"].as_str().unwrap()),
        json!({"role": "admin"}),
    )
    .await
    .ok(200);
    // a wrong current password is a failed login, throttled like one
    let session = app.login("audit@test.example", "well-kept-secret-99").await;
    let guess = app.send_as(&session, Method::POST, "/api/v1/auth/password", Some(&json!({"current_password": "guess-guess-guess", "new_password": "brand-new-secret-7"}))).await;
    guess.problem(422, "wrong_password");
    let log = app.get("/api/v1/audit?limit=200").await.ok(200).clone();
    let failures = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "login_failed")
        .count();
    assert_eq!(
        failures, 2,
        "the wrong login and the wrong current password"
    );
    let kinds: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    for k in [
        "user_created",
        "login",
        "login_failed",
        "token_created",
        "token_revoked",
        "role_changed",
    ] {
        assert!(kinds.contains(&k), "{k} missing from {kinds:?}");
    }
    let failed = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "login_failed")
        .unwrap();
    assert_eq!(failed["subject"], "audit@test.example");
    assert_eq!(failed["ip"], "127.0.0.1");
    assert!(
        !log.to_string().contains("wrong-wrong-wrong"),
        "passwords are never logged"
    );
    let only = app
        .get("/api/v1/audit?kind=login_failed")
        .await
        .ok(200)
        .clone();
    assert!(
        only["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["kind"] == "login_failed")
    );
}
