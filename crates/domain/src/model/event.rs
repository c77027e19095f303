//! The append-only event log.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;
use utoipa::ToSchema;

/// An append-only record of a change.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Event {
    pub id: String,
    pub order_id: Option<String>,
    pub task_id: Option<String>,
    /// The request for quotation a B2B event is about.
    pub rfq_id: Option<String>,
    pub kind: EventKind,
    /// `token:<name>`, `system`, …
    pub actor: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub details: Value,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

vocabulary!(
    /// What an event records. Webhook subscriptions, the timeline and the
    /// automation history name events by these strings.
    EventKind {
        /// An order was taken in.
        OrderCreated => "order.created",
        /// An order moved; `from_status` and `to_status` say where.
        OrderStatusChanged => "order.status_changed",
        /// A channel sent a newer state of the order.
        OrderUpstreamUpdated => "order.upstream_updated",
        /// A channel's change could not be applied here; a person decides.
        OrderFlagged => "order.flagged",
        /// The marketplace has a shipment's carrier and tracking number
        /// (`details.platform`, `details.tracking_number`, `details.upstream_ref`).
        OrderFulfilmentSent => "order.fulfilment_sent",
        /// The marketplace refused a shipment's fulfilment, or every retry
        /// failed (`details.error`); an operator may try again.
        OrderFulfilmentFailed => "order.fulfilment_failed",
        /// An operator asked for a fulfilment to be tried again
        /// (`details.fulfilment_id`).
        OrderFulfilmentRetried => "order.fulfilment_retried",
        /// An operator recorded a payment or a refund; `details` has it and
        /// the payment state before and after.
        OrderPaymentRecorded => "order.payment_recorded",
        /// Staff changed the order; `details.changed` has each field's
        /// before and after.
        OrderEdited => "order.edited",
        /// A release by policy waits on the review: `details.checks` are
        /// the checks that failed, `details.problems` what each found.
        OrderHeld => "order.held",
        /// An approver approved the order (`details.rule`, `details.comment`).
        OrderApproved => "order.approved",
        /// An approver refused the order, which is cancelled
        /// (`details.rule`, `details.comment`).
        OrderApprovalRefused => "order.approval_refused",
        /// A line got no supplier; `details.code` says why.
        LineUnrouted => "line.unrouted",
        /// A line was filed under a category the keywords did not give it
        /// (`details.line_id`, `title`, `category_id`, `from_category_id`,
        /// `by`: operator, suggestion or classifier; `confidence` for the
        /// classifier's).
        LineCategorised => "line.categorised",
        /// A category's route script rewrote a line's title before it was
        /// routed (`details.line_id`, `from`: the title as received, `to`).
        LineRewritten => "line.rewritten",
        /// A task was created for a supplier; `details` holds the decision.
        TaskRouted => "task.routed",
        /// A task moved.
        TaskStatusChanged => "task.status_changed",
        /// A task's dates, shipping details or note were edited, or its
        /// line changed before its supplier accepted it.
        TaskUpdated => "task.updated",
        /// The carrier's tracking says the task's parcel was delivered
        /// (`details.delivered_at`, `details.tracking_number`).
        TaskDelivered => "task.delivered",
        /// A task is late (`details.what`: `accept` — still not accepted
        /// `details.hours` after it was assigned; `ship` — not shipped by its
        /// due date `details.due_at`). Written once per task and reason.
        TaskOverdue => "task.overdue",
        /// An automation rule fired (`details.rule_id`, `rule_name`,
        /// `version`, `why`: each condition with what it found, `actions`;
        /// `notify` when staff are told).
        RuleFired => "rule.fired",
        /// A rule's webhook action: the same details, for the endpoints
        /// subscribed to `rule.webhook`.
        RuleWebhook => "rule.webhook",
        /// An after-sales case was opened on the task's line
        /// (`details.case_id`, `details.kind`, `details.quantity`, `details.reason`).
        CaseOpened => "case.opened",
        /// A case moved (`details.case_id`, `details.step`; `from_status`,
        /// `to_status` are the case's).
        CaseStep => "case.step",
        /// A change of a line was put to the task's supplier
        /// (`details.amendment`); the task waits for the answer.
        TaskAmendmentProposed => "task.amendment_proposed",
        /// The supplier accepted the change; it applies.
        TaskAmendmentAccepted => "task.amendment_accepted",
        /// The supplier refused the change (`details.reason`); the task
        /// stays as it was and the order is flagged.
        TaskAmendmentRefused => "task.amendment_refused",
        /// Staff kept a task as its supplier has it after the supplier
        /// refused a change (`details.amendment_id`): the order no longer
        /// asks for attention about it.
        TaskAmendmentKept => "task.amendment_kept",
        /// The supplier submitted a round of its proof (`details.round`,
        /// `details.files`).
        TaskProofSubmitted => "task.proof_submitted",
        /// The operator sent the proof's round to the buyer
        /// (`details.expires_at`).
        TaskProofSent => "task.proof_sent",
        /// The proof was approved (`details.by`: `operator` or `buyer`);
        /// production may start.
        TaskProofApproved => "task.proof_approved",
        /// Changes were asked of the proof (`details.comment`, `details.by`).
        TaskProofChangesRequested => "task.proof_changes_requested",
        /// The line's personalisation changed after the proof was made:
        /// a new proof is owed before production (`details.reason`).
        TaskProofReset => "task.proof_reset",
        /// A purchaser asked for quotes (`details.status`: sent, or waiting
        /// for an approver).
        RfqSubmitted => "rfq.submitted",
        /// The organisation's approver approved the request; it goes out.
        RfqApproved => "rfq.approved",
        /// The approver refused the request (`details.comment`); cancelled.
        RfqApprovalRefused => "rfq.approval_refused",
        /// The request went to a supplier (`supplier_id`, `details.bid_id`).
        RfqSent => "rfq.sent",
        /// The request was withdrawn (`details.reason`).
        RfqCancelled => "rfq.cancelled",
        /// The supplier quoted (`details.version`).
        BidQuoted => "bid.quoted",
        /// The supplier would not quote or took no counter-offer
        /// (`details.reason`).
        BidRejected => "bid.rejected",
        /// The purchaser counter-offered (`details.version`).
        BidCountered => "bid.countered",
        /// Both sides agreed on `details.version`.
        BidAccepted => "bid.accepted",
        /// The purchaser declined (`details.reason`), or chose others for
        /// every line.
        BidDeclined => "bid.declined",
        /// The request was cancelled while this bid was open.
        BidWithdrawn => "bid.withdrawn",
        /// A message in the bid's thread (`details.message_id`).
        BidMessage => "bid.message",
        /// A contract version was drawn up (`details.contract_id`,
        /// `details.version`).
        ContractDrawnUp => "contract.drawn_up",
        /// One party signed (`details.party`, `details.sha256`).
        ContractSignatureAdded => "contract.signature_added",
        /// Both parties signed: the contract is in force (已签订合同).
        ContractSigned => "contract.signed",
        /// Part of a contract left its supplier (`details.shipment_id`,
        /// `details.number`, `details.lines`).
        ShipmentSent => "shipment.sent",
        /// The purchaser inspected a shipment (`details.lines`: accepted
        /// and rejected units per line).
        ShipmentReceived => "shipment.received",
        /// The purchaser asked for rejected units to be replaced or
        /// credited (`details.return_id`).
        ReturnRequested => "return.requested",
        /// A return moved: the supplier's answer, the replacement leaving,
        /// the purchaser withdrawing (`details.step`).
        ReturnAnswered => "return.answered",
        /// A return is settled: the replacement received, or credited.
        ReturnResolved => "return.resolved",
        /// The supplier invoiced a contract (`details.invoice_id`,
        /// `details.amount`, `details.due_on`).
        InvoiceIssued => "invoice.issued",
        /// The supplier withdrew an invoice nobody had paid.
        InvoiceCancelled => "invoice.cancelled",
        /// The purchaser reported a payment (`details.method`,
        /// `details.amount`, `details.reference`).
        PaymentReported => "payment.reported",
        /// The supplier confirmed the funds arrived (确认收款), or a
        /// payment provider did.
        PaymentConfirmed => "payment.confirmed",
        /// The supplier says the funds did not arrive (`details.reason`).
        PaymentRejected => "payment.rejected",
        /// Nothing is owed on the contract any more (已结清).
        ContractSettled => "contract.settled",
        /// A stock item's available units fell to its threshold or below
        /// (`details`: `sku`, `location`, `available`, `low_at`).
        StockLow => "stock.low",
        /// A never-released order was deleted (its number in `details`).
        OrderDeleted => "order.deleted",
        CategoryCreated => "category.created",
        CategoryUpdated => "category.updated",
        SupplierCreated => "supplier.created",
        SupplierUpdated => "supplier.updated",
        ChannelCreated => "channel.created",
        ChannelUpdated => "channel.updated",
        ProductCreated => "product.created",
        ProductUpdated => "product.updated",
        OrganisationCreated => "organisation.created",
        OrganisationUpdated => "organisation.updated",
        LocationCreated => "location.created",
        LocationUpdated => "location.updated",
    }
);
