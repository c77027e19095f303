//! API tokens in the browser: an admin makes one (shown once) that then
//! works on the API and can be revoked; a supplier sees and makes only its
//! own; an operator is sent away.

use crate::helpers::TestApp;
use crate::web::{follow, page, post_form, sign_in, sign_in_operator};
use reqwest::header::{COOKIE, LOCATION};

crate::on_both_backends!(tokens_are_made_used_and_revoked_in_the_browser);

async fn tokens_are_made_used_and_revoked_in_the_browser(app: TestApp) {
    let (_, s) = app.category_with_suppliers("Mugs", &["mug"], 2).await;
    app.user(
        "boss@tokens.example",
        "admin",
        None,
        "correct-horse-admin-9",
    )
    .await;
    let (admin, csrf) = sign_in(&app, "boss@tokens.example", "correct-horse-admin-9").await;
    let c = [(COOKIE.as_str(), admin.as_str())];
    let form = vec![
        ("name", "erp-sync"),
        ("role", "operator"),
        ("supplier", ""),
        ("expires", ""),
    ];
    let res = post_form(&app, &admin, &csrf, "/tokens", form)
        .await
        .unwrap();
    let (to, body) = follow(&app, res, &c).await;
    assert_eq!(to, "/tokens");
    let secret = crate::web::shown_once(&body);
    let api = |token: String| {
        crate::web::browser()
            .get(format!("{}/api/v1/orders", app.base))
            .bearer_auth(token)
            .send()
    };
    assert_eq!(api(secret.clone()).await.unwrap().status(), 200);
    let (_, list) = page(&app, "/tokens", &c).await;
    assert!(
        list.contains("erp-sync") && !list.contains(&secret),
        "shown once: {list}"
    );
    // a date in the past is refused beside its field
    let past = vec![
        ("name", "old"),
        ("role", "operator"),
        ("expires", "2020-01-01"),
    ];
    let res = post_form(&app, &admin, &csrf, "/tokens", past)
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains(r#"value="old""#));
    // revoked: the API refuses it at once
    let id = list
        .split("/tokens/")
        .filter_map(|r| r.split("/revoke").next())
        .find(|id| !id.contains('"') && !id.is_empty())
        .unwrap()
        .to_owned();
    let revoke = format!("/tokens/{id}/revoke");
    let res = post_form(&app, &admin, &csrf, &revoke, vec![("confirm", "on")]);
    let (_, body) = follow(&app, res.await.unwrap(), &c).await;
    assert!(body.contains("Token erp-sync revoked."), "{body}");
    assert_eq!(api(secret).await.unwrap().status(), 401);

    // a supplier: its own tokens only, no role to pick
    app.user(
        "maker@tokens.example",
        "supplier",
        Some(&s[0]),
        "kiln-fired-42-pots",
    )
    .await;
    let (maker, maker_csrf) = sign_in(&app, "maker@tokens.example", "kiln-fired-42-pots").await;
    let (_, mine) = page(&app, "/tokens", &[(COOKIE.as_str(), &maker)]).await;
    assert!(
        !mine.contains(">erp-sync<") && !mine.contains(r#"id="role""#),
        "{mine}"
    );
    let res = post_form(
        &app,
        &maker,
        &maker_csrf,
        "/tokens",
        vec![("name", "shop-floor")],
    );
    let (_, mine) = follow(&app, res.await.unwrap(), &[(COOKIE.as_str(), &maker)]).await;
    assert!(mine.contains("Token shop-floor created."), "{mine}");
    // it acts for that supplier only: its tasks, not the other's
    let own = crate::web::shown_once(&mine);
    let res = crate::web::browser()
        .get(format!("{}/api/v1/suppliers", app.base))
        .bearer_auth(own)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403, "a supplier's token is not staff");

    // an operator is sent away
    let (ops, _) = sign_in_operator(&app).await;
    let res = crate::web::browser()
        .get(format!("{}/tokens", app.base))
        .header(COOKIE, ops)
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()[LOCATION], "/");
}
