//! Set-oriented intake: a whole group of new orders written with a handful
//! of multi-row statements.
//!
//! Committing many orders together saves fsyncs, but with one statement per
//! row the group still costs a round trip per row, and round trips are what
//! limit both backends (sqlx hands every SQLite statement to a worker
//! thread; PostgreSQL answers each over the socket). So a group reads the
//! catalogue once, decides everything in memory with the same rules as a
//! single release ([`crate::decompose`]: classification, routing, SKUs,
//! unrouted reasons, the order following its tasks), and writes orders,
//! lines, tasks and events with one statement each. Any failure (a SKU
//! taken by another category, an order stored meanwhile by another
//! process) fails the group, and [`crate::intake`] then writes each order
//! alone through the row-at-a-time path.

use crate::decompose::{
    Catalogue, Cause, category_of, load_catalogue, no_supplier, routed_details, save_changed,
    unrouted_details,
};
use crate::error::{Result, StoreError};
use crate::events::NewEvent;
use crate::orders::search_text;
use crate::rows::{Arg, RowExt, from_ms, new_id, now_ms, placeholders, run_values, to_json, to_ms};
use orderhub_domain::classify::CategoryTerms;
use orderhub_domain::model::{Actor, Line, NewOrder, Order, Task, Unrouted};
use orderhub_domain::{ORDER_LIFECYCLE, OrderStatus, TaskStatus};
use serde_json::json;
use sqlx::{AnyConnection, AssertSqlSafe};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Everything a group writes, in memory until the end.
#[derive(Default)]
struct Writes {
    orders: Vec<Vec<Arg>>,
    lines: Vec<Vec<Arg>>,
    tasks: Vec<Vec<Arg>>,
    events: Vec<Vec<Arg>>,
    skus: HashSet<String>,
    /// SKUs drawn by the previous plan of this group, by (order, line):
    /// reused unless they clashed, so a replan redraws only the clashes.
    drawn: HashMap<(usize, i64), String>,
    /// New open tasks per supplier.
    load: BTreeMap<String, i64>,
}

/// The order being planned: its place in the group, id and content.
struct Current<'a> {
    index: usize,
    id: &'a str,
    order: &'a NewOrder,
    actor: &'a Actor,
}

/// A line of a new order while its order is being planned.
struct Planned<'a> {
    id: String,
    line_no: i64,
    new: &'a orderhub_domain::model::NewLine,
    category_id: Option<String>,
    unrouted: Option<Unrouted>,
}

/// What intake did with one order.
#[derive(Debug)]
pub(crate) struct Intaken {
    pub id: String,
    /// False when the order was stored already (same platform and number).
    pub created: bool,
    /// The new order as stored, when the group built it (saves reading it
    /// back).
    pub order: Option<Order>,
}

/// Writes `orders` (normalized) in the caller's transaction; returns, for
/// each, its id and whether it is new. `lock` takes the categories' row
/// locks (PostgreSQL); `fold` first folds suppliers' load changes
/// ([`crate::load::fold`]).
pub(crate) async fn write(
    conn: &mut AnyConnection,
    lock: bool,
    fold: bool,
    orders: &[(&Actor, &NewOrder)],
) -> Result<Vec<Intaken>> {
    if fold {
        crate::load::fold(conn).await?;
    }
    let loaded = load_catalogue(conn, lock).await?;
    let stored = stored_ids(conn, orders).await?;
    // SKUs are drawn in memory; the few that exist already (a random draw
    // that repeats, a counter that runs into another category's SKUs) are
    // found with one query and the group is planned again around them.
    let mut taken = HashSet::new();
    let mut drawn = HashMap::new();
    for _ in 0..8 {
        let mut catalogue = loaded.clone();
        let mut writes = Writes {
            skus: taken.clone(),
            drawn: std::mem::take(&mut drawn),
            ..Writes::default()
        };
        let outcomes = plan(&mut catalogue, &mut writes, &stored, orders)?;
        let clashes = existing_skus(conn, &writes).await?;
        if !clashes.is_empty() {
            taken.extend(clashes);
            drawn = writes.drawn;
            continue;
        }
        flush(conn, writes).await?;
        for (id, state) in &catalogue.states {
            save_changed(conn, loaded.states[id].route_count(), state).await?;
        }
        return Ok(outcomes);
    }
    Err(StoreError::conflict(
        "sku_taken",
        Some("sku_template"),
        "the group kept drawing SKUs that exist",
    ))
}

