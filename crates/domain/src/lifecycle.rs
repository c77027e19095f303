//! The order and task state machines, defined once as data.
//!
//! The API refuses transitions by reading [`Lifecycle::check`], the OpenAPI
//! document lists the states from the enums below, and the workflow diagrams
//! are drawn from [`Lifecycle::transitions`].

use crate::ErrorCode;
use crate::access::Forbidden;
use crate::validate::ValidationError;
use serde::{Deserialize, Serialize};
use std::fmt;
use utoipa::ToSchema;

/// Who may fire a transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// An operator (or admin) asks for it explicitly.
    Operator,
    /// The task's supplier moves its own work along; operators may act for it.
    Supplier,
    /// orderhub itself, as a consequence of another change (routing, tasks moving).
    Automatic,
}

/// The kind of party asking for a transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    /// Admins and operators: may fire operator and supplier transitions.
    Operator,
    /// A supplier acting on its own task.
    Supplier,
    /// orderhub's automation.
    System,
}

impl Trigger {
    /// Whether `party` may fire a transition with this trigger.
    pub fn permits(self, party: Party) -> bool {
        match (self, party) {
            (Trigger::Automatic, Party::System) => true,
            (Trigger::Automatic, _) => false,
            (Trigger::Operator, Party::Operator) => true,
            (Trigger::Operator, _) => false,
            (Trigger::Supplier, Party::Operator | Party::Supplier) => true,
            (Trigger::Supplier, Party::System) => false,
        }
    }
}

/// What a move needs besides the right party: a field the request must
/// carry, or the subject must hold already.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Need {
    /// Why (a rejection).
    Reason,
    /// The carrier (logistics platform) of a shipment.
    Carrier,
    /// The shipment's tracking number.
    TrackingNumber,
}

impl Need {
    /// The refusal when the move lacks it, named after its field.
    pub fn missing(self) -> ValidationError {
        let (field, code, detail) = match self {
            Need::Reason => ("reason", ErrorCode::ReasonRequired, "say why"),
            Need::Carrier => (
                "carrier",
                ErrorCode::CarrierRequired,
                "shipping needs the carrier (logistics platform)",
            ),
            Need::TrackingNumber => (
                "tracking_number",
                ErrorCode::TrackingNumberRequired,
                "shipping needs a tracking number",
            ),
        };
        ValidationError::new(field, code, detail)
    }
}

/// One edge of a state machine.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub struct Transition<S: 'static> {
    pub from: S,
    pub to: S,
    pub by: Trigger,
    /// What the move needs (empty for most).
    #[schema(value_type = Vec<Need>)]
    pub needs: &'static [Need],
}

/// A state machine: its states and its edges.
#[derive(Debug)]
pub struct Lifecycle<S: 'static> {
    /// `order` or `task`: used in error messages and diagrams.
    pub subject: &'static str,
    pub initial: S,
    pub states: &'static [S],
    pub transitions: &'static [Transition<S>],
}

/// A refused transition: names the current state and the ones allowed from it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot move {subject} from {from} to {to}; allowed from {from}: {allowed:?}")]
pub struct TransitionRefused {
    pub subject: &'static str,
    pub from: String,
    pub to: String,
    pub allowed: Vec<String>,
}

impl<S: Copy + PartialEq + fmt::Display> Lifecycle<S> {
    /// The states `party` may move to from `from`.
    pub fn next_states(&self, from: S, party: Party) -> Vec<S> {
        self.transitions
            .iter()
            .filter(|t| t.from == from && t.by.permits(party))
            .map(|t| t.to)
            .collect()
    }

    /// Refuses the move unless an edge `from → to` exists that `party` may fire.
    pub fn check(&self, from: S, to: S, party: Party) -> Result<(), TransitionRefused> {
        let allowed = self.next_states(from, party);
        if allowed.contains(&to) {
            return Ok(());
        }
        Err(TransitionRefused {
            subject: self.subject,
            from: from.to_string(),
            to: to.to_string(),
            allowed: allowed.iter().map(ToString::to_string).collect(),
        })
    }

    /// When the edge `from → to` exists but `party` may not fire it: the
    /// rule that says who may (a 403, unlike a missing edge, which is a 409).
    pub fn forbidden_for(&self, from: S, to: S, party: Party) -> Option<Forbidden> {
        let edge = self
            .transitions
            .iter()
            .find(|t| t.from == from && t.to == to)?;
        if edge.by.permits(party) {
            return None;
        }
        let (rule, who) = match edge.by {
            Trigger::Operator => (ErrorCode::OperatorOnlyTransition, "an operator"),
            Trigger::Supplier => (
                ErrorCode::SupplierTransition,
                "the task's supplier or an operator",
            ),
            Trigger::Automatic => (ErrorCode::AutomaticTransition, "orderhub itself"),
        };
        Some(Forbidden::new(
            rule,
            format!("only {who} may move a {} from {from} to {to}", self.subject),
        ))
    }

