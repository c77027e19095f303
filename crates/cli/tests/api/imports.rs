//! `orderhub import orders FILE`: dry run, all-or-nothing, idempotent.

use crate::helpers::TestApp;
use std::process::Stdio;
use tokio::process::Command;

crate::on_both_backends!(
    marketplace_exports_and_mapped_columns_come_in,
    the_cli_imports_a_spreadsheet_once_and_refuses_bad_rows,
    the_api_and_the_web_app_import_a_spreadsheet,
    suppliers_come_from_a_spreadsheet_once
);

/// Runs `orderhub ARGS` on the test's database: (success, stdout, stderr).
async fn orderhub(app: &TestApp, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_orderhub"))
        .args(args)
        .env("DATABASE_URL", &app.db.url)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .await
        .expect("run orderhub");
    let text = |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned();
    (out.status.success(), text(out.stdout), text(out.stderr))
}

async fn the_cli_imports_a_spreadsheet_once_and_refuses_bad_rows(app: TestApp) {
    app.category_with_suppliers("Cups", &["mug", "杯"], 1).await;
    let dir = std::env::temp_dir().join(format!("orderhub-import-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("orders.csv");
    // GBK, as Excel saves a CSV on a Chinese Windows
    let text = "订单号,客户,产品,数量,单价,币种\nS-1,张伟,定制马克杯,2,12.50,CNY\nS-1,张伟,Mug,1,9,CNY\nS-2,李雷,Mug,1,9,CNY\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    std::fs::write(&good, &gbk).unwrap();
    let path = good.to_str().unwrap();

    let (ok, out, err) = orderhub(
        &app,
        &[
            "import",
            "orders",
            path,
            "--platform",
            "taobao",
            "--dry-run",
        ],
    )
    .await;
    assert!(ok, "{out}{err}");
    assert!(
        out.contains("3 rows (GBK), 2 orders, 0 already stored") && out.contains("dry run"),
        "{out}"
    );
    assert_eq!(app.count_orders().await, 0);

    let (ok, out, err) = orderhub(&app, &["import", "orders", path, "--platform", "taobao"]).await;
    assert!(ok, "{out}{err}");
    assert!(
        out.contains("imported: 2 new orders, 0 already stored"),
        "{out}"
    );
    let found = app
        .get("/api/v1/orders?platform=taobao")
        .await
        .ok(200)
        .clone();
    let first = &found["items"].as_array().unwrap()[1];
    assert_eq!(
        (
            first["external_number"].as_str(),
            first["customer"]["name"].as_str()
        ),
        (Some("S-1"), Some("张伟"))
    );
    assert_eq!(first["lines"].as_array().unwrap().len(), 2);
    // again: nothing new
    let (ok, out, _) = orderhub(&app, &["import", "orders", path, "--platform", "taobao"]).await;
    assert!(
        ok && out.contains("imported: 0 new orders, 2 already stored"),
        "{out}"
    );
    assert_eq!(app.count_orders().await, 2);

    // one bad row: every bad row named, exit status 1, nothing taken
    let bad = dir.join("bad.tsv");
    std::fs::write(&bad, "Order number\tCustomer\tProduct\tQty\tPrice\nT-1\tAnn\tMug\t1\t5\nT-2\tBob\tMug\tlots\t5\nT-3\tCy\tMug\t1\t-4\n").unwrap();
    let (ok, _, err) = orderhub(&app, &["import", "orders", bad.to_str().unwrap()]).await;
    assert!(!ok, "refused");
    assert!(
        err.contains("row 3: Qty")
            && err.contains("row 4: Price")
            && err.contains("nothing imported"),
        "{err}"
    );
    assert_eq!(app.count_orders().await, 2);

    // suppliers too; a second run adds nothing
    let suppliers = dir.join("suppliers.tsv");
    std::fs::write(&suppliers, "名称\t品类\n宜兴紫砂\tCups\n").unwrap();
    let args = ["import", "suppliers", suppliers.to_str().unwrap()];
    let (ok, out, err) = orderhub(&app, &args).await;
    assert!(
        ok && out.contains("imported: 1 new suppliers"),
        "{out}{err}"
    );
    let (ok, out, _) = orderhub(&app, &args).await;
    assert!(
        ok && out.contains("imported: 0 new suppliers, 1 already stored"),
        "{out}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

async fn the_api_and_the_web_app_import_a_spreadsheet(app: TestApp) {
    app.category_with_suppliers("Cups", &["mug"], 1).await;
    let csv = "Order number,Customer,Product,Quantity,Unit price,Currency\nW-1,Ann,Mug,1,9,EUR\nW-2,Bob,Mug,2,9,EUR\n";
    let post = |query: &str, body: &'static str| {
        let path = format!("/api/v1/imports/orders?{query}");
        let app = &app;
        async move { app.post_bytes(&path, body).await }
    };
    let res = post("name=o.csv&platform=fair&dry_run=true", csv).await;
    let report = res.ok(200).clone();
    assert_eq!(
        (
            report["orders"].as_i64(),
            report["created"].as_i64(),
            report["dry_run"].as_bool()
        ),
        (Some(2), Some(0), Some(true))
    );
    assert_eq!(app.count_orders().await, 0);
    let bad = "Order number,Customer,Product,Quantity,Unit price\nW-3,Cy,Mug,x,9\n";
    let res = post("name=o.csv", bad).await;
    let problem = res.problem(422, "invalid_rows").clone();
    assert_eq!(problem["errors"][0]["row"], 2);
    assert_eq!(problem["errors"][0]["column"], "Quantity");

    // the web app: upload, see what it holds, import
    let (cookie, csrf) = crate::web::sign_in_operator(&app).await;
    let upload = |form: reqwest::multipart::Form| {
        let req = crate::web::browser()
            .post(format!("{}/imports", app.base))
            .header("cookie", cookie.clone())
            .multipart(form);
        async move { req.send().await.unwrap() }
    };
    let file = reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("orders.csv");
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.clone())
        .text("platform", "fair")
        .part("file", file);
    let preview = upload(form).await;
    assert_eq!(preview.status(), 200);
    let body = preview.text().await.unwrap();
    assert!(
        body.contains("2 rows")
            && body.contains("2 orders")
            && body.contains("Import these orders"),
        "{body}"
    );
    assert_eq!(app.count_orders().await, 0, "a preview writes nothing");
    let token = body
        .split(r#"name="token" value=""#)
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let confirm = reqwest::multipart::Form::new()
        .text("csrf", csrf.clone())
        .text("platform", "fair")
        .text("token", token.clone());
    // post/redirect/get: to the orders it filled, saying what it did
    let done = upload(confirm).await;
    let (to, body) = crate::web::follow(&app, done, &[("cookie", &cookie)]).await;
    assert_eq!(to, "/orders?platform=fair");
    assert!(
        body.contains("orders.csv: 2 orders created, 0 already stored."),
        "{body}"
    );
    assert_eq!(app.count_orders().await, 2);
    // the token is spent: a second confirm asks for the file again
    let again = reqwest::multipart::Form::new()
        .text("csrf", csrf)
        .text("platform", "fair")
        .text("token", token);
    assert_eq!(upload(again).await.status(), 422);
    assert_eq!(app.count_orders().await, 2);
}

async fn suppliers_come_from_a_spreadsheet_once(app: TestApp) {
    app.category_with_suppliers("Mugs", &["mug"], 0).await;
    app.category_with_suppliers("Hats", &["hat"], 0).await;
    let post = |query: &'static str, body: String| {
        let path = format!("/api/v1/imports/suppliers?{query}");
        let app = &app;
        async move { app.post_bytes(&path, body).await }
    };
    let good = "供应商,代码,联系人,邮箱,品类,权重,启用\n景德镇陶瓷,JDZ,李师傅,li@jdz.example,\"Mugs、Hats\",3,是\n杭州帽业,HZM,,,Hats,,否\n".to_owned();
    let res = post("name=s.csv&dry_run=true", good.clone()).await;
    assert_eq!(res.ok(200)["suppliers"], 2);
    assert_eq!(
        app.get("/api/v1/suppliers")
            .await
            .ok(200)
            .as_array()
            .unwrap()
            .len(),
        0
    );
    // a dry run makes the real run's checks: an unknown category is refused
    // now, not only when the file is taken — by the API and by the CLI
    let unknown = "name,categories\nNew Maker,Teapots\n".to_owned();
    let res = post("name=u.csv&dry_run=true", unknown.clone()).await;
    assert_eq!(res.problem(422, "invalid_rows")["errors"][0]["row"], 2);
    let path = std::env::temp_dir().join(format!("orderhub-sup-{}.csv", uuid::Uuid::now_v7()));
    std::fs::write(&path, &unknown).unwrap();
    let (ok, out, err) = orderhub(
        &app,
        &["import", "suppliers", path.to_str().unwrap(), "--dry-run"],
    )
    .await;
    assert!(
        !ok,
        "the dry run accepted what the real run refuses: {out}{err}"
    );
    let res = post("name=s.csv", good.clone()).await;
    assert_eq!(res.ok(200)["created"], 2);
    let all = app.get("/api/v1/suppliers").await.ok(200).clone();
    let jdz = all
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["code"] == "JDZ")
        .unwrap()
        .clone();
    assert_eq!(
        (
            jdz["weight"].as_i64(),
            jdz["categories"].as_array().unwrap().len()
        ),
        (Some(3), 2)
    );
    let hz = all
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["code"] == "HZM")
        .unwrap()
        .clone();
    assert_eq!(hz["active"], false);
    // again: nothing new
    assert_eq!(post("name=s.csv", good).await.ok(200)["created"], 0);
    // an unknown category or a bad weight: every such row, nothing taken
    let bad = "Name,Categories,Weight\nA,Mugs,1\nB,Shoes,1\nC,Hats,heavy\n".to_owned();
    let res = post("name=s.csv", bad.clone()).await;
    let problem = res.problem(422, "invalid_rows").clone();
    assert_eq!(problem["errors"][0]["row"], 4, "{problem}");
    assert_eq!(problem["errors"][0]["column"], "Weight");
    let bad = "Name,Categories\nA,Mugs\nB,Shoes\n".to_owned();
    let problem = post("name=s.csv", bad)
        .await
        .problem(422, "invalid_rows")
        .clone();
    assert_eq!(
        (
            problem["errors"][0]["row"].as_i64(),
            problem["errors"][0]["code"].as_str()
        ),
        (Some(3), Some("unknown_category"))
    );
    assert_eq!(
        app.get("/api/v1/suppliers")
            .await
            .ok(200)
            .as_array()
            .unwrap()
            .len(),
        2,
        "A was not kept"
    );

    // the web app's Import page: preview, then import
    let (cookie, csrf) = crate::web::sign_in_operator(&app).await;
    let file = "供应商,品类\n义乌杯业,Mugs\n".as_bytes().to_vec();
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.clone())
        .text("kind", "suppliers")
        .part(
            "file",
            reqwest::multipart::Part::bytes(file).file_name("s.csv"),
        );
    let (status, page) = crate::web::upload(&app, &cookie, "/imports", form).await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("s.csv (read as UTF-8): one supplier.")
            && page.contains("Import these suppliers"),
        "{page}"
    );
    let token = crate::web::after(&page, r#"name="token" value=""#);
    let confirm = reqwest::multipart::Form::new()
        .text("csrf", csrf)
        .text("token", token);
    let (to, page) = crate::web::upload_followed(&app, &cookie, "/imports", confirm).await;
    assert_eq!(to, "/suppliers");
    assert!(page.contains("s.csv: one supplier created."), "{page}");
    let names = app.get("/api/v1/suppliers").await.ok(200).clone();
    assert!(
        names
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["name"] == "义乌杯业")
    );
}

