//! The learning classifier over the API: a line the keywords miss is filed
//! by a person (routed, and the title taught), the next such title gets a
//! suggestion with its confidence, a threshold files it at intake without
//! a person (with the event that says so), bulk examples teach at once,
//! and every refusal names its field.

use crate::helpers::{TestApp, line};
use serde_json::{Value, json};

crate::on_both_backends!(operators_teach_the_classifier_and_it_files_what_keywords_miss);

fn unrouted_line(order: &Value, n: usize) -> (String, Value) {
    let l = &order["lines"][n];
    (l["id"].as_str().unwrap().to_owned(), l["unrouted"].clone())
}

async fn operators_teach_the_classifier_and_it_files_what_keywords_miss(app: TestApp) {
    let (drink, _) = app
        .category_with_suppliers("Drinkware", &["mug", "杯"], 2)
        .await;
    let (wear, _) = app
        .category_with_suppliers("Apparel", &["t-shirt"], 1)
        .await;
    app.category_with_suppliers("Hats", &["hat"], 1).await;

    // nothing taught: a tumbler is unrouted, and nothing is suggested
    let first = app
        .order(
            "C-1",
            "purchasing",
            json!([line("Insulated tumbler 20oz, engraved")]),
        )
        .await
        .ok(201)
        .clone();
    assert_eq!(first["status"], "needs_attention");
    let (line_id, why) = unrouted_line(&first, 0);
    assert_eq!(why["code"], "no_category_matched");
    let id = first["id"].as_str().unwrap();
    let s = app.get(&format!("/api/v1/orders/{id}/suggestions")).await;
    assert_eq!(s.ok(200)[0]["line_id"], line_id.as_str());
    assert_eq!(s.body[0]["suggestions"], json!([]));

    // a person files it: routed in that category, the order released again
    let path = format!("/api/v1/orders/{id}/lines/{line_id}/category");
    let filed = app.put(&path, json!({"category": "drinkware"})).await;
    let filed = filed.ok(200).clone();
    assert_eq!(filed["status"], "purchasing", "{filed}");
    assert_eq!(filed["tasks"][0]["category_id"], drink.as_str());
    assert!(filed["lines"][0]["unrouted"].is_null());
    let events = app.order_events(&filed).await;
    let categorised = events
        .iter()
        .find(|e| e["kind"] == "line.categorised")
        .expect("line.categorised");
    assert_eq!(categorised["details"]["by"], "operator");
    assert_eq!(categorised["details"]["category_id"], drink.as_str());
    // a line with a live task is refused
    app.put(&path, json!({"category": "Apparel"}))
        .await
        .problem(409, "line_has_task");

    // teach a few more, in bulk (a Chinese title too)
    let examples = json!({"examples": [
        {"title": "Stainless tumbler with straw", "category": "Drinkware"},
        {"title": "不锈钢保温壶 定制刻字", "category": drink},
        {"title": "Oversized hoodie, custom print", "category": "Apparel"},
        {"title": "纯棉卫衣 定制logo", "category": "Apparel"},
    ]});
    let taught = app.post("/api/v1/classifier/examples", examples).await;
    assert_eq!(taught.ok(200)["taught"], 4);

    // the next tumbler gets a suggestion with its confidence
    let second = app
        .order(
            "C-2",
            "purchasing",
            json!([line("Kids tumbler, pink"), line("加绒卫衣 男款")]),
        )
        .await
        .ok(201)
        .clone();
    assert_eq!(second["status"], "needs_attention");
    let id2 = second["id"].as_str().unwrap();
    let s = app.get(&format!("/api/v1/orders/{id2}/suggestions")).await;
    let s = s.ok(200).clone();
    assert_eq!(s.as_array().unwrap().len(), 2, "{s}");
    assert_eq!(s[0]["suggestions"][0]["category_id"], drink.as_str());
    assert_eq!(s[0]["suggestions"][0]["name"], "Drinkware");
    let confidence = s[0]["suggestions"][0]["confidence"].as_f64().unwrap();
    assert!(confidence > 0.5 && confidence < 1.0, "{s}");
    assert_eq!(s[1]["suggestions"][0]["category_id"], wear.as_str());
    // the person takes the suggestion for the hoodie
    let hoodie = s[1]["line_id"].as_str().unwrap();
    let took = app
        .put(
            &format!("/api/v1/orders/{id2}/lines/{hoodie}/category"),
            json!({"category": wear, "source": "suggestion"}),
        )
        .await;
    assert_eq!(
        took.ok(200)["status"],
        "needs_attention",
        "the tumbler still waits"
    );

    // the test console
    let check = app
        .post(
            "/api/v1/classifier/check",
            json!({"title": "Travel tumbler"}),
        )
        .await;
    assert!(check.ok(200)["keywords"].is_null());
    assert_eq!(check.body["suggestions"][0]["category_id"], drink.as_str());
    let check = app
        .post("/api/v1/classifier/check", json!({"title": "Blue mug"}))
        .await;
    assert_eq!(check.ok(200)["keywords"], drink.as_str());

    // with a threshold, intake files it without a person
    let set = app
        .put("/api/v1/classifier", json!({"auto_accept": 55}))
        .await;
    assert_eq!(set.ok(200)["auto_accept"], 55);
    let third = app
        .order("C-3", "purchasing", json!([line("Tumbler for dad")]))
        .await
        .ok(201)
        .clone();
    assert_eq!(third["status"], "purchasing", "{third}");
    assert_eq!(third["tasks"][0]["category_id"], drink.as_str());
    let events = app.order_events(&third).await;
    let auto = events
        .iter()
        .find(|e| e["kind"] == "line.categorised")
        .expect("line.categorised");
    assert_eq!(auto["details"]["by"], "classifier");
    assert!(auto["details"]["confidence"].as_f64().unwrap() >= 0.55);
    // many long titles at once (over a thousand distinct tokens): read in
    // parts, the order still comes in
    let lines: Vec<serde_json::Value> = (0..20u32)
        .map(|n| {
            let title: String = (0..100u32)
                .map(|i| char::from_u32(0x4E00 + n * 100 + i).unwrap())
                .collect();
            line(&title)
        })
        .collect();
    let many = app.order("C-4", "purchasing", json!(lines)).await;
    assert_eq!(many.ok(201)["status"], "needs_attention");
    // what the model knows, and what it learned from whom
    let state = app.get("/api/v1/classifier").await.ok(200).clone();
    assert_eq!(state["examples"], 6, "one filed, four in bulk, one taken");
    assert_eq!(state["recent"][0]["source"], "suggestion");
    let drinkware = state["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["category_id"] == drink.as_str())
        .unwrap();
    assert_eq!(drinkware["examples"], 3);
    // a line the classifier filed was not taught: only people teach
    app.put("/api/v1/classifier", json!({"auto_accept": null}))
        .await
        .ok(200);

    // refusals
    app.put("/api/v1/classifier", json!({"auto_accept": 40}))
        .await
        .problem(422, "out_of_range");
    app.put(&path, json!({"category": "Lamps"}))
        .await
        .problem(409, "line_has_task");
    let (tumbler, _) = unrouted_line(&second, 0);
    let path2 = format!("/api/v1/orders/{id2}/lines/{tumbler}/category");
    let r = app.put(&path2, json!({"category": "Lamps"})).await;
    assert_eq!(r.problem(422, "unknown_category")["field"], "category");
    let r = app
        .put(&path2, json!({"category": "Hats", "source": "classifier"}))
        .await;
    assert_eq!(r.problem(422, "invalid_value")["field"], "source");
    app.put(
        &format!("/api/v1/orders/{id2}/lines/nope/category"),
        json!({"category": "Hats"}),
    )
    .await
    .problem(404, "not_found");
    let bad = json!({"examples": [{"title": "ok", "category": "Hats"}, {"title": "x", "category": "Lamps"}]});
    let r = app.post("/api/v1/classifier/examples", bad).await;
    assert_eq!(
        r.problem(422, "unknown_category")["field"],
        "examples[1].category"
    );
    let state = app.get("/api/v1/classifier").await.ok(200).clone();
    assert_eq!(state["examples"], 6, "a refused batch teaches nothing");
    let cancelled = app
        .post(
            &format!("/api/v1/orders/{id2}/transitions"),
            json!({"to": "cancelled"}),
        )
        .await;
    cancelled.ok(200);
    app.put(&path2, json!({"category": "Hats"}))
        .await
        .problem(409, "order_closed");
}
