//! Suppliers' catalogues: one product at a time and the bulk upload of a
//! zip (the sheet plus its pictures), scoped per supplier.

use crate::helpers::{Res, TestApp, read};
use reqwest::Method;
use serde_json::{Value, json};
use std::io::Write;

crate::on_both_backends!(
    a_supplier_uploads_its_catalogue_in_one_zip,
    bad_uploads_are_refused_row_by_row_and_take_nothing,
    products_and_pictures_one_at_a_time,
    a_supplier_uploads_and_edits_in_the_browser
);

/// A real JPEG of `w`×`h`; `noisy` ones do not compress (over 1 MB when big).
pub fn jpeg(w: u16, h: u16, noisy: bool) -> Vec<u8> {
    let mut seed = 11u32;
    let pixels: Vec<u8> = (0..w as usize * h as usize * 3)
        .map(|i| match noisy {
            true => {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (seed >> 16) as u8
            }
            // white, with a dark square in the middle third
            false => {
                let (x, y) = ((i / 3) % w as usize, (i / 3) / w as usize);
                let inside = |v: usize, n: u16| v > n as usize / 3 && v < 2 * n as usize / 3;
                if inside(x, w) && inside(y, h) {
                    40
                } else {
                    255
                }
            }
        })
        .collect();
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 85)
        .encode(&pixels, w, h, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    out
}

