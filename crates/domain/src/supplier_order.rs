//! Parent and child orders (主订单 / 子订单): when an order's lines go to
//! several suppliers, each supplier's share is its own purchase order —
//! its lines' live tasks, with a status of its own — and the parent's
//! shipping follows the children (partially shipped, shipped). Derived
//! from the tasks, so it can never disagree with them.

use crate::TaskStatus;
use crate::model::Task;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

vocabulary!(
    /// Where one supplier's share of an order stands.
    SupplierOrderStatus {
        /// At least one line waits for the supplier to confirm it.
        ToConfirm => "to_confirm",
        /// Every line confirmed; none in production yet.
        Confirmed => "confirmed",
        /// Some line is being made (or made, not shipped).
        InProduction => "in_production",
        /// Some lines shipped, some not yet.
        PartiallyShipped => "partially_shipped",
        /// Every line shipped.
        Shipped => "shipped",
        /// Every line's task completed by its supplier.
        Completed => "completed",
    }
);

vocabulary!(
    /// How much of an order has left its suppliers.
    Fulfilment {
        /// Nothing shipped yet.
        Unshipped => "unshipped",
        /// Some of its suppliers' lines shipped, some not yet.
        PartiallyShipped => "partially_shipped",
        /// Every live line shipped.
        Shipped => "shipped",
    }
);

/// One supplier's share of an order: a child purchase order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SupplierOrder {
    /// The parent's number and the supplier's code (`#1001-JDZ`): the
    /// same for staff and for the supplier, who sees only its own.
    pub number: String,
    pub supplier_id: String,
    pub status: SupplierOrderStatus,
    /// Its live tasks, one per line.
    pub task_ids: Vec<String>,
    /// How many of them shipped (or completed).
    pub shipped: usize,
    /// How many wait for the supplier to confirm.
    pub to_confirm: usize,
}

fn is_shipped(s: TaskStatus) -> bool {
    matches!(s, TaskStatus::Shipped | TaskStatus::Completed)
}

/// The status of a share made of tasks in `statuses` (all live).
pub fn status_of(statuses: &[TaskStatus]) -> SupplierOrderStatus {
    use SupplierOrderStatus as S;
    let all = |f: fn(TaskStatus) -> bool| statuses.iter().all(|s| f(*s));
    let any = |f: fn(TaskStatus) -> bool| statuses.iter().any(|s| f(*s));
    if all(|s| s == TaskStatus::Completed) {
        S::Completed
    } else if all(is_shipped) {
        S::Shipped
    } else if any(is_shipped) {
        S::PartiallyShipped
    } else if any(|s| s == TaskStatus::Assigned) {
        S::ToConfirm
    } else if any(|s| matches!(s, TaskStatus::InProduction | TaskStatus::Produced)) {
        S::InProduction
    } else {
        S::Confirmed
    }
}

/// Each supplier's share of `number`'s live `tasks`, in the order each
/// supplier got its first line (tasks are in creation order); `code`
/// gives a supplier's code (its id when it has none).
pub fn supplier_orders(
    number: &str,
    tasks: &[Task],
    code: impl Fn(&str) -> Option<String>,
) -> Vec<SupplierOrder> {
    let mut out: Vec<(SupplierOrder, Vec<TaskStatus>)> = Vec::new();
    for t in tasks.iter().filter(|t| t.status.is_live()) {
        let at = match out.iter().position(|(o, _)| o.supplier_id == t.supplier_id) {
            Some(i) => i,
            None => {
                out.push((
                    SupplierOrder {
                        number: format!(
                            "{number}-{}",
                            code(&t.supplier_id).unwrap_or_else(|| t.supplier_id.clone())
                        ),
                        supplier_id: t.supplier_id.clone(),
                        status: SupplierOrderStatus::ToConfirm,
                        task_ids: Vec::new(),
                        shipped: 0,
                        to_confirm: 0,
                    },
                    Vec::new(),
                ));
                out.len() - 1
            }
        };
        let (child, statuses) = &mut out[at];
        child.task_ids.push(t.id.clone());
        child.shipped += usize::from(is_shipped(t.status));
        child.to_confirm += usize::from(t.status == TaskStatus::Assigned);
        statuses.push(t.status);
    }
    out.into_iter()
        .map(|(mut child, statuses)| {
            child.status = status_of(&statuses);
            child
        })
        .collect()
}

/// How much of an order with these live tasks has shipped.
pub fn fulfilment(tasks: &[Task]) -> Fulfilment {
    let live: Vec<TaskStatus> = tasks
        .iter()
        .map(|t| t.status)
        .filter(|s| s.is_live())
        .collect();
    let shipped = live.iter().filter(|s| is_shipped(**s)).count();
    match shipped {
        0 => Fulfilment::Unshipped,
        n if n == live.len() => Fulfilment::Shipped,
        _ => Fulfilment::PartiallyShipped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TaskStatus as T;

    #[test]
    fn a_share_reads_as_its_slowest_line() {
        use SupplierOrderStatus as S;
        assert_eq!(status_of(&[T::Assigned, T::Accepted]), S::ToConfirm);
        assert_eq!(status_of(&[T::Accepted, T::Accepted]), S::Confirmed);
        assert_eq!(status_of(&[T::Accepted, T::InProduction]), S::InProduction);
        assert_eq!(status_of(&[T::Produced, T::Shipped]), S::PartiallyShipped);
        assert_eq!(status_of(&[T::Shipped, T::Completed]), S::Shipped);
        assert_eq!(status_of(&[T::Completed]), S::Completed);
    }

    fn of(id: &str, supplier: &str, status: TaskStatus) -> Task {
        let mut t = crate::model::test_task(id, status);
        t.supplier_id = supplier.into();
        t
    }

    #[test]
    fn each_supplier_gets_its_share_and_the_parent_follows() {
        let tasks = vec![
            of("t1", "jdz", T::Shipped),
            of("t2", "mugw", T::Assigned),
            of("t3", "jdz", T::Produced),
            of("t4", "mugw", T::Rejected),
            of("t5", "yiwu", T::Cancelled),
        ];
        let children = supplier_orders("#1001", &tasks, |s| Some(s.to_uppercase()));
        assert_eq!(children.len(), 2, "a cancelled share is no child");
        assert_eq!(children[0].number, "#1001-JDZ");
        assert_eq!(children[0].supplier_id, "jdz");
        assert_eq!(children[0].task_ids, ["t1", "t3"]);
        assert_eq!(children[0].status, SupplierOrderStatus::PartiallyShipped);
        assert_eq!((children[0].shipped, children[0].to_confirm), (1, 0));
        assert_eq!(children[1].status, SupplierOrderStatus::ToConfirm);
        assert_eq!(children[1].task_ids, ["t2"], "the rejected task is gone");
        assert_eq!(fulfilment(&tasks), Fulfilment::PartiallyShipped);
        assert_eq!(fulfilment(&tasks[..1]), Fulfilment::Shipped);
        assert_eq!(fulfilment(&tasks[1..2]), Fulfilment::Unshipped);
        assert_eq!(fulfilment(&[]), Fulfilment::Unshipped);
    }
}
