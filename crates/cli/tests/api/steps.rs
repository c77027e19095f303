//! Production in steps (工序 / 半成品外包): a category made as a recipe
//! of steps, each a task routed to a supplier of the step's category, the
//! next routed when the previous is produced; the order ships when the
//! last step does.

use crate::helpers::{TestApp, order_body};
use crate::web::{page, post_form, sign_in};
use reqwest::header::{COOKIE, LOCATION};
use serde_json::{Value, json};

crate::on_both_backends!(
    a_three_step_product_is_made_by_three_suppliers_in_order,
    a_recipe_is_typed_by_name_in_the_category_form
);

async fn move_task(app: &TestApp, task: &str, to: &str) -> Value {
    let body = match to {
        "shipped" => {
            json!({"to": to, "carrier": "SF Express", "tracking_number": "SF1234567890123"})
        }
        _ => json!({"to": to}),
    };
    let res = app
        .post(&format!("/api/v1/tasks/{task}/transitions"), body)
        .await;
    res.ok(200).clone()
}

async fn order(app: &TestApp, id: &str) -> Value {
    app.get(&format!("/api/v1/orders/{id}"))
        .await
        .ok(200)
        .clone()
}

async fn a_three_step_product_is_made_by_three_suppliers_in_order(app: TestApp) {
    let (_, uppers) = app.category_with_suppliers("Uppers", &["upper"], 2).await;
    let (_, soles) = app.category_with_suppliers("Soles", &["sole"], 1).await;
    let (_, assembly) = app
        .category_with_suppliers("Assembly", &["assemble"], 1)
        .await;
    // assembly is done in the seller's own workshop
    let ours = json!({"internal": true});
    let ours = app
        .patch(&format!("/api/v1/suppliers/{}", assembly[0]), ours)
        .await;
    assert_eq!(ours.ok(200)["internal"], true);
    let shoes =
        json!({"name": "Shoes", "keywords": ["shoe"], "steps": ["uppers", "Soles", "Assembly"]});
    let shoes = app.post("/api/v1/categories", shoes).await.ok(201).clone();
    assert_eq!(shoes["steps"].as_array().unwrap().len(), 3);
    let shoes_id = shoes["id"].as_str().unwrap();

    // a recipe is one level deep, of categories that exist
    let unknown = json!({"name": "Boots", "steps": ["Uppers", "Heels"]});
    let p = app.post("/api/v1/categories", unknown).await;
    assert_eq!(p.problem(422, "unknown_category")["field"], "steps[1]");
    let nested = json!({"name": "Boots", "steps": ["Shoes"]});
    app.post("/api/v1/categories", nested)
        .await
        .problem(422, "invalid_value");
    let own = json!({"steps": ["Shoes"]});
    app.patch(&format!("/api/v1/categories/{shoes_id}"), own)
        .await
        .problem(422, "invalid_value");
    let up = app.get("/api/v1/categories").await.ok(200).clone();
    let up_id = up
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Uppers")
        .unwrap()["id"]
        .clone();
    let step_of_shoes = json!({"steps": ["Soles"]});
    app.patch(
        &format!("/api/v1/categories/{}", up_id.as_str().unwrap()),
        step_of_shoes,
    )
    .await
    .problem(422, "conflicting_fields");

    // step 1 goes to the uppers maker; the line stays a shoe
    let placed = app
        .post(
            "/api/v1/orders",
            order_body(
                "SH-1",
                "purchasing",
                json!([{"title": "Leather shoe", "quantity": 2, "unit_price": "80.00"}]),
            ),
        )
        .await;
    let placed = placed.ok(201).clone();
    let id = placed["id"].as_str().unwrap().to_owned();
    let t1 = placed["tasks"][0].clone();
    assert_eq!(
        (t1["supplier_id"].as_str(), t1["step"].clone()),
        (Some(uppers[0].as_str()), json!({"no": 1, "of": 3}))
    );
    assert_eq!(placed["lines"][0]["category_id"], shoes["id"]);

    let mut made = vec![t1["supplier_id"].as_str().unwrap().to_owned()];
    let mut task = t1["id"].as_str().unwrap().to_owned();
    for (no, maker) in [(2, &soles[0]), (3, &assembly[0])] {
        for to in ["accepted", "in_production", "produced"] {
            move_task(&app, &task, to).await;
        }
        // produced: the next step is routed to its category's supplier
        let o = order(&app, &id).await;
        let next = o["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["step"]["no"] == no)
            .unwrap()
            .clone();
        assert_eq!(next["supplier_id"].as_str(), Some(maker.as_str()), "{o}");
        assert_eq!(next["step"]["of"], 3);
        // the hand-over ships to the next supplier; the order is not shipped
        move_task(&app, &task, "shipped").await;
        let o = order(&app, &id).await;
        assert_eq!(o["status"], "in_production", "after a hand-over: {o}");
        made.push(maker.clone());
        task = next["id"].as_str().unwrap().to_owned();
    }
    assert_eq!(
        made,
        [uppers[0].clone(), soles[0].clone(), assembly[0].clone()]
    );

    // the last step ships the shoe: now the order has shipped
    app.ship_task(&task).await;
    let o = order(&app, &id).await;
    assert_eq!(o["status"], "shipped", "{o}");
    assert_eq!(o["tasks"].as_array().unwrap().len(), 3, "one task per step");
    let events = app.order_events(&o).await;
    let causes: Vec<&str> = events
        .iter()
        .filter(|e| e["kind"] == "task.routed")
        .map(|e| e["details"]["cause"].as_str().unwrap())
        .collect();
    assert_eq!(causes, ["release", "next_step", "next_step"]);
}

async fn a_recipe_is_typed_by_name_in_the_category_form(app: TestApp) {
    let (soles, _) = app.category_with_suppliers("Soles", &["sole"], 1).await;
    let (assembly, _) = app
        .category_with_suppliers("Assembly", &["assemble"], 1)
        .await;
    app.user("lasts@web.example", "operator", None, "cobbler-bench-77")
        .await;
    let (cookie, csrf) = sign_in(&app, "lasts@web.example", "cobbler-bench-77").await;
    let form = |steps: &'static str| {
        vec![
            ("name", "Sandals"),
            ("keywords", "sandal"),
            ("sku_prefix", "SND"),
            ("sku_template", "{rand:8}"),
            ("strategy", "round_robin"),
            ("steps", steps),
        ]
    };
    let refused = post_form(&app, &cookie, &csrf, "/categories", form("Soles → Heels"));
    let refused = refused.await.unwrap();
    assert_eq!(refused.status(), 422);
    let body = refused.text().await.unwrap();
    assert!(body.contains("Soles → Heels"), "kept as typed: {body}");
    let saved = post_form(
        &app,
        &cookie,
        &csrf,
        "/categories",
        form("soles → Assembly"),
    );
    assert_eq!(saved.await.unwrap().headers()[LOCATION], "/categories");
    let all = app.get("/api/v1/categories").await.ok(200).clone();
    let sandals = all
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Sandals")
        .unwrap()
        .clone();
    assert_eq!(sandals["steps"], json!([soles, assembly]));
    let edit = format!("/categories/{}/edit", sandals["id"].as_str().unwrap());
    let (_, body) = page(&app, &edit, &[(COOKIE.as_str(), cookie.as_str())]).await;
    assert!(
        body.contains(r#"value="Soles → Assembly""#),
        "shown by name: {body}"
    );
}
