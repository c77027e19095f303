//! The release planner: what happens to an order's lines when it is
//! released, retried, or one of its tasks is rejected, reassigned or
//! cancelled — decided in one place.
//!
//! [`plan`] takes a snapshot of what the decision needs (the orders' lines
//! and tasks, the catalogue's categories with their rotation state and
//! suppliers) and the cause of each release, and returns a [`Plan`]: the
//! tasks to create and cancel, each line's category or reason, the SKUs
//! drawn, the categories' new rotation state, the suppliers' load changes,
//! the events with their details, and each order's next status. It does no
//! I/O and has no clock or random generator of its own ([`Env`]), so the
//! same inputs give the same plan. The store loads the snapshot and writes
//! the plan set-wise; nothing else applies these rules.

mod category;
mod order;
#[cfg(test)]
mod tests;
mod timing;

pub use category::{CategorySnapshot, category_of, resolve_ref};
pub use timing::{Booking, Planning};

use crate::lifecycle::{OrderStatus, TaskStatus, TransitionRefused};
use crate::model::{EventKind, Unrouted};
use crate::routing::NotEligible;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use time::OffsetDateTime;

/// Every category, by id: classification reads all of them, routing the
/// ones the lines fall into.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    pub categories: BTreeMap<String, CategorySnapshot>,
    /// Stock a release may take, by SKU key ([`crate::inventory::sku_key`]):
    /// the items at locations a supplier picks from, in the order they
    /// are offered (location code). Empty: every line is made.
    pub stock: BTreeMap<String, Vec<StockPick>>,
}

/// Units of a SKU at a location that ships orders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockPick {
    pub item_id: String,
    pub location_code: String,
    /// The supplier that picks and ships from the location.
    pub keeper: String,
    pub available: i64,
}

/// A task filled from stock rather than made: its units are reserved at
/// the item and the location's keeper picks and ships them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FromStock {
    pub item_id: String,
    pub location_code: String,
}

/// An order line as the planner sees it.
#[derive(Debug, Clone)]
pub struct LineSnapshot {
    pub id: String,
    pub line_no: i64,
    pub title: String,
    /// The category the line was given (id or name), as received.
    pub category_ref: Option<String>,
    /// Its category once known (given and found, or routed before).
    pub category_id: Option<String>,
    pub quantity: i64,
    /// A tip, fee or gift card: never a task, never a reason.
    pub no_task: bool,
    /// It carries a personalisation (see [`crate::proof::is_personalised`]).
    pub personalised: bool,
    pub unrouted: Option<Unrouted>,
    /// Its SKU as stock is keyed (the platform's SKU, lower case), when
    /// it has one: a line whose SKU is in stock is filled from stock.
    pub sku: Option<String>,
    /// The supplier an automation rule prefers for it
    /// ([`crate::rules::RuleAction::RouteToSupplier`]).
    pub preferred: Option<String>,
}

/// A task of the order (any status).
#[derive(Debug, Clone)]
pub struct TaskSnapshot {
    pub id: String,
    pub line_id: String,
    pub supplier_id: String,
    pub category_id: String,
    pub status: TaskStatus,
    /// Which process step it is, when its line is made in steps.
    pub step: Option<Step>,
}

/// A task's place in its line's recipe: step `no` of `of` (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub no: i64,
    pub of: i64,
}

impl Step {
    /// The last step: what it makes is the line's product.
    pub fn is_last(self) -> bool {
        self.no >= self.of
    }
}

impl TaskSnapshot {
    /// A step a later live step of its line has taken over: the line
    /// stands where that later step stands.
    pub fn superseded_in(&self, order: &OrderSnapshot) -> bool {
        let Some(mine) = self.step else {
            return false;
        };
        order.tasks.iter().any(|t| {
            t.line_id == self.line_id
                && t.status.is_live()
                && t.step.is_some_and(|s| s.no > mine.no)
        })
    }