/// Real exports as sellers download them, over the API: a Taobao order
/// list (GBK, `="…"` numbers), a file with headers orderhub does not know
/// (mapped), and one whose dates need to be told.
async fn marketplace_exports_and_mapped_columns_come_in(app: TestApp) {
    app.category_with_suppliers("Cups", &["mug", "杯", "tasse"], 1)
        .await;
    let taobao = "订单编号,买家会员名,买家实际支付金额,收货人姓名,收货地址 ,联系手机,订单创建时间,宝贝标题 ,宝贝总数量,订单备注\n\
=\"3160012345678901\",tb_zhang,59.80,张伟,浙江省 杭州市 西湖区 文三路 1 号,13800000000,2025-03-14 09:30:15,定制马克杯,2,请刻字\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(taobao);
    let res = app
        .post_bytes(
            "/api/v1/imports/orders?name=ExportOrderList.csv",
            gbk.into_owned(),
        )
        .await;
    assert_eq!(res.ok(200)["created"], 1, "{}", res.body);
    let found = app
        .get("/api/v1/orders?platform=taobao")
        .await
        .ok(200)
        .clone();
    let o = &found["items"][0];
    assert_eq!(
        (
            o["external_number"].as_str(),
            o["currency"].as_str(),
            o["total_amount"].as_str()
        ),
        (Some("3160012345678901"), Some("CNY"), Some("59.80"))
    );
    assert!(o["note"].as_str().unwrap().contains("请刻字"), "{o}");

    let german = "Bestellung;Artikel;Menge;Preis;Datum\nD-1;Tasse;2;12,50;03/04/2025\n";
    let res = app
        .post_bytes("/api/v1/imports/orders?name=b.csv", german)
        .await;
    let missing = res.problem(422, "invalid_rows").clone();
    assert_eq!(missing["errors"][0]["column"], "order number");
    let bad = app
        .post_bytes(
            "/api/v1/imports/orders?name=b.csv&map=Artikel%3Dcolour",
            german,
        )
        .await;
    assert_eq!(bad.problem(422, "invalid_mapping")["field"], "map");
    let map =
        "Bestellung%3Dorder%2CArtikel%3Dproduct%2CMenge%3Dquantity%2CPreis%3Dprice%2CDatum%3Ddate";
    let unclear = app
        .post_bytes(
            &format!("/api/v1/imports/orders?name=b.csv&map={map}"),
            german,
        )
        .await;
    assert_eq!(
        unclear.problem(422, "invalid_rows")["errors"][0]["code"],
        "ambiguous_dates"
    );
    let res = app
        .post_bytes(
            &format!("/api/v1/imports/orders?name=b.csv&map={map}&dates=dmy&platform=shop"),
            german,
        )
        .await;
    assert_eq!(res.ok(200)["created"], 1, "{}", res.body);
    let o = app.get("/api/v1/orders?platform=shop").await.ok(200)["items"][0].clone();
    assert_eq!(
        o["placed_at"].as_str().unwrap().get(..10),
        Some("2025-04-03")
    );
    assert_eq!(o["lines"][0]["unit_price"], "12.50");
}

