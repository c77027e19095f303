//! Every action says what it did: a form answers 303 to a page that shows
//! the outcome once (post/redirect/get), and a retry that routed nothing
//! says which line still has no supplier and why, instead of coming back
//! silently.

use crate::helpers::{TestApp, line};
use crate::web::{follow, page, post_form, sign_in, sign_in_operator};
use reqwest::header::COOKIE;

crate::on_both_backends!(actions_say_what_they_did);

async fn actions_say_what_they_did(app: TestApp) {
    let (_, s) = app.category_with_suppliers("Mugs", &["mug"], 2).await;
    let lines = serde_json::json!([line("Mug"), line("Wooden keychain")]);
    let order = app.order("F-1", "purchasing", lines).await.ok(201).clone();
    assert_eq!(order["status"], "needs_attention");
    let id = order["id"].as_str().unwrap().to_owned();
    let (cookie, csrf) = sign_in_operator(&app).await;
    let c = [(COOKIE.as_str(), cookie.as_str())];
    let path = format!("/orders/{id}/move");

    // retry with the cause unfixed: a warning naming the line and why
    let retry = post_form(&app, &cookie, &csrf, &path, vec![("to", "purchasing")]);
    let (to, body) = follow(&app, retry.await.unwrap(), &c).await;
    assert_eq!(to, format!("/orders/{id}"));
    assert!(
        body.contains(r#"class="flash warning" role="alert""#),
        "{body}"
    );
    assert!(
        body.contains("Nothing routed: order F-1 still needs attention.")
            && body.contains("Line 2:"),
        "{body}"
    );
    // the same in Chinese
    let zh_cookie = format!("{cookie}; lang=zh-CN");
    let zh = [(COOKIE.as_str(), zh_cookie.as_str())];
    let retry = post_form(&app, &zh_cookie, &csrf, &path, vec![("to", "purchasing")]);
    let (_, body) = follow(&app, retry.await.unwrap(), &zh).await;
    assert!(
        body.contains("未能分配：订单 F-1 仍需处理。第 2 行："),
        "{body}"
    );
    // shown once: the next view of the page has no message
    let (_, again) = page(&app, &format!("/orders/{id}"), &c).await;
    assert!(!again.contains(r#"class="flash"#), "{again}");

    // a task move says which task and where it is now
    let task = order["tasks"][0]["id"].as_str().unwrap().to_owned();
    let to = format!("/tasks/{task}/reassign");
    let form = vec![("supplier_id", s[1].as_str()), ("back", "/tasks")];
    let reassign = post_form(&app, &cookie, &csrf, &to, form);
    let (to, body) = follow(&app, reassign.await.unwrap(), &c).await;
    assert_eq!(to, "/tasks");
    assert!(
        body.contains(r#"class="flash done" role="status""#)
            && body.contains("given to Mugs supplier 1."),
        "{body}"
    );
    // a flash from another session is not shown (it is signed per session)
    let (other, _) = sign_in(&app, "ops@web.example", "correct-horse-battery-9").await;
    let to = format!("/tasks/{task}/move");
    let form = vec![("to", "cancelled"), ("reason", "test"), ("back", "/tasks")];
    let moved = post_form(&app, &cookie, &csrf, &to, form);
    let (_, theirs) = follow(&app, moved.await.unwrap(), &[(COOKIE.as_str(), &other)]).await;
    assert!(!theirs.contains(r#"class="flash"#), "{theirs}");
}