    /// What the move `from → to` needs (nothing when there is no such edge).
    pub fn needs(&self, from: S, to: S) -> &'static [Need] {
        self.transitions
            .iter()
            .find(|t| t.from == from && t.to == to)
            .map_or(&[], |t| t.needs)
    }

    /// Refuses the move when something it needs is missing; `has` says what
    /// the request (or the subject) holds.
    pub fn check_needs(
        &self,
        from: S,
        to: S,
        has: impl Fn(Need) -> bool,
    ) -> Result<(), ValidationError> {
        match self.needs(from, to).iter().find(|n| !has(**n)) {
            Some(n) => Err(n.missing()),
            None => Ok(()),
        }
    }

    /// States with no way out.
    pub fn is_terminal(&self, state: S) -> bool {
        !self.transitions.iter().any(|t| t.from == state)
    }
}

vocabulary!(
    /// Where a customer order stands.
    OrderStatus {
        /// Received, not yet released to suppliers.
        Pending => "pending",
        /// Released: every line has a task (or the order needs attention).
        Purchasing => "purchasing",
        /// Some lines could not be routed; see each line's reason.
        NeedsAttention => "needs_attention",
        /// At least one task is in production.
        InProduction => "in_production",
        /// Every live task has shipped.
        Shipped => "shipped",
        /// Every live task is completed.
        Completed => "completed",
        /// Cancelled before shipping.
        Cancelled => "cancelled",
    }
);

vocabulary!(
    /// Where one supplier task stands.
    TaskStatus {
        Assigned => "assigned",
        Accepted => "accepted",
        InProduction => "in_production",
        Produced => "produced",
        Shipped => "shipped",
        Completed => "completed",
        /// Refused by its supplier; a new task goes to the next supplier.
        Rejected => "rejected",
        Cancelled => "cancelled",
    }
);

const fn edge<S>(from: S, to: S, by: Trigger) -> Transition<S> {
    Transition {
        from,
        to,
        by,
        needs: &[],
    }
}

/// An edge whose move needs `needs`.
const fn edge_with<S>(from: S, to: S, by: Trigger, needs: &'static [Need]) -> Transition<S> {
    Transition {
        from,
        to,
        by,
        needs,
    }
}

use OrderStatus as O;
use TaskStatus as T;
use Trigger::{Automatic, Operator, Supplier};

/// The order lifecycle (served, with who may fire each edge, at `/api/v1/lifecycles`).
pub static ORDER_LIFECYCLE: Lifecycle<OrderStatus> = Lifecycle {
    subject: "order",
    initial: O::Pending,
    states: OrderStatus::ALL,
    transitions: &[
        edge(O::Pending, O::Purchasing, Operator),
        edge(O::Pending, O::Cancelled, Operator),
        edge(O::Purchasing, O::NeedsAttention, Automatic),
        edge(O::Purchasing, O::InProduction, Automatic),
        edge(O::Purchasing, O::Cancelled, Operator),
        edge(O::NeedsAttention, O::Purchasing, Operator),
        edge(O::NeedsAttention, O::Cancelled, Operator),
        edge(O::InProduction, O::Shipped, Automatic),
        edge(O::InProduction, O::NeedsAttention, Automatic),
        edge(O::InProduction, O::Cancelled, Operator),
        // receipt confirmed: a supplier's "completed" closes its task, not
        // the order (source documents 001 and 002: 确认收货 / 签收)
        edge(O::Shipped, O::Completed, Operator),
    ],
};

/// The task lifecycle (served, with who may fire each edge, at `/api/v1/lifecycles`).
pub static TASK_LIFECYCLE: Lifecycle<TaskStatus> = Lifecycle {
    subject: "task",
    initial: T::Assigned,
    states: TaskStatus::ALL,
    transitions: &[
        edge(T::Assigned, T::Accepted, Supplier),
        edge_with(T::Assigned, T::Rejected, Supplier, &[Need::Reason]),
        edge(T::Assigned, T::Cancelled, Operator),
        edge(T::Accepted, T::InProduction, Supplier),
        edge(T::Accepted, T::Cancelled, Operator),
        edge(T::InProduction, T::Produced, Supplier),
        edge(T::InProduction, T::Cancelled, Operator),
        edge_with(
            T::Produced,
            T::Shipped,
            Supplier,
            &[Need::Carrier, Need::TrackingNumber],
        ),
        edge(T::Produced, T::Cancelled, Operator),
        edge(T::Shipped, T::Completed, Supplier),
    ],
};