/// A failing command says what failed and why on one line — the cause the
/// database gave, not the pool's timeout — with no backtrace unless asked.
#[tokio::test]
async fn a_cli_error_is_one_line_with_its_cause() {
    let out = Command::new(env!("CARGO_BIN_EXE_orderhub"))
        .args([
            "--database-url",
            "postgres://nobody@127.0.0.1:1/none",
            "migrate",
        ])
        .env("RUST_BACKTRACE", "0")
        .env("RUST_LOG", "off")
        .output()
        .await
        .expect("run orderhub");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error: connecting to postgres://"), "{err}");
    assert!(err.contains("refused"), "the database's own reason: {err}");
    assert!(!err.contains("busy"), "not the pool's timeout: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
}

/// `orderhub demo` into an empty database creates the demo logins as
/// `serve --demo` does, and prints them; run again, it finds them.
#[tokio::test]
async fn the_demo_command_creates_the_demo_logins() {
    let path = std::env::temp_dir().join(format!("orderhub-demo-{}.db", uuid::Uuid::now_v7()));
    let url = format!("sqlite://{}", path.display());
    for _ in 0..2 {
        let out = Command::new(env!("CARGO_BIN_EXE_orderhub"))
            .args(["--database-url", &url, "demo", "--orders", "3"])
            .env("RUST_LOG", "off")
            .output()
            .await
            .expect("run orderhub");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("Demo login, operator: ops@demo.example / demo-operator-pass"),
            "{text}"
        );
        assert!(text.contains("jdz@demo.example"), "{text}");
    }
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

/// A command on a SQLite file that does not exist creates it and says
/// where; on the file it made, it says nothing of the kind.
#[tokio::test]
async fn a_new_sqlite_file_is_announced() {
    let dir = std::env::temp_dir().join(format!("orderhub-new-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}/fresh.db", dir.display());
    let run = || async {
        let out = Command::new(env!("CARGO_BIN_EXE_orderhub"))
            .args(["--database-url", &url, "migrate"])
            .env("RUST_LOG", "off")
            .output()
            .await
            .expect("run orderhub");
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let first = run().await;
    assert!(
        first.contains("created a new SQLite database at") && first.contains("fresh.db"),
        "{first}"
    );
    assert!(!run().await.contains("created"), "only the first time");
    let _ = std::fs::remove_dir_all(&dir);
}
