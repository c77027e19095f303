//! Proofs before production: a category asking proofs of personalised
//! lines holds their tasks out of production until a round is approved —
//! by the operator, or by the buyer through a link without an account —
//! every round kept; hostile files are refused by their content.

use crate::helpers::{Auth, Res, TestApp, client, line, read};
use crate::products::jpeg;
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

crate::on_both_backends!(
    production_waits_for_an_approved_proof,
    the_buyer_answers_through_the_link,
    hostile_proof_files_are_refused,
    a_supplier_uploads_a_proof_on_its_card,
    a_new_personalisation_owes_a_new_proof,
    a_new_personalisation_of_an_unaccepted_task_owes_a_new_proof
);

const PDF: &[u8] =
    b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// A category asking proofs of personalised lines, one supplier with a
/// token, and a released order of a personalised mug and a plain one;
/// returns (supplier auth, personalised task, plain task).
async fn setup(app: &TestApp) -> (Auth, Value, Value) {
    let (cat, makers) = app.category_with_suppliers("Mugs", &["mug"], 1).await;
    app.send(
        Method::PATCH,
        &format!("/api/v1/categories/{cat}"),
        Some(&json!({ "proof": "personalised" })),
        &[],
    )
    .await
    .ok(200);
    let mut named = line("Named mug");
    named["customization"] = json!({ "Name": "Ana" });
    let mut plain = line("Plain mug");
    plain["customization"] = json!({ "Name": "" });
    let order = app.order("P-1", "purchasing", json!([named, plain])).await;
    let tasks = order.ok(201)["tasks"].as_array().unwrap().clone();
    let (_, token) = app.token("mug maker", "supplier", Some(&makers[0])).await;
    (Auth::Bearer(token), tasks[0].clone(), tasks[1].clone())
}

/// Posts a round of `files` (name, bytes) as `auth`.
async fn submit(app: &TestApp, auth: &Auth, task: &str, files: Vec<(&str, Vec<u8>)>) -> Res {
    let mut form = Form::new().text("note", "front and back");
    for (name, bytes) in files {
        form = form.part("file", Part::bytes(bytes).file_name(name.to_owned()));
    }
    let mut req = client()
        .post(format!("{}/api/v1/tasks/{task}/proofs", app.base))
        .multipart(form);
    if let Auth::Bearer(t) = auth {
        req = req.bearer_auth(t);
    }
    read(req.send().await.expect("request")).await
}

async fn move_task(app: &TestApp, auth: &Auth, task: &str, to: &str) -> Res {
    let path = format!("/api/v1/tasks/{task}/transitions");
    app.send_as(auth, Method::POST, &path, Some(&json!({ "to": to })))
        .await
}

