//! Intake, release, decomposition, retries, cancellation and listing.

use crate::helpers::{TestApp, line};
use crate::on_both_backends;
use serde_json::{Value, json};

on_both_backends!(
    intake_is_idempotent_by_platform_and_number,
    release_decomposes_every_line_with_reasons_in_events,
    unroutable_lines_need_attention_and_retry_routes_only_them,
    invalid_order_transition_names_current_and_allowed,
    cancel_cascades_to_open_tasks,
    list_filters_search_and_keyset_pagination,
    list_filters_by_category_supplier_dates_and_sort,
    search_past_the_window_goes_through_the_text_index,
    a_lines_platform_sku_is_kept,
    exports_follow_the_filters_and_the_callers_scope,
);

async fn intake_is_idempotent_by_platform_and_number(app: TestApp) {
    let first = app.order("1001", "pending", json!([line("Mug")])).await;
    let id = first.ok(201)["id"].clone();
    assert_eq!(
        first.headers["location"],
        format!("/api/v1/orders/{}", id.as_str().unwrap())
    );
    assert_eq!(first.body["status"], "pending");
    assert_eq!(first.body["lines"][0]["line_no"], 1);
    assert_eq!(first.body["lines"][0]["unit_price"], "10.00");
    let again = app
        .order("1001", "purchasing", json!([line("Other")]))
        .await;
    assert_eq!(again.ok(200)["id"], id);
    assert_eq!(
        again.body["status"], "pending",
        "the second intake changes nothing"
    );
    assert_eq!(again.body["lines"][0]["title"], "Mug");
    // same number on another platform is another order
    let mut other = crate::helpers::order_body("1001", "pending", json!([line("Mug")]));
    other["platform"] = json!("amazon");
    app.post("/api/v1/orders", other).await.ok(201);
    assert_eq!(app.count_orders().await, 2);
}

async fn release_decomposes_every_line_with_reasons_in_events(app: TestApp) {
    let (cups, cup_suppliers) = app.category_with_suppliers("Cups", &["mug", "杯"], 2).await;
    let (tees, tee_suppliers) = app.category_with_suppliers("T-shirts", &["tee"], 1).await;
    app.patch(
        &format!("/api/v1/categories/{tees}"),
        json!({"sku_prefix": "TS", "sku_template": "{category}-{seq:5}"}),
    )
    .await
    .ok(200);
    let lines = json!([
        {"title": "定制马克杯", "quantity": 2, "unit_price": "59.00", "customization": {"engraving": "生日快乐"}},
        {"title": "Anything at all", "category": "t-shirts", "quantity": 1, "unit_price": 12}
    ]);
    let res = app.order("2001", "purchasing", lines).await;
    let order = res.ok(201).clone();
    assert_eq!(order["status"], "purchasing");
    let tasks = order["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 2);
    let cup_task = tasks
        .iter()
        .find(|t| t["category_id"] == cups.as_str())
        .unwrap();
    let tee_task = tasks
        .iter()
        .find(|t| t["category_id"] == tees.as_str())
        .unwrap();
    assert_eq!(cup_task["supplier_id"], cup_suppliers[0].as_str());
    assert_eq!(cup_task["quantity"], 2);
    assert_eq!(cup_task["status"], "assigned");
    let sku = cup_task["sku"].as_str().unwrap();
    assert!(
        sku.starts_with("SKU") && sku.len() == 11 && sku[3..].chars().all(|c| c.is_ascii_digit()),
        "{sku}"
    );
    assert_eq!(tee_task["sku"], "TS-00001");
    assert_eq!(tee_task["supplier_id"], tee_suppliers[0].as_str());
    assert_eq!(order["lines"][0]["customization"]["engraving"], "生日快乐");
    assert_eq!(order["lines"][0]["category_id"], cups.as_str());

    let events = app
        .get(&format!(
            "/api/v1/orders/{}/events",
            order["id"].as_str().unwrap()
        ))
        .await;
    let events = events.ok(200).as_array().unwrap().clone();
    let kinds: Vec<&str> = events.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "order.created",
            "order.status_changed",
            "task.routed",
            "task.routed"
        ]
    );
    let routed = events
        .iter()
        .find(|e| e["task_id"] == cup_task["id"])
        .unwrap();
    assert_eq!(routed["actor"], "token:test");
    assert_eq!(routed["details"]["strategy"], "round_robin");
    assert_eq!(routed["details"]["candidates"].as_array().unwrap().len(), 2);
    assert_eq!(routed["details"]["supplier_id"], cup_suppliers[0].as_str());
    assert_eq!(routed["details"]["route_seq"], 1);

    // the next cup order goes to the next supplier
    let next = app
        .order("2002", "purchasing", json!([line("Blue mug")]))
        .await;
    assert_eq!(
        next.ok(201)["tasks"][0]["supplier_id"],
        cup_suppliers[1].as_str()
    );
}