/// A zip of `(name, bytes)` files.
pub fn zip(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in files {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Sends `body` as `token`.
pub async fn send(app: &TestApp, token: &str, method: Method, path: &str, body: Vec<u8>) -> Res {
    let req = app
        .client
        .request(method, format!("{}{path}", app.base))
        .bearer_auth(token)
        .body(body);
    read(req.send().await.expect("request")).await
}

async fn get_as(app: &TestApp, token: &str, path: &str) -> Res {
    send(app, token, Method::GET, path, Vec::new()).await
}

/// GBK, as Excel saves a CSV on a Chinese Windows.
fn sheet(rows: &str) -> Vec<u8> {
    let text = format!("货号,标题,类目,规格,供货价,建议零售价,主图,附加图\n{rows}");
    encoding_rs::GBK.encode(&text).0.into_owned()
}

async fn a_supplier_uploads_its_catalogue_in_one_zip(app: TestApp) {
    let (_, suppliers) = app.category_with_suppliers("Mugs", &["mug"], 2).await;
    let (_, own) = app.token("kiln", "supplier", Some(&suppliers[0])).await;
    let (_, other) = app.token("other", "supplier", Some(&suppliers[1])).await;
    let main = jpeg(640, 640, false);
    let side = jpeg(800, 600, false);
    let rows = "MUG-11,陶瓷马克杯,Mugs,330ml 白色,￥4.20,12.90,mug.jpg,\"images/side.jpg,mug.jpg\"\n\
                MUG-12,大号杯,mugs,,5,,images/mug.jpg,\n";
    let upload = zip(&[
        ("上传/产品.csv", &sheet(rows)),
        ("上传/images/mug.jpg", &main),
        ("上传/images/side.jpg", &side),
    ]);
    let path = "/api/v1/products/upload?currency=CNY";

    let dry = send(
        &app,
        &own,
        Method::POST,
        &format!("{path}&dry_run=true"),
        upload.clone(),
    )
    .await;
    let dry = dry.ok(200);
    assert_eq!(
        (
            dry["encoding"].as_str(),
            dry["products"].as_u64(),
            dry["created"].as_u64()
        ),
        (Some("GBK"), Some(2), Some(2)),
        "{dry}"
    );
    let listed = get_as(&app, &own, "/api/v1/products").await;
    assert_eq!(
        listed.ok(200)["items"],
        json!([]),
        "a dry run writes nothing"
    );
    assert!(
        !app.db.files_dir().join("images").exists(),
        "nor any picture"
    );

    let done = send(&app, &own, Method::POST, path, upload.clone()).await;
    let done = done.ok(200).clone();
    assert_eq!(
        (done["created"].as_u64(), done["images"].as_u64()),
        (Some(2), Some(2)),
        "{done}"
    );
    let listed = get_as(&app, &own, "/api/v1/products?q=mug-1").await;
    let items = listed.ok(200)["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 2);
    let mug = items.iter().find(|p| p["code"] == "MUG-11").unwrap();
    assert_eq!(mug["title"], "陶瓷马克杯");
    assert_eq!(mug["supplier_id"], json!(suppliers[0]));
    assert_eq!(
        (mug["supplier_price"].as_str(), mug["retail_price"].as_str()),
        (Some("4.20"), Some("12.90"))
    );
    assert_eq!(mug["currency"], "CNY");
    assert_eq!(mug["extra_images"].as_array().unwrap().len(), 2);
    assert_eq!(
        mug["extra_images"][1], mug["main_image"],
        "the same picture, stored once"
    );

    // the picture comes back byte for byte, as a JPEG that is never sniffed
    let id = mug["id"].as_str().unwrap();
    let name = mug["main_image"].as_str().unwrap();
    let res = app
        .client
        .get(format!("{}/api/v1/products/{id}/images/{name}", app.base))
        .bearer_auth(&own)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert!(
        res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("sandbox")
    );
    assert_eq!(res.bytes().await.unwrap().as_ref(), main.as_slice());
    let on_disk = app
        .db
        .files_dir()
        .join("images")
        .join(&name[..2])
        .join(name);
    assert_eq!(std::fs::read(on_disk).unwrap(), main);

    // the same file again changes nothing; a changed price updates one
    let again = send(&app, &own, Method::POST, path, upload).await;
    assert_eq!(
        (
            again.ok(200)["created"].as_u64(),
            again.body["unchanged"].as_u64()
        ),
        (Some(0), Some(2))
    );
    let cheaper = rows.replace("￥4.20", "3.90");
    let upload = zip(&[
        ("产品.csv", &sheet(&cheaper)),
        ("images/mug.jpg", &main),
        ("images/side.jpg", &side),
    ]);
    let res = send(&app, &own, Method::POST, path, upload).await;
    assert_eq!(
        (
            res.ok(200)["updated"].as_u64(),
            res.body["unchanged"].as_u64()
        ),
        (Some(1), Some(1)),
        "{}",
        res.body
    );

    // another supplier sees none of it
    let theirs = get_as(&app, &other, "/api/v1/products").await;
    assert_eq!(theirs.ok(200)["items"], json!([]));
    get_as(&app, &other, &format!("/api/v1/products/{id}"))
        .await
        .problem(404, "not_found");
    get_as(
        &app,
        &other,
        &format!("/api/v1/products/{id}/images/{name}"),
    )
    .await
    .problem(404, "not_found");
    // staff see every supplier's, and filter by one
    let all = app
        .get(&format!("/api/v1/products?supplier_id={}", suppliers[1]))
        .await;
    assert_eq!(all.ok(200)["items"], json!([]));
    let all = app
        .get(&format!("/api/v1/products?supplier_id={}", suppliers[0]))
        .await;
    assert_eq!(all.ok(200)["items"].as_array().unwrap().len(), 2);
}

async fn bad_uploads_are_refused_row_by_row_and_take_nothing(app: TestApp) {
    let (_, suppliers) = app.category_with_suppliers("Mugs", &["mug"], 1).await;
    let (_, own) = app.token("kiln", "supplier", Some(&suppliers[0])).await;
    let good = jpeg(600, 600, false);
    let small = jpeg(500, 700, false);
    let heavy = jpeg(1400, 1400, true);
    let rows = "A-1,Mug,Mugs,,4,,good.jpg,\n\
                A-2,Mug,Mugs,,4,,small.jpg,heavy.jpg\n\
                A-3,Mug,Mugs,,four,,,logo.png\n";
    let upload = zip(&[
        ("s.csv", &sheet(rows)),
        ("good.jpg", &good),
        ("small.jpg", &small),
        ("heavy.jpg", &heavy),
        ("logo.png", b"\x89PNG"),
    ]);
    let res = send(&app, &own, Method::POST, "/api/v1/products/upload", upload).await;
    let p = res.problem(422, "invalid_rows");
    let errors: Vec<(u64, &str, &str)> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["row"].as_u64().unwrap(),
                e["column"].as_str().unwrap(),
                e["code"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            (3, "主图", "image_too_small"),
            (3, "附加图", "image_too_large"),
            (4, "供货价", "invalid_number"),
            (4, "主图", "required"),
            (4, "附加图", "not_jpeg"),
        ]
    );
    let listed = get_as(&app, &own, "/api/v1/products").await;
    assert_eq!(
        listed.ok(200)["items"],
        json!([]),
        "row 2 was good, but nothing is taken"
    );

    // a category the store does not know is found row by row too
    let upload = zip(&[
        (
            "s.csv",
            &sheet("A-1,Mug,Mugs,,4,,good.jpg,\nA-2,Vase,Vases,,4,,good.jpg,\n"),
        ),
        ("good.jpg", &good),
    ]);
    let res = send(&app, &own, Method::POST, "/api/v1/products/upload", upload).await;
    let e = &res.problem(422, "invalid_rows")["errors"];
    assert_eq!(
        (e[0]["row"].as_u64(), e[0]["code"].as_str()),
        (Some(3), Some("unknown_category")),
        "{e}"
    );
    assert_eq!(
        get_as(&app, &own, "/api/v1/products").await.ok(200)["items"],
        json!([])
    );

    // a name that climbs out of the zip refuses the whole upload
    let upload = zip(&[
        ("s.csv", &sheet("A-1,Mug,Mugs,,4,,good.jpg,\n")),
        ("good.jpg", &good),
        ("../../etc/evil.jpg", &good),
    ]);
    let res = send(&app, &own, Method::POST, "/api/v1/products/upload", upload).await;
    assert_eq!(
        res.problem(422, "invalid_rows")["errors"][0]["code"],
        "unsafe_path"
    );
    // not a zip at all
    let res = send(
        &app,
        &own,
        Method::POST,
        "/api/v1/products/upload",
        b"code,title\n".to_vec(),
    )
    .await;
    assert_eq!(
        res.problem(422, "invalid_rows")["errors"][0]["code"],
        "not_a_zip"
    );
    assert!(
        !app.db.files_dir().join("images").exists(),
        "no picture stored"
    );

    // whose products: staff must say, a supplier may not pick another
    let res = app
        .post_bytes("/api/v1/products/upload", zip(&[("s.csv", b"x")]))
        .await;
    assert_eq!(res.problem(422, "required")["field"], "supplier_id");
    let res = send(
        &app,
        &own,
        Method::POST,
        "/api/v1/products/upload?supplier_id=someone-else",
        Vec::new(),
    )
    .await;
    assert_eq!(res.problem(403, "forbidden")["rule"], "own_products_only");
}

async fn products_and_pictures_one_at_a_time(app: TestApp) {
    let (_, suppliers) = app.category_with_suppliers("Mugs", &["mug"], 1).await;
    let (_, own) = app.token("kiln", "supplier", Some(&suppliers[0])).await;
    let body = json!({"code": "B-1", "title": "Bowl", "category": "mugs", "supplier_price": "2.5",
                      "retail_price": "9", "currency": "eur", "specs": "Ø 15 cm"});
    // staff name the supplier; a supplier adds its own
    app.post("/api/v1/products", body.clone())
        .await
        .problem(422, "required");
    let mut staff = body.clone();
    staff["supplier_id"] = json!(suppliers[0]);
    staff["code"] = json!("B-0");
    app.post("/api/v1/products", staff).await.ok(201);
    let res = send(
        &app,
        &own,
        Method::POST,
        "/api/v1/products",
        serde_json::to_vec(&body).unwrap(),
    )
    .await;
    // (sent without a JSON content type: refused, then sent properly)
    assert_eq!(res.status, 415, "{}", res.body);
    let created = post_json(&app, &own, "/api/v1/products", &body).await;
    let p = created.ok(201).clone();
    assert_eq!(
        (p["currency"].as_str(), p["supplier_price"].as_str()),
        (Some("EUR"), Some("2.50"))
    );
    post_json(&app, &own, "/api/v1/products", &body)
        .await
        .problem(409, "product_code_taken");
    let id = p["id"].as_str().unwrap();

    let res = patch_json(
        &app,
        &own,
        &format!("/api/v1/products/{id}"),
        &json!({"supplier_price": "2.40", "clear_retail_price": true}),
    )
    .await;
    assert_eq!(
        (
            res.ok(200)["supplier_price"].as_str(),
            &res.body["retail_price"]
        ),
        (Some("2.40"), &Value::Null)
    );

    let images = format!("/api/v1/products/{id}/images");
    let res = send(
        &app,
        &own,
        Method::PUT,
        &format!("{images}/main"),
        jpeg(400, 400, false),
    )
    .await;
    assert!(
        res.problem(422, "image_too_small")["detail"]
            .as_str()
            .unwrap()
            .contains("400×400")
    );
    let res = send(
        &app,
        &own,
        Method::PUT,
        &format!("{images}/main"),
        b"GIF89a....".to_vec(),
    )
    .await;
    res.problem(422, "not_jpeg");
    // a grey backdrop: refused as the main picture, fine as an extra one
    let grey = {
        let mut out = Vec::new();
        jpeg_encoder::Encoder::new(&mut out, 85)
            .encode(
                &vec![150u8; 700 * 700 * 3],
                700,
                700,
                jpeg_encoder::ColorType::Rgb,
            )
            .unwrap();
        out
    };
    let res = send(
        &app,
        &own,
        Method::PUT,
        &format!("{images}/main"),
        grey.clone(),
    )
    .await;
    assert_eq!(res.problem(422, "main_not_white")["field"], "body");
    let res = send(&app, &own, Method::POST, &images, grey).await;
    assert_eq!(res.ok(200)["extra_images"].as_array().unwrap().len(), 1);
    let res = send(
        &app,
        &own,
        Method::PUT,
        &format!("{images}/main"),
        jpeg(700, 700, false),
    )
    .await;
    let main = res.ok(200)["main_image"].as_str().unwrap().to_owned();
    let res = send(&app, &own, Method::POST, &images, jpeg(640, 800, false)).await;
    let extra = res.ok(200)["extra_images"][1].as_str().unwrap().to_owned();
    let res = send(
        &app,
        &own,
        Method::DELETE,
        &format!("{images}/{main}"),
        Vec::new(),
    )
    .await;
    assert_eq!(
        (
            &res.ok(200)["main_image"],
            res.body["extra_images"].as_array().unwrap().len()
        ),
        (&Value::Null, 2)
    );
    get_as(&app, &own, &format!("{images}/{main}"))
        .await
        .problem(404, "not_found");
    assert_eq!(
        get_as(&app, &own, &format!("{images}/{extra}"))
            .await
            .status,
        200
    );
    // a name that is not a stored picture's reaches no file
    get_as(&app, &own, &format!("{images}/..%2F..%2Fetc%2Fpasswd"))
        .await
        .problem(404, "not_found");

    let template = app.get("/api/v1/products/upload/template.csv").await;
    assert_eq!(template.status, 200);
}

async fn post_json(app: &TestApp, token: &str, path: &str, body: &Value) -> Res {
    json_as(app, token, Method::POST, path, body).await
}

async fn patch_json(app: &TestApp, token: &str, path: &str, body: &Value) -> Res {
    json_as(app, token, Method::PATCH, path, body).await
}

async fn json_as(app: &TestApp, token: &str, method: Method, path: &str, body: &Value) -> Res {
    let req = app
        .client
        .request(method, format!("{}{path}", app.base))
        .bearer_auth(token)
        .json(body);
    read(req.send().await.expect("request")).await
}

async fn a_supplier_uploads_and_edits_in_the_browser(app: TestApp) {
    let (_, suppliers) = app.category_with_suppliers("Mugs", &["mug"], 1).await;
    app.user(
        "maker@web.example",
        "supplier",
        Some(&suppliers[0]),
        "kiln-fired-42-pots",
    )
    .await;
    let (cookie, csrf) = crate::web::sign_in(&app, "maker@web.example", "kiln-fired-42-pots").await;
    let post = |form| crate::web::upload(&app, &cookie, "/products/upload", form);
    let text = |k: &str, v: &str| {
        reqwest::multipart::Form::new()
            .text("csrf", csrf.clone())
            .text(k.to_owned(), v.to_owned())
    };
    let file = |bytes: Vec<u8>| reqwest::multipart::Part::bytes(bytes).file_name("products.zip");

    // a bad row is shown with its number, column and reason; nothing kept
    let bad = zip(&[
        ("p.csv", &sheet("W-1,Mug,Mugs,,4,,tiny.jpg,\n")),
        ("tiny.jpg", &jpeg(300, 300, false)),
    ]);
    let (status, page) = post(text("currency", "CNY").part("file", file(bad))).await;
    assert_eq!(status, 422, "{page}");
    assert!(
        page.contains("<td>2</td><td>主图</td>") && page.contains("300×300"),
        "{page}"
    );

    let good = zip(&[
        ("p.csv", &sheet("W-1,Web mug,Mugs,白色,4,9.9,mug.jpg,\n")),
        ("mug.jpg", &jpeg(600, 600, false)),
    ]);
    let (status, page) = post(text("currency", "CNY").part("file", file(good))).await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("If taken:") && page.contains("1 new · 0 changed · 0 unchanged"),
        "{page}"
    );
    assert_eq!(
        app.get("/api/v1/products").await.ok(200)["items"],
        json!([]),
        "a preview keeps nothing"
    );
    let token = crate::web::after(&page, r#"name="token" value=""#);
    let taken =
        crate::web::upload_followed(&app, &cookie, "/products/upload", text("token", &token));
    let (to, page) = taken.await;
    assert_eq!(to, "/products");
    assert!(
        page.contains("one product created, 0 updated.") && page.contains("Web mug"),
        "{page}"
    );

    // the list shows the picture, which the browser loads with its cookie
    let src = crate::web::after(&page, r#"<img class="thumb" src=""#);
    let picture = crate::web::browser()
        .get(format!("{}{src}", app.base))
        .header("cookie", cookie.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(
        (
            picture.status().as_u16(),
            picture.headers()["content-type"].to_str().unwrap()
        ),
        (200, "image/jpeg")
    );

    // the product's page edits it; a refusal comes back beside its field
    let id = app.get("/api/v1/products").await.ok(200)["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let edit = |price: &str| {
        let form = [
            ("csrf", csrf.as_str()),
            ("title", "Web mug 2"),
            ("category", "Mugs"),
            ("specs", ""),
            ("currency", "CNY"),
            ("supplier_price", price),
            ("retail_price", ""),
            ("active", "on"),
        ];
        let req = crate::web::browser()
            .post(format!("{}/products/{id}", app.base))
            .header("cookie", cookie.clone())
            .form(&form);
        async move {
            let res = req.send().await.unwrap();
            (res.status().as_u16(), res.text().await.unwrap())
        }
    };
    let (status, page) = edit("-2").await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains(r#"id="supplier_price-error""#), "{page}");
    let (status, page) = edit("3.5").await;
    assert_eq!(status, 303, "post/redirect/get: {page}");
    let stored = app
        .get(&format!("/api/v1/products/{id}"))
        .await
        .ok(200)
        .clone();
    assert_eq!(
        (
            stored["title"].as_str(),
            stored["supplier_price"].as_str(),
            &stored["retail_price"]
        ),
        (Some("Web mug 2"), Some("3.50"), &Value::Null)
    );

    // pictures one at a time: a small one and a heavy one refused beside the
    // form, a good one added, the main one removed
    let picture = |bytes: Vec<u8>, slot: &str| {
        reqwest::multipart::Form::new()
            .text("csrf", csrf.clone())
            .text("slot", slot.to_owned())
            .part(
                "picture",
                reqwest::multipart::Part::bytes(bytes).file_name("p.jpg"),
            )
    };
    let pictures = format!("/products/{id}/pictures");
    let (status, page) = crate::web::upload(
        &app,
        &cookie,
        &pictures,
        picture(jpeg(500, 500, false), "extra"),
    )
    .await;
    assert_eq!(status, 422, "{page}");
    assert!(
        page.contains(r#"id="picture-error""#) && page.contains("500×500"),
        "{page}"
    );
    let heavy = jpeg(1400, 1400, true);
    let (status, page) =
        crate::web::upload(&app, &cookie, &pictures, picture(heavy, "extra")).await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("over 1 MB"), "{page}");
    let (status, _) = crate::web::upload(
        &app,
        &cookie,
        &pictures,
        picture(jpeg(700, 700, false), "extra"),
    )
    .await;
    assert_eq!(status, 303);
    let stored = app
        .get(&format!("/api/v1/products/{id}"))
        .await
        .ok(200)
        .clone();
    assert_eq!(stored["extra_images"].as_array().unwrap().len(), 1);
    let main = stored["main_image"].as_str().unwrap().to_owned();
    let form = [("csrf", csrf.as_str()), ("name", main.as_str())];
    let res = crate::web::browser()
        .post(format!("{}/products/{id}/pictures/remove", app.base))
        .header("cookie", cookie.clone())
        .form(&form)
        .send()
        .await
        .unwrap();
    let (to, page) = crate::web::follow(&app, res, &[("cookie", &cookie)]).await;
    assert_eq!(to, format!("/products/{id}"));
    assert!(page.contains("Web mug 2 saved."), "{page}");
    let stored = app
        .get(&format!("/api/v1/products/{id}"))
        .await
        .ok(200)
        .clone();
    assert!(stored["main_image"].is_null());
}
