//! What a task card says: the product to make, its personalisation, the
//! due date with "late" / "due today", and for staff who holds it — on the
//! board, in a status's list and on the order page, in the caller's scope.

use crate::helpers::TestApp;
use crate::web::{page, sign_in, sign_in_operator};
use reqwest::header::{ACCEPT_LANGUAGE, COOKIE};

crate::on_both_backends!(cards_say_what_to_make_and_when);

async fn cards_say_what_to_make_and_when(app: TestApp) {
    let (_, s) = app.category_with_suppliers("Mugs", &["mug"], 2).await;
    // each supplier's catalogue has the seller's SKU, with its own picture
    let mut pictures = Vec::new();
    for supplier in &s {
        pictures.push(app.product_with_picture(supplier, "MUG-350").await);
    }
    let order = app
        .order(
            "C-1",
            "purchasing",
            serde_json::json!([
                {"title": "Custom mug 350 ml", "quantity": 2, "unit_price": "12.00", "platform_sku": "mug-350",
                 "customization": {"Name": "Ada", "Colour": "navy"}},
                {"title": "Plain mug", "quantity": 1, "unit_price": "8.00"}
            ]),
        )
        .await
        .ok(201)
        .clone();
    let tasks = order["tasks"].as_array().unwrap();
    let custom = &tasks[0];
    assert_eq!(custom["supplier_id"], s[0].as_str());
    // the custom mug was due yesterday
    app.patch(
        &format!("/api/v1/tasks/{}", custom["id"].as_str().unwrap()),
        serde_json::json!({"due_at": "2020-01-01T09:00:00Z"}),
    )
    .await
    .ok(200);

    let (cookie, _) = sign_in_operator(&app).await;
    let staff = [(COOKIE.as_str(), cookie.as_str())];
    for path in ["/tasks", "/tasks?status=assigned"] {
        let (status, board) = page(&app, path, &staff).await;
        assert_eq!(status, 200, "{path}");
        for want in [
            "Custom mug 350 ml",
            "Plain mug",
            "Name: Ada",
            "Colour: navy",
            "late",
            "Mugs supplier 0",
            "Mugs supplier 1",
        ] {
            assert!(board.contains(want), "{path}: {want} in {board}");
        }
    }
    // the holder's own product picture on the card, matched by the SKU
    let (_, board) = page(&app, "/tasks", &staff).await;
    assert!(
        board.contains(&format!(r#"<img class="card-pic" src="{}""#, pictures[0])),
        "{board}"
    );
    assert!(
        !board.contains(&pictures[1]),
        "not another supplier's picture: {board}"
    );
    // chips carry their status's family beside the text
    let (_, list) = page(&app, "/tasks?status=assigned", &staff).await;
    assert!(
        list.contains(r#"<span class="status waiting">Assigned</span>"#),
        "{list}"
    );
    let (_, orders) = page(&app, "/orders", &staff).await;
    assert!(
        orders.contains(r#"<span class="status working">Purchasing</span>"#),
        "{orders}"
    );
    let (_, order_page) = page(
        &app,
        &format!("/orders/{}", order["id"].as_str().unwrap()),
        &staff,
    )
    .await;
    assert!(order_page.contains("class=\"late\""), "{order_page}");
    // where it goes, the money, and who makes each line and how far it is
    for want in [
        "<address>Ada Lovelace<br>ada@example.com<br>London<br>GB</address>",
        "<dt>Items</dt><dd class=\"num\">$32.00</dd>",
        // no total given: computed from the lines and stored
        "<dt>Total</dt><dd class=\"num\">$32.00</dd>",
        "Mugs supplier 0 <span class=\"status waiting\">Assigned</span>",
        "Mugs supplier 1 <span class=\"status waiting\">Assigned</span>",
    ] {
        assert!(order_page.contains(want), "{want}: {order_page}");
    }
    // money as each language writes it: US$ in Chinese, grouped digits
    let (_, zh) = page(
        &app,
        &format!("/orders/{}", order["id"].as_str().unwrap()),
        &[staff[0], (ACCEPT_LANGUAGE.as_str(), "zh-CN")],
    )
    .await;
    assert!(zh.contains(r#"<dd class="num">US$32.00</dd>"#), "{zh}");

    // each supplier sees its own line's product, not the other's
    for (i, (mine, theirs)) in [
        ("Custom mug 350 ml", "Plain mug"),
        ("Plain mug", "Custom mug 350 ml"),
    ]
    .into_iter()
    .enumerate()
    {
        let email = format!("maker{i}@cards.example");
        app.user(&email, "supplier", Some(&s[i]), "kiln-fired-42-pots")
            .await;
        let (cookie, _) = sign_in(&app, &email, "kiln-fired-42-pots").await;
        let (_, board) = page(&app, "/tasks", &[(COOKIE.as_str(), &cookie)]).await;
        assert!(board.contains(mine), "{email}: {board}");
        assert!(!board.contains("Mugs supplier"), "a supplier is the holder");
        assert!(!board.contains(theirs), "{email} sees another's line");
        assert!(!board.contains("12.00"), "no prices for a supplier");
        let (_, theirs_page) = page(
            &app,
            &format!("/orders/{}", order["id"].as_str().unwrap()),
            &[(COOKIE.as_str(), &cookie)],
        )
        .await;
        assert!(
            theirs_page.contains("London<br>GB</address>"),
            "where to ship: {theirs_page}"
        );
        assert!(
            !theirs_page.contains("32.00")
                && !theirs_page.contains("12.00")
                && !theirs_page.contains("ada@example.com"),
            "{theirs_page}"
        );
    }
}
