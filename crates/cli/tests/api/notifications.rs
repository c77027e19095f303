//! Notifications: a new task reaches its supplier by e-mail and by its
//! DingTalk, Feishu and WeCom group robots (fakes that check each
//! platform's signature), once; the inbox; reminders with a clock the
//! test moves on; the scheduler's jobs.

use crate::helpers::{Auth, Backend, TestApp, order_body};
use crate::notify_fakes::{RobotFakes, SmtpSink};
use reqwest::Method;
use serde_json::{Value, json};
use std::time::Duration;

macro_rules! on_both {
    ($($name:ident),+ $(,)?) => {
        mod sqlite { $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name(crate::helpers::Backend::Sqlite).await }
        )+ }
        mod postgres { $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name(crate::helpers::Backend::Postgres).await }
        )+ }
    };
}

on_both!(
    a_new_task_reaches_its_supplier_by_mail_and_robots_once,
    reminders_fire_when_the_clock_says_a_task_is_late,
    quiet_hours_hold_email_until_they_end
);

/// A server e-mailing through `sink`, its clock `clock`.
async fn app(backend: Backend, sink: &SmtpSink, clock: orderhub_store::Clock) -> Option<TestApp> {
    let config = orderhub_api::ApiConfig {
        mail: Some(orderhub_api::notifier::MailConfig {
            url: sink.url.clone(),
            from: "orderhub <hub@seller.example>".into(),
        }),
        public_url: Some("https://hub.seller.example".into()),
        ..Default::default()
    };
    crate::notify_fakes::spawn_with(backend, config, |s| s.with_clock(clock)).await
}

/// A category with one supplier, and a person of that supplier reading
/// Chinese; (supplier id, their session).
async fn supplier_with_person(app: &TestApp) -> (String, Auth) {
    let (_, suppliers) = app.category_with_suppliers("Mugs", &["mug"], 1).await;
    app.user(
        "maker@jdz.example",
        "supplier",
        Some(&suppliers[0]),
        "kiln-fired-porcelain",
    )
    .await;
    app.sql("UPDATE users SET language = 'zh-CN', time_zone = 'Asia/Shanghai' WHERE email = 'maker@jdz.example'")
        .await;
    let session = app.login("maker@jdz.example", "kiln-fired-porcelain").await;
    (suppliers[0].clone(), session)
}

fn robot(kind: &str, url: String, secret: Option<&str>, supplier: &str) -> Value {
    json!({"kind": kind, "name": format!("{kind} group"), "url": url, "secret": secret,
           "supplier_id": supplier, "language": "zh-CN"})
}

