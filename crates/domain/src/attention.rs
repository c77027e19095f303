//! What on an order needs a person now (异常 / 特殊处理), each reason with
//! the fixes the order page offers: lines no supplier could take, an
//! order with its suppliers but no address to ship to, released but not
//! paid (or refunded since), a change a supplier refused, a task past its
//! due date, a proof the buyer has sat on. Computed from the order as it
//! is, so a reason goes away by itself once it is fixed.

use crate::amend::Amendment;
use crate::lifecycle::OrderStatus;
use crate::model::{Order, PaymentStatus};
use crate::proof::ProofStatus;
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};
use utoipa::ToSchema;

/// A proof with the buyer this long is worth a reminder.
pub const BUYER_PROOF_WAIT: Duration = Duration::days(3);

vocabulary!(
    /// Why an order needs a person.
    AttentionReason {
        /// A line has no supplier (no category, nobody serves it, all refused).
        Unrouted => "unrouted",
        /// Suppliers hold its tasks and there is no street and city to ship to.
        AddressMissing => "address_missing",
        /// With its suppliers, but refunded since, or a marketplace's order
        /// whose payment failed or was voided.
        NotPaid => "not_paid",
        /// A supplier refused a change of its line; the task is as it was.
        AmendmentRefused => "amendment_refused",
        /// A task is past its due date and not shipped.
        Late => "late",
        /// The buyer has had the proof for more than three days.
        ProofWaiting => "proof_waiting",
    }
);

vocabulary!(
    /// What the order page offers to fix a reason.
    Fix {
        /// Route the unrouted lines again (after adding a category or a supplier).
        RouteAgain => "route_again",
        /// Change the order: its address, its lines.
        EditOrder => "edit_order",
        /// Record a payment received.
        RecordPayment => "record_payment",
        /// Cancel the order.
        CancelOrder => "cancel_order",
        /// Open the task: reassign it, answer for it, send the proof again.
        OpenTask => "open_task",
        /// Keep the task as it is, as its supplier answered.
        KeepAsIs => "keep_as_is",
    }
);

/// One reason an order needs a person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Attention {
    pub reason: AttentionReason,
    /// The task it is about, when it is about one.
    pub task_id: Option<String>,
    /// The line it is about, when it is about one.
    pub line_no: Option<i64>,
    /// The amendment it is about (`amendment_refused`).
    pub amendment_id: Option<String>,
    /// The reason in the source's words (why a line is unrouted, why a
    /// supplier refused), when there are some.
    pub detail: Option<String>,
    /// Since when: the due date passed, the proof was sent, the change
    /// was asked.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub since: Option<OffsetDateTime>,
    pub fixes: Vec<Fix>,
}

impl Attention {
    fn new(reason: AttentionReason, fixes: &[Fix]) -> Self {
        Self {
            reason,
            task_id: None,
            line_no: None,
            amendment_id: None,
            detail: None,
            since: None,
            fixes: fixes.to_vec(),
        }
    }
}

/// Every reason `order` (with its lines and tasks) needs a person at
/// `now`; `refused` are its tasks' refused amendments nobody has settled.
pub fn attention(order: &Order, refused: &[Amendment], now: OffsetDateTime) -> Vec<Attention> {
    if matches!(
        order.status,
        OrderStatus::Completed | OrderStatus::Cancelled
    ) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for line in order.lines.iter().filter(|l| !l.removed) {
        if let Some(why) = &line.unrouted {
            out.push(Attention {
                line_no: Some(line.line_no),
                detail: Some(why.detail.clone()),
                ..Attention::new(AttentionReason::Unrouted, &[Fix::RouteAgain])
            });
        }
    }
    let open = |t: &&crate::model::Task| t.status.is_open();
    let with_suppliers = order.tasks.iter().any(|t| t.status.is_live());
    if with_suppliers
        && order.tasks.iter().any(|t| t.status.is_open())
        && !crate::review::address_problems(order.shipping_address.as_ref()).is_empty()
    {
        out.push(Attention::new(
            AttentionReason::AddressMissing,
            &[Fix::EditOrder],
        ));
    }
    // An order entered by hand may be paid on invoice later (payment
    // terms); a marketplace's order with its suppliers was paid, so unpaid
    // now means the payment failed or was voided there. Refunded is
    // refunded, wherever it came from.
    let unpaid = match order.payment_status {
        PaymentStatus::Refunded => true,
        PaymentStatus::Unpaid => order.channel_id.is_some(),
        _ => false,
    };
    if with_suppliers && unpaid && order.status != OrderStatus::Shipped {
        out.push(Attention {
            detail: Some(order.payment_status.as_str().to_owned()),
            ..Attention::new(
                AttentionReason::NotPaid,
                &[Fix::RecordPayment, Fix::CancelOrder],
            )
        });
    }
    for a in refused {
        out.push(Attention {
            task_id: Some(a.task_id.clone()),
            amendment_id: Some(a.id.clone()),
            detail: a.reason.clone(),
            since: Some(a.proposed_at),
            ..Attention::new(
                AttentionReason::AmendmentRefused,
                &[Fix::OpenTask, Fix::EditOrder, Fix::KeepAsIs],
            )
        });
    }
    for t in order.tasks.iter().filter(open) {
        if let Some(due) = t.due_at.filter(|d| *d < now) {
            out.push(Attention {
                task_id: Some(t.id.clone()),
                since: Some(due),
                ..Attention::new(AttentionReason::Late, &[Fix::OpenTask])
            });
        }
        if let Some(p) = t
            .proof
            .as_ref()
            .filter(|p| p.status == ProofStatus::WithBuyer && now - p.since > BUYER_PROOF_WAIT)
        {
            out.push(Attention {
                task_id: Some(t.id.clone()),
                since: Some(p.since),
                ..Attention::new(AttentionReason::ProofWaiting, &[Fix::OpenTask])
            });
        }
    }
    out
}

#[cfg(test)]
mod tests;