vocabulary!(
    /// How a status reads at a glance: the family a page colours its chip
    /// by, always beside its text (never colour alone).
    StatusFamily {
        /// Nobody has started: received, assigned.
        Waiting => "waiting",
        /// Someone is on it.
        Working => "working",
        /// Shipped or completed.
        Done => "done",
        /// Needs a person: unrouted, rejected, cancelled.
        Problem => "problem",
    }
);

impl OrderStatus {
    /// The family of this order status.
    pub fn family(self) -> StatusFamily {
        match self {
            OrderStatus::Pending => StatusFamily::Waiting,
            OrderStatus::Purchasing | OrderStatus::InProduction => StatusFamily::Working,
            OrderStatus::Shipped | OrderStatus::Completed => StatusFamily::Done,
            OrderStatus::NeedsAttention | OrderStatus::Cancelled => StatusFamily::Problem,
        }
    }
}

impl TaskStatus {
    /// A live task still counts towards its line and its order.
    pub fn is_live(self) -> bool {
        !matches!(self, T::Rejected | T::Cancelled)
    }

    /// The family of this task status.
    pub fn family(self) -> StatusFamily {
        match self {
            T::Assigned => StatusFamily::Waiting,
            T::Accepted | T::InProduction | T::Produced => StatusFamily::Working,
            T::Shipped | T::Completed => StatusFamily::Done,
            T::Rejected | T::Cancelled => StatusFamily::Problem,
        }
    }

    /// Open work for a supplier: live and not yet shipped.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            T::Assigned | T::Accepted | T::InProduction | T::Produced
        )
    }

    /// Progress rank used to derive the order's status (0 = not started).
    fn progress(self) -> u8 {
        match self {
            T::Assigned | T::Accepted | T::Rejected | T::Cancelled => 0,
            T::InProduction | T::Produced => 1,
            T::Shipped => 2,
            T::Completed => 3,
        }
    }
}

/// The order statuses that follow the tasks, in order. `completed` is not
/// one: an order completes when its receipt is confirmed, whatever its
/// suppliers say of their tasks.
const FOLLOWING: [OrderStatus; 3] = [O::Purchasing, O::InProduction, O::Shipped];