    /// The status its order follows: a step before the last that is made
    /// or handed over leaves the line still in production.
    pub fn status_for_order(&self) -> TaskStatus {
        use TaskStatus::{Accepted, Assigned, InProduction};
        match self.step {
            Some(s)
                if !s.is_last()
                    && self.status.is_live()
                    && !matches!(self.status, Assigned | Accepted | InProduction) =>
            {
                InProduction
            }
            _ => self.status,
        }
    }
}

/// An order with every line and task, as stored (after the move that
/// caused the release, when there was one).
#[derive(Debug, Clone)]
pub struct OrderSnapshot {
    pub id: String,
    pub number: String,
    /// Its platform and buyer's name (what a SKU script may read).
    pub platform: String,
    pub customer: String,
    pub status: OrderStatus,
    /// Its tasks are made with it (they sort as the order does).
    pub priority: crate::model::Priority,
    /// The supplier a signed contract binds the order to: every line goes
    /// to it, whatever the rotation, and never to another supplier.
    pub bound_to: Option<String>,
    /// The date its channel promised to ship by (ms), when it gave one.
    pub ship_by: Option<i64>,
    pub lines: Vec<LineSnapshot>,
    pub tasks: Vec<TaskSnapshot>,
}

/// Why the planner runs for an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cause {
    /// The order moved to `purchasing` (a new order released on arrival, an
    /// operator's release or retry): every line without a live task is
    /// classified and routed by its category's strategy.
    Release,
    /// `task_id` was rejected by its supplier: the line goes to the next
    /// supplier in rotation after it, skipping every supplier that rejected
    /// the line. The category's rotation does not move.
    Rejection { task_id: String },
    /// An operator cancelled `task_id` to give its line to `supplier_id`,
    /// which must serve the category, be active and neither have held nor
    /// rejected the line. The rotation does not move.
    Reassignment {
        task_id: String,
        supplier_id: String,
    },
    /// An operator cancelled `task_id` on its own: its line is unrouted
    /// until the order is retried or cancelled.
    TaskCancelled { task_id: String },
    /// A task moved along its lifecycle: the order follows its tasks.
    TaskMoved,
    /// The order is being cancelled: its open tasks are cancelled with it;
    /// refused once a task has shipped.
    OrderCancelled,
    /// `task_id`, a step of its line's recipe before the last, was
    /// produced: the next step goes to a supplier of its category (a turn
    /// of that category's rotation).
    NextStep { task_id: String },
    /// An after-sales case has `quantity` units of `task_id`'s line made
    /// or sent again (补发, 重做, 换货): a new task for the same supplier, or
    /// for `supplier_id` (the operator's choice, which must serve the
    /// category and be active). The rotation does not move.
    AfterSales {
        task_id: String,
        supplier_id: Option<String>,
        quantity: i64,
    },
}

impl Cause {
    /// The word kept in a routing event's `cause`.
    fn word(&self) -> &'static str {
        match self {
            Cause::Rejection { .. } => "rejection",
            Cause::Reassignment { .. } => "reassignment",
            Cause::AfterSales { .. } => "after_sales",
            Cause::NextStep { .. } => "next_step",
            _ => "release",
        }
    }
}

/// Who an event is recorded as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// The person or token whose request caused the release.
    Actor,
    /// orderhub itself (the order following its tasks, a rejected line
    /// moving on: the next supplier does not learn who turned it down).
    System,
}

/// One order to plan and why.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub order: &'a OrderSnapshot,
    pub cause: Cause,
}

/// What the planner draws from outside: the time, random numbers, new ids,
/// and SKUs to avoid.
pub struct Env<'a, R: rand::Rng> {
    pub now: OffsetDateTime,
    pub rng: &'a mut R,
    /// A new unique id (task ids).
    pub new_id: &'a mut dyn FnMut() -> String,
    /// SKUs known to exist already: never drawn.
    pub taken: &'a HashSet<String>,
    /// SKUs an earlier plan drew, by line id: kept unless taken, so a plan
    /// redone around a clash redraws only the clashes.
    pub reuse: &'a HashMap<String, String>,
}

