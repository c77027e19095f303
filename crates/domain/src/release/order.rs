//! Planning one order after another against one working copy of the
//! catalogue.

use super::category::{Rotation, bound_category, category_of, contract_rejected, no_supplier};
use super::timing::Need;
use super::{
    By, Cancelled, Catalogue, CategoryChange, CategorySnapshot, Cause, Env, LineOutcome, NewTask,
    OrderMove, OrderSnapshot, Plan, PlanError, PlannedEvent, Request,
};
use crate::lifecycle::{ORDER_LIFECYCLE, OrderStatus, Party, TaskStatus, follow_tasks};
use crate::model::{EventKind, Unrouted, UnroutedCode};
use crate::routing::{Decision, NoSupplier, NotEligible, Strategy, assign_to, bound_to};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashSet};

mod fill;

use fill::{Fill, same_step};

pub(super) struct Planner<'e, 'a, R: rand::Rng> {
    /// The working copy: rotation state as this plan leaves it.
    catalogue: Catalogue,
    env: &'e mut Env<'a, R>,
    /// SKUs that exist or this plan drew.
    skus: HashSet<String>,
    plan: Plan,
}

/// One line while its order is planned.
struct Working {
    category_id: Option<String>,
    unrouted: Option<Unrouted>,
    changed: bool,
}

/// One order while it is planned: its lines' state and its tasks'
/// statuses as the plan leaves them.
struct Current<'o> {
    order: &'o OrderSnapshot,
    lines: Vec<Working>,
    /// (line id, status) of every task, new ones included.
    tasks: Vec<(String, TaskStatus)>,
    by: By,
}

impl<'o> Current<'o> {
    fn line_index(&self, line_id: &str) -> Result<usize, PlanError> {
        self.order
            .lines
            .iter()
            .position(|l| l.id == line_id)
            .ok_or_else(|| PlanError::Missing("line", line_id.to_owned()))
    }

    /// The line's suppliers that rejected it.
    fn rejecters(&self, line_id: &str) -> Vec<String> {
        self.order
            .tasks
            .iter()
            .filter(|t| t.line_id == line_id && t.status == TaskStatus::Rejected)
            .map(|t| t.supplier_id.clone())
            .collect()
    }

    fn has_live_task(&self, line_id: &str) -> bool {
        self.tasks.iter().any(|(l, s)| l == line_id && s.is_live())
    }
}

impl<'e, 'a, R: rand::Rng> Planner<'e, 'a, R> {
    pub(super) fn new(catalogue: &Catalogue, env: &'e mut Env<'a, R>) -> Self {
        Self {
            catalogue: catalogue.clone(),
            skus: env.taken.clone(),
            env,
            plan: Plan::default(),
        }
    }

    /// Plans one order: the cause's consequences, then where the order
    /// stands.
    pub(super) fn order(&mut self, request: &Request<'_>) -> Result<(), PlanError> {
        let order = request.order;
        let by = match request.cause {
            Cause::Rejection { .. } => By::System,
            _ => By::Actor,
        };
        let mut current = Current {
            order,
            lines: order
                .lines
                .iter()
                .map(|l| Working {
                    category_id: l.category_id.clone(),
                    unrouted: l.unrouted.clone(),
                    changed: false,
                })
                .collect(),
            tasks: order
                .tasks
                .iter()
                .filter(|t| !t.superseded_in(order))
                .map(|t| (t.line_id.clone(), t.status_for_order()))
                .collect(),
            by,
        };
        match &request.cause {
            Cause::Release => self.release(&mut current)?,
            Cause::Rejection { task_id } => self.reroute(&mut current, task_id, None)?,
            Cause::Reassignment {
                task_id,
                supplier_id,
            } => self.reroute(&mut current, task_id, Some(supplier_id))?,
            Cause::TaskCancelled { task_id } => {
                let task = task_of(order, task_id)?;
                let i = current.line_index(&task.line_id)?;
                let why = Unrouted {
                    code: UnroutedCode::TaskCancelled,
                    detail: "the line's task was cancelled; move the order to purchasing to route it again, or cancel the order".into(),
                };
                self.unrouted(&mut current, i, None, why);
            }
            Cause::AfterSales {
                task_id,
                supplier_id,
                quantity,
            } => self.remake(&mut current, task_id, supplier_id.as_deref(), *quantity)?,
            Cause::NextStep { task_id } => self.next_step(&mut current, task_id)?,
            Cause::TaskMoved => {}
            Cause::OrderCancelled => return self.cancel_open_tasks(order),
        }
        for (i, line) in current.lines.iter().enumerate() {
            if line.changed {
                self.plan.lines.push(LineOutcome {
                    order_id: order.id.clone(),
                    line_id: order.lines[i].id.clone(),
                    category_id: line.category_id.clone(),
                    unrouted: line.unrouted.clone(),
                });
            }
        }
        self.settle(&current)
    }

