//! Intake: new orders written set-wise, released through the one writer.
//!
//! Committing many orders together saves fsyncs, but with one statement per
//! row a group still costs a round trip per row, and round trips are what
//! limit both backends. So a group reads the catalogue once, builds each
//! new order's snapshot in memory, lets the release planner decide
//! ([`crate::release`]), and writes orders, lines (with their categories
//! and reasons already decided), tasks and events with one statement each.
//! One order alone — the fallback of a failed group, a channel's order —
//! is a group of one through the same code.

mod insert;

pub(crate) use insert::{LINE_INSERT, line_row, search_text};
use insert::{insert_lines, insert_orders, prefer};

use crate::error::{Result, StoreError};
use crate::events::NewEvent;
use crate::queue::Intaken;
use crate::records::{fill_children, supplier_codes};
use crate::release::{self, Actors, Categories};
use crate::review::{Gated, Gatekeeper, held_details};
use crate::rows::{Arg, RowExt, from_ms, new_id, now_ms, placeholders, to_ms};
use orderhub_domain::ErrorCode;
use orderhub_domain::labels::{Viewer, order_label, task_label};
use orderhub_domain::model::{Actor, EventKind, Line, NewOrder, Order, PaymentStatus, Task};
use orderhub_domain::proof::{ProofState, ProofStatus};
use orderhub_domain::release::{
    Catalogue, Cause, LineOutcome, LineSnapshot, OrderSnapshot, Plan, Request, resolve_ref,
};
use orderhub_domain::review::{Asked, Facts};
use orderhub_domain::rules::{Firing, Outcome, RuleTrigger, evaluate};
use orderhub_domain::{OrderStatus, TaskStatus};
use serde_json::json;
use sqlx::{AnyConnection, AssertSqlSafe};
use std::collections::{BTreeSet, HashMap, HashSet};

/// A new order of the group, as it will be stored.
struct Fresh<'a> {
    actor: &'a Actor,
    new: &'a NewOrder,
    snapshot: OrderSnapshot,
    release: bool,
    /// What the review gate decided.
    gate: Gated,
    /// The automation rules that fired on it.
    firings: Vec<Firing>,
    /// Its tags: as received, and those rules added.
    tags: Vec<String>,
}

