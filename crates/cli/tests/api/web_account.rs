//! A user's own account in the browser: the language picked from the menu
//! stays on that browser while the profile's is every device's default;
//! times move with the chosen time zone; a password change and "sign out
//! everywhere else" end the other sessions.

use crate::helpers::TestApp;
use crate::web::{follow, page, post_form, sign_in, sign_in_operator};
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};

crate::on_both_backends!(
    a_user_sets_up_their_own_account,
    a_plain_http_sign_in_says_why_it_cannot_work
);

const OPS: (&str, &str) = ("ops@web.example", "correct-horse-battery-9");

async fn a_user_sets_up_their_own_account(app: TestApp) {
    let (_, _) = app.category_with_suppliers("Mugs", &["mug"], 1).await;
    let order = app
        .order(
            "Z-1",
            "purchasing",
            serde_json::json!([crate::helpers::line("Mug")]),
        )
        .await
        .ok(201)
        .clone();
    let task = order["tasks"][0]["id"].as_str().unwrap().to_owned();
    app.patch(
        &format!("/api/v1/tasks/{task}"),
        serde_json::json!({"due_at": "2026-12-03T23:30:00Z"}),
    )
    .await
    .ok(200);
    let (laptop, csrf) = sign_in_operator(&app).await;
    let (phone, _) = sign_in(&app, OPS.0, OPS.1).await;
    let task_page = format!("/tasks/{task}");
    let view = |cookie: String, path: String| {
        let app = &app;
        async move { page(app, &path, &[(COOKIE.as_str(), &cookie)]).await.1 }
    };

    // the menu's language is this browser's only
    let res = crate::web::browser()
        .get(format!("{}/lang/zh-CN", app.base))
        .header(COOKIE, &laptop)
        .header("referer", format!("{}/orders", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()[LOCATION], "/orders");
    let lang = res.headers()[SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let laptop_zh = format!("{laptop}; {lang}");
    assert!(
        view(laptop_zh.clone(), "/orders".into())
            .await
            .contains(r#"<html lang="zh-CN" "#)
    );
    assert!(
        view(phone.clone(), "/orders".into())
            .await
            .contains(r#"<html lang="en" "#)
    );
    // times: UTC with nothing chosen, the browser's zone from its cookie
    let due = view(phone.clone(), task_page.clone()).await;
    assert!(due.contains("2026-12-03 23:30 UTC"), "{due}");
    let tokyo = format!("{phone}; tz=Asia%2FTokyo");
    assert!(
        view(tokyo, task_page.clone())
            .await
            .contains("2026-12-04 08:30 JST")
    );

    // the profile: a default language and a time zone for every device
    let save = |zone: &'static str| {
        let form = vec![
            ("display_name", "Ops Lead"),
            ("language", "zh-CN"),
            ("time_zone", zone),
        ];
        post_form(&app, &laptop_zh, &csrf, "/account", form)
    };
    let refused = save("Mars/Olympus").await.unwrap();
    assert_eq!(refused.status(), 422);
    let body = refused.text().await.unwrap();
    assert!(
        body.contains(r#"id="time_zone-error""#) && body.contains(r#"value="Ops Lead""#),
        "{body}"
    );
    let saved = save("Asia/Shanghai").await.unwrap();
    let cleared = saved
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .any(|v| v.to_str().unwrap().starts_with("lang=;"));
    assert!(cleared, "this browser now follows the saved default");
    let (to, body) = follow(&app, saved, &[(COOKIE.as_str(), laptop.as_str())]).await;
    assert_eq!(to, "/account");
    assert!(body.contains("设置已保存。"), "{body}");
    let phone_view = view(phone.clone(), task_page.clone()).await;
    assert!(
        phone_view.contains(r#"<html lang="zh-CN" "#),
        "the default follows to the phone"
    );
    assert!(phone_view.contains("2026-12-04 07:30 CST"), "{phone_view}");
    assert!(phone_view.contains("Ops Lead"));
    // the edit form reads and writes the same wall clock
    assert!(
        phone_view.contains(r#"value="2026-12-04T07:30""#),
        "{phone_view}"
    );
    let users = app.get("/api/v1/users").await.ok(200).clone();
    let me = users
        .as_array()
        .or(users["items"].as_array())
        .unwrap()
        .iter()
        .find(|u| u["email"] == OPS.0)
        .unwrap()
        .clone();
    assert_eq!(
        (me["language"].as_str(), me["time_zone"].as_str()),
        (Some("zh-CN"), Some("Asia/Shanghai"))
    );
    save("America/New_York").await.unwrap();
    assert!(
        view(phone.clone(), task_page.clone())
            .await
            .contains("2026-12-03 18:30 EST")
    );

    // both sessions listed; sign out everywhere else ends the phone's
    let account = view(laptop.clone(), "/account".into()).await;
    assert_eq!(
        account.matches("<tr>").count(),
        3,
        "a header and two sessions: {account}"
    );
    assert!(account.contains("当前浏览器"), "{account}");
    let ended = post_form(&app, &laptop, &csrf, "/account/sessions/end-others", vec![]);
    let (_, body) = follow(
        &app,
        ended.await.unwrap(),
        &[(COOKIE.as_str(), laptop.as_str())],
    )
    .await;
    assert!(body.contains("已退出其他 1 个会话。"), "{body}");
    let gone = crate::web::browser()
        .get(format!("{}/orders", app.base))
        .header(COOKIE, &phone)
        .send()
        .await
        .unwrap();
    assert_eq!(gone.headers()[LOCATION], "/login");

    // the password: a wrong current one is refused beside it; a right one
    // opens a new session here and ends the rest
    let change = |current: &'static str| {
        let form = vec![
            ("current_password", current),
            ("new_password", "a-brand-new-passphrase-7"),
        ];
        post_form(&app, &laptop, &csrf, "/account/password", form)
    };
    let wrong = change("not-my-password-at-all").await.unwrap();
    assert_eq!(wrong.status(), 422);
    assert!(
        wrong
            .text()
            .await
            .unwrap()
            .contains(r#"id="current_password-error""#)
    );
    let (phone, _) = sign_in(&app, OPS.0, OPS.1).await;
    let changed = change(OPS.1).await.unwrap();
    assert_eq!(changed.status(), 303);
    let fresh = changed
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_owned())
        .find(|v| v.starts_with("orderhub_session="))
        .expect("a new session for this browser");
    let (_, body) = follow(&app, changed, &[(COOKIE.as_str(), fresh.as_str())]).await;
    assert!(body.contains("密码已修改"), "{body}");
    for old in [laptop, phone] {
        let res = crate::web::browser()
            .get(format!("{}/orders", app.base))
            .header(COOKIE, &old)
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()[LOCATION], "/login", "{old}");
    }
    sign_in(&app, OPS.0, "a-brand-new-passphrase-7").await;
}

/// Over plain HTTP on another machine's address a browser drops the
/// `Secure` session cookie: the form says so instead of coming back empty.
async fn a_plain_http_sign_in_says_why_it_cannot_work(app: TestApp) {
    app.user(OPS.0, "operator", None, OPS.1).await;
    let sign_in_from = |host: &'static str| {
        crate::web::browser()
            .post(format!("{}/login", app.base))
            .header("host", host)
            .header("origin", format!("http://{host}"))
            .form(&[("email", OPS.0), ("password", OPS.1)])
            .send()
    };
    let res = sign_in_from("192.168.1.20:8080").await.unwrap();
    assert_eq!(res.status(), 403);
    assert!(res.headers().get(SET_COOKIE).is_none(), "no session opened");
    let body = res.text().await.unwrap();
    assert!(
        body.contains("opened over plain HTTP") && body.contains("--secure-cookies false"),
        "{body}"
    );
    assert!(
        body.contains(&format!(r#"value="{}""#, OPS.0)),
        "the e-mail kept: {body}"
    );
    // on this machine browsers keep it: signed in
    let res = sign_in_from("localhost:8080").await.unwrap();
    assert_eq!(res.status(), 303);
}
