//! Three-party status (source document 001: 采购商 / 供货商 / 平台): the
//! same order or task read in each party's own words. The platform (the
//! seller's staff) sees where the work stands; the supplier sees what it
//! has to do next; the buyer sees what it waits for. One mapping, read by
//! the API (`status_label` on orders and tasks, by the caller's scope), the
//! web pages and the exports; the words themselves are in the web app's
//! translations (`label-<code>`).

use crate::access::Scope;
use crate::lifecycle::{OrderStatus, TaskStatus};
use crate::model::PaymentStatus;

vocabulary!(
    /// Who reads a status.
    Viewer {
        /// The seller's staff (平台).
        Platform => "platform",
        /// A supplier (供货商), of its own work.
        Supplier => "supplier",
        /// A purchaser (采购商), of its own orders.
        Buyer => "buyer",
    }
);

vocabulary!(
    /// A status in one party's words (its stable code; the text is
    /// translated).
    StatusLabel {
        /// Platform: received, to be released (待处理).
        ToRelease => "to_release",
        /// Platform: released, suppliers to be found or at work (需采购 / 采购中).
        Purchasing => "purchasing",
        /// Platform: something needs a person (特殊处理).
        SpecialHandling => "special_handling",
        /// Platform, buyer: on its way (已发送 / 待收货).
        Shipped => "shipped",
        /// Buyer: waits for the buyer's money (待付款).
        ToPay => "to_pay",
        /// Buyer: paid, not shipped yet (待发货).
        ToShip => "to_ship",
        /// Buyer: shipped, to be received (待收货).
        ToReceive => "to_receive",
        /// Supplier: to make or to stock (等待备货).
        ToPrepare => "to_prepare",
        /// Supplier: made, to send (等待发货).
        ReadyToShip => "ready_to_ship",
        /// Supplier: sent (已发货).
        Sent => "sent",
        Completed => "completed",
        Cancelled => "cancelled",
        Refunded => "refunded",
    }
);

impl Viewer {
    /// Who reads with `scope`: everything is the platform's view, a
    /// supplier's scope the supplier's, a buyer's the buyer's.
    pub fn of(scope: &Scope) -> Self {
        match scope {
            Scope::All => Viewer::Platform,
            Scope::Supplier(_) => Viewer::Supplier,
            Scope::Buyer(_) => Viewer::Buyer,
        }
    }
}

/// An order's status as `viewer` reads it.
pub fn order_label(viewer: Viewer, status: OrderStatus, payment: PaymentStatus) -> StatusLabel {
    use OrderStatus as O;
    use StatusLabel as L;
    match (viewer, status) {
        (_, O::Cancelled) => L::Cancelled,
        (_, O::Completed) => L::Completed,
        (Viewer::Platform, O::Pending) => L::ToRelease,
        (Viewer::Platform, O::Purchasing | O::InProduction) => L::Purchasing,
        (Viewer::Platform, O::NeedsAttention) => L::SpecialHandling,
        (Viewer::Platform, O::Shipped) => L::Shipped,
        (Viewer::Supplier, O::Shipped) => L::Sent,
        (Viewer::Supplier, _) => L::ToPrepare,
        (Viewer::Buyer, _) if payment == PaymentStatus::Refunded => L::Refunded,
        (Viewer::Buyer, O::Shipped) => L::ToReceive,
        (Viewer::Buyer, _)
            if !payment.releasable() && payment != PaymentStatus::PartiallyRefunded =>
        {
            L::ToPay
        }
        (Viewer::Buyer, _) => L::ToShip,
    }
}

/// A task's status as `viewer` reads it (a buyer sees tasks only through
/// its orders; it reads them as the order's progress).
pub fn task_label(viewer: Viewer, status: TaskStatus) -> StatusLabel {
    use StatusLabel as L;
    use TaskStatus as T;
    match (viewer, status) {
        (_, T::Rejected | T::Cancelled) => L::Cancelled,
        (_, T::Completed) => L::Completed,
        (Viewer::Supplier, T::Assigned | T::Accepted | T::InProduction) => L::ToPrepare,
        (Viewer::Supplier, T::Produced) => L::ReadyToShip,
        (Viewer::Supplier, T::Shipped) => L::Sent,
        (Viewer::Platform, T::Shipped) => L::Shipped,
        (Viewer::Platform, _) => L::Purchasing,
        (Viewer::Buyer, T::Shipped) => L::ToReceive,
        (Viewer::Buyer, _) => L::ToShip,
    }
}

impl crate::model::Order {
    /// Sets the order's and its tasks' labels for `viewer`.
    pub fn relabel(&mut self, viewer: Viewer) {
        self.status_label = order_label(viewer, self.status, self.payment_status);
        for t in &mut self.tasks {
            t.relabel(viewer);
        }
    }
}

impl crate::model::Task {
    /// Sets the task's label for `viewer`.
    pub fn relabel(&mut self, viewer: Viewer) {
        self.status_label = task_label(viewer, self.status);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderStatus as O;
    use PaymentStatus as P;
    use StatusLabel as L;

    #[test]
    fn each_party_reads_an_order_in_its_own_words() {
        let read = |v, s| order_label(v, s, P::Paid);
        assert_eq!(read(Viewer::Platform, O::Purchasing), L::Purchasing);
        assert_eq!(
            read(Viewer::Platform, O::NeedsAttention),
            L::SpecialHandling
        );
        assert_eq!(read(Viewer::Supplier, O::InProduction), L::ToPrepare);
        assert_eq!(read(Viewer::Supplier, O::Shipped), L::Sent);
        assert_eq!(read(Viewer::Buyer, O::InProduction), L::ToShip);
        assert_eq!(read(Viewer::Buyer, O::Shipped), L::ToReceive);
        assert_eq!(order_label(Viewer::Buyer, O::Pending, P::Unpaid), L::ToPay);
        assert_eq!(
            order_label(Viewer::Buyer, O::Cancelled, P::Refunded),
            L::Cancelled
        );
        assert_eq!(
            order_label(Viewer::Buyer, O::Shipped, P::Refunded),
            L::Refunded
        );
    }

    #[test]
    fn every_status_has_a_label_for_every_party() {
        for v in Viewer::ALL {
            for s in OrderStatus::ALL {
                for p in PaymentStatus::ALL {
                    order_label(*v, *s, *p);
                }
            }
            for t in TaskStatus::ALL {
                task_label(*v, *t);
            }
        }
        assert_eq!(
            task_label(Viewer::Supplier, TaskStatus::Produced),
            L::ReadyToShip
        );
        assert_eq!(
            task_label(Viewer::Supplier, TaskStatus::Accepted),
            L::ToPrepare
        );
        assert_eq!(Viewer::of(&Scope::Supplier("s".into())), Viewer::Supplier);
    }
}