/// A quoted-printable body, decoded (as a mail reader shows it).
fn quoted_printable(mail: &str) -> String {
    let body = mail
        .split_once("\n\n")
        .map_or(mail, |(_, b)| b)
        .replace("=\n", "");
    let mut bytes = Vec::new();
    let mut rest = body.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        match (
            b,
            tail.get(..2)
                .and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok()),
        ) {
            (b'=', Some(v)) => {
                bytes.push(v);
                rest = &tail[2..];
            }
            _ => {
                bytes.push(b);
                rest = tail;
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

async fn inbox(app: &TestApp, who: &Auth) -> Value {
    app.send_as(who, Method::GET, "/api/v1/notifications", None)
        .await
        .ok(200)
        .clone()
}

async fn a_new_task_reaches_its_supplier_by_mail_and_robots_once(backend: Backend) {
    let sink = SmtpSink::start().await;
    let fakes = RobotFakes::start().await;
    let Some(app) = app(backend, &sink, Default::default()).await else {
        return;
    };
    let (supplier, maker) = supplier_with_person(&app).await;
    let b = &fakes.base;
    for r in [
        robot(
            "dingtalk",
            format!("{b}/dingtalk/SECd1n9?access_token=tok"),
            Some("SECd1n9"),
            &supplier,
        ),
        robot(
            "feishu",
            format!("{b}/feishu/lark-s3cret"),
            Some("lark-s3cret"),
            &supplier,
        ),
        robot("wecom", format!("{b}/wecom?key=wkey"), None, &supplier),
    ] {
        let created = app.post("/api/v1/notifications/robots", r).await;
        let created = created.ok(201);
        assert_eq!(created["topics"][0], "task_assigned");
        assert!(
            created.get("secret").is_none(),
            "the secret is not shown: {created}"
        );
    }
    // a robot whose secret is wrong is refused by its platform
    let wrong = robot(
        "dingtalk",
        format!("{b}/dingtalk/SECright?access_token=tok"),
        Some("SECwrong"),
        &supplier,
    );
    let wrong = app
        .post("/api/v1/notifications/robots", wrong)
        .await
        .ok(201)
        .clone();
    let tested = app
        .post(
            &format!(
                "/api/v1/notifications/robots/{}/test",
                wrong["id"].as_str().unwrap()
            ),
            json!({}),
        )
        .await;
    assert_eq!(tested.ok(200)["ok"], false);
    assert!(
        tested.body["error"].as_str().unwrap().contains("310000"),
        "{}",
        tested.body
    );

    let lines = json!([{"title": "Blue mug", "quantity": 2, "unit_price": "12.00",
        "customization": {"Name": "Ada [x](http://evil)"}}]);
    let placed = app
        .post("/api/v1/orders", order_body("N-1", "purchasing", lines))
        .await;
    assert!(
        placed.body["tasks"][0]["sku"].is_string(),
        "{}",
        placed.body
    );
    let sku = placed.ok(201)["tasks"][0]["sku"]
        .as_str()
        .unwrap()
        .to_owned();
    let task = placed.body["tasks"][0]["id"].as_str().unwrap().to_owned();

    let mails = sink.wait_for(1).await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    let mail = &mails[0];
    assert!(mail.contains("<maker@jdz.example>"), "{mail}");
    assert!(
        mail.contains("Message-ID: <ntf_"),
        "a Message-ID made of the notice: {mail}"
    );
    // the subject is encoded (Chinese); the body names what to make
    assert!(mail.contains("Subject: =?utf-8?"), "{mail}");
    let text = quoted_printable(mail);
    assert!(
        text.contains("产品：Blue mug\n数量：2\n定制内容：Name: Ada"),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "在 orderhub 中打开: https://hub.seller.example/tasks/{task}"
        )),
        "{text}"
    );
    let posted = fakes.wait_for(&["dingtalk", "feishu", "wecom"]).await;
    assert_eq!(posted.len(), 3, "{posted:?}");
    for (kind, body) in &posted {
        let text = body.to_string();
        assert!(text.contains(&sku), "{kind}: {text}");
        assert!(
            text.contains("Blue mug") && text.contains("数量：2"),
            "{kind}: {text}"
        );
        assert!(
            !text.contains("](http://evil)"),
            "buyer text stays inert: {text}"
        );
        assert!(
            text.contains(&format!("https://hub.seller.example/tasks/{task}")),
            "{kind}: {text}"
        );
    }
    // once: nothing more arrives
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(sink.mails.lock().await.len(), 1);
    assert_eq!(fakes.taken.lock().await.len(), 3);
    assert!(
        !fakes.refused.lock().await.is_empty(),
        "the wrong secret was refused"
    );

    // the delivery refused is retried and shows on the operations page
    let ops = app.get("/api/v1/jobs/deliveries").await.ok(200).clone();
    let failure = ops["failures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["recipient"] == "dingtalk group");
    assert!(
        failure.is_some_and(|f| f["error"].as_str().unwrap().contains("310000")),
        "{ops}"
    );

    // the inbox: one unread notice, in Chinese, opening the task
    let inbox1 = inbox(&app, &maker).await;
    assert_eq!(inbox1["unread"], 1, "{inbox1}");
    let item = &inbox1["items"][0];
    assert_eq!(item["topic"], "task_assigned");
    assert_eq!(item["title"], format!("新任务 {sku}"));
    assert_eq!(item["link"], format!("/tasks/{task}"));
    let read = format!(
        "/api/v1/notifications/{}/read",
        item["id"].as_str().unwrap()
    );
    app.send_as(&maker, Method::POST, &read, None).await.ok(204);
    assert_eq!(inbox(&app, &maker).await["unread"], 0);
    // a token has no inbox; another person cannot mark this one
    let token = app.get("/api/v1/notifications").await;
    assert_eq!(token.problem(403, "forbidden")["rule"], "session_only");
    app.user("other@jdz.example", "operator", None, "glazed-stoneware-77")
        .await;
    let other = app.login("other@jdz.example", "glazed-stoneware-77").await;
    app.send_as(&other, Method::POST, &read, None)
        .await
        .problem(404, "not_found");

    // turning e-mail off for the topic: the next task comes to the inbox only
    let off = json!({"email_topics": ["task_overdue"], "quiet_hours": "22:00-07:00"});
    let saved = app
        .send_as(
            &maker,
            Method::PUT,
            "/api/v1/notifications/settings",
            Some(&off),
        )
        .await;
    assert_eq!(saved.ok(200)["quiet_hours"], "22:00-07:00");
    let bad = json!({"email_topics": ["order_attention"]});
    let bad = app
        .send_as(
            &maker,
            Method::PUT,
            "/api/v1/notifications/settings",
            Some(&bad),
        )
        .await;
    assert_eq!(bad.problem(422, "invalid_value")["field"], "email_topics");
    let lines = json!([{"title": "Red mug", "quantity": 1, "unit_price": "9.00"}]);
    app.post("/api/v1/orders", order_body("N-2", "purchasing", lines))
        .await
        .ok(201);
    fakes.wait_for(&["dingtalk", "feishu", "wecom"]).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        sink.mails.lock().await.len(),
        1,
        "no e-mail for a topic turned off"
    );
    assert_eq!(inbox(&app, &maker).await["unread"], 1);
}

