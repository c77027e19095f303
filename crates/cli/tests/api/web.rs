//! The web app over HTTP: pages render in the user's language, the form
//! sign-in and sign-out work with the session cookie and its CSRF token,
//! pages need a session.

use crate::helpers::TestApp;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT_LANGUAGE, COOKIE, LOCATION, SET_COOKIE};

crate::on_both_backends!(
    pages_speak_the_users_language,
    form_sign_in_and_sign_out,
    pages_need_a_session,
    supplier_works_its_tasks_in_the_portal,
    operator_dashboard_shows_the_figures,
    operator_releases_and_cancels_from_the_order_page,
    operator_adds_a_supplier_with_the_form,
    operator_adds_a_category_with_a_sku_preview,
    automation_history_explains_each_routing,
    operator_enters_an_order_by_hand,
    forms_refuse_bad_and_foreign_input,
    operator_filters_and_sorts_orders,
    task_page_keeps_production_times_and_notes,
    tasks_board_has_a_column_per_status_and_filters,
    operator_edits_a_supplier_and_a_category,
    operator_reassigns_a_task_from_the_order_page,
    operator_adds_a_sales_channel,
    webhook_endpoints_from_the_web_app
);

/// Malformed, missing, oversized or foreign-scoped form input gets a clear
/// refusal and changes nothing.
async fn forms_refuse_bad_and_foreign_input(app: TestApp) {
    let (_, s) = app.category_with_suppliers("Mugs", &["mug"], 2).await;
    let order = app
        .order(
            "B-1",
            "purchasing",
            serde_json::json!([crate::helpers::line("Mug")]),
        )
        .await
        .ok(201)
        .clone();
    let task = order["tasks"][0]["id"].as_str().unwrap().to_owned();
    let owner = order["tasks"][0]["supplier_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let other = if owner == s[0] { &s[1] } else { &s[0] };
    app.user(
        "other@web.example",
        "supplier",
        Some(other),
        "kiln-fired-43-pots",
    )
    .await;
    let (cookie, csrf) = sign_in(&app, "other@web.example", "kiln-fired-43-pots").await;
    let post = |path: String, form: Vec<(&'static str, String)>| {
        browser()
            .post(format!("{}{path}", app.base))
            .header(COOKIE, cookie.clone())
            .form(&form)
            .send()
    };
    // another supplier's task: not found, nothing moves
    let res = post(
        format!("/tasks/{task}/move"),
        vec![
            ("csrf", csrf.clone()),
            ("to", "accepted".into()),
            ("back", "/tasks".into()),
        ],
    )
    .await
    .unwrap();
    let (to, body) = follow(&app, res, &[(COOKIE.as_str(), &cookie)]).await;
    assert_eq!(to, "/tasks");
    assert!(body.contains("Not found, or not yours to see."), "{body}");
    // no CSRF token, a missing field, an order move by a supplier: problems
    let res = post(
        format!("/tasks/{task}/move"),
        vec![("to", "accepted".into())],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 422);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let res = post(
        format!("/tasks/{task}/move"),
        vec![("csrf", "wrong".into()), ("to", "accepted".into())],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 403);
    let id = order["id"].as_str().unwrap();
    let res = post(
        format!("/orders/{id}/move"),
        vec![("csrf", csrf.clone()), ("to", "cancelled".into())],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    // a supplier cannot add suppliers
    let res = post(
        "/suppliers".into(),
        vec![("csrf", csrf.clone()), ("name", "Sneaky".into())],
    )
    .await
    .unwrap();
    assert_eq!(res.headers()[LOCATION], "/tasks");
    // an oversized form
    let res = post(
        "/suppliers".into(),
        vec![("csrf", csrf.clone()), ("name", "x".repeat(3 << 20))],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 413);
    let stored = app
        .get(&format!("/api/v1/orders/{id}"))
        .await
        .ok(200)
        .clone();
    assert_eq!(stored["status"], "purchasing");
    assert_eq!(stored["tasks"][0]["status"], "assigned");
    let suppliers = app.get("/api/v1/suppliers").await.ok(200).clone();
    assert_eq!(suppliers.as_array().unwrap().len(), 2);
}

async fn operator_enters_an_order_by_hand(app: TestApp) {
    let (category, suppliers) = app.category_with_suppliers("Hats", &["hat"], 1).await;
    let (cookie, csrf) = operator(&app).await;
    let (status, form) = page(&app, "/orders/new", &[(COOKIE.as_str(), &cookie)]).await;
    assert_eq!(status, 200);
    assert!(form.contains(r#"name="title_4""#), "five rows of lines");
    let post = |fields: Vec<(&'static str, &'static str)>| {
        let mut body = vec![("csrf", csrf.clone())];
        body.extend(fields.into_iter().map(|(k, v)| (k, v.to_owned())));
        browser()
            .post(format!("{}/orders", app.base))
            .header(COOKIE, cookie.clone())
            .header(ACCEPT_LANGUAGE, "zh-CN")
            .form(&body)
            .send()
    };
    let order = vec![
        ("platform", "manual"),
        ("external_number", "PHONE-7"),
        ("customer_name", "王芳"),
        ("currency", "CNY"),
        ("status", "purchasing"),
        ("payment_status", "paid"),
        ("title_0", "Straw hat"),
        ("quantity_0", "2"),
        ("unit_price_0", "45.00"),
        ("note_0", "刺绣：芳"),
    ];
    // a wrong currency: refused by the field, in Chinese, the lines kept
    let mut bad = order.clone();
    bad[3] = ("currency", "XXX");
    let res = post(bad).await.unwrap();
    assert_eq!(res.status(), 422);
    let body = res.text().await.unwrap();
    assert!(
        body.contains(r#"<p class="error" id="currency-error">不是有效的 ISO 4217 币种代码。</p>"#),
        "{body}"
    );
    assert!(body.contains(r#"value="Straw hat""#) && body.contains("刺绣：芳"));
    let res = post(order).await.unwrap();
    assert_eq!(res.status(), 303);
    let location = res.headers()[LOCATION].to_str().unwrap().to_owned();
    let (_, shown) = page(&app, &location, &[(COOKIE.as_str(), &cookie)]).await;
    assert!(
        shown.contains("PHONE-7") && shown.contains("Straw hat"),
        "{shown}"
    );
    let id = location.trim_start_matches("/orders/");
    let stored = app
        .get(&format!("/api/v1/orders/{id}"))
        .await
        .ok(200)
        .clone();
    assert_eq!(stored["tasks"][0]["supplier_id"], suppliers[0].as_str());
    assert_eq!(stored["lines"][0]["category_id"], category.as_str());
    assert_eq!(stored["lines"][0]["customization"]["note"], "刺绣：芳");
    assert_eq!(stored["total_amount"], "90.00");
    assert_eq!(stored["payment_status"], "paid", "paid already, as ticked");
}

async fn automation_history_explains_each_routing(app: TestApp) {
    let (_, s) = app.category_with_suppliers("Mugs", &["mug"], 2).await;
    app.order(
        "A-1",
        "purchasing",
        serde_json::json!([
            crate::helpers::line("Mug"),
            crate::helpers::line("Wooden spoon")
        ]),
    )
    .await
    .ok(201);
    let (cookie, _) = operator(&app).await;
    let (status, history) = page(&app, "/automation", &[(COOKIE.as_str(), &cookie)]).await;
    assert_eq!(status, 200);
    assert!(history.contains("Mugs supplier 0 ✓"), "{history}");
    assert!(history.contains("Mugs supplier 1"));
    assert!(history.contains("Round robin · on release"));
    assert!(
        history.contains("Not routed: no category keyword"),
        "{history}"
    );
    // suppliers have no automation history
    assert_supplier_sent_to_tasks(&app, &s[0], "/automation").await;
}

async fn operator_adds_a_category_with_a_sku_preview(app: TestApp) {
    let (cookie, csrf) = operator(&app).await;
    let c = [(COOKIE.as_str(), cookie.as_str())];
    let (status, fragment) = page(
        &app,
        "/categories/sku-preview?sku_template=%7Bcategory%7D-%7Bseq%3A4%7D&sku_prefix=HAT",
        &c,
    )
    .await;
    assert_eq!(status, 200);
    assert!(fragment.contains("<code>HAT-0001</code>"), "{fragment}");
    let (_, bad) = page(&app, "/categories/sku-preview?sku_template=NOPE", &c).await;
    assert!(
        bad.contains(r#"class="error""#) && !bad.contains("<code>"),
        "{bad}"
    );
    // without JavaScript the Preview button re-renders the form as typed
    let (_, form) = page(
        &app,
        "/categories/new?name=Hats&sku_template=H%7Brand%3A6%7D",
        &c,
    )
    .await;
    assert!(
        form.contains(r#"value="Hats""#) && form.contains("<code>H"),
        "{form}"
    );
    let post = |template: &'static str| {
        browser()
            .post(format!("{}/categories", app.base))
            .header(COOKIE, cookie.clone())
            .form(&[
                ("csrf", csrf.as_str()),
                ("name", "Hats"),
                ("keywords", "hat, cap，帽"),
                ("sku_prefix", "HAT"),
                ("sku_template", template),
                ("strategy", "weighted"),
            ])
            .send()
    };
    let res = post("NOPE").await.unwrap();
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("This SKU template is not valid.")
    );
    let res = post("{category}-{seq:5}").await.unwrap();
    assert_eq!(res.status(), 303);
    let stored = app.get("/api/v1/categories").await.ok(200).clone();
    let hats = stored
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Hats")
        .unwrap()
        .clone();
    assert_eq!(hats["keywords"], serde_json::json!(["hat", "cap", "帽"]));
    assert_eq!(hats["strategy"], "weighted");
    let (_, list) = page(&app, "/categories", &c).await;
    assert!(
        list.contains("<code>{category}-{seq:5}</code>") && list.contains("Weighted"),
        "{list}"
    );
}

async fn operator_adds_a_supplier_with_the_form(app: TestApp) {
    let (category, _) = app.category_with_suppliers("Mugs", &["mug"], 1).await;
    let (cookie, csrf) = operator(&app).await;
    let (status, form) = page(&app, "/suppliers/new", &[(COOKIE.as_str(), &cookie)]).await;
    assert_eq!(status, 200);
    assert!(
        form.contains(&format!(r#"value="{category}""#)),
        "the category picker"
    );
    let post = |fields: Vec<(&'static str, String)>, lang: &'static str| {
        let mut body = vec![("csrf", csrf.clone())];
        body.extend(fields);
        browser()
            .post(format!("{}/suppliers", app.base))
            .header(COOKIE, cookie.clone())
            .header(ACCEPT_LANGUAGE, lang)
            .form(&body)
            .send()
    };
    // refused: the message sits by the field, in the user's language, and
    // everything typed comes back
    let res = post(
        vec![
            ("name", "Kiln & Co".into()),
            ("email", "not-an-address".into()),
            ("category", category.clone()),
        ],
        "zh-CN",
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 422);
    let body = res.text().await.unwrap();
    assert!(
        body.contains(r#"<p class="error" id="email-error">邮箱地址格式不正确。</p>"#),
        "{body}"
    );
    assert!(
        body.contains(r#"value="Kiln &#38; Co""#) && body.contains(r#"value="not-an-address""#),
        "{body}"
    );
    assert!(body.contains(&format!(r#"value="{category}" checked"#)));
    // a taken name is refused by the store, shown the same way
    let res = post(vec![("name", "Mugs supplier 0".into())], "en")
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("This name is taken already.")
    );
    let res = post(
        vec![
            ("name", "Kiln & Co".into()),
            ("email", "orders@kiln.example".into()),
            ("category", category.clone()),
            ("weight", "2".into()),
        ],
        "en",
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 303);
    let (_, list) = page(&app, "/suppliers", &[(COOKIE.as_str(), &cookie)]).await;
    assert!(
        list.contains("Kiln &#38; Co") && list.contains("orders@kiln.example"),
        "{list}"
    );
    let stored = app.get("/api/v1/suppliers").await.ok(200).clone();
    let kiln = stored
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Kiln & Co")
        .unwrap()
        .clone();
    assert_eq!(kiln["weight"], 2);
    assert_eq!(kiln["categories"][0], category.as_str());
}

async fn operator_releases_and_cancels_from_the_order_page(app: TestApp) {
    app.category_with_suppliers("Mugs", &["mug"], 1).await;
    let order = app
        .order(
            "R-1",
            "pending",
            serde_json::json!([crate::helpers::line("Mug")]),
        )
        .await
        .ok(201)
        .clone();
    let id = order["id"].as_str().unwrap().to_owned();
    let (cookie, csrf) = operator(&app).await;
    let (_, before) = page(
        &app,
        &format!("/orders/{id}"),
        &[(COOKIE.as_str(), &cookie)],
    )
    .await;
    assert!(
        // not paid yet: the review card says so, and release goes past it knowingly
        before.contains("Release anyway")
            && before.contains("Cancel order")
            && before.contains("The order is Unpaid."),
        "{before}"
    );
    let send = |to: &'static str| {
        browser()
            .post(format!("{}/orders/{id}/move", app.base))
            .header(COOKIE, cookie.clone())
            .form(&[
                ("csrf", csrf.as_str()),
                ("to", to),
                ("reason", "customer asked"),
            ])
            .send()
    };
    let res = send("purchasing").await.unwrap();
    assert_eq!(res.headers()[LOCATION], format!("/orders/{id}").as_str());
    let released = app
        .get(&format!("/api/v1/orders/{id}"))
        .await
        .ok(200)
        .clone();
    assert_eq!(released["tasks"].as_array().unwrap().len(), 1);
    // a move the lifecycle does not allow comes back with its code
    let res = send("pending").await.unwrap();
    let (to, body) = follow(&app, res, &[(COOKIE.as_str(), &cookie)]).await;
    assert_eq!(to, format!("/orders/{id}"));
    assert!(
        body.contains(r#"class="flash refused" role="alert""#),
        "{body}"
    );
    let res = send("cancelled").await.unwrap();
    assert_eq!(res.headers()[LOCATION], format!("/orders/{id}").as_str());
    let (_, after) = page(
        &app,
        &format!("/orders/{id}"),
        &[(COOKIE.as_str(), &cookie)],
    )
    .await;
    assert!(
        after.contains("Cancelled") && !after.contains("Cancel order"),
        "{after}"
    );
}

/// An operator account, signed in: (cookie, CSRF token).
async fn operator(app: &TestApp) -> (String, String) {
    create_operator(app).await;
    sign_in(app, "ops@web.example", "correct-horse-battery-9").await
}

/// The operator account the tests sign in with.
async fn create_operator(app: &TestApp) {
    app.user(
        "ops@web.example",
        "operator",
        None,
        "correct-horse-battery-9",
    )
    .await;
}

/// A supplier account for `supplier`, signed in, is sent from `path` to
/// its tasks.
async fn assert_supplier_sent_to_tasks(app: &TestApp, supplier: &str, path: &str) {
    app.user(
        "maker@web.example",
        "supplier",
        Some(supplier),
        "kiln-fired-42-pots",
    )
    .await;
    let (maker, _) = sign_in(app, "maker@web.example", "kiln-fired-42-pots").await;
    let res = browser()
        .get(format!("{}{path}", app.base))
        .header(COOKIE, maker)
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()[LOCATION], "/tasks", "{path}");
}

/// The CSRF token a page's forms carry.
fn csrf_of(page: &str) -> String {
    page.split(r#"name="csrf" value=""#)
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("csrf field")
        .to_owned()
}

/// Signs in with the form; returns the cookie and the page's CSRF token.
pub(crate) async fn sign_in(app: &TestApp, email: &str, password: &str) -> (String, String) {
    let res = browser()
        .post(format!("{}/login", app.base))
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "sign in {email}");
    let cookie = res.headers()[SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    // every signed-in page carries the token (the home page differs by role)
    let (_, any) = page(app, "/workflow", &[(COOKIE.as_str(), &cookie)]).await;
    let csrf = csrf_of(&any);
    (cookie, csrf)
}

async fn operator_dashboard_shows_the_figures(app: TestApp) {
    app.category_with_suppliers("Mugs", &["mug"], 2).await;
    for (n, title) in [("D-1", "Mug"), ("D-2", "Mug"), ("D-3", "Wooden spoon")] {
        app.order(
            n,
            "purchasing",
            serde_json::json!([crate::helpers::line(title)]),
        )
        .await
        .ok(201);
    }
    let (cookie, _) = operator(&app).await;
    let (status, board) = page(&app, "/", &[(COOKIE.as_str(), &cookie)]).await;
    assert_eq!(status, 200);
    assert!(
        board.contains("Orders needing attention") && board.contains("D-3"),
        "{board}"
    );
    assert!(
        board.contains(r#"<th scope="row">Needs attention</th><td class="num">1</td>"#),
        "{board}"
    );
    assert!(board.contains(r#"<th scope="row">Assigned</th><td class="num">2</td>"#));
    assert!(
        board.contains(r#"<th scope="row">Etsy</th><td class="num">3</td>"#),
        "today's intake by platform"
    );
    assert_eq!(board.matches("<rect").count(), 30, "a bar per day");
    // a supplier's home is its tasks
    let (_, s) = app.category_with_suppliers("Hats", &["hat"], 1).await;
    assert_supplier_sent_to_tasks(&app, &s[0], "/").await;
}

async fn supplier_works_its_tasks_in_the_portal(app: TestApp) {
    let (_, s) = app.category_with_suppliers("Mugs", &["mug"], 2).await;
    let order = app
        .order(
            "W-1",
            "purchasing",
            serde_json::json!([crate::helpers::line("Mug")]),
        )
        .await
        .ok(201)
        .clone();
    let task = order["tasks"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(order["tasks"][0]["supplier_id"], s[0].as_str());
    maker_and_other(&app, &s).await;
    let (cookie, csrf) = sign_in(&app, "maker@web.example", "kiln-fired-42-pots").await;
    let (status, mine) = page(&app, "/tasks", &[(COOKIE.as_str(), &cookie)]).await;
    assert_eq!(status, 200);
    assert!(mine.contains("<h1>My tasks</h1>"), "{mine}");
    assert!(mine.contains(&format!("/tasks/{task}/move")));
    assert!(!mine.contains("10.00"), "a supplier never sees prices");
    let step = |to: &'static str, extra: Vec<(&'static str, &'static str)>| {
        let mut form = vec![
            ("csrf", csrf.clone()),
            ("to", to.to_owned()),
            ("back", "/tasks".to_owned()),
        ];
        form.extend(extra.into_iter().map(|(k, v)| (k, v.to_owned())));
        // the page's language: the flash is written in it
        browser()
            .post(format!("{}/tasks/{task}/move", app.base))
            .header(COOKIE, cookie.clone())
            .header(ACCEPT_LANGUAGE, "zh-CN")
            .form(&form)
            .send()
    };
    // shipping before production is refused and said so on the page
    let res = step(
        "shipped",
        vec![("carrier", "DHL"), ("tracking_number", "JD1")],
    )
    .await
    .unwrap();
    let (back, refused) = follow(
        &app,
        res,
        &[
            (COOKIE.as_str(), &cookie),
            (ACCEPT_LANGUAGE.as_str(), "zh-CN"),
        ],
    )
    .await;
    assert_eq!(back, "/tasks");
    assert!(
        refused.contains("当前状态下无法执行该操作。"),
        "the refusal in the user's language: {refused}"
    );
    for to in ["accepted", "in_production", "produced"] {
        let res = step(to, vec![]).await.unwrap();
        assert_eq!(res.headers()[LOCATION], "/tasks", "{to}");
    }
    // a refused shipment keeps what was typed, in that task's ship form
    let res = step(
        "shipped",
        vec![("carrier", "DHL"), ("tracking_number", " ")],
    )
    .await
    .unwrap();
    let (_, refused) = follow(&app, res, &[(COOKIE.as_str(), &cookie)]).await;
    assert!(refused.contains(r#"class="flash refused""#), "{refused}");
    assert!(
        refused.contains(r#"name="carrier" list="carriers" required value="DHL""#),
        "{refused}"
    );
    let res = step(
        "shipped",
        vec![
            ("carrier", "SF Express"),
            ("tracking_number", "sf 1234 5678 90123"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(res.headers()[LOCATION], "/tasks");
    let (_, shipped) = page(&app, "/tasks?status=shipped", &[(COOKIE.as_str(), &cookie)]).await;
    // written as the carrier prints it, and linked to its tracking page
    assert!(
        shipped.contains(r#"nu=SF1234567890123" rel="noopener noreferrer" target="_blank" translate="no">SF1234567890123</a>"#),
        "{shipped}"
    );

    // the other supplier sees nothing of it
    let (other, _) = sign_in(&app, "other@web.example", "kiln-fired-43-pots").await;
    let (_, theirs) = page(&app, "/tasks", &[(COOKIE.as_str(), &other)]).await;
    assert!(!theirs.contains(&task), "another supplier's task leaked");
    let (status, _) = page(
        &app,
        &format!("/orders/{}", order["id"].as_str().unwrap()),
        &[(COOKIE.as_str(), &other)],
    )
    .await;
    assert_eq!(status, 404);

    // the operator sees the order, its task shipped and the timeline
    let (ops, _) = operator(&app).await;
    let (_, list) = page(&app, "/orders", &[(COOKIE.as_str(), &ops)]).await;
    assert!(list.contains("W-1"), "{list}");
    let (_, one) = page(
        &app,
        &format!("/orders/{}", order["id"].as_str().unwrap()),
        &[(COOKIE.as_str(), &ops)],
    )
    .await;
    assert!(
        one.contains("Task routed") && one.contains("Shipped"),
        "{one}"
    );
    assert!(one.contains("user:maker@web.example"));
}

/// The operator account, signed in: (cookie, CSRF token).
pub(crate) async fn sign_in_operator(app: &TestApp) -> (String, String) {
    operator(app).await
}

/// The value a flash shows this once (a new secret, an invitation link).
pub(crate) fn shown_once(page: &str) -> String {
    page.split(r#"<code class="once">"#)
        .nth(1)
        .and_then(|r| r.split('<').next())
        .unwrap_or_else(|| panic!("no value shown once on the page: {page}"))
        .to_owned()
}

/// The text after `marker` up to the next `"` (a hidden field's value, a
/// link's target) on a page.
pub(crate) fn after(page: &str, marker: &str) -> String {
    page.split(marker)
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_else(|| panic!("{marker} not on the page"))
        .to_owned()
}

/// Posts a multipart form (an upload) to a page as the signed-in `cookie`.
async fn send_upload(
    app: &TestApp,
    cookie: &str,
    path: &str,
    form: reqwest::multipart::Form,
) -> reqwest::Response {
    browser()
        .post(format!("{}{path}", app.base))
        .header("cookie", cookie)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// [`send_upload`]: (status, page).
pub(crate) async fn upload(
    app: &TestApp,
    cookie: &str,
    path: &str,
    form: reqwest::multipart::Form,
) -> (u16, String) {
    let res = send_upload(app, cookie, path, form).await;
    (res.status().as_u16(), res.text().await.unwrap())
}

/// [`send_upload`] of a form that changes something, followed to the page
/// its 303 leads to: (where, that page's body).
pub(crate) async fn upload_followed(
    app: &TestApp,
    cookie: &str,
    path: &str,
    form: reqwest::multipart::Form,
) -> (String, String) {
    let res = send_upload(app, cookie, path, form).await;
    follow(app, res, &[("cookie", cookie)]).await
}

/// A browser-like client that does not follow redirects.
pub(crate) fn browser() -> reqwest::Client {
    orderhub_api::http_client()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// Follows a form's 303 as a browser does, carrying the flash cookie it
/// set: where it went, and that page's body. `headers` must hold the
/// session cookie (and may add a language).
pub(crate) async fn follow(
    app: &TestApp,
    res: reqwest::Response,
    headers: &[(&str, &str)],
) -> (String, String) {
    assert_eq!(res.status(), 303, "a form answers 303 See Other");
    let to = res.headers()[LOCATION].to_str().unwrap().to_owned();
    let flash = res
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("orderhub_flash="))
        .map(|v| v.split(';').next().unwrap().to_owned())
        .expect("a flash cookie");
    let mut req = browser().get(format!("{}{to}", app.base));
    for (k, v) in headers {
        let v = match k.eq_ignore_ascii_case("cookie") {
            true => format!("{v}; {flash}"),
            false => v.to_string(),
        };
        req = req.header(*k, v);
    }
    let res = req.send().await.expect("page");
    assert_eq!(res.status(), 200, "{to}");
    let cleared = res
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .any(|v| v.to_str().unwrap().starts_with("orderhub_flash=;"));
    assert!(cleared, "the page that shows a flash clears it");
    (to, res.text().await.expect("body"))
}

pub(crate) async fn page(
    app: &TestApp,
    path: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, String) {
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
    assert!(en.contains(r#"<html lang="en" "#), "{en}");
    assert!(en.contains(r#"<form method="post" action="/login">"#));
    assert!(en.contains(r#"<label for="email">E-mail</label>"#));
    let (_, zh) = page(
        &app,
        "/login",
        &[(ACCEPT_LANGUAGE.as_str(), "zh-CN,zh;q=0.9")],
    )
    .await;
    assert!(zh.contains(r#"<html lang="zh-CN" "#));
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
    create_operator(&app).await;
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
    let csrf = csrf_of(&home);

    let (status, workflow) = page(&app, "/workflow", &[(COOKIE.as_str(), &cookie)]).await;
    assert_eq!(status, 200);
    assert_eq!(workflow.matches("<svg").count(), 3, "order, task, proof");
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

/// The orders page filters by supplier and date, keeps the filters in the
/// next-page link, and refuses a bad date next to its field, in the user's
/// language, keeping what was typed.
async fn operator_filters_and_sorts_orders(app: TestApp) {
    let (_, makers) = app.category_with_suppliers("Mugs", &["mug"], 2).await;
    for i in 0..5 {
        app.order(
            &format!("W-{i}"),
            "purchasing",
            serde_json::json!([crate::helpers::line("Mug")]),
        )
        .await
        .ok(201);
    }
    let (cookie, _) = operator(&app).await;
    let cookie = [(COOKIE.as_str(), cookie.as_str())];
    // round-robin: the first maker has W-0, W-2, W-4
    let path = format!("/orders?supplier={}&sort=oldest", makers[0]);
    let (status, body) = page(&app, &path, &cookie).await;
    assert_eq!(status, 200);
    let shown: Vec<&str> = ["W-0", "W-1", "W-2", "W-3", "W-4"]
        .into_iter()
        .filter(|n| body.contains(&format!(">{n}<")))
        .collect();
    assert_eq!(shown, ["W-0", "W-2", "W-4"], "{body}");
    assert!(body.find(">W-0<") < body.find(">W-4<"), "oldest first");
    assert!(body.contains(&format!(r#"<option value="{}" selected>"#, makers[0])));
    // the same orders as a file, with the page's session
    let link = format!(
        "/api/v1/orders/export/csv?supplier_id={}&#38;sort=oldest",
        makers[0]
    );
    assert!(body.contains(&link), "{body}");
    let (status, csv) = page(&app, &link.replace("&#38;", "&"), &cookie).await;
    assert_eq!(status, 200);
    let numbers: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(numbers, ["W-0", "W-2", "W-4"], "{csv}");
    let today = time::OffsetDateTime::now_utc().date();
    let (_, body) = page(&app, &format!("/orders?from={today}&to={today}"), &cookie).await;
    assert_eq!(body.matches(">W-").count(), 5);
    // a refused date: 422, the message in Chinese beside the field, kept
    let zh = [cookie[0], (ACCEPT_LANGUAGE.as_str(), "zh-CN")];
    let (status, body) = page(&app, "/orders?from=2026-13-01&q=W-", &zh).await;
    assert_eq!(status, 422);
    assert!(body.contains(r#"id="from-error""#), "{body}");
    assert!(
        body.contains("YYYY-MM-DD") && body.contains("日期"),
        "{body}"
    );
    assert!(body.contains(r#"value="2026-13-01""#) && body.contains(r#"value="W-""#));
}

/// A supplier records production times and a note on the task's page; it
/// may not set the due date; a bad time is refused; another supplier's
/// task is not found.
async fn task_page_keeps_production_times_and_notes(app: TestApp) {
    let (_, s) = app.category_with_suppliers("Mugs", &["mug"], 2).await;
    let order = app
        .order(
            "T-1",
            "purchasing",
            serde_json::json!([{
                "title": "Mug", "quantity": 1, "unit_price": "10.00",
                "customization": {"Name on mug": "Ada 爱达", "Colour": "navy"}
            }]),
        )
        .await
        .ok(201)
        .clone();
    let task = order["tasks"][0]["id"].as_str().unwrap().to_owned();
    maker_and_other(&app, &s).await;
    let (cookie, csrf) = sign_in(&app, "maker@web.example", "kiln-fired-42-pots").await;
    let path = format!("/tasks/{task}/edit");
    let edit =
        |form: Vec<(&'static str, &'static str)>| post_form(&app, &cookie, &csrf, &path, form);
    let res = edit(vec![
        ("production_started_at", "2026-11-30T08:05"),
        ("note", "glaze: matte\nkiln 2"),
    ])
    .await
    .unwrap();
    assert_eq!(res.headers()[LOCATION], format!("/tasks/{task}").as_str());
    let (status, body) = page(
        &app,
        &format!("/tasks/{task}"),
        &[(COOKIE.as_str(), &cookie)],
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        body.contains("2026-11-30 08:05 UTC") && body.contains("glaze: matte"),
        "{body}"
    );
    assert!(body.contains("T-1") && body.contains("Mug"), "{body}");
    // the personalisation the supplier has to make, verbatim
    assert!(
        body.contains(r#"<dt translate="no">Name on mug</dt><dd>Ada 爱达</dd>"#)
            && body.contains("<dd>navy</dd>"),
        "{body}"
    );
    assert!(
        !body.contains(r#"name="due_at""#),
        "suppliers do not set due dates"
    );
    let stored = app
        .get(&format!("/api/v1/tasks/{task}"))
        .await
        .ok(200)
        .clone();
    assert_eq!(stored["production_started_at"], "2026-11-30T08:05:00Z");
    assert_eq!(stored["note"], "glaze: matte\nkiln 2");
    let res = edit(vec![("due_at", "2026-12-24T12:00")]).await.unwrap();
    let (to, body) = follow(&app, res, &[(COOKIE.as_str(), &cookie)]).await;
    assert_eq!(to, format!("/tasks/{task}"));
    assert!(body.contains("the due date is set by the seller"), "{body}");
    let res = edit(vec![
        ("produced_at", "yesterday"),
        ("note", "kiln 3 & glaze"),
    ])
    .await
    .unwrap();
    let (_, body) = follow(&app, res, &[(COOKIE.as_str(), &cookie)]).await;
    assert!(body.contains("Give a time as YYYY-MM-DD HH:MM."), "{body}");
    assert!(
        body.contains(r#"value="yesterday""#),
        "the time as typed: {body}"
    );
    assert!(
        body.contains(">kiln 3 &#38; glaze</textarea>"),
        "the note as typed: {body}"
    );
    let after = app
        .get(&format!("/api/v1/tasks/{task}"))
        .await
        .ok(200)
        .clone();
    assert_eq!(after["due_at"], serde_json::Value::Null);
    assert_eq!(after["produced_at"], serde_json::Value::Null);
    let (other, _) = sign_in(&app, "other@web.example", "kiln-fired-43-pots").await;
    let (status, body) = page(
        &app,
        &format!("/tasks/{task}"),
        &[(COOKIE.as_str(), &other)],
    )
    .await;
    assert_eq!(status, 404);
    assert!(!body.contains("glaze"));
}

/// The board shows a column per task status; staff filter it by supplier
/// and category; a column with more tasks links to all of them.
async fn tasks_board_has_a_column_per_status_and_filters(app: TestApp) {
    let (_, makers) = app.category_with_suppliers("Mugs", &["mug"], 2).await;
    let (hats, _) = app.category_with_suppliers("Hats", &["hat"], 1).await;
    let mut skus = Vec::new();
    for i in 0..12 {
        let title = if i == 0 { "Hat" } else { "Mug" };
        let order = app
            .order(
                &format!("B-{i}"),
                "purchasing",
                serde_json::json!([crate::helpers::line(title)]),
            )
            .await
            .ok(201)
            .clone();
        skus.push(order["tasks"][0]["sku"].as_str().unwrap().to_owned());
    }
    let (cookie, _) = operator(&app).await;
    let cookie = [(COOKIE.as_str(), cookie.as_str())];
    let (status, board) = page(&app, "/tasks", &cookie).await;
    assert_eq!(status, 200);
    for label in [
        "Assigned",
        "Accepted",
        "In production",
        "Produced",
        "Shipped",
    ] {
        assert!(
            board.contains(&format!("<h2>{label}</h2>")),
            "{label}: {board}"
        );
    }
    // the finished ones folded into one column, each with its count
    assert!(board.contains("<h2>Closed</h2>"), "{board}");
    for label in ["Completed (0)", "Rejected (0)", "Cancelled (0)"] {
        assert!(
            board.contains(&format!("<summary>{label}</summary>")),
            "{label}: {board}"
        );
    }
    // 12 assigned tasks, 10 in the column, a link to all of them
    assert_eq!(board.matches("<article class=\"task\">").count(), 10);
    assert!(
        board.contains(r#"href="/tasks?status=assigned""#),
        "{board}"
    );
    let (_, hats_only) = page(&app, &format!("/tasks?category={hats}"), &cookie).await;
    assert_eq!(hats_only.matches("<article class=\"task\">").count(), 1);
    assert!(hats_only.contains(&skus[0]));
    let (_, first) = page(&app, &format!("/tasks?supplier={}", makers[0]), &cookie).await;
    let (_, second) = page(&app, &format!("/tasks?supplier={}", makers[1]), &cookie).await;
    let count = |b: &str| skus.iter().filter(|sku| b.contains(sku.as_str())).count();
    assert_eq!((count(&first), count(&second)), (6, 5), "mugs alternate");
    // one status as a list keeps the supplier filter in its next-page link
    let (_, list) = page(
        &app,
        &format!("/tasks?status=assigned&supplier={}", makers[0]),
        &cookie,
    )
    .await;
    assert_eq!(count(&list), 6);
}

/// Accounts for two suppliers: maker@ (kiln-fired-42-pots) for `s[0]`,
/// other@ (kiln-fired-43-pots) for `s[1]`.
async fn maker_and_other(app: &TestApp, s: &[String]) {
    app.user(
        "maker@web.example",
        "supplier",
        Some(&s[0]),
        "kiln-fired-42-pots",
    )
    .await;
    app.user(
        "other@web.example",
        "supplier",
        Some(&s[1]),
        "kiln-fired-43-pots",
    )
    .await;
}

/// Editing a supplier (deactivating asks for a confirmation first) and a
/// category (its real next SKU previewed; a bad template refused beside the
/// field, with what was typed kept).
async fn operator_edits_a_supplier_and_a_category(app: TestApp) {
    let (cat, s) = app.category_with_suppliers("Mugs", &["mug"], 1).await;
    app.order(
        "E-1",
        "purchasing",
        serde_json::json!([crate::helpers::line("Mug")]),
    )
    .await
    .ok(201);
    let (cookie, csrf) = operator(&app).await;
    let c = [(COOKIE.as_str(), cookie.as_str())];
    // the category: its form, its real next SKU, a refused then saved edit
    let (_, form) = page(&app, &format!("/categories/{cat}/edit"), &c).await;
    assert!(
        form.contains("Edit category") && form.contains(r#"value="Mugs""#),
        "{form}"
    );
    let category_path = format!("/categories/{cat}");
    let edit = |template: &'static str| {
        post_form(
            &app,
            &cookie,
            &csrf,
            &category_path,
            vec![
                ("name", "Mugs & cups"),
                ("keywords", "mug, cup、杯"),
                ("sku_prefix", "MUG"),
                ("sku_template", template),
                ("strategy", "least_loaded"),
            ],
        )
    };
    let res = edit("{nope}").await.unwrap();
    assert_eq!(res.status(), 422);
    let body = res.text().await.unwrap();
    assert!(
        body.contains("This SKU template is not valid.") && body.contains("mug, cup、杯"),
        "{body}"
    );
    let res = edit("{category}-{seq:4}").await.unwrap();
    assert_eq!(res.headers()[LOCATION], "/categories");
    let stored = app
        .get(&format!("/api/v1/categories/{cat}"))
        .await
        .ok(200)
        .clone();
    assert_eq!(stored["name"], "Mugs & cups");
    assert_eq!(stored["keywords"], serde_json::json!(["mug", "cup", "杯"]));
    assert_eq!(stored["strategy"], "least_loaded");
    assert_eq!(stored["sku_template"], "{category}-{seq:4}");
    app.order(
        "E-2",
        "purchasing",
        serde_json::json!([crate::helpers::line("Mug")]),
    )
    .await
    .ok(201);
    let (_, next) = page(
        &app,
        &format!("/categories/sku-preview?id={cat}&sku_prefix=MUG&sku_template=%7Bcategory%7D-%7Bseq%3A4%7D"),
        &c,
    )
    .await;
    assert!(
        next.contains("<code>MUG-0002</code>"),
        "one SKU made already: {next}"
    );

    // the supplier: its form, an edit, a deactivation that asks first
    let (status, form) = page(&app, &format!("/suppliers/{}/edit", s[0]), &c).await;
    assert_eq!(status, 200);
    assert!(
        form.contains(r#"value="Mugs supplier 0""#) && form.contains("Edit supplier"),
        "{form}"
    );
    assert!(form.contains(r#"name="active" checked"#), "{form}");
    let supplier_path = format!("/suppliers/{}", s[0]);
    let supplier = |extra: Vec<(&'static str, &'static str)>| {
        let mut fields = vec![
            ("name", "Jingdezhen Kiln"),
            ("code", "JDZ"),
            ("contact", "Li Wei"),
            ("weight", "3"),
            ("category", cat.as_str()),
            ("was_active", "true"),
        ];
        fields.extend(extra);
        post_form(&app, &cookie, &csrf, &supplier_path, fields)
    };
    let res = supplier(vec![("active", "on")]).await.unwrap();
    assert_eq!(res.headers()[LOCATION], "/suppliers");
    let stored = app
        .get(&format!("/api/v1/suppliers/{}", s[0]))
        .await
        .ok(200)
        .clone();
    assert_eq!(
        (
            stored["name"].as_str(),
            stored["contact"].as_str(),
            stored["weight"].as_i64()
        ),
        (Some("Jingdezhen Kiln"), Some("Li Wei"), Some(3))
    );
    // unticking "active" without confirming: refused, nothing changes
    let res = supplier(vec![]).await.unwrap();
    assert_eq!(res.status(), 422);
    let body = res.text().await.unwrap();
    assert!(
        body.contains("Tick “I am sure”") && body.contains(r#"value="Li Wei""#),
        "{body}"
    );
    assert_eq!(
        app.get(&format!("/api/v1/suppliers/{}", s[0]))
            .await
            .ok(200)["active"],
        true
    );
    let res = supplier(vec![("confirm", "on")]).await.unwrap();
    assert_eq!(res.headers()[LOCATION], "/suppliers");
    assert_eq!(
        app.get(&format!("/api/v1/suppliers/{}", s[0]))
            .await
            .ok(200)["active"],
        false
    );
}

/// Posts a form with the session's cookie and CSRF token (no redirects
/// followed).
pub(crate) async fn post_form(
    app: &TestApp,
    cookie: &str,
    csrf: &str,
    path: &str,
    fields: Vec<(&str, &str)>,
) -> reqwest::Result<reqwest::Response> {
    let mut form = fields;
    form.push(("csrf", csrf));
    browser()
        .post(format!("{}{path}", app.base))
        .header(COOKIE, cookie)
        .form(&form)
        .send()
        .await
}

/// The order page offers the category's other active suppliers for each
/// open task; reassigning cancels the task and routes a new one.
async fn operator_reassigns_a_task_from_the_order_page(app: TestApp) {
    let (_, s) = app.category_with_suppliers("Mugs", &["mug"], 2).await;
    let order = app
        .order(
            "RW-1",
            "purchasing",
            serde_json::json!([crate::helpers::line("Mug")]),
        )
        .await
        .ok(201)
        .clone();
    let id = order["id"].as_str().unwrap().to_owned();
    let task = order["tasks"][0]["id"].as_str().unwrap().to_owned();
    let (cookie, csrf) = operator(&app).await;
    let c = [
        (COOKIE.as_str(), cookie.as_str()),
        (ACCEPT_LANGUAGE.as_str(), "zh-CN"),
    ];
    let (_, before) = page(&app, &format!("/orders/{id}"), &c).await;
    assert!(
        before.contains(&format!(r#"action="/tasks/{task}/reassign""#)),
        "{before}"
    );
    assert!(
        before.contains(r#"<option value=""#)
            && before.contains("Mugs supplier 1")
            && before.contains("改派")
    );
    let back = format!("/orders/{id}");
    let res = post_form(
        &app,
        &cookie,
        &csrf,
        &format!("/tasks/{task}/reassign"),
        vec![
            ("supplier_id", &s[1]),
            ("reason", "faster"),
            ("back", &back),
            ("confirm", "on"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(res.headers()[LOCATION], back.as_str());
    let after = app
        .get(&format!("/api/v1/orders/{id}"))
        .await
        .ok(200)
        .clone();
    let live: Vec<_> = after["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["status"] == "assigned")
        .collect();
    assert_eq!(live.len(), 1);
    assert_eq!(live[0]["supplier_id"], s[1].as_str());
    // the holder cannot be chosen: refused with its reason, in Chinese
    let new_task = live[0]["id"].as_str().unwrap().to_owned();
    let res = post_form(
        &app,
        &format!("{cookie}; lang=zh-CN"),
        &csrf,
        &format!("/tasks/{new_task}/reassign"),
        vec![("supplier_id", &s[1]), ("back", &back)],
    )
    .await
    .unwrap();
    let (refused, body) = follow(&app, res, &c).await;
    assert_eq!(refused, back);
    assert!(body.contains("该供应商已持有或拒绝过此任务。"), "{body}");
}

/// The channels page lists each store with its webhook address; the form
/// adds one (a refused name comes back beside the field, typed values kept);
/// suppliers are sent to their tasks.
async fn operator_adds_a_sales_channel(app: TestApp) {
    let (cookie, csrf) = operator(&app).await;
    let add = |name: &'static str| {
        let fields = vec![
            ("kind", "shopify"),
            ("name", name),
            ("secret", "shpss_from_the_form"),
            ("release", "on"),
        ];
        post_form(&app, &cookie, &csrf, "/channels", fields)
    };
    let res = add("Maple & Quill").await.unwrap();
    assert_eq!(res.headers()[LOCATION], "/channels");
    let (status, list) = page(&app, "/channels", &[(COOKIE.as_str(), &cookie)]).await;
    assert_eq!(status, 200);
    assert!(
        list.contains("Maple &#38; Quill") && list.contains("/webhook</code>"),
        "{list}"
    );
    assert!(list.contains("Released to suppliers"), "{list}");
    assert!(
        !list.contains("shpss_from_the_form"),
        "the secret is never shown"
    );
    let stored = app.get("/api/v1/channels").await.ok(200).clone();
    assert_eq!(stored[0]["has_secret"], true);
    assert_eq!(stored[0]["default_status"], "purchasing");
    // the same name again: refused beside the field, in Chinese
    let res = post_form(
        &app,
        &cookie,
        &csrf,
        "/channels",
        vec![("kind", "etsy"), ("name", "maple & quill")],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 409);
    let body = res.text().await.unwrap();
    assert!(
        body.contains(r#"id="name-error""#) && body.contains(r#"value="maple &#38; quill""#),
        "{body}"
    );
    assert!(body.contains(r#"<option value="etsy" selected>"#), "{body}");
    let (_, s) = app.category_with_suppliers("Mugs", &["mug"], 1).await;
    assert_supplier_sent_to_tasks(&app, &s[0], "/channels").await;
}

/// An operator adds an endpoint (its secret shown once), sees its delivery
/// log and sends a message again; a supplier sees only task events and its
/// own endpoints.
async fn webhook_endpoints_from_the_web_app(app: TestApp) {
    let (_, s) = app.category_with_suppliers("Mugs", &["mug"], 1).await;
    let (cookie, csrf) = operator(&app).await;
    let c = [(COOKIE.as_str(), cookie.as_str())];
    let form = vec![
        ("url", "http://127.0.0.1:9/hook"),
        ("event", "order.created"),
        ("event", "task.shipped"),
    ];
    let res = post_form(&app, &cookie, &csrf, "/webhooks", form)
        .await
        .unwrap();
    // post/redirect/get: to the endpoint's log, the secret shown there once
    let (log, body) = follow(&app, res, &c).await;
    assert!(
        body.contains("whsec_") && body.contains("http://127.0.0.1:9/hook"),
        "{body}"
    );
    let (_, reloaded) = page(&app, &log, &c).await;
    assert!(!reloaded.contains("whsec_"), "the secret is shown once");
    let (_, list) = page(&app, "/webhooks", &c).await;
    assert!(!list.contains("whsec_"), "the secret is shown once");
    let id = after(&list, r#"href="/webhooks/"#);
    assert_eq!(log, format!("/webhooks/{id}"));
    let listed = app.get("/api/v1/webhooks").await.ok(200).clone();
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    // a refused URL comes back beside the field, ticked events kept
    let bad = vec![("url", "ftp://x"), ("event", "task.shipped")];
    let res = post_form(&app, &cookie, &csrf, "/webhooks", bad)
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let body = res.text().await.unwrap();
    assert!(
        body.contains(r#"id="url-error""#) && body.contains(r#"value="task.shipped" checked"#),
        "{body}"
    );
    // an order: its message in the log (failing: nothing listens on port 9)
    app.order(
        "H-1",
        "pending",
        serde_json::json!([crate::helpers::line("Mug")]),
    )
    .await
    .ok(201);
    let log = format!("/webhooks/{id}");
    let mut shown = String::new();
    for _ in 0..100 {
        shown = page(&app, &log, &c).await.1;
        if shown.contains("order.created") && shown.contains("Waiting") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(
        shown.contains("order.created") && shown.contains("Send again"),
        "{shown}"
    );
    let message = shown
        .split("/messages/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let path = format!("/webhooks/{id}/messages/{message}/redeliver");
    let res = post_form(&app, &cookie, &csrf, &path, vec![])
        .await
        .unwrap();
    let (back, body) = follow(&app, res, &c).await;
    assert_eq!(back, log);
    assert!(body.contains("The message will be sent again."), "{body}");
    // a supplier: task events only, not the operator's endpoint
    maker_and_other(&app, &[s[0].clone(), s[0].clone()]).await;
    let (maker, _) = sign_in(&app, "maker@web.example", "kiln-fired-42-pots").await;
    let (_, theirs) = page(&app, "/webhooks", &[(COOKIE.as_str(), &maker)]).await;
    assert!(
        !theirs.contains("127.0.0.1:9") && !theirs.contains(r#"value="order.created""#),
        "{theirs}"
    );
    assert!(theirs.contains(r#"value="task.shipped""#));
    let (status, _) = page(&app, &log, &[(COOKIE.as_str(), &maker)]).await;
    assert_eq!(status, 404);
    let manage = format!("/webhooks/{id}/manage");
    let maker_csrf = csrf_of(&theirs);
    let foreign = post_form(
        &app,
        &maker,
        &maker_csrf,
        &manage,
        vec![("action", "pause")],
    );
    assert_eq!(
        foreign.await.unwrap().status(),
        404,
        "not another's endpoint"
    );

    // pause, a new secret shown once, remove only when confirmed
    let act = |action: &'static str, confirm: bool| {
        let mut fields = vec![("action", action)];
        if confirm {
            fields.push(("confirm", "on"));
        }
        post_form(&app, &cookie, &csrf, &manage, fields)
    };
    let res = act("pause", false).await.unwrap();
    assert_eq!(res.headers()[LOCATION], log.as_str());
    assert!(
        page(&app, &log, &c)
            .await
            .1
            .contains("paused: messages wait")
    );
    let (_, body) = follow(&app, act("secret", false).await.unwrap(), &c).await;
    assert!(body.contains(r#"<code class="once">whsec_"#), "{body}");
    assert!(
        !page(&app, &log, &c).await.1.contains("whsec_"),
        "shown once"
    );
    let res = act("delete", false).await.unwrap();
    assert_eq!(res.status(), 422);
    assert_eq!(page(&app, &log, &c).await.0, 200, "still there");
    let res = act("delete", true).await.unwrap();
    assert_eq!(res.headers()[LOCATION], "/webhooks");
    assert_eq!(page(&app, &log, &c).await.0, 404);
}
