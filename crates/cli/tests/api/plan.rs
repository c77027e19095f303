//! Production plans: booked units against capacity per day, the tasks of
//! a supplier's next days, a task moved to another day (and refused on a
//! day off, in the past, once made), overload shown after capacity
//! drops, each supplier seeing only its own; the day view in the web app.

use crate::helpers::{Auth, TestApp};
use crate::web::{follow, page, post_form, sign_in};
use reqwest::Method;
use reqwest::header::COOKIE;
use serde_json::{Value, json};

crate::on_both_backends!(a_plan_shows_load_and_moves_tasks);

use crate::capacity::{iso, today};

/// Every day but `off` a working day, on UTC.
fn capacity(category: &str, units: i64, off: &str) -> Value {
    let days: Vec<&str> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        .into_iter()
        .filter(|d| *d != off)
        .collect();
    json!({
        "calendar": {"work_days": days, "utc_offset": "+00:00"},
        "categories": [{"category_id": category, "units_per_day": units}],
    })
}

fn booked(plan: &Value, supplier: &str) -> Vec<(i64, Option<i64>)> {
    let row = plan["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["supplier_id"] == supplier)
        .unwrap();
    row["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["booked"].as_i64().unwrap(), d["capacity"].as_i64()))
        .collect()
}

async fn a_plan_shows_load_and_moves_tasks(app: TestApp) {
    let (category, sup) = app.category_with_suppliers("Mugs", &["mug"], 2).await;
    let (a, b) = (sup[0].as_str(), sup[1].as_str());
    let t = today();
    let off = orderhub_domain::capacity::Weekday::of(t + 4).as_str();
    for s in [a, b] {
        app.put(
            &format!("/api/v1/suppliers/{s}/capacity"),
            capacity(&category, 10, off),
        )
        .await
        .ok(200);
    }
    let body = json!([{ "title": "Custom mug", "quantity": 25, "unit_price": "10.00" }]);
    let order = app.order("PL-1", "purchasing", body).await.ok(201).clone();
    let task = order["tasks"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(order["tasks"][0]["supplier_id"], a);

    // 25 units at 10 a day: today, tomorrow and 5 the day after
    let plan = app.get("/api/v1/plan").await.ok(200).clone();
    assert_eq!(plan["from"], iso(t).as_str());
    assert_eq!(plan["rows"].as_array().unwrap().len(), 2);
    let days = booked(&plan, a);
    assert_eq!(days.len(), 21);
    assert_eq!(&days[..3], &[(10, Some(10)), (10, Some(10)), (5, Some(10))]);
    assert_eq!(days[4], (0, Some(0)), "a day off");
    let path = format!("/api/v1/plan/tasks?view=day&supplier={a}");
    let tasks = app.get(&path).await.ok(200).clone();
    let units: Vec<(String, i64)> = tasks
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["day"].as_str().unwrap().to_owned(),
                x["units"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(units, vec![(iso(t), 10), (iso(t + 1), 10), (iso(t + 2), 5)]);
    let quarter = app.get("/api/v1/plan?view=quarter").await.ok(200).clone();
    assert_eq!(quarter["span"], 7);
    assert_eq!(booked(&quarter, a)[0].0, 25, "the first week holds it all");
    let staff_tasks = app.get("/api/v1/plan/tasks?view=day").await;
    assert_eq!(staff_tasks.problem(422, "required")["field"], "supplier");

    // moved to start after the day off: booked around it
    let moved = app
        .put(
            &format!("/api/v1/tasks/{task}/plan"),
            json!({"start": iso(t + 3)}),
        )
        .await;
    let moved = moved.ok(200).clone();
    assert_eq!(
        moved["days"],
        json!([{"day": iso(t + 3), "units": 10}, {"day": iso(t + 5), "units": 10}, {"day": iso(t + 6), "units": 5}])
    );
    let days = booked(&app.get("/api/v1/plan").await.ok(200).clone(), a);
    assert_eq!(days[0].0, 0, "today is free again");
    for (start, code) in [(iso(t + 4), "day_off"), (iso(t - 1), "out_of_range")] {
        let refused = app
            .put(
                &format!("/api/v1/tasks/{task}/plan"),
                json!({"start": start}),
            )
            .await;
        assert_eq!(refused.problem(422, code)["field"], "start");
    }
    let bad = app
        .put(
            &format!("/api/v1/tasks/{task}/plan"),
            json!({"start": "soon"}),
        )
        .await;
    bad.problem(422, "invalid_date");

    // capacity drops: what is booked stays, and shows over capacity
    app.put(
        &format!("/api/v1/suppliers/{a}/capacity"),
        capacity(&category, 4, off),
    )
    .await
    .ok(200);
    let days = booked(&app.get("/api/v1/plan").await.ok(200).clone(), a);
    assert_eq!(days[3], (10, Some(4)));

    // a supplier sees its own plan only
    let (_, token) = app.token("maker a", "supplier", Some(a)).await;
    let auth = Auth::Bearer(token);
    let own = app.send_as(&auth, Method::GET, "/api/v1/plan", None).await;
    let own = own.ok(200).clone();
    assert_eq!(own["rows"].as_array().unwrap().len(), 1);
    assert_eq!(own["rows"][0]["supplier_id"], a);
    let theirs = format!("/api/v1/plan?supplier={b}");
    app.send_as(&auth, Method::GET, &theirs, None)
        .await
        .problem(404, "not_found");

    // made: no longer planned
    for to in ["accepted", "in_production", "produced"] {
        app.post(
            &format!("/api/v1/tasks/{task}/transitions"),
            json!({ "to": to }),
        )
        .await
        .ok(200);
    }
    let done = app
        .put(
            &format!("/api/v1/tasks/{task}/plan"),
            json!({"start": iso(t + 3)}),
        )
        .await;
    done.problem(409, "task_not_open");
    let days = booked(&app.get("/api/v1/plan").await.ok(200).clone(), a);
    assert!(
        days.iter().all(|d| d.0 == 0),
        "a made task takes no capacity"
    );

    // the web day view: the supplier moves a task with the form
    let body = json!([{ "title": "Custom mug", "quantity": 3, "unit_price": "10.00" }]);
    let order = app.order("PL-2", "purchasing", body).await.ok(201).clone();
    let second = order["tasks"][0].clone();
    let holder = second["supplier_id"].as_str().unwrap();
    app.user(
        "plan-maker@web.example",
        "supplier",
        Some(holder),
        "kiln-fired-42-pots",
    )
    .await;
    let (cookie, csrf) = sign_in(&app, "plan-maker@web.example", "kiln-fired-42-pots").await;
    let c = [(COOKIE.as_str(), cookie.as_str())];
    let (status, day_view) = page(&app, "/plan?view=day", &c).await;
    assert_eq!(status, 200);
    assert!(
        day_view.contains(second["sku"].as_str().unwrap()),
        "{day_view}"
    );
    let id = second["id"].as_str().unwrap();
    let start = iso(t + 3);
    let form = vec![("start", start.as_str()), ("from", ""), ("supplier", "")];
    let to = format!("/tasks/{id}/plan");
    let res = post_form(&app, &cookie, &csrf, &to, form);
    let (_, body) = follow(&app, res.await.unwrap(), &c).await;
    assert!(body.contains(&format!("Planned from {start}.")), "{body}");
}