async fn reminders_fire_when_the_clock_says_a_task_is_late(backend: Backend) {
    let sink = SmtpSink::start().await;
    let clock = orderhub_store::Clock::default();
    let Some(app) = app(backend, &sink, clock.clone()).await else {
        return;
    };
    let (_, maker) = supplier_with_person(&app).await;
    let lines = json!([{"title": "Blue mug", "quantity": 1, "unit_price": "12.00"}]);
    let placed = app
        .post("/api/v1/orders", order_body("L-1", "purchasing", lines))
        .await;
    let task = placed.ok(201)["tasks"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    sink.wait_for(1).await;
    let overdue = |v: &Value| {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["topic"] == "task_overdue")
            .count()
    };
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(overdue(&inbox(&app, &maker).await), 0, "not late yet");

    // 25 hours later (the default reminder is at 24 h): one reminder
    clock.advance(25 * 3_600_000);
    let mut seen = Value::Null;
    for _ in 0..100 {
        seen = inbox(&app, &maker).await;
        if overdue(&seen) > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(overdue(&seen), 1, "{seen}");
    let item = seen["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["topic"] == "task_overdue")
        .unwrap();
    assert!(
        item["title"].as_str().unwrap().contains("25 小时未接单"),
        "{item}"
    );
    let mails = sink.wait_for(2).await;
    assert_eq!(mails.len(), 2, "the reminder is e-mailed too");

    // a due date passed: a second reminder, to ship
    let due = (time::OffsetDateTime::now_utc() + time::Duration::hours(26))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    app.patch(&format!("/api/v1/tasks/{task}"), json!({"due_at": due}))
        .await
        .ok(200);
    clock.advance(2 * 3_600_000);
    for _ in 0..100 {
        seen = inbox(&app, &maker).await;
        if overdue(&seen) > 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(overdue(&seen), 2, "{seen}");

    // more time: no more reminders for the same task and reason
    clock.advance(48 * 3_600_000);
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(overdue(&inbox(&app, &maker).await), 2);
    let events = app.order_events(&placed.body).await;
    let reminders = events
        .iter()
        .filter(|e| e["kind"] == "task.overdue")
        .count();
    assert_eq!(reminders, 2);

    // the operations page's jobs
    let jobs = app.get("/api/v1/jobs").await.ok(200).clone();
    let reminders = jobs
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["name"] == "reminders")
        .unwrap();
    assert!(reminders["runs"].as_i64().unwrap() >= 2, "{reminders}");
    assert_eq!(reminders["failures"], 0);
    app.post("/api/v1/jobs/reminders/run", json!({}))
        .await
        .ok(202);
    let p = app.post("/api/v1/jobs/nope/run", json!({})).await;
    assert_eq!(p.problem(422, "invalid_value")["field"], "name");
}

async fn quiet_hours_hold_email_until_they_end(backend: Backend) {
    let sink = SmtpSink::start().await;
    let clock = orderhub_store::Clock::default();
    let Some(app) = app(backend, &sink, clock.clone()).await else {
        return;
    };
    let (_, maker) = supplier_with_person(&app).await;
    // quiet from an hour ago to an hour from now, in Shanghai
    let local = time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+8));
    let hm = |h: i64| {
        let t = local + time::Duration::hours(h);
        format!("{:02}:{:02}", t.hour(), t.minute())
    };
    let quiet =
        json!({"email_topics": ["task_assigned"], "quiet_hours": format!("{}-{}", hm(-1), hm(1))});
    app.send_as(
        &maker,
        Method::PUT,
        "/api/v1/notifications/settings",
        Some(&quiet),
    )
    .await
    .ok(200);
    let lines = json!([{"title": "Blue mug", "quantity": 1, "unit_price": "12.00"}]);
    app.post("/api/v1/orders", order_body("Q-1", "purchasing", lines))
        .await
        .ok(201);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        inbox(&app, &maker).await["unread"],
        1,
        "the inbox is not held back"
    );
    assert!(
        sink.mails.lock().await.is_empty(),
        "no e-mail in quiet hours"
    );
    // two hours later the quiet hours are over: the e-mail goes
    clock.advance(2 * 3_600_000);
    assert_eq!(sink.wait_for(1).await.len(), 1);
}