fn plan(
    catalogue: &mut Catalogue,
    writes: &mut Writes,
    stored: &HashMap<(String, String), String>,
    orders: &[(&Actor, &NewOrder)],
) -> Result<Vec<Intaken>> {
    let mut outcomes = Vec::with_capacity(orders.len());
    let mut seen: HashMap<(&str, &str), String> = HashMap::new();
    for (index, (actor, order)) in orders.iter().enumerate() {
        let key = (order.platform.as_str(), order.external_number.as_str());
        if let Some(id) = seen
            .get(&key)
            .or_else(|| stored.get(&(key.0.to_owned(), key.1.to_owned())))
        {
            outcomes.push(Intaken {
                id: id.clone(),
                created: false,
                order: None,
            });
            continue;
        }
        let built = plan_order(catalogue, writes, actor, index, order)?;
        seen.insert(key, built.id.clone());
        outcomes.push(Intaken {
            id: built.id.clone(),
            created: true,
            order: Some(built),
        });
    }
    Ok(outcomes)
}

/// The SKUs of the planned tasks that exist already.
async fn existing_skus(conn: &mut AnyConnection, writes: &Writes) -> Result<Vec<String>> {
    // column 5 of a task row is its SKU
    let skus: Vec<Vec<Arg>> = writes.tasks.iter().map(|t| vec![t[5].clone()]).collect();
    if skus.is_empty() {
        return Ok(Vec::new());
    }
    let rows = run_values(conn, "SELECT sku FROM tasks WHERE sku IN (", skus, ")").await?;
    rows.iter().map(|r| r.col("sku")).collect()
}

/// Ids of the orders of the group already stored (from no channel), by
/// (platform, number). One plain IN list of numbers, so both backends probe
/// the number index (SQLite scans the whole table for a row-value IN, and
/// PostgreSQL, given platforms and the channel too, scanned every order of
/// those platforms: intake slowed as orders grew); the rest is matched here.
async fn stored_ids(
    conn: &mut AnyConnection,
    orders: &[(&Actor, &NewOrder)],
) -> Result<HashMap<(String, String), String>> {
    let numbers: BTreeSet<&str> = orders
        .iter()
        .map(|(_, o)| o.external_number.as_str())
        .collect();
    let sql = format!(
        "SELECT id, platform, external_number, channel_key FROM orders WHERE external_number IN ({})",
        placeholders(1, numbers.len()),
    );
    let mut q = sqlx::query(AssertSqlSafe(sql));
    for v in &numbers {
        q = q.bind(*v);
    }
    let wanted: HashSet<(&str, &str)> = orders
        .iter()
        .map(|(_, o)| (o.platform.as_str(), o.external_number.as_str()))
        .collect();
    let mut stored = HashMap::new();
    for r in q.fetch_all(&mut *conn).await? {
        let key: (String, String) = (r.col("platform")?, r.col("external_number")?);
        let channel: String = r.col("channel_key")?;
        if channel.is_empty() && wanted.contains(&(key.0.as_str(), key.1.as_str())) {
            stored.insert(key, r.col("id")?);
        }
    }
    Ok(stored)
}