/// A task to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTask {
    pub id: String,
    pub order_id: String,
    pub line_id: String,
    pub supplier_id: String,
    pub category_id: String,
    pub sku: String,
    pub quantity: i64,
    /// The category's routing count after this decision.
    pub route_seq: i64,
    /// Its category asks a proof of it before production.
    pub proof: bool,
    /// Its order's.
    pub priority: crate::model::Priority,
    /// Its due time and the days booked for it ([`crate::capacity`]).
    pub booking: Booking,
    /// Filled from stock: the units to reserve, and where.
    pub from_stock: Option<FromStock>,
    /// Its step of the line's recipe, when made in steps.
    pub step: Option<Step>,
}

/// A task to cancel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cancelled {
    pub task_id: String,
    pub supplier_id: String,
    pub from: TaskStatus,
}

/// A line's category and reason after the plan (only lines that changed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineOutcome {
    pub order_id: String,
    pub line_id: String,
    pub category_id: Option<String>,
    pub unrouted: Option<Unrouted>,
}

/// A category's rotation state after the plan (only categories that
/// routed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryChange {
    pub id: String,
    pub cursor: Option<i64>,
    pub route_count: i64,
    pub sku_seq: i64,
    /// Running weights by supplier (weighted strategy only).
    pub weights: Vec<(String, i64)>,
}

/// An event to append.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedEvent {
    pub order_id: String,
    pub task_id: Option<String>,
    pub kind: EventKind,
    pub by: By,
    pub from: Option<&'static str>,
    pub to: Option<&'static str>,
    pub details: Value,
}

/// An order's move (the last of its automatic steps; each step has its
/// event).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderMove {
    pub order_id: String,
    pub from: OrderStatus,
    pub to: OrderStatus,
}

/// Everything a release writes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    pub tasks: Vec<NewTask>,
    pub cancelled: Vec<Cancelled>,
    pub lines: Vec<LineOutcome>,
    pub categories: Vec<CategoryChange>,
    /// Change in open tasks, by supplier.
    pub load: BTreeMap<String, i64>,
    pub events: Vec<PlannedEvent>,
    pub orders: Vec<OrderMove>,
}

impl Plan {
    /// Each order's status once the plan is written.
    pub fn status_of(&self, order: &OrderSnapshot) -> OrderStatus {
        self.orders
            .iter()
            .rev()
            .find(|m| m.order_id == order.id)
            .map_or(order.status, |m| m.to)
    }
}

/// Why no plan could be made. Nothing is written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// The operator's chosen supplier cannot take the line.
    #[error(transparent)]
    NotEligible(#[from] NotEligible),
    /// The category's template kept producing SKUs that exist.
    #[error(
        "the SKU template of category {0} keeps producing SKUs that exist; widen it (add {{rand:N}} or {{seq:N}})"
    )]
    SkuSpaceExhausted(String),
    /// A task of the order has shipped: the order can no longer be
    /// cancelled here.
    #[error("a task of this order has shipped; it can no longer be cancelled")]
    ShippedTasks,
    /// The lifecycle has no such automatic step (a bug in the tables).
    #[error(transparent)]
    Refused(#[from] TransitionRefused),
    /// The snapshot misses what the cause names (a category or task).
    #[error("the snapshot has no {0} {1}")]
    Missing(&'static str, String),
}

/// Plans `requests` against `catalogue`, in order: routing in one request
/// sees the rotation as the previous ones left it.
pub fn plan<R: rand::Rng>(
    catalogue: &Catalogue,
    requests: &[Request<'_>],
    env: &mut Env<'_, R>,
) -> Result<Plan, PlanError> {
    let mut planner = order::Planner::new(catalogue, env);
    for request in requests {
        planner.order(request)?;
    }
    Ok(planner.finish(catalogue))
}