/// After release the order's status follows its live tasks: `in_production`
/// once any is in production, `shipped` when all have shipped (or been
/// completed by their suppliers). Returns the steps to take from
/// `current`, in order (empty when nothing changes). Never moves
/// backwards, and leaves orders that are pending, need attention, are
/// cancelled or completed alone.
pub fn follow_tasks(current: OrderStatus, tasks: &[TaskStatus]) -> Vec<OrderStatus> {
    let Some(from) = FOLLOWING.iter().position(|s| *s == current) else {
        return Vec::new();
    };
    let live: Vec<u8> = tasks
        .iter()
        .filter(|t| t.is_live())
        .map(|t| t.progress())
        .collect();
    let Some(&lowest) = live.iter().min() else {
        return Vec::new();
    };
    let highest = live.iter().copied().max().unwrap_or(0);
    let target = match lowest {
        2 | 3 => 2,
        _ if highest >= 1 => 1,
        _ => 0,
    };
    if target <= from {
        return Vec::new();
    }
    FOLLOWING[from + 1..=target].to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A task's chip says "problem" exactly when the task no longer
    /// counts, and "waiting" only before anyone has started; an order
    /// needing attention is a problem, never a colour of progress.
    #[test]
    fn status_families_follow_the_lifecycles() {
        for t in TaskStatus::ALL {
            assert_eq!(t.family() == StatusFamily::Problem, !t.is_live(), "{t}");
        }
        assert_eq!(TASK_LIFECYCLE.initial.family(), StatusFamily::Waiting);
        assert_eq!(OrderStatus::NeedsAttention.family(), StatusFamily::Problem);
        assert_eq!(OrderStatus::Pending.family(), StatusFamily::Waiting);
    }

    #[test]
    fn every_state_is_reachable_from_the_initial_one() {
        for lifecycle_states in [reachable(&ORDER_LIFECYCLE), reachable(&TASK_LIFECYCLE)] {
            assert!(lifecycle_states.iter().all(|reached| *reached));
        }
    }

    fn reachable<S: Copy + PartialEq + fmt::Display>(l: &Lifecycle<S>) -> Vec<bool> {
        let mut seen = vec![l.initial];
        let mut grew = true;
        while grew {
            grew = false;
            for t in l.transitions {
                if seen.contains(&t.from) && !seen.contains(&t.to) {
                    seen.push(t.to);
                    grew = true;
                }
            }
        }
        l.states.iter().map(|s| seen.contains(s)).collect()
    }

    #[test]
    fn refusal_names_current_state_and_allowed_ones() {
        let err = ORDER_LIFECYCLE
            .check(O::Pending, O::Shipped, Party::Operator)
            .unwrap_err();
        assert_eq!(err.from, "pending");
        assert_eq!(err.to, "shipped");
        assert_eq!(err.allowed, vec!["purchasing", "cancelled"]);
    }

    #[test]
    fn automatic_edges_are_not_for_people() {
        assert!(
            ORDER_LIFECYCLE
                .check(O::Purchasing, O::InProduction, Party::Operator)
                .is_err()
        );
        assert!(
            ORDER_LIFECYCLE
                .check(O::Purchasing, O::InProduction, Party::System)
                .is_ok()
        );
    }

    #[test]
    fn suppliers_cannot_cancel_and_operators_can_act_for_suppliers() {
        assert!(
            TASK_LIFECYCLE
                .check(T::Assigned, T::Cancelled, Party::Supplier)
                .is_err()
        );
        assert!(
            TASK_LIFECYCLE
                .check(T::Produced, T::Shipped, Party::Operator)
                .is_ok()
        );
    }

    #[test]
    fn suppliers_are_forbidden_operator_edges_by_rule() {
        let f = TASK_LIFECYCLE
            .forbidden_for(T::Accepted, T::Cancelled, Party::Supplier)
            .unwrap();
        assert_eq!(f.rule, "operator_only_transition");
        assert!(
            TASK_LIFECYCLE
                .forbidden_for(T::Accepted, T::InProduction, Party::Supplier)
                .is_none()
        );
        // a missing edge is not a permission question
        assert!(
            TASK_LIFECYCLE
                .forbidden_for(T::Assigned, T::Shipped, Party::Supplier)
                .is_none()
        );
    }

    #[test]
    fn terminal_states() {
        for s in [T::Completed, T::Rejected, T::Cancelled] {
            assert!(TASK_LIFECYCLE.is_terminal(s));
        }
        assert!(ORDER_LIFECYCLE.is_terminal(O::Completed));
        assert!(!ORDER_LIFECYCLE.is_terminal(O::Shipped));
    }

    #[test]
    fn text_forms_round_trip() {
        for s in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(s.as_str()), Some(*s));
        }
        for s in TaskStatus::ALL {
            assert_eq!(TaskStatus::parse(s.as_str()), Some(*s));
        }
        assert_eq!(TaskStatus::parse("nope"), None);
    }

    #[test]
    fn order_follows_its_tasks() {
        assert_eq!(
            follow_tasks(O::Purchasing, &[T::InProduction, T::Assigned]),
            vec![O::InProduction]
        );
        assert!(follow_tasks(O::InProduction, &[T::Shipped, T::Produced]).is_empty());
        assert_eq!(
            follow_tasks(O::InProduction, &[T::Shipped, T::Completed, T::Rejected]),
            vec![O::Shipped]
        );
        assert_eq!(
            follow_tasks(O::InProduction, &[T::Completed, T::Cancelled]),
            vec![O::Shipped],
            "suppliers' completed tasks do not complete the order"
        );
        assert!(follow_tasks(O::Shipped, &[T::Completed]).is_empty());
        assert!(
            ORDER_LIFECYCLE
                .check(O::Shipped, O::Completed, Party::Operator)
                .is_ok()
        );
        assert!(
            ORDER_LIFECYCLE
                .check(O::Shipped, O::Completed, Party::Supplier)
                .is_err()
        );
        assert!(follow_tasks(O::NeedsAttention, &[T::Completed]).is_empty());
        assert!(follow_tasks(O::Purchasing, &[T::Cancelled]).is_empty());
        assert!(follow_tasks(O::Shipped, &[T::Assigned]).is_empty());
    }

    #[test]
    fn every_step_the_order_follows_is_an_automatic_edge() {
        for from in FOLLOWING {
            for tasks in [[T::InProduction], [T::Shipped], [T::Completed]] {
                let mut at = from;
                for step in follow_tasks(from, &tasks) {
                    assert!(ORDER_LIFECYCLE.check(at, step, Party::System).is_ok());
                    at = step;
                }
            }
        }
    }
}