/// Plans one new order: its row, lines, and with `status: purchasing` its
/// release — as [`crate::orders::intake`] followed by
/// [`crate::decompose::release`] would write it.
fn plan_order(
    catalogue: &mut Catalogue,
    writes: &mut Writes,
    actor: &Actor,
    index: usize,
    order: &NewOrder,
) -> Result<Order> {
    let id = new_id();
    let now = now_ms();
    let release = order.status == Some(OrderStatus::Purchasing);
    let emit = |writes: &mut Writes, event: NewEvent<'_>| writes.events.push(event.row(actor));
    emit(
        writes,
        NewEvent::order(&id, "order.created").details(json!({
            "platform": order.platform, "external_number": order.external_number, "lines": order.lines.len()
        })),
    );
    let mut lines = classify(catalogue, order, release);
    let mut status = OrderStatus::Pending;
    let mut tasks = Vec::new();
    if release {
        emit(
            writes,
            NewEvent::order(&id, "order.status_changed").change("pending", "purchasing"),
        );
        // Unclassified lines first, then category by category (id order),
        // as a single release does.
        for line in &lines {
            if let Some(why) = &line.unrouted {
                emit(
                    writes,
                    NewEvent::order(&id, "line.unrouted").details(unrouted_details(
                        &line.id,
                        line.line_no,
                        why,
                    )),
                );
            }
        }
        let mut by_category: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, l) in lines.iter().enumerate() {
            if let (None, Some(c), None) = (&l.unrouted, &l.category_id, l.new.no_task) {
                by_category.entry(c.clone()).or_default().push(i);
            }
        }
        for (category, indexes) in by_category {
            for i in indexes {
                let line = &mut lines[i];
                let current = Current {
                    index,
                    id: &id,
                    order,
                    actor,
                };
                tasks.extend(route_line(catalogue, writes, &current, &category, line)?);
            }
        }
        let statuses: Vec<TaskStatus> = tasks.iter().map(|t| t.status).collect();
        status = settle(writes, &id, &lines, &statuses)?;
    }
    writes.orders.push(order_row(&id, order, status, now));
    for l in &lines {
        writes.lines.push(line_row(&id, l));
    }
    built(id, order, status, now, &lines, tasks)
}

/// Each line's category (or why none), as [`crate::decompose`] decides it.
fn classify<'a>(catalogue: &Catalogue, order: &'a NewOrder, release: bool) -> Vec<Planned<'a>> {
    let terms: Vec<CategoryTerms<'_>> = catalogue
        .terms
        .iter()
        .map(|(id, name, _, keywords)| CategoryTerms { id, name, keywords })
        .collect();
    let mut known = HashMap::new();
    for l in &order.lines {
        if let Some(r) = &l.category
            && let Some(t) = catalogue
                .terms
                .iter()
                .find(|t| t.0 == *r || t.2 == r.to_lowercase())
        {
            known.insert(r.clone(), t.0.clone());
        }
    }
    order
        .lines
        .iter()
        .enumerate()
        .map(|(i, new)| {
            let given = new.category.as_ref().and_then(|r| known.get(r)).cloned();
            let mut line = Planned {
                id: new_id(),
                line_no: i as i64 + 1,
                new,
                category_id: given.clone(),
                unrouted: None,
            };
            // a tip or a fee is no product: no category, no task, no reason
            if release && new.no_task.is_none() {
                match category_of(None, new.category.as_deref(), &new.title, &known, &terms) {
                    Ok(c) => line.category_id = Some(c),
                    Err(why) => line.unrouted = Some(why),
                }
            }
            line
        })
        .collect()
}