    /// Every line without a live task: unclassifiable ones first (in line
    /// order), then category by category in id order, so that routing
    /// within a category follows line order.
    fn release(&mut self, current: &mut Current<'_>) -> Result<(), PlanError> {
        let order = current.order;
        let found: Vec<(usize, Result<String, Unrouted>)> = order
            .lines
            .iter()
            .enumerate()
            .filter(|(_, line)| !line.no_task && !current.has_live_task(&line.id))
            .map(|(i, line)| {
                let given = current.lines[i].category_id.as_deref();
                let reference = line.category_ref.as_deref();
                let found = category_of(&self.catalogue, given, reference, &line.title);
                match &order.bound_to {
                    Some(supplier) => (i, bound_category(&self.catalogue, found, supplier)),
                    None => (i, found),
                }
            })
            .collect();
        let mut by_category: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, outcome) in found {
            match outcome {
                Ok(category) => by_category.entry(category).or_default().push(i),
                Err(why) => self.unrouted(current, i, None, why),
            }
        }
        for (category, lines) in by_category {
            for i in lines {
                // in stock: the keeper ships it, nobody makes it
                if order.bound_to.is_none()
                    && let Some((keeper, pick)) = self.take_stock(&order.lines[i])
                {
                    let decision = self.category(&category)?.kept_by(&keeper);
                    let fill = Fill {
                        from_stock: Some(pick),
                        ..Fill::default()
                    };
                    self.route_line(current, i, &category, Ok(decision), Cause::Release, fill)?;
                    continue;
                }
                // made in steps: the first step is routed in its category
                let (route_in, mut fill) = self.first_step(&category);
                let line_id = &current.order.lines[i].id;
                let excluded = current.rejecters(line_id);
                let need = self.need(order, order.lines[i].quantity);
                let preferred = order.lines[i].preferred.as_deref();
                let preferred = self.preferred(&route_in, preferred, &excluded);
                fill.preferred = preferred.is_some();
                let state = self.category(&route_in)?;
                let decision = match &order.bound_to {
                    None => preferred.map_or_else(|| state.route(&excluded, &need), Ok),
                    Some(s) if excluded.contains(s) => {
                        self.unrouted(current, i, Some(&category), contract_rejected());
                        continue;
                    }
                    Some(s) => bound_to(state.strategy, &state.candidates, state.cursor, s)
                        .ok_or(NoSupplier::NoCandidates),
                };
                self.route_line(current, i, &route_in, decision, Cause::Release, fill)?;
            }
        }
        Ok(())
    }

    /// A rejected or reassigned task's line: to the next supplier after the
    /// holder, or to the operator's `choice`.
    fn reroute(
        &mut self,
        current: &mut Current<'_>,
        task_id: &str,
        choice: Option<&str>,
    ) -> Result<(), PlanError> {
        let task = task_of(current.order, task_id)?;
        let i = current.line_index(&task.line_id)?;
        if current.order.bound_to.is_some() {
            // the contract names the supplier: nobody else takes the line
            if choice.is_some() {
                return Err(NotEligible::BoundByContract.into());
            }
            let category = task.category_id.clone();
            self.unrouted(current, i, Some(&category), contract_rejected());
            return Ok(());
        }
        let mut excluded = current.rejecters(&task.line_id);
        let need = self.need(current.order, current.order.lines[i].quantity);
        let state = self.category(&task.category_id)?;
        let (decision, cause) = match choice {
            None => {
                let after = state
                    .candidates
                    .iter()
                    .find(|c| c.supplier_id == task.supplier_id)
                    .map(|c| c.position);
                let decision = state.reroute(after, &excluded, &need);
                let cause = Cause::Rejection {
                    task_id: task_id.to_owned(),
                };
                (decision, cause)
            }
            Some(chosen) => {
                excluded.push(task.supplier_id.clone());
                let decision = assign_to(
                    state.strategy,
                    &state.candidates,
                    state.cursor,
                    chosen,
                    &excluded,
                )?;
                let cause = Cause::Reassignment {
                    task_id: task_id.to_owned(),
                    supplier_id: chosen.to_owned(),
                };
                (Ok(decision), cause)
            }
        };
        let category = task.category_id.clone();
        let fill = same_step(current, i, task);
        self.route_line(current, i, &category, decision, cause, fill)
    }

    /// An after-sales task: `quantity` of the original task's line, for its
    /// supplier or the operator's `choice`.
    fn remake(
        &mut self,
        current: &mut Current<'_>,
        task_id: &str,
        choice: Option<&str>,
        quantity: i64,
    ) -> Result<(), PlanError> {
        let task = task_of(current.order, task_id)?;
        let i = current.line_index(&task.line_id)?;
        let supplier = choice.unwrap_or(&task.supplier_id);
        let state = self.category(&task.category_id)?;
        let decision = assign_to(
            state.strategy,
            &state.candidates,
            state.cursor,
            supplier,
            &[],
        )?;
        let cause = Cause::AfterSales {
            task_id: task_id.to_owned(),
            supplier_id: choice.map(str::to_owned),
            quantity,
        };
        let category = task.category_id.clone();
        let fill = same_step(current, i, task);
        self.route_line(current, i, &category, Ok(decision), cause, fill)
    }

    /// `quantity` units of a line of `order`, needed from now.
    fn need(&self, order: &OrderSnapshot, quantity: i64) -> Need {
        Need {
            quantity,
            now_ms: (self.env.now.unix_timestamp_nanos() / 1_000_000) as i64,
            ship_by: order.ship_by,
        }
    }

    fn category(&mut self, id: &str) -> Result<&mut CategorySnapshot, PlanError> {
        self.catalogue
            .categories
            .get_mut(id)
            .ok_or_else(|| PlanError::Missing("category", id.to_owned()))
    }

    /// Gives line `i` a task from `decision`, or its reason.
    fn route_line(
        &mut self,
        current: &mut Current<'_>,
        i: usize,
        category: &str,
        decision: Result<Decision, NoSupplier>,
        cause: Cause,
        fill: Fill,
    ) -> Result<(), PlanError> {
        let own = fill
            .line_category
            .clone()
            .unwrap_or_else(|| category.to_owned());
        let decision = match decision {
            Ok(d) => d,
            Err(no) => {
                self.unrouted(current, i, Some(&own), no_supplier(no));
                return Ok(());
            }
        };
        let from_stock = fill.from_stock;
        let order = current.order;
        let line = &order.lines[i];
        // a contract's line is no turn of the rotation
        let rotation = match cause {
            Cause::Release | Cause::NextStep { .. }
                if order.bound_to.is_none() && from_stock.is_none() && !fill.preferred =>
            {
                Rotation::Moves
            }
            _ => Rotation::Stays,
        };
        let sku = self.draw_sku(category, &decision, rotation, order, i)?;
        let quantity = match cause {
            Cause::AfterSales { quantity, .. } => quantity,
            _ => line.quantity,
        };
        let need = self.need(order, quantity);
        let state = self.category(category)?;
        let route_seq = state.route_count;
        let proof = state.proof.requires(line.personalised);
        let booking = state.book(&decision.supplier_id, &need);
        let task = NewTask {
            id: (self.env.new_id)(),
            order_id: order.id.clone(),
            line_id: line.id.clone(),
            supplier_id: decision.supplier_id.clone(),
            category_id: category.to_owned(),
            sku,
            quantity,
            route_seq,
            proof,
            priority: order.priority,
            booking,
            from_stock,
            step: fill.step,
        };
        let mut details = serde_json::to_value(&decision).unwrap_or_else(|_| json!({}));
        details["cause"] = match order.bound_to {
            Some(_) => json!("contract"),
            None if fill.preferred => json!("rule"),
            None => json!(cause.word()),
        };
        details["route_seq"] = json!(route_seq);
        details["category_id"] = json!(category);
        details["line_id"] = json!(line.id);
        details["line_no"] = json!(line.line_no);
        details["sku"] = json!(task.sku);
        if let Some(f) = &task.from_stock {
            details["from_stock"] = json!({ "location": f.location_code });
        }
        if let Some(s) = task.step {
            details["step"] = json!({ "no": s.no, "of": s.of, "of_category": own });
        }
        self.event(current.by, order, Some(&task.id), EventKind::TaskRouted)
            .to = Some(TaskStatus::Assigned.as_str());
        self.last_event().details = details;
        *self.plan.load.entry(task.supplier_id.clone()).or_default() += 1;
        current.tasks.push((line.id.clone(), TaskStatus::Assigned));
        current.lines[i] = Working {
            category_id: Some(own),
            unrouted: None,
            changed: true,
        };
        self.plan.tasks.push(task);
        Ok(())
    }

    /// Applies the decision to the category and draws the task's SKU: the
    /// one an earlier plan drew for the line when it is still free, else a
    /// new one that neither exists nor was drawn in this plan.
    fn draw_sku(
        &mut self,
        category: &str,
        decision: &Decision,
        rotation: Rotation,
        order: &OrderSnapshot,
        i: usize,
    ) -> Result<String, PlanError> {
        let line = &order.lines[i];
        let now = self.env.now;
        // the field, not `self.category()`: `self.env` is borrowed beside it
        let state = self
            .catalogue
            .categories
            .get_mut(category)
            .ok_or_else(|| PlanError::Missing("category", category.to_owned()))?;
        let code = state.apply(decision, rotation);
        // drawn even when reused, so that `{seq}` advances the same way
        let mut sku = state.next_sku(&code, &order.number, line.line_no, now, self.env.rng);
        if let Some(before) = self.env.reuse.get(&line.id)
            && !self.skus.contains(before)
        {
            sku.clone_from(before);
        }
        for _ in 0..state.draws() {
            if !self.skus.contains(&sku) {
                break;
            }
            sku = state.next_sku(&code, &order.number, line.line_no, now, self.env.rng);
        }
        if !self.skus.insert(sku.clone()) {
            return Err(PlanError::SkuSpaceExhausted(category.to_owned()));
        }
        Ok(sku)
    }

    /// Line `i` has no supplier, for `why`.
    fn unrouted(
        &mut self,
        current: &mut Current<'_>,
        i: usize,
        category: Option<&str>,
        why: Unrouted,
    ) {
        let line = &current.order.lines[i];
        let details = json!({
            "line_id": line.id, "line_no": line.line_no, "code": why.code, "detail": why.detail
        });
        self.event(current.by, current.order, None, EventKind::LineUnrouted)
            .details = details;
        let working = &mut current.lines[i];
        if let Some(c) = category {
            working.category_id = Some(c.to_owned());
        }
        working.unrouted = Some(why);
        working.changed = true;
    }

    /// Cancelling the order cancels its open tasks.
    fn cancel_open_tasks(&mut self, order: &OrderSnapshot) -> Result<(), PlanError> {
        if order.tasks.iter().any(|t| {
            matches!(
                t.status_for_order(),
                TaskStatus::Shipped | TaskStatus::Completed
            )
        }) {
            return Err(PlanError::ShippedTasks);
        }
        for t in order.tasks.iter().filter(|t| t.status.is_open()) {
            let event = self.event(By::Actor, order, Some(&t.id), EventKind::TaskStatusChanged);
            event.from = Some(t.status.as_str());
            event.to = Some(TaskStatus::Cancelled.as_str());
            event.details = json!({ "reason": "order cancelled" });
            *self.plan.load.entry(t.supplier_id.clone()).or_default() -= 1;
            self.plan.cancelled.push(Cancelled {
                task_id: t.id.clone(),
                supplier_id: t.supplier_id.clone(),
                from: t.status,
            });
        }
        Ok(())
    }

    /// The order needs attention while a line is unrouted; otherwise it
    /// follows its live tasks, one automatic step at a time.
    fn settle(&mut self, current: &Current<'_>) -> Result<(), PlanError> {
        let order = current.order;
        let from = order.status;
        let mut at = from;
        let mut steps: Vec<(OrderStatus, Value)> = Vec::new();
        if current.lines.iter().any(|l| l.unrouted.is_some()) {
            let to = OrderStatus::NeedsAttention;
            if at != to && ORDER_LIFECYCLE.check(at, to, Party::System).is_ok() {
                steps.push((to, json!({ "reason": "lines could not be routed" })));
            }
        } else {
            let statuses: Vec<TaskStatus> = current.tasks.iter().map(|(_, s)| *s).collect();
            let mut step_from = from;
            for step in follow_tasks(from, &statuses) {
                ORDER_LIFECYCLE.check(step_from, step, Party::System)?;
                steps.push((step, json!({})));
                step_from = step;
            }
        }
        for (to, details) in steps {
            let event = self.event(By::System, order, None, EventKind::OrderStatusChanged);
            event.from = Some(at.as_str());
            event.to = Some(to.as_str());
            event.details = details;
            at = to;
        }
        if at != from {
            self.plan.orders.push(OrderMove {
                order_id: order.id.clone(),
                from,
                to: at,
            });
        }
        Ok(())
    }

    /// Appends an event and returns it to fill in.
    fn event(
        &mut self,
        by: By,
        order: &OrderSnapshot,
        task_id: Option<&str>,
        kind: EventKind,
    ) -> &mut PlannedEvent {
        self.plan.events.push(PlannedEvent {
            order_id: order.id.clone(),
            task_id: task_id.map(str::to_owned),
            kind,
            by,
            from: None,
            to: None,
            details: json!({}),
        });
        self.last_event()
    }

    fn last_event(&mut self) -> &mut PlannedEvent {
        let last = self.plan.events.len() - 1;
        &mut self.plan.events[last]
    }

    /// The plan, with each category that routed and its new state.
    pub(super) fn finish(mut self, before: &Catalogue) -> Plan {
        for (id, state) in &self.catalogue.categories {
            let Some(old) = before.categories.get(id) else {
                continue;
            };
            if state.route_count == old.route_count {
                continue;
            }
            let weights = match state.strategy {
                Strategy::Weighted => state
                    .candidates
                    .iter()
                    .map(|c| (c.supplier_id.clone(), c.current_weight))
                    .collect(),
                _ => Vec::new(),
            };
            self.plan.categories.push(CategoryChange {
                id: id.clone(),
                cursor: state.cursor,
                route_count: state.route_count,
                sku_seq: state.sku_seq,
                weights,
            });
        }
        self.plan
    }
}

fn task_of<'o>(
    order: &'o OrderSnapshot,
    task_id: &str,
) -> Result<&'o super::TaskSnapshot, PlanError> {
    order
        .tasks
        .iter()
        .find(|t| t.id == task_id)
        .ok_or_else(|| PlanError::Missing("task", task_id.to_owned()))
}