async fn production_waits_for_an_approved_proof(app: TestApp) {
    let (maker, named, plain) = setup(&app).await;
    assert_eq!(named["proof"]["status"], "required", "{named}");
    assert!(
        plain["proof"].is_null(),
        "no personalisation, no proof: {plain}"
    );
    let id = named["id"].as_str().unwrap();
    move_task(&app, &maker, id, "accepted").await.ok(200);
    move_task(&app, &maker, id, "in_production")
        .await
        .problem(409, "proof_required");
    // the plain mug goes on as before
    let plain_id = plain["id"].as_str().unwrap();
    move_task(&app, &maker, plain_id, "accepted").await.ok(200);
    move_task(&app, &maker, plain_id, "in_production")
        .await
        .ok(200);
    submit(&app, &maker, plain_id, vec![("a.pdf", PDF.to_vec())])
        .await
        .problem(409, "no_proof");

    // round 1: changes asked, with a comment
    let task = submit(&app, &maker, id, vec![("front.jpg", jpeg(800, 600, false))]).await;
    let task = task.ok(201).clone();
    assert_eq!(
        (
            task["proof"]["status"].as_str(),
            task["proof"]["round"].as_i64()
        ),
        (Some("submitted"), Some(1)),
        "{task}"
    );
    submit(&app, &maker, id, vec![("again.pdf", PDF.to_vec())])
        .await
        .problem(409, "proof_not_expected");
    // a supplier does not approve its own proof
    let answer = format!("/api/v1/tasks/{id}/proof/answer");
    let approve = json!({ "decision": "approve" });
    let mine = app
        .send_as(&maker, Method::POST, &answer, Some(&approve))
        .await;
    assert_eq!(mine.status, 403, "{:?}", mine.body);
    app.post(&answer, json!({ "decision": "request_changes" }))
        .await
        .problem(422, "comment_required");
    let asked = json!({ "decision": "request_changes", "comment": "Bigger letters" });
    let task = app.post(&answer, asked).await.ok(200).clone();
    assert_eq!(task["proof"]["status"], "changes_requested");
    assert_eq!(task["proof"]["latest"]["comment"], "Bigger letters");
    move_task(&app, &maker, id, "in_production")
        .await
        .problem(409, "proof_required");

    // round 2: a picture and a PDF, approved
    let files = vec![
        ("front.jpg", jpeg(900, 600, false)),
        ("print.pdf", PDF.to_vec()),
    ];
    submit(&app, &maker, id, files).await.ok(201);
    app.post(&answer, approve).await.ok(200);
    move_task(&app, &maker, id, "in_production").await.ok(200);

    let rounds = app
        .send_as(
            &maker,
            Method::GET,
            &format!("/api/v1/tasks/{id}/proofs"),
            None,
        )
        .await;
    let rounds = rounds.ok(200).as_array().unwrap().clone();
    let answers: Vec<_> = rounds.iter().map(|r| r["answer"].as_str()).collect();
    assert_eq!(answers, [Some("changes_requested"), Some("approved")]);
    assert_eq!(rounds[1]["files"][1]["kind"], "pdf");
    assert_eq!(rounds[1]["files"][1]["original_name"], "print.pdf");
    // the files come back as sent, sandboxed; a PDF is downloaded
    let name = rounds[1]["files"][1]["name"].as_str().unwrap();
    let res = client()
        .get(format!(
            "{}/api/v1/tasks/{id}/proofs/files/{name}",
            app.base
        ))
        .bearer_auth(crate::helpers::TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let h = res.headers().clone();
    assert_eq!(h["content-type"], "application/pdf");
    assert!(
        h["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert!(
        h["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("sandbox")
    );
    assert_eq!(res.bytes().await.unwrap().as_ref(), PDF);
    // another task's path does not reach this file
    app.get(&format!("/api/v1/tasks/{plain_id}/proofs/files/{name}"))
        .await
        .problem(404, "not_found");
    let order = json!({ "id": named["order_id"] });
    let kinds: Vec<String> = app
        .order_events(&order)
        .await
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_owned())
        .collect();
    for kind in [
        "task.proof_submitted",
        "task.proof_changes_requested",
        "task.proof_approved",
    ] {
        assert!(kinds.iter().any(|k| k == kind), "{kind} in {kinds:?}");
    }
}

async fn the_buyer_answers_through_the_link(app: TestApp) {
    let (maker, named, _) = setup(&app).await;
    let id = named["id"].as_str().unwrap();
    submit(&app, &maker, id, vec![("front.jpg", jpeg(800, 600, false))])
        .await
        .ok(201);
    let link_path = format!("/api/v1/tasks/{id}/proof/buyer-link");
    app.post(&link_path, json!({ "days": 31 }))
        .await
        .problem(422, "out_of_range");
    let mine = app
        .send_as(&maker, Method::POST, &link_path, Some(&json!({})))
        .await;
    assert_eq!(mine.status, 403, "only staff send links: {:?}", mine.body);
    let link = app
        .post(&link_path, json!({ "days": 3 }))
        .await
        .ok(201)
        .clone();
    let url = link["url"].as_str().unwrap();
    let path = &url[url.find("/proof/").unwrap()..];
    let task = app
        .get(&format!("/api/v1/tasks/{id}"))
        .await
        .ok(200)
        .clone();
    assert_eq!(task["proof"]["status"], "with_buyer");

    // the buyer's page: no account, the mock-up and what it is for
    let anon = client();
    let page = anon
        .get(format!("{}{path}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Named mug") && html.contains("Ana"), "{html}");
    let file = html
        .split("src=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .find(|s| s.starts_with("/proof/"))
        .unwrap_or_else(|| panic!("a picture from the link: {html}"));
    let pic = anon
        .get(format!("{}{file}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(pic.status(), 200);
    assert_eq!(pic.headers()["content-type"], "image/jpeg");
    // a made-up link shows nothing
    let made_up = anon
        .get(format!("{}/proof/pf_made-up", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(made_up.status(), 404);

    // changes without a comment are refused on the page; with one, taken
    let post = |form: Vec<(&'static str, &'static str)>| {
        anon.post(format!("{}{path}", app.base)).form(&form).send()
    };
    let res = post(vec![("decision", "request_changes"), ("comment", "")])
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let res = post(vec![
        ("decision", "request_changes"),
        ("comment", "Use blue"),
    ])
    .await
    .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("Use blue"));
    let task = app
        .get(&format!("/api/v1/tasks/{id}"))
        .await
        .ok(200)
        .clone();
    assert_eq!(task["proof"]["status"], "changes_requested");
    assert_eq!(task["proof"]["latest"]["answered_by"], "buyer");
    // answered: the same link takes no second answer
    let again = post(vec![("decision", "approve"), ("comment", "")])
        .await
        .unwrap();
    assert_eq!(again.status(), 422);

    // round 2, a new link; the buyer approves and production may start
    submit(
        &app,
        &maker,
        id,
        vec![("front2.jpg", jpeg(800, 600, false))],
    )
    .await
    .ok(201);
    let link = app.post(&link_path, json!({})).await.ok(201).clone();
    let url = link["url"].as_str().unwrap();
    let second = &url[url.find("/proof/").unwrap()..];
    let res = anon
        .post(format!("{}{second}", app.base))
        .form(&[("decision", "approve"), ("comment", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    move_task(&app, &maker, id, "accepted").await.ok(200);
    move_task(&app, &maker, id, "in_production").await.ok(200);

    // an expired link is gone
    app.sql("UPDATE proof_rounds SET link_expires_at = 1").await;
    let gone = anon
        .get(format!("{}{second}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 410);
    let html = gone.text().await.unwrap();
    assert!(!html.contains("Named mug"), "nothing of the order: {html}");
    let pic = anon
        .get(format!("{}{file}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(pic.status(), 404, "nor its files");
}

async fn hostile_proof_files_are_refused(app: TestApp) {
    let (maker, named, _) = setup(&app).await;
    let id = named["id"].as_str().unwrap();
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".to_vec();
    let mut bomb = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bomb.extend_from_slice(&60_000u32.to_be_bytes());
    bomb.extend_from_slice(&60_000u32.to_be_bytes());
    bomb.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    let script =
        b"%PDF-1.7\n<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\n%%EOF".to_vec();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("mock.jpg", svg, "unsupported_file"),
        ("huge.png", bomb, "image_dimensions_too_large"),
        ("act.pdf", script, "unsafe_pdf"),
        ("cut.pdf", PDF[..PDF.len() - 7].to_vec(), "unsupported_file"),
    ];
    for (name, bytes, code) in cases {
        let files = vec![("ok.jpg", jpeg(800, 600, false)), (name, bytes)];
        let res = submit(&app, &maker, id, files).await;
        let problem = res.problem(422, code);
        assert_eq!(problem["field"], "file[1]", "{name}");
    }
    let six = (0..6).map(|_| ("a.pdf", PDF.to_vec())).collect();
    submit(&app, &maker, id, six).await.problem(422, "too_many");
    submit(&app, &maker, id, vec![])
        .await
        .problem(422, "required");
    // nothing was taken: the proof still waits for its first round
    let task = app
        .get(&format!("/api/v1/tasks/{id}"))
        .await
        .ok(200)
        .clone();
    assert_eq!(
        (
            task["proof"]["status"].as_str(),
            task["proof"]["round"].as_i64()
        ),
        (Some("required"), Some(0))
    );
    // another supplier's task is not found
    let (_, others) = app.category_with_suppliers("Vases", &["vase"], 1).await;
    let (_, token) = app.token("vase maker", "supplier", Some(&others[0])).await;
    let other = Auth::Bearer(token);
    submit(&app, &other, id, vec![("a.pdf", PDF.to_vec())])
        .await
        .problem(404, "not_found");
}

async fn a_supplier_uploads_a_proof_on_its_card(app: TestApp) {
    use crate::web::{follow, page, sign_in};
    use reqwest::header::COOKIE;
    let (maker, named, _) = setup(&app).await;
    let supplier = named["supplier_id"].as_str().unwrap();
    app.user(
        "potter@web.example",
        "supplier",
        Some(supplier),
        "kiln-fired-42-pots",
    )
    .await;
    drop(maker);
    let (cookie, csrf) = sign_in(&app, "potter@web.example", "kiln-fired-42-pots").await;
    let headers = [(COOKIE.as_str(), cookie.as_str())];
    let (_, board) = page(&app, "/tasks", &headers).await;
    assert!(board.contains("To upload"), "{board}");
    assert!(!board.contains("Start production"), "{board}");
    let id = named["id"].as_str().unwrap();
    let form = Form::new()
        .text("csrf", csrf.clone())
        .text("back", "/tasks")
        .text("note", "")
        .part(
            "file",
            Part::bytes(jpeg(800, 600, false)).file_name("front.jpg"),
        )
        .part("file", Part::bytes(Vec::new()).file_name(""));
    let res = crate::web::browser()
        .post(format!("{}/tasks/{id}/proofs", app.base))
        .header(COOKIE, &cookie)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let (to, after) = follow(&app, res, &headers).await;
    assert_eq!(to, "/tasks");
    assert!(after.contains("Waiting for approval"), "{after}");
    assert!(
        after.contains("/proofs/files/"),
        "the round's picture: {after}"
    );
}

/// An approved proof shows the old engraving: when a change the supplier
/// accepts alters the personalisation, the proof is owed again; a new
/// quantity alone leaves it approved.
async fn a_new_personalisation_owes_a_new_proof(app: TestApp) {
    let (maker, named, plain) = setup(&app).await;
    let id = named["id"].as_str().unwrap();
    move_task(&app, &maker, id, "accepted").await.ok(200);
    submit(&app, &maker, id, vec![("mock.jpg", jpeg(40, 30, false))])
        .await
        .ok(201);
    app.post(
        &format!("/api/v1/tasks/{id}/proof/answer"),
        json!({ "decision": "approve" }),
    )
    .await
    .ok(200);
    let order_id = named["order_id"].as_str().unwrap();
    let path = format!("/api/v1/orders/{order_id}");
    let change = |quantity: i64, name: &str| {
        let mut named = line("Named mug");
        named["quantity"] = json!(quantity);
        named["customization"] = json!({ "Name": name });
        let mut plain_line = line("Plain mug");
        plain_line["customization"] = json!({ "Name": "" });
        let app = &app;
        let path = path.clone();
        async move {
            let version = app.get(&path).await.ok(200)["version"].clone();
            let patch = json!({ "version": version, "lines": [named, plain_line] });
            app.patch(&path, patch).await.ok(200);
        }
    };
    assert!(plain["proof"].is_null());
    // two mugs, same name: still approved
    change(2, "Ana").await;
    let answer = format!("/api/v1/tasks/{id}/amendment");
    let yes = json!({ "answer": "accept" });
    let t = app.send_as(&maker, Method::POST, &answer, Some(&yes)).await;
    assert_eq!(t.ok(200)["proof"]["status"], "approved");
    // another name: owed again, and production waits for it
    change(2, "Ana María").await;
    let t = app.send_as(&maker, Method::POST, &answer, Some(&yes)).await;
    assert_eq!(t.ok(200)["proof"]["status"], "required", "{:?}", t.body);
    move_task(&app, &maker, id, "in_production")
        .await
        .problem(409, "proof_required");
    let events = app.order_events(&json!({ "id": order_id })).await;
    let reset = events
        .iter()
        .find(|e| e["kind"] == "task.proof_reset")
        .expect("the reset is on the timeline");
    assert_eq!(reset["details"]["reason"], "the personalisation changed");
}

/// Before its supplier accepts, a line's change is written at once: a new
/// personalisation owes the approved proof again there too.
async fn a_new_personalisation_of_an_unaccepted_task_owes_a_new_proof(app: TestApp) {
    let (maker, named, _) = setup(&app).await;
    let id = named["id"].as_str().unwrap();
    submit(&app, &maker, id, vec![("mock.jpg", jpeg(40, 30, false))])
        .await
        .ok(201);
    let answer = format!("/api/v1/tasks/{id}/proof/answer");
    app.post(&answer, json!({ "decision": "approve" }))
        .await
        .ok(200);
    let path = format!("/api/v1/orders/{}", named["order_id"].as_str().unwrap());
    let version = app.get(&path).await.ok(200)["version"].clone();
    let mut renamed = line("Named mug");
    renamed["customization"] = json!({ "Name": "Bea" });
    let mut plain = line("Plain mug");
    plain["customization"] = json!({ "Name": "" });
    let patch = json!({ "version": version, "lines": [renamed, plain] });
    let order = app.patch(&path, patch).await.ok(200).clone();
    let task = order["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap();
    assert_eq!(task["status"], "assigned");
    assert_eq!(task["proof"]["status"], "required", "{task}");
}