/// Writes `orders` (normalized) in the caller's transaction, all from
/// `channel` (or from none: `""`); returns, for each, its id and whether it
/// is new. `fold` first folds suppliers' load changes ([`crate::load::fold`]).
///
/// Orders are unique per channel (two stores of one platform may both have
/// a `#1001`); orders from no channel are unique per platform and number. A
/// channel's order finds one stored under its number from no channel
/// (entered by hand, imported) and claims it for the channel.
pub(crate) async fn write(
    conn: &mut AnyConnection,
    fold: bool,
    orders: &[(&Actor, &NewOrder)],
    channel: &str,
) -> Result<Vec<Intaken>> {
    if fold {
        crate::load::fold(conn).await?;
    }
    let stored = stored_ids(conn, orders, channel).await?;
    let mut catalogue = release::catalogue(conn, Categories::All).await?;
    // A channel's order asks for release by its channel's setting: nobody
    // looked at it. An order entered as `purchasing` was asked by a person.
    let asked = if channel.is_empty() {
        Asked::Person
    } else {
        Asked::Policy
    };
    let wanting: Vec<Facts<'_>> = orders
        .iter()
        .filter(|(_, n)| n.status == Some(OrderStatus::Purchasing))
        .map(|(_, n)| Facts::of_new(n))
        .collect();
    let keeper = Gatekeeper::load(conn, &wanting).await?;
    let rules = crate::rules::active(conn, RuleTrigger::OrderReceived).await?;
    let mut outcomes = Vec::with_capacity(orders.len());
    let mut fresh: Vec<Fresh<'_>> = Vec::new();
    let mut seen: HashMap<(&str, &str), String> = HashMap::new();
    for (actor, new) in orders {
        let key = (new.platform.as_str(), new.external_number.as_str());
        if let Some((id, claim)) = seen
            .get(&key)
            .map(|id| (id.clone(), false))
            .or_else(|| stored.get(&(key.0.to_owned(), key.1.to_owned())).cloned())
        {
            if claim {
                claim_for(conn, &id, channel).await?;
            }
            outcomes.push(Intaken {
                id,
                created: false,
                order: None,
            });
            continue;
        }
        let firings = match rules.is_empty() {
            true => Vec::new(),
            false => {
                let facts = crate::rules::facts_of_new(new, &catalogue);
                evaluate(&rules, RuleTrigger::OrderReceived, &facts)
            }
        };
        let outcome = Outcome::of(&firings);
        let gate = keeper.gate_new(new, &outcome.holds, asked);
        let mut f = fresh_order(&catalogue, gate, actor, new);
        f.follow(&outcome, &catalogue);
        f.firings = firings;
        seen.insert(key, f.snapshot.id.clone());
        outcomes.push(Intaken {
            id: f.snapshot.id.clone(),
            created: true,
            order: None,
        });
        fresh.push(f);
    }
    let actors: HashMap<String, &Actor> = fresh
        .iter()
        .map(|f| (f.snapshot.id.clone(), f.actor))
        .collect();
    let mut releasing: Vec<&mut OrderSnapshot> = fresh
        .iter_mut()
        .filter(|f| f.release)
        .map(|f| &mut f.snapshot)
        .collect();
    let prepared = release::prepare(conn, &catalogue, &mut releasing, |id| {
        actors.get(id).copied()
    })
    .await?;
    let requests: Vec<Request<'_>> = fresh
        .iter()
        .filter(|f| f.release)
        .map(|f| Request {
            order: &f.snapshot,
            cause: Cause::Release,
        })
        .collect();
    let mut skus: Vec<String> = requests
        .iter()
        .flat_map(|r| r.order.lines.iter().filter_map(|l| l.sku.clone()))
        .collect();
    skus.sort();
    skus.dedup();
    catalogue.stock = crate::stock::orders::picks(conn, &skus).await?;
    let (plan, flags) = release::plan(conn, &catalogue, &requests).await?;
    let now = now_ms();
    let inserted = insert_orders(conn, &fresh, &plan, channel, now).await?;
    if inserted < fresh.len() {
        // stored meanwhile by another transaction: alone, that is the
        // answer; in a group, the caller writes each order alone
        if let ([one], [only]) = (&fresh[..], &mut outcomes[..]) {
            only.id = stored_id(conn, one.new, channel).await?;
            only.created = false;
            return Ok(outcomes);
        }
        return Err(StoreError::conflict(
            ErrorCode::OrderStoredMeanwhile,
            Some("external_number"),
            "an order of the group was stored meanwhile",
        ));
    }
    insert_lines(conn, &fresh, &plan).await?;
    prefer(conn, &fresh).await?;
    let ids: HashSet<&str> = fresh.iter().map(|f| f.snapshot.id.as_str()).collect();
    let mut events: Vec<Vec<Arg>> = fresh.iter().flat_map(|f| own_events(f)).collect();
    events.extend(flags);
    events.extend(prepared);
    let actors = Actors::ByOrder(
        fresh
            .iter()
            .map(|f| (f.snapshot.id.as_str(), f.actor))
            .collect(),
    );
    release::write(conn, &actors, &plan, &ids, events, now).await?;
    let mut built: HashMap<String, Order> = fresh
        .iter()
        .map(|f| Ok((f.snapshot.id.clone(), order_of(f, &plan, now)?)))
        .collect::<Result<_>>()?;
    let suppliers: HashSet<&str> = plan.tasks.iter().map(|t| t.supplier_id.as_str()).collect();
    let codes = supplier_codes(conn, &suppliers.into_iter().collect::<Vec<_>>()).await?;
    for o in built.values_mut() {
        fill_children(o, &codes);
    }
    for o in &mut outcomes {
        if o.created {
            o.order = built.remove(&o.id);
        }
    }
    Ok(outcomes)
}