async fn unroutable_lines_need_attention_and_retry_routes_only_them(app: TestApp) {
    let (cups, _) = app.category_with_suppliers("Cups", &["mug"], 1).await;
    let (_empty, _) = app.category_with_suppliers("Hats", &["hat"], 0).await;
    let lines = json!([line("Mug"), line("Wooden keychain"), line("Mug and hat bundle"), line("Sun hat"),
                       {"title": "x", "category": "Lamps", "quantity": 1, "unit_price": 1}]);
    let order = app.order("3001", "purchasing", lines).await.ok(201).clone();
    assert_eq!(order["status"], "needs_attention");
    assert_eq!(order["tasks"].as_array().unwrap().len(), 1);
    let codes: Vec<Value> = order["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["unrouted"]["code"].clone())
        .collect();
    assert_eq!(
        codes,
        [
            Value::Null,
            json!("no_category_matched"),
            json!("ambiguous_category"),
            json!("no_supplier"),
            json!("unknown_category")
        ]
    );
    let id = order["id"].as_str().unwrap();

    // fix the causes, then retry: only the unrouted lines get tasks
    app.patch(
        &format!("/api/v1/categories/{cups}"),
        json!({"keywords": ["mug", "keychain"]}),
    )
    .await
    .ok(200);
    let retry = app
        .post(
            &format!("/api/v1/orders/{id}/transitions"),
            json!({"to": "purchasing"}),
        )
        .await;
    let retry = retry.ok(200).clone();
    assert_eq!(
        retry["status"], "needs_attention",
        "three lines still lack a supplier"
    );
    assert_eq!(retry["tasks"].as_array().unwrap().len(), 2);
    assert_eq!(
        retry["tasks"][0]["id"], order["tasks"][0]["id"],
        "the routed line kept its task"
    );
    assert!(retry["lines"][1]["unrouted"].is_null());

    app.post("/api/v1/categories", json!({"name": "Lamps"}))
        .await
        .ok(201);
    app.post(
        "/api/v1/suppliers",
        json!({"name": "Lamp maker", "categories": ["Lamps", "Hats"]}),
    )
    .await
    .ok(201);
    let lines_fix = app
        .get(&format!("/api/v1/orders/{id}"))
        .await
        .ok(200)
        .clone();
    assert_eq!(lines_fix["status"], "needs_attention");
    // the ambiguous line can only be fixed by a person; drop "hat" from Hats
    let hats = app
        .get("/api/v1/categories")
        .await
        .ok(200)
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Hats")
        .unwrap()["id"]
        .clone();
    app.patch(
        &format!("/api/v1/categories/{}", hats.as_str().unwrap()),
        json!({"keywords": ["sun hat"]}),
    )
    .await
    .ok(200);
    let done = app
        .post(
            &format!("/api/v1/orders/{id}/transitions"),
            json!({"to": "purchasing"}),
        )
        .await;
    assert_eq!(done.ok(200)["status"], "purchasing", "{}", done.body);
    assert_eq!(done.body["tasks"].as_array().unwrap().len(), 5);
    assert!(
        done.body["lines"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["unrouted"].is_null())
    );
    // running it again creates nothing
    let again = app
        .post(
            &format!("/api/v1/orders/{id}/transitions"),
            json!({"to": "purchasing"}),
        )
        .await;
    again.problem(409, "invalid_transition");
    let events = app
        .get(&format!("/api/v1/orders/{id}/events"))
        .await
        .ok(200)
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(
        events
            .iter()
            .filter(|e| e["kind"] == "line.unrouted")
            .count(),
        4 + 3
    );
}

async fn invalid_order_transition_names_current_and_allowed(app: TestApp) {
    let id = app
        .order("4001", "pending", json!([line("Mug")]))
        .await
        .ok(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = app
        .post(
            &format!("/api/v1/orders/{id}/transitions"),
            json!({"to": "shipped"}),
        )
        .await;
    let p = res.problem(409, "invalid_transition");
    assert_eq!(p["current"], "pending");
    assert_eq!(p["allowed"], json!(["purchasing", "cancelled"]));
    assert_eq!(p["field"], "to");
    // automatic moves are not for people either
    let res = app
        .post(
            &format!("/api/v1/orders/{id}/transitions"),
            json!({"to": "needs_attention"}),
        )
        .await;
    res.problem(409, "invalid_transition");
    app.post(
        "/api/v1/orders/missing/transitions",
        json!({"to": "cancelled"}),
    )
    .await
    .problem(404, "not_found");
}

async fn cancel_cascades_to_open_tasks(app: TestApp) {
    app.category_with_suppliers("Cups", &["mug"], 2).await;
    let order = app
        .order("5001", "purchasing", json!([line("Mug"), line("Mug 2")]))
        .await
        .ok(201)
        .clone();
    let id = order["id"].as_str().unwrap();
    let res = app
        .post(
            &format!("/api/v1/orders/{id}/transitions"),
            json!({"to": "cancelled", "reason": "customer asked"}),
        )
        .await;
    let res = res.ok(200);
    assert_eq!(res["status"], "cancelled");
    assert!(
        res["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["status"] == "cancelled")
    );

    // once a task has shipped the order can no longer be cancelled
    let order = app
        .order("5002", "purchasing", json!([line("Mug"), line("Mug 2")]))
        .await
        .ok(201)
        .clone();
    let task = order["tasks"][0]["id"].as_str().unwrap();
    app.ship_task(task).await;
    let id = order["id"].as_str().unwrap();
    assert_eq!(
        app.get(&format!("/api/v1/orders/{id}")).await.ok(200)["status"],
        "in_production"
    );
    let res = app
        .post(
            &format!("/api/v1/orders/{id}/transitions"),
            json!({"to": "cancelled"}),
        )
        .await;
    res.problem(409, "order_has_shipped_tasks");
    let after = app
        .get(&format!("/api/v1/orders/{id}"))
        .await
        .ok(200)
        .clone();
    assert_eq!(after["status"], "in_production", "nothing changed");
    assert_eq!(after["tasks"][1]["status"], "assigned");
}

async fn list_filters_search_and_keyset_pagination(app: TestApp) {
    app.category_with_suppliers("Cups", &["mug", "杯"], 1).await;
    for i in 0..7 {
        let title = if i == 3 {
            "定制马克杯 (50%_off)"
        } else {
            "Mug"
        };
        let status = if i % 2 == 0 { "pending" } else { "purchasing" };
        app.order(&format!("L-{i}"), status, json!([line(title)]))
            .await
            .ok(201);
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/orders?limit=3&cursor={c}"),
            None => "/api/v1/orders?limit=3".to_owned(),
        };
        let page = app.get(&path).await.ok(200).clone();
        for o in page["items"].as_array().unwrap() {
            seen.push(o["external_number"].as_str().unwrap().to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(
        seen,
        ["L-6", "L-5", "L-4", "L-3", "L-2", "L-1", "L-0"],
        "newest first, each once"
    );
    let pending = app.get("/api/v1/orders?status=pending").await.ok(200)["items"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(pending, 4);
    assert_eq!(
        app.get("/api/v1/orders?platform=ETSY").await.ok(200)["items"]
            .as_array()
            .unwrap()
            .len(),
        7
    );
    assert_eq!(
        app.get("/api/v1/orders?platform=amazon").await.ok(200)["items"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    let found = app.get("/api/v1/orders?q=%E9%A9%AC%E5%85%8B").await.ok(200)["items"].clone(); // 马克
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(found[0]["external_number"], "L-3");
    assert_eq!(
        app.get("/api/v1/orders?q=l-5").await.ok(200)["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // an exact number finds that order alone; the same text in lower case
    // is a substring search and finds every number containing it
    let exact = app.get("/api/v1/orders?q=L-1").await.ok(200)["items"].clone();
    assert_eq!(exact.as_array().unwrap().len(), 1);
    assert_eq!(exact[0]["external_number"], "L-1");
    assert!(
        app.get("/api/v1/orders?q=l-").await.ok(200)["items"]
            .as_array()
            .unwrap()
            .len()
            > 1
    );
    assert_eq!(
        app.get("/api/v1/orders?q=ADA%20LOVE").await.ok(200)["items"]
            .as_array()
            .unwrap()
            .len(),
        7
    );
    // LIKE wildcards in the query are taken literally
    assert_eq!(
        app.get("/api/v1/orders?q=50%25_").await.ok(200)["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        app.get("/api/v1/orders?q=%25").await.ok(200)["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

async fn list_filters_by_category_supplier_dates_and_sort(app: TestApp) {
    let (cups, cup_makers) = app.category_with_suppliers("Cups", &["mug"], 2).await;
    let (hats, _) = app.category_with_suppliers("Hats", &["hat"], 1).await;
    app.order("F-1", "purchasing", json!([line("Mug")]))
        .await
        .ok(201);
    app.order("F-2", "purchasing", json!([line("Mug")]))
        .await
        .ok(201);
    app.order("F-3", "purchasing", json!([line("Hat"), line("Mug")]))
        .await
        .ok(201);
    app.order("F-4", "pending", json!([line("Hat")]))
        .await
        .ok(201);
    // lines are classified when the order is released: pending F-4 is not
    // in a category yet
    let by_hats = app.get(&format!("/api/v1/orders?category_id={hats}")).await;
    assert_eq!(numbers(by_hats.ok(200)), ["F-3"]);
    let by_cups = app.get(&format!("/api/v1/orders?category_id={cups}")).await;
    assert_eq!(numbers(by_cups.ok(200)), ["F-3", "F-2", "F-1"]);
    // cups go round-robin: the first maker got F-1 and F-3's mug
    let first = app
        .get(&format!("/api/v1/orders?supplier_id={}", cup_makers[0]))
        .await;
    assert_eq!(numbers(first.ok(200)), ["F-3", "F-1"]);
    let oldest = app.get("/api/v1/orders?sort=oldest&limit=3").await;
    assert_eq!(numbers(oldest.ok(200)), ["F-1", "F-2", "F-3"]);
    let cursor = oldest.ok(200)["next_cursor"].as_str().unwrap().to_owned();
    let rest = app
        .get(&format!(
            "/api/v1/orders?sort=oldest&limit=3&cursor={cursor}"
        ))
        .await;
    assert_eq!(numbers(rest.ok(200)), ["F-4"]);
    // every order was received today (UTC)
    let today = time::OffsetDateTime::now_utc().date();
    let day = |d: time::Date| d.to_string();
    let range = format!("/api/v1/orders?from={}&to={}", day(today), day(today));
    assert_eq!(numbers(app.get(&range).await.ok(200)).len(), 4);
    let before = format!("/api/v1/orders?to={}", day(today.previous_day().unwrap()));
    assert!(numbers(app.get(&before).await.ok(200)).is_empty());
    let after = format!("/api/v1/orders?from={}", day(today.next_day().unwrap()));
    assert!(numbers(app.get(&after).await.ok(200)).is_empty());
    let bad = app.get("/api/v1/orders?from=2026-02-30").await;
    assert_eq!(bad.problem(422, "invalid_date")["field"], "from");
    app.get("/api/v1/orders?sort=sideways")
        .await
        .problem(400, "invalid_query");
}

/// A search reads the newest orders directly and older ones through the
/// trigram index: a server whose window is 3 orders answers every query
/// exactly as one that reads them all (the default window covers these).
async fn search_past_the_window_goes_through_the_text_index(app: TestApp) {
    app.category_with_suppliers("Cups", &["mug", "杯", "hat"], 1)
        .await;
    let titles = [
        "Teal mug, zebra print",
        "Zebra mug",
        "定制马克杯",
        "Mug 50%_off",
        "Mug",
        "Mug",
        "Mug",
        "zebra hat",
        "Mug",
        "Mug",
        "Mug",
    ];
    for (i, title) in titles.iter().enumerate() {
        let status = if i == 1 { "pending" } else { "purchasing" };
        app.order(&format!("S-{i}"), status, json!([line(title)]))
            .await
            .ok(201);
    }
    let small = app.another_server(|s| s.with_search_window(3)).await;
    let both = async |query: &str| {
        let path = format!("/api/v1/orders?{query}");
        let direct = numbers(app.get(&path).await.ok(200));
        let indexed = numbers(small.get(&path).await.ok(200));
        assert_eq!(indexed, direct, "{query}");
        indexed
    };
    assert_eq!(both("q=zebra").await, ["S-7", "S-1", "S-0"]);
    assert_eq!(both("q=ZEBRA&sort=oldest").await, ["S-0", "S-1", "S-7"]);
    assert_eq!(both("q=zebra&status=pending").await, ["S-1"]);
    assert_eq!(both("q=%E9%A9%AC%E5%85%8B%E6%9D%AF").await, ["S-2"]); // 马克杯
    assert_eq!(both("q=50%25_").await, ["S-3"]);
    // too short for the index: a window per page, the pages together
    // find them all
    let first = small.get("/api/v1/orders?q=ze").await.ok(200).clone();
    assert!(
        numbers(&first).is_empty() && first["next_cursor"].is_string(),
        "{first}"
    );
    let mut all = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = small
            .get(&format!("/api/v1/orders?q=ze&cursor={cursor}"))
            .await
            .ok(200)
            .clone();
        all.extend(numbers(&page));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = c.to_owned(),
            None => break,
        }
    }
    assert_eq!(all, ["S-7", "S-1", "S-0"]);
    assert_eq!(numbers(app.get("/api/v1/orders?q=ze").await.ok(200)), all);
    assert_eq!(both("q=%22quoted%22").await, Vec::<String>::new());
    assert_eq!(both("q=mug").await.len(), 9);
    // pages through both halves, each order once
    let first = small
        .get("/api/v1/orders?q=zebra&limit=2")
        .await
        .ok(200)
        .clone();
    assert_eq!(numbers(&first), ["S-7", "S-1"]);
    let cursor = first["next_cursor"].as_str().unwrap();
    let rest = small
        .get(&format!("/api/v1/orders?q=zebra&limit=2&cursor={cursor}"))
        .await
        .ok(200)
        .clone();
    assert_eq!(numbers(&rest), ["S-0"]);
    assert!(rest["next_cursor"].is_null());
}

/// The order numbers of a page, in its order.
fn numbers(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["external_number"].as_str().unwrap().to_owned())
        .collect()
}

async fn a_lines_platform_sku_is_kept(app: TestApp) {
    app.category_with_suppliers("Cups", &["mug"], 1).await;
    let mut with_sku = line("Mug");
    with_sku["platform_sku"] = json!("MUG-NAVY-11OZ");
    let order = app
        .order("PS-1", "purchasing", json!([with_sku, line("Mug")]))
        .await
        .ok(201)
        .clone();
    assert_eq!(order["lines"][0]["platform_sku"], "MUG-NAVY-11OZ");
    assert!(order["lines"][1]["platform_sku"].is_null());
    let stored = app
        .get(&format!("/api/v1/orders/{}", order["id"].as_str().unwrap()))
        .await
        .ok(200)
        .clone();
    assert_eq!(stored["lines"], order["lines"]);
    let mut long = line("Mug");
    long["platform_sku"] = json!("x".repeat(65));
    let res = app.order("PS-2", "pending", json!([long])).await;
    assert_eq!(
        res.problem(422, "too_long")["field"],
        "lines[0].platform_sku"
    );
}

async fn exports_follow_the_filters_and_the_callers_scope(app: TestApp) {
    let (_, makers) = app.category_with_suppliers("Cups", &["mug", "杯"], 2).await;
    for (i, title) in ["Mug", "定制马克杯", "Mug"].iter().enumerate() {
        app.order(&format!("X-{i}"), "purchasing", json!([line(title)]))
            .await
            .ok(201);
    }
    app.order("X-P", "pending", json!([line("Mug")]))
        .await
        .ok(201);
    let get = |path: String| {
        let app = &app;
        async move {
            app.client
                .get(format!("{}{path}", app.base))
                .bearer_auth(crate::helpers::TOKEN)
                .send()
                .await
                .unwrap()
        }
    };
    let res = get("/api/v1/orders/export/csv?status=purchasing".into()).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("orders.csv")
    );
    let bytes = res.bytes().await.unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "a BOM for spreadsheet programs"
    );
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert!(
        rows[0].starts_with("Order number,Platform,Status"),
        "{text}"
    );
    assert_eq!(rows.len(), 4, "a header and the 3 released orders: {text}");
    assert!(
        text.contains("定制马克杯 × 1") && text.contains("ada@example.com"),
        "{text}"
    );
    assert!(!text.contains("X-P"));

    // a customer named like a formula stays a name in a spreadsheet
    let mut hostile = crate::helpers::order_body("X-F", "pending", json!([line("Mug")]));
    hostile["customer"]["name"] = json!("=HYPERLINK(\"http://evil.example\",\"x\")");
    app.post("/api/v1/orders", hostile).await.ok(201);
    let res = get("/api/v1/orders/export/csv?status=pending".into()).await;
    let text = res.text().await.unwrap();
    assert!(
        text.contains("\"'=HYPERLINK(\"\"http://evil.example") && !text.contains(",=HYPERLINK"),
        "{text}"
    );

    let res = get("/api/v1/tasks/export/xlsx".into()).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let xlsx = res.bytes().await.unwrap();
    assert!(xlsx.starts_with(b"PK"), "an XLSX file is a zip");
    let pdf = get("/api/v1/orders/export/pdf".into()).await;
    assert_eq!(pdf.status(), 400, "only csv and xlsx");

    // a supplier exports its own tasks and orders, without prices or e-mail
    let (_, token) = app.token("maker", "supplier", Some(&makers[0])).await;
    let as_maker = |path: &'static str| {
        let (app, token) = (&app, token.clone());
        async move {
            let url = format!("{}/api/v1/{path}", app.base);
            let res = app.client.get(url).bearer_auth(token).send().await.unwrap();
            res.text().await.unwrap()
        }
    };
    let mine = as_maker("orders/export/csv").await;
    assert!(
        mine.contains("X-0") && mine.contains("X-2") && !mine.contains("X-1"),
        "{mine}"
    );
    assert!(
        !mine.contains("ada@example.com") && !mine.contains("10.00"),
        "{mine}"
    );
    let tasks = as_maker("tasks/export/csv").await;
    assert_eq!(
        tasks.lines().count(),
        3,
        "a header and its 2 tasks: {tasks}"
    );
    // each row says what to make
    assert!(
        tasks.starts_with("\u{feff}SKU,Product,Personalisation,"),
        "{tasks}"
    );
    assert!(
        tasks.lines().skip(1).all(|l| l.contains(",Mug,")),
        "{tasks}"
    );
    // and reads the status in its own words
    assert!(
        tasks
            .lines()
            .skip(1)
            .all(|l| l.contains(",assigned,to_prepare,")),
        "{tasks}"
    );
    assert!(
        mine.lines().skip(1).all(|l| l.contains(",to_prepare,")),
        "{mine}"
    );
    assert!(!tasks.contains("Cups supplier 1"), "{tasks}");
}
