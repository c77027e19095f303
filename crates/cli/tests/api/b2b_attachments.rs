//! Files attached to a request and to a bid's thread (issue 16, items 3
//! and 5): checked by content, served only to who may read them.

use crate::b2b::{bid_of, id, people, published_product, request};
use crate::helpers::{Auth, Res, TestApp, authed, read};
use crate::products::jpeg;
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde_json::json;

crate::on_both_backends!(requests_and_threads_carry_files);

async fn upload(app: &TestApp, who: &Auth, path: &str, body: Option<&str>, bytes: Vec<u8>) -> Res {
    let mut form = Form::new().part("file", Part::bytes(bytes).file_name("drawing.jpg"));
    if let Some(b) = body {
        form = form.text("body", b.to_owned());
    }
    let req = app
        .client
        .post(format!("{}/api/v1{path}", app.base))
        .multipart(form);
    read(authed(req, who).send().await.expect("request")).await
}

async fn requests_and_threads_carry_files(app: TestApp) {
    let p = people(&app).await;
    let product = published_product(&app, &p).await;
    let rfq = app
        .as_(
            &p.buyer,
            Method::POST,
            "/rfqs",
            Some(request(&product, json!([p.suppliers[1]]))),
        )
        .await;
    let rfq = rfq.ok(201).clone();
    let rid = id(&rfq);
    // the purchaser attaches a drawing; nobody else may, and it must be one
    let files = format!("/rfqs/{rid}/files");
    // (a small body: a refusal answers before the body is read, and a
    // client still sending a large one may see the connection close)
    upload(&app, &p.a, &files, None, b"x".to_vec())
        .await
        .forbidden("purchasers_only");
    upload(&app, &p.buyer, &files, None, b"%!PS-Adobe".to_vec())
        .await
        .problem(422, "unsupported_file");
    let res = upload(&app, &p.buyer, &files, None, jpeg(640, 480, true)).await;
    let name = res.ok(200)["files"][0].as_str().unwrap().to_owned();
    let file = format!("/api/v1/rfqs/{rid}/files/{name}");
    for (who, status) in [
        (&p.a, 200),
        (&p.b, 200),
        (&p.approver, 200),
        (&p.other_org_buyer, 404),
    ] {
        assert_eq!(
            app.send_as(who, Method::GET, &file, None)
                .await
                .status
                .as_u16(),
            status
        );
    }
    let read_back = app
        .as_(&p.a, Method::GET, &format!("/rfqs/{rid}"), None)
        .await;
    assert_eq!(read_back.ok(200)["files"][0], name.as_str());
    // supplier A answers in its thread with a photo of a sample
    let bid = id(bid_of(&rfq, &p.suppliers[0]));
    let thread = format!("/bids/{bid}/messages/files");
    let res = upload(
        &app,
        &p.a,
        &thread,
        Some("Our sample, 350 g/m²"),
        jpeg(800, 600, true),
    )
    .await;
    let message = res.ok(201).clone();
    assert_eq!(message["body"], "Our sample, 350 g/m²");
    let sample = message["files"][0].as_str().unwrap().to_owned();
    let file = format!("/api/v1/bids/{bid}/messages/files/{sample}");
    for (who, status) in [
        (&p.buyer, 200),
        (&p.a, 200),
        (&p.b, 404),
        (&p.other_org_buyer, 404),
    ] {
        assert_eq!(
            app.send_as(who, Method::GET, &file, None)
                .await
                .status
                .as_u16(),
            status
        );
    }
    let thread = app
        .as_(
            &p.buyer,
            Method::GET,
            &format!("/bids/{bid}/messages"),
            None,
        )
        .await;
    assert_eq!(thread.ok(200)[0]["files"][0], sample.as_str());
}
