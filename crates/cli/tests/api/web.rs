//! The web app over HTTP: pages render in the user's language, the form
//! sign-in and sign-out work with the session cookie and its CSRF token,
//! pages need a session.

use crate::helpers::TestApp;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT_LANGUAGE, COOKIE, LOCATION, SET_COOKIE};

crate::on_both_backends!(
    pages_speak_the_users_language,
    form_sign_in_and_sign_out,
    pages_need_a_session
);

/// A browser-like client that does not follow redirects.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

async fn page(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> (StatusCode, String) {
    let mut req = browser().get(format!("{}{path}", app.base));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = req.send().await.expect("page");
    let status = res.status();
    (status, res.text().await.expect("body"))
}

async fn pages_speak_the_users_language(app: TestApp) {
    let (status, en) = page(&app, "/login", &[]).await;
    assert_eq!(status, 200);
    assert!(en.contains(r#"<html lang="en">"#), "{en}");
    assert!(en.contains(r#"<form method="post" action="/login">"#));
    assert!(en.contains(r#"<label for="email">E-mail</label>"#));
    let (_, zh) = page(
        &app,
        "/login",
        &[(ACCEPT_LANGUAGE.as_str(), "zh-CN,zh;q=0.9")],
    )
    .await;
    assert!(zh.contains(r#"<html lang="zh-CN">"#));
    assert!(zh.contains("<h1>登录</h1>"), "{zh}");
    // the user's choice (cookie) wins over the browser's header
    let (_, chosen) = page(
        &app,
        "/login",
        &[
            (ACCEPT_LANGUAGE.as_str(), "zh-CN"),
            (COOKIE.as_str(), "lang=en"),
        ],
    )
    .await;
    assert!(chosen.contains("<h1>Sign in</h1>"));
    let res = browser()
        .get(format!("{}/lang/zh-CN", app.base))
        .header("referer", format!("{}/login", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()[LOCATION], "/login");
    assert!(
        res.headers()[SET_COOKIE]
            .to_str()
            .unwrap()
            .starts_with("lang=zh-CN;")
    );
}

async fn form_sign_in_and_sign_out(app: TestApp) {
    app.user(
        "ops@web.example",
        "operator",
        None,
        "correct-horse-battery-9",
    )
    .await;
    let sign_in = |password: &'static str, lang: &'static str| {
        browser()
            .post(format!("{}/login", app.base))
            .header(ACCEPT_LANGUAGE, lang)
            .form(&[("email", "ops@web.example"), ("password", password)])
            .send()
    };
    // refused: the same form again, the e-mail kept, the reason in the user's language
    let res = sign_in("wrong-password-123", "zh-CN").await.unwrap();
    assert_eq!(res.status(), 401);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let body = res.text().await.unwrap();
    assert!(body.contains("邮箱或密码错误"), "{body}");
    assert!(body.contains(r#"value="ops@web.example""#));

    let res = sign_in("correct-horse-battery-9", "en").await.unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()[LOCATION], "/");
    let set = res.headers()[SET_COOKIE].to_str().unwrap().to_owned();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax"),
        "{set}"
    );
    let cookie = set.split(';').next().unwrap().to_owned();

    let (status, home) = page(&app, "/", &[(COOKIE.as_str(), &cookie)]).await;
    assert_eq!(status, 200);
    assert!(
        home.contains("ops@web.example") || home.contains("<strong>"),
        "{home}"
    );
    assert!(home.contains("Operator"));
    let csrf = home
        .split(r#"name="csrf" value=""#)
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("csrf field")
        .to_owned();

    let (status, workflow) = page(&app, "/workflow", &[(COOKIE.as_str(), &cookie)]).await;
    assert_eq!(status, 200);
    assert_eq!(workflow.matches("<svg").count(), 2);
    assert!(workflow.contains("Needs attention") && workflow.contains("Shipped"));

    // signing out needs the session's CSRF token
    let out = |token: String| {
        browser()
            .post(format!("{}/logout", app.base))
            .header(COOKIE, cookie.clone())
            .form(&[("csrf", token)])
            .send()
    };
    assert_eq!(out("not-the-token".into()).await.unwrap().status(), 403);
    let res = out(csrf).await.unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()[LOCATION], "/login");
    let (status, _) = page(&app, "/", &[(COOKIE.as_str(), &cookie)]).await;
    assert_eq!(status, 303, "the old cookie no longer signs in");
}

async fn pages_need_a_session(app: TestApp) {
    for path in ["/", "/workflow"] {
        let res = browser()
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "{path}");
        assert_eq!(res.headers()[LOCATION], "/login");
    }
    let css = browser()
        .get(format!("{}/assets/app.css", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(css.headers()["content-type"], "text/css; charset=utf-8");
}