/// A new order's snapshot: fresh line ids, each line's category when it
/// names one that exists.
fn fresh_order<'a>(
    catalogue: &Catalogue,
    gate: Gated,
    actor: &'a Actor,
    new: &'a NewOrder,
) -> Fresh<'a> {
    let release = gate.release;
    let lines = new
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| LineSnapshot {
            id: new_id(),
            line_no: i as i64 + 1,
            title: l.title.clone(),
            category_ref: l.category.clone(),
            category_id: l
                .category
                .as_deref()
                .and_then(|r| resolve_ref(catalogue, r))
                .map(str::to_owned),
            quantity: l.quantity,
            no_task: l.no_task.is_some(),
            personalised: orderhub_domain::proof::is_personalised(l.customization.as_ref()),
            unrouted: None,
            sku: l
                .platform_sku
                .as_deref()
                .map(orderhub_domain::inventory::sku_key),
            preferred: None,
        })
        .collect();
    Fresh {
        actor,
        new,
        release,
        gate,
        firings: Vec::new(),
        tags: new.tags.clone(),
        snapshot: OrderSnapshot {
            id: new_id(),
            number: new.external_number.clone(),
            platform: new.platform.clone(),
            customer: new.customer.name.clone(),
            status: if release {
                OrderStatus::Purchasing
            } else {
                OrderStatus::Pending
            },
            priority: new.priority.unwrap_or_default(),
            bound_to: None,
            ship_by: new.ship_by.map(to_ms),
            lines,
            tasks: Vec::new(),
        },
    }
}

impl Fresh<'_> {
    /// Does what the rules that fired ask of the new order: its priority,
    /// its product lines' category (a category no longer there is
    /// ignored: the lines route as they would have).
    fn follow(&mut self, outcome: &Outcome, catalogue: &Catalogue) {
        if let Some(p) = outcome.priority {
            self.snapshot.priority = p;
        }
        let category = outcome
            .category
            .as_deref()
            .and_then(|c| resolve_ref(catalogue, c));
        for line in self.snapshot.lines.iter_mut().filter(|l| !l.no_task) {
            if let Some(id) = category {
                line.category_id = Some(id.to_owned());
            }
            line.preferred.clone_from(&outcome.supplier);
        }
        if !outcome.tags.is_empty() {
            let all = self.tags.iter().chain(&outcome.tags).cloned().collect();
            self.tags = orderhub_domain::model::tags::what_fits(all);
        }
    }
}

/// The events intake itself writes before the release's: the order was
/// created and, when released on arrival, moved to `purchasing`.
fn own_events(f: &Fresh<'_>) -> Vec<Vec<Arg>> {
    let id = &f.snapshot.id;
    let created = NewEvent::order(id, EventKind::OrderCreated).details(json!({
        "platform": f.new.platform, "external_number": f.new.external_number, "lines": f.new.lines.len()
    }));
    let mut rows = vec![created.row(f.actor)];
    let gate = &f.gate;
    if f.release {
        let mut moved = NewEvent::order(id, EventKind::OrderStatusChanged).change(
            OrderStatus::Pending.as_str(),
            OrderStatus::Purchasing.as_str(),
        );
        if !gate.acknowledged.is_empty() {
            moved = moved.details(json!({
                "acknowledged": gate.acknowledged, "problems": gate.problems
            }));
        }
        rows.push(moved.row(f.actor));
    }
    if !gate.hold.is_empty() {
        let held = NewEvent::order(id, EventKind::OrderHeld)
            .details(held_details(&gate.hold, &gate.problems));
        rows.push(held.row(f.actor));
    }
    rows.extend(crate::rules::fired_rows(
        &f.snapshot.id,
        None,
        &f.firings,
        f.actor,
    ));
    rows
}

/// Ids of the orders of the group already stored for `channel`, by
/// (platform, number), with whether each is one from no channel that the
/// channel claims. One plain IN list of numbers, so both backends probe the
/// number index (a row-value IN scans the whole table on SQLite).
async fn stored_ids(
    conn: &mut AnyConnection,
    orders: &[(&Actor, &NewOrder)],
    channel: &str,
) -> Result<HashMap<(String, String), (String, bool)>> {
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
        let key_of: String = r.col("channel_key")?;
        if !wanted.contains(&(key.0.as_str(), key.1.as_str())) {
            continue;
        }
        let id: String = r.col("id")?;
        if key_of == channel {
            stored.insert(key, (id, false));
        } else if key_of.is_empty() {
            // an unclaimed one counts only if the channel has none
            stored.entry(key).or_insert((id, true));
        }
    }
    Ok(stored)
}

/// The id of the order stored under `new`'s number for `channel`.
async fn stored_id(conn: &mut AnyConnection, new: &NewOrder, channel: &str) -> Result<String> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM orders WHERE platform = $1 AND channel_key = $2 AND external_number = $3",
    )
    .bind(&new.platform)
    .bind(channel)
    .bind(&new.external_number)
    .fetch_one(&mut *conn)
    .await?)
}

