//! Saved views: filters kept under a name, one's own or shared with the
//! team by staff; a supplier's stay private; only what the list filters by
//! is kept.

use crate::helpers::TestApp;
use crate::web::{follow, page, post_form, sign_in, sign_in_operator};
use reqwest::header::COOKIE;

crate::on_both_backends!(filters_are_saved_as_views_and_shared);

async fn filters_are_saved_as_views_and_shared(app: TestApp) {
    let (_, s) = app.category_with_suppliers("Mugs", &["mug"], 1).await;
    let (ops, csrf) = sign_in_operator(&app).await;
    let c = [(COOKIE.as_str(), ops.as_str())];
    let (_, list) = page(&app, "/orders?status=shipped&cursor=0190", &c).await;
    assert!(
        list.contains(r#"<input type="hidden" name="query" value="status=shipped">"#),
        "the filters in use, never the page: {list}"
    );
    // shared with the team; the list's own names only
    let form = vec![
        ("page", "orders"),
        ("name", "Shipped"),
        ("query", "status=shipped&cursor=x&evil=1"),
        ("shared", "on"),
    ];
    let res = post_form(&app, &ops, &csrf, "/views", form).await.unwrap();
    let (to, body) = follow(&app, res, &c).await;
    assert_eq!(to, "/orders?status=shipped");
    assert!(body.contains("View Shipped saved."), "{body}");
    assert!(
        body.contains(r#"<span class="view current"><a href="/orders?status=shipped">Shipped</a>"#),
        "{body}"
    );
    // a value that decodes to a control character is kept encoded
    let odd = vec![("page", "orders"), ("name", "Odd"), ("query", "q=a%0Ab")];
    let res = post_form(&app, &ops, &csrf, "/views", odd).await.unwrap();
    let (to, _) = follow(&app, res, &c).await;
    assert_eq!(to, "/orders?q=a%0Ab");
    let private = vec![
        ("page", "orders"),
        ("name", "Mine"),
        ("query", "platform=etsy"),
    ];
    post_form(&app, &ops, &csrf, "/views", private)
        .await
        .unwrap();

    // another operator: the shared one, not removable; not the private one
    app.user(
        "ops2@web.example",
        "operator",
        None,
        "correct-horse-battery-8",
    )
    .await;
    let (ops2, _) = sign_in(&app, "ops2@web.example", "correct-horse-battery-8").await;
    let (_, theirs) = page(&app, "/orders", &[(COOKIE.as_str(), &ops2)]).await;
    assert!(
        theirs.contains(">Shipped</a>") && !theirs.contains(">Mine</a>"),
        "{theirs}"
    );
    assert!(
        !theirs.contains("/views/"),
        "another's view cannot be removed: {theirs}"
    );

    // a supplier's view stays its own, even when it asks to share
    app.user(
        "maker@views.example",
        "supplier",
        Some(&s[0]),
        "kiln-fired-42-pots",
    )
    .await;
    let (maker, maker_csrf) = sign_in(&app, "maker@views.example", "kiln-fired-42-pots").await;
    let mine = vec![
        ("page", "tasks"),
        ("name", "To accept"),
        ("query", "status=assigned"),
        ("shared", "on"),
    ];
    let res = post_form(&app, &maker, &maker_csrf, "/views", mine)
        .await
        .unwrap();
    let (to, body) = follow(&app, res, &[(COOKIE.as_str(), &maker)]).await;
    assert_eq!(to, "/tasks?status=assigned");
    assert!(
        body.contains(">To accept</a>") && !body.contains("Share with the team"),
        "{body}"
    );
    let (_, staff_tasks) = page(&app, "/tasks", &c).await;
    assert!(!staff_tasks.contains("To accept"), "{staff_tasks}");

    // removing one's own
    let id = list_view_id(&page(&app, "/orders", &c).await.1, "Mine");
    let remove = format!("/views/{id}/delete");
    let gone = post_form(&app, &ops, &csrf, &remove, vec![("page", "orders")]);
    let (_, body) = follow(&app, gone.await.unwrap(), &c).await;
    assert!(
        body.contains("View removed.") && !body.contains(">Mine</a>"),
        "{body}"
    );
}

/// The id in the removal form of the view named `name`.
fn list_view_id(page: &str, name: &str) -> String {
    let at = page.find(&format!(">{name}</a>")).expect("the view");
    page[at..]
        .split("/views/")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap()
        .to_owned()
}
