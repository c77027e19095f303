//! Accounts in the browser: an admin invites a supplier's user, who follows
//! the one-time link, chooses a password and is signed in; the link works
//! once; operators cannot reach the page.

use crate::helpers::TestApp;
use crate::web::{follow, page, post_form, sign_in, sign_in_operator};
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};

crate::on_both_backends!(
    an_admin_invites_a_supplier_user,
    the_dashboard_lists_first_steps_until_they_are_done,
    the_last_admin_stays_one
);

async fn an_admin_invites_a_supplier_user(app: TestApp) {
    let (_, s) = app.category_with_suppliers("Mugs", &["mug"], 1).await;
    app.user("boss@web.example", "admin", None, "correct-horse-admin-9")
        .await;
    let (admin, csrf) = sign_in(&app, "boss@web.example", "correct-horse-admin-9").await;
    let c = [(COOKIE.as_str(), admin.as_str())];
    let (status, list) = page(&app, "/users", &c).await;
    assert_eq!(status, 200);
    assert!(
        list.contains("boss@web.example") && list.contains(r#"action="/users""#),
        "{list}"
    );

    // a refusal keeps what was typed (never the password)
    let bad = vec![
        ("email", "not-an-address"),
        ("role", "supplier"),
        ("supplier", &s[0]),
        ("display_name", "Li Wei"),
    ];
    let res = post_form(&app, &admin, &csrf, "/users", bad).await.unwrap();
    assert_eq!(res.status(), 422);
    let body = res.text().await.unwrap();
    assert!(
        body.contains(r#"id="email-error""#) && body.contains(r#"value="Li Wei""#),
        "{body}"
    );

    // invited: the link is shown once
    let form = vec![
        ("email", "li@kiln.example"),
        ("role", "supplier"),
        ("supplier", &s[0]),
        ("display_name", "Li Wei"),
    ];
    let res = post_form(&app, &admin, &csrf, "/users", form)
        .await
        .unwrap();
    let (to, body) = follow(&app, res, &c).await;
    assert_eq!(to, "/users");
    let link = crate::web::shown_once(&body);
    assert!(link.starts_with(&format!("{}/invite/", app.base)), "{link}");
    assert!(body.contains("invited; the link works until"), "{body}");
    // the account cannot sign in before the link is used
    let res = crate::web::browser()
        .post(format!("{}/login", app.base))
        .form(&[("email", "li@kiln.example"), ("password", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);

    // the invited person: a password too short is refused, the link still works
    let path = link.trim_start_matches(&app.base).to_owned();
    let (status, form) = page(&app, &path, &[]).await;
    assert_eq!(status, 200);
    assert!(form.contains("li@kiln.example"), "{form}");
    let set = |password: &'static str| {
        crate::web::browser()
            .post(&link)
            .header("origin", app.base.clone())
            .form(&[("password", password)])
            .send()
    };
    let short = set("short").await.unwrap();
    assert_eq!(short.status(), 422);
    assert!(
        short
            .text()
            .await
            .unwrap()
            .contains(r#"id="password-error""#)
    );
    let done = set("glazed-and-fired-2026").await.unwrap();
    assert_eq!(
        done.headers()[LOCATION],
        "/tasks",
        "a supplier's first page"
    );
    let session = done
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_owned())
        .find(|v| v.starts_with("orderhub_session="))
        .expect("signed in");
    let (_, home) = follow(&app, done, &[(COOKIE.as_str(), session.as_str())]).await;
    assert!(
        home.contains("Welcome! Signed in as li@kiln.example."),
        "{home}"
    );
    // the link worked once
    assert_eq!(page(&app, &path, &[]).await.0, 410);
    assert_eq!(set("another-password-2026").await.unwrap().status(), 410);
    let (li, li_csrf) = sign_in(&app, "li@kiln.example", "glazed-and-fired-2026").await;
    let (_, list) = page(&app, "/users", &c).await;
    // a password link made before a password change dies with it
    let li_id = list
        .split(r#"<a href="/users/"#)
        .find(|r| r.contains(">li@kiln.example</a>"))
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_owned();
    let new_link = format!("/users/{li_id}/link");
    let res = post_form(&app, &admin, &csrf, &new_link, vec![]);
    let (_, body) = follow(&app, res.await.unwrap(), &c).await;
    let reset = crate::web::shown_once(&body)
        .trim_start_matches(&app.base)
        .to_owned();
    assert_eq!(page(&app, &reset, &[]).await.0, 200, "the new link works");
    let change = vec![
        ("current_password", "glazed-and-fired-2026"),
        ("new_password", "kiln-fired-celadon-27"),
    ];
    let res = post_form(&app, &li, &li_csrf, "/account/password", change)
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(
        page(&app, &reset, &[]).await.0,
        410,
        "voided by the password change"
    );
    assert!(!list.contains("invited; the link works until"), "{list}");

    // an operator is sent away
    let (ops, _) = sign_in_operator(&app).await;
    let res = crate::web::browser()
        .get(format!("{}/users", app.base))
        .header(COOKIE, ops)
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()[LOCATION], "/");
}

/// A new installation's dashboard says what to set up first, each step a
/// link, and drops each step once it is done.
async fn the_dashboard_lists_first_steps_until_they_are_done(app: TestApp) {
    app.user("boss@first.example", "admin", None, "correct-horse-admin-9")
        .await;
    let (admin, _) = sign_in(&app, "boss@first.example", "correct-horse-admin-9").await;
    let c = [(COOKIE.as_str(), admin.as_str())];
    let (_, home) = page(&app, "/", &c).await;
    for link in ["/categories/new", "/suppliers/new", "/channels", "/users"] {
        assert!(
            home.contains(&format!(r#"<li><a href="{link}">"#)),
            "{link}: {home}"
        );
    }
    app.category_with_suppliers("Mugs", &["mug"], 1).await;
    let (_, home) = page(&app, "/", &c).await;
    assert!(
        !home.contains(r#"<li><a href="/categories/new">"#),
        "{home}"
    );
    assert!(!home.contains(r#"<li><a href="/suppliers/new">"#), "{home}");
    assert!(home.contains(r#"<li><a href="/channels">"#), "{home}");
    app.post(
        "/api/v1/channels",
        serde_json::json!({"kind": "shopify", "name": "Maple & Quill"}),
    )
    .await
    .ok(201);
    app.user(
        "ops@first.example",
        "operator",
        None,
        "correct-horse-battery-9",
    )
    .await;
    let (_, home) = page(&app, "/", &c).await;
    assert!(!home.contains("first-steps"), "all done: {home}");
}

/// The last active administrator cannot be demoted or deactivated, from
/// the API or the page: nobody could manage accounts any more.
async fn the_last_admin_stays_one(app: TestApp) {
    let boss = app
        .user("boss@last.example", "admin", None, "correct-horse-admin-9")
        .await;
    let boss_id = boss["id"].as_str().unwrap().to_owned();
    let users = app.get("/api/v1/users").await.ok(200).clone();
    let all = users
        .as_array()
        .or(users["items"].as_array())
        .unwrap()
        .clone();
    for u in all
        .iter()
        .filter(|u| u["role"] == "admin" && u["id"] != boss_id.as_str())
    {
        let path = format!("/api/v1/users/{}", u["id"].as_str().unwrap());
        app.patch(&path, serde_json::json!({"active": false}))
            .await
            .ok(200);
    }
    let path = format!("/api/v1/users/{boss_id}");
    app.patch(&path, serde_json::json!({"role": "operator"}))
        .await
        .problem(409, "last_admin");
    app.patch(&path, serde_json::json!({"active": false}))
        .await
        .problem(409, "last_admin");
    // from the page: said beside the role, nothing changed
    let (admin, csrf) = sign_in(&app, "boss@last.example", "correct-horse-admin-9").await;
    let form = vec![
        ("display_name", "Boss"),
        ("role", "operator"),
        ("active", "on"),
    ];
    let res = post_form(&app, &admin, &csrf, &format!("/users/{boss_id}"), form)
        .await
        .unwrap();
    assert_eq!(res.status(), 422, "the form again");
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("make another administrator first")
    );
    assert_eq!(app.get(&path).await.ok(200)["role"], "admin");
}