/// A channel claims an order stored from no channel.
async fn claim_for(conn: &mut AnyConnection, id: &str, channel: &str) -> Result<()> {
    sqlx::query("UPDATE orders SET channel_key = $2 WHERE id = $1")
        .bind(id)
        .bind(channel)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The order as it will read back once stored.
fn order_of(f: &Fresh<'_>, plan: &Plan, now: i64) -> Result<Order> {
    let (o, id) = (f.new, &f.snapshot.id);
    let at = from_ms(now)?;
    let outcomes: HashMap<&str, &LineOutcome> = plan
        .lines
        .iter()
        .filter(|l| &l.order_id == id)
        .map(|l| (l.line_id.as_str(), l))
        .collect();
    let tasks = plan
        .tasks
        .iter()
        .filter(|t| &t.order_id == id)
        .map(|t| Task {
            id: t.id.clone(),
            order_id: t.order_id.clone(),
            line_id: t.line_id.clone(),
            supplier_id: t.supplier_id.clone(),
            category_id: t.category_id.clone(),
            sku: t.sku.clone(),
            status: TaskStatus::Assigned,
            status_label: task_label(Viewer::Platform, TaskStatus::Assigned),
            quantity: t.quantity,
            priority: t.priority,
            due_at: t.booking.due_at.and_then(|ms| from_ms(ms).ok()),
            production_started_at: None,
            produced_at: None,
            carrier: None,
            tracking_number: None,
            carrier_code: None,
            tracking_url: None,
            delivered_at: None,
            note: None,
            reject_reason: None,
            from_stock: t.from_stock.as_ref().map(|f| f.location_code.clone()),
            step: t
                .step
                .map(|s| orderhub_domain::model::TaskStep { no: s.no, of: s.of }),
            amendment: None,
            proof: t.proof.then_some(ProofState {
                status: ProofStatus::Required,
                round: 0,
                since: at,
                latest: None,
            }),
            created_at: at,
            updated_at: at,
        })
        .collect();
    let mut order = Order {
        id: id.clone(),
        platform: o.platform.clone(),
        external_number: o.external_number.clone(),
        status: plan.status_of(&f.snapshot),
        status_label: order_label(
            Viewer::Platform,
            plan.status_of(&f.snapshot),
            o.payment_status.unwrap_or(PaymentStatus::Unpaid),
        ),
        payment_status: o.payment_status.unwrap_or(PaymentStatus::Unpaid),
        priority: f.snapshot.priority,
        approval: f.gate.approval,
        hold: f.gate.hold.clone(),
        attention: Vec::new(),
        fulfilment: orderhub_domain::supplier_order::Fulfilment::Unshipped,
        supplier_orders: Vec::new(),
        version: now,
        currency: o.currency.clone(),
        total_amount: o.total_amount,
        placed_at: o.placed_at.map(to_ms).map(from_ms).transpose()?,
        ship_by: o.ship_by.map(to_ms).map(from_ms).transpose()?,
        customer: o.customer.clone(),
        shipping_address: o.shipping_address.clone(),
        note: o.note.clone(),
        tags: f.tags.clone(),
        // a channel's order is read back with its channel's links
        channel_id: None,
        upstream_id: None,
        upstream_url: None,
        lines: f
            .snapshot
            .lines
            .iter()
            .zip(&o.lines)
            .map(|(l, new)| {
                let outcome = outcomes.get(l.id.as_str());
                Line {
                    id: l.id.clone(),
                    line_no: l.line_no,
                    // as a route script may have rewritten it
                    title: l.title.clone(),
                    category_id: outcome.map_or(l.category_id.clone(), |x| x.category_id.clone()),
                    quantity: new.quantity,
                    unit_price: Some(new.unit_price),
                    platform_sku: new.platform_sku.clone(),
                    customization: new.customization.clone(),
                    unrouted: outcome.and_then(|x| x.unrouted.clone()),
                    no_task: new.no_task,
                    line_total: new.line_total,
                    removed: false,
                }
            })
            .collect(),
        tasks,
        created_at: at,
        updated_at: at,
    };
    // what a read of it says (a new order has no refused change yet)
    order.attention = orderhub_domain::attention::attention(&order, &[], at);
    Ok(order)
}