/// Routes one classified line; returns the new task's status if it got one.
fn route_line(
    catalogue: &mut Catalogue,
    writes: &mut Writes,
    current: &Current<'_>,
    category: &str,
    line: &mut Planned<'_>,
) -> Result<Option<Task>> {
    let (order_id, order, actor) = (current.id, current.order, current.actor);
    let state = catalogue
        .states
        .get_mut(category)
        .ok_or_else(|| StoreError::not_found("category", category))?;
    let decision = match state.route(&[]) {
        Ok(d) => d,
        Err(no) => {
            let why = no_supplier(no);
            let event = NewEvent::order(order_id, "line.unrouted");
            let details = unrouted_details(&line.id, line.line_no, &why);
            writes.events.push(event.details(details).row(actor));
            line.unrouted = Some(why);
            return Ok(None);
        }
    };
    let code = state.apply(&decision, Cause::Release);
    // Drawn even when reused, so that `{seq}` advances the same way.
    let mut sku = state.next_sku(&code, &order.external_number, line.line_no);
    let key = (current.index, line.line_no);
    if let Some(before) = writes.drawn.get(&key)
        && !writes.skus.contains(before)
    {
        sku = before.clone();
    }
    for _ in 0..32 {
        if !writes.skus.contains(&sku) {
            break;
        }
        sku = state.next_sku(&code, &order.external_number, line.line_no);
    }
    writes.drawn.insert(key, sku.clone());
    *writes.load.entry(decision.supplier_id.clone()).or_default() += 1;
    if !writes.skus.insert(sku.clone()) {
        return Err(StoreError::conflict(
            "sku_taken",
            Some("sku_template"),
            "SKUs repeat within a group",
        ));
    }
    let task_id = new_id();
    let now = now_ms();
    let at = from_ms(now)?;
    let task = Task {
        id: task_id.clone(),
        order_id: order_id.to_owned(),
        line_id: line.id.clone(),
        supplier_id: decision.supplier_id.clone(),
        category_id: category.to_owned(),
        sku: sku.clone(),
        status: TaskStatus::Assigned,
        quantity: line.new.quantity,
        due_at: None,
        production_started_at: None,
        produced_at: None,
        carrier: None,
        tracking_number: None,
        note: None,
        reject_reason: None,
        created_at: at,
        updated_at: at,
    };
    writes.tasks.push(vec![
        task_id.clone().into(),
        order_id.into(),
        line.id.clone().into(),
        decision.supplier_id.clone().into(),
        category.into(),
        sku.clone().into(),
        TaskStatus::Assigned.as_str().into(),
        line.new.quantity.into(),
        state.route_count().into(),
        now.into(),
        now.into(),
    ]);
    let details = routed_details(
        &decision,
        Cause::Release,
        state,
        &line.id,
        line.line_no,
        &sku,
    );
    let event = NewEvent::task(order_id, &task_id, "task.routed")
        .entered(TaskStatus::Assigned.as_str())
        .details(details);
    writes.events.push(event.row(actor));
    Ok(Some(task))
}

/// The order's status once released: `needs_attention` while a line is
/// unrouted, else the steps its tasks lead to. Writes the system's events.
fn settle(
    writes: &mut Writes,
    order_id: &str,
    lines: &[Planned<'_>],
    tasks: &[TaskStatus],
) -> Result<OrderStatus> {
    let system = Actor::system();
    let mut events = Vec::new();
    let mut at = OrderStatus::Purchasing;
    if lines.iter().any(|l| l.unrouted.is_some()) {
        let to = OrderStatus::NeedsAttention;
        if ORDER_LIFECYCLE.check(at, to, system.party).is_ok() {
            events.push(
                NewEvent::order(order_id, "order.status_changed")
                    .change(at.as_str(), to.as_str())
                    .details(json!({ "reason": "lines could not be routed" })),
            );
            at = to;
        }
    } else {
        for step in orderhub_domain::lifecycle::follow_tasks(at, tasks) {
            ORDER_LIFECYCLE.check(at, step, system.party)?;
            events.push(
                NewEvent::order(order_id, "order.status_changed")
                    .change(at.as_str(), step.as_str()),
            );
            at = step;
        }
    }
    writes
        .events
        .extend(events.into_iter().map(|e| e.row(&system)));
    Ok(at)
}

/// The order as it will read back once stored.
fn built(
    id: String,
    o: &NewOrder,
    status: OrderStatus,
    now: i64,
    lines: &[Planned<'_>],
    tasks: Vec<Task>,
) -> Result<Order> {
    let at = from_ms(now)?;
    Ok(Order {
        id,
        platform: o.platform.clone(),
        external_number: o.external_number.clone(),
        status,
        currency: o.currency.clone(),
        total_amount: o.total_amount,
        placed_at: o.placed_at.map(to_ms).map(from_ms).transpose()?,
        customer: o.customer.clone(),
        shipping_address: o.shipping_address.clone(),
        note: o.note.clone(),
        // the group path takes orders from no channel
        channel_id: None,
        upstream_id: None,
        upstream_url: None,
        lines: lines
            .iter()
            .map(|l| Line {
                id: l.id.clone(),
                line_no: l.line_no,
                title: l.new.title.clone(),
                category_id: l.category_id.clone(),
                quantity: l.new.quantity,
                unit_price: Some(l.new.unit_price),
                platform_sku: l.new.platform_sku.clone(),
                customization: l.new.customization.clone(),
                unrouted: l.unrouted.clone(),
                no_task: l.new.no_task,
                line_total: l.new.line_total,
            })
            .collect(),
        tasks,
        created_at: at,
        updated_at: at,
    })
}

fn order_row(id: &str, o: &NewOrder, status: OrderStatus, now: i64) -> Vec<Arg> {
    vec![
        id.into(),
        o.platform.as_str().into(),
        o.external_number.as_str().into(),
        status.as_str().into(),
        o.currency.as_str().into(),
        o.total_amount.map(|a| a.to_string()).into(),
        o.placed_at.map(to_ms).into(),
        o.customer.name.as_str().into(),
        o.customer.email.clone().into(),
        o.customer.phone.clone().into(),
        o.shipping_address.as_ref().map(to_json).into(),
        search_text(o).into(),
        now.into(),
        now.into(),
        o.note.clone().into(),
    ]
}

fn line_row(order_id: &str, l: &Planned<'_>) -> Vec<Arg> {
    vec![
        l.id.as_str().into(),
        order_id.into(),
        l.line_no.into(),
        l.new.title.as_str().into(),
        l.new.category.clone().into(),
        l.category_id.clone().into(),
        l.new.quantity.into(),
        l.new.unit_price.to_string().into(),
        l.new.customization.as_ref().map(to_json).into(),
        l.unrouted.as_ref().map(|u| u.code.clone()).into(),
        l.unrouted.as_ref().map(|u| u.detail.clone()).into(),
        l.new.platform_sku.clone().into(),
        l.new.no_task.map(|k| k.as_str().to_owned()).into(),
        l.new.line_total.map(|t| t.to_string()).into(),
    ]
}

/// Parents before children: orders, lines, tasks, then events.
async fn flush(conn: &mut AnyConnection, w: Writes) -> Result<()> {
    let orders = w.orders.len();
    let inserted = run_values(
        conn,
        "INSERT INTO orders (id, platform, external_number, status, currency, total_amount, placed_at, \
         customer_name, customer_email, customer_phone, shipping_address, search_text, created_at, updated_at, note)",
        w.orders,
        "ON CONFLICT (platform, channel_key, external_number) DO NOTHING RETURNING id",
    )
    .await?;
    if inserted.len() != orders {
        return Err(StoreError::conflict(
            "order_stored_meanwhile",
            Some("external_number"),
            "an order of the group was stored meanwhile",
        ));
    }
    run_values(
        conn,
        "INSERT INTO order_lines (id, order_id, line_no, title, category_ref, category_id, quantity, unit_price, \
         customization, unrouted_code, unrouted_detail, platform_sku, no_task, line_total)",
        w.lines,
        "",
    )
    .await?;
    let tasks = w.tasks.len();
    let inserted = run_values(
        conn,
        "INSERT INTO tasks (id, order_id, line_id, supplier_id, category_id, sku, status, quantity, route_seq, \
         created_at, updated_at)",
        w.tasks,
        "ON CONFLICT (sku) DO NOTHING RETURNING id",
    )
    .await?;
    if inserted.len() != tasks {
        return Err(StoreError::conflict(
            "sku_taken",
            Some("sku_template"),
            "a SKU of the group exists already",
        ));
    }
    crate::webhooks::append(conn, w.events).await?;
    crate::load::changed_many(conn, w.load).await?;
    Ok(())
}
