//! What the contract page shows of its money: the balance (total,
//! credited, invoiced, confirmed paid, outstanding, settled), each invoice
//! with its payments, and the forms each side may use (the supplier
//! invoices and confirms funds; the purchaser records payments).

use super::Layout;
use super::numbers::money;
use orderhub_domain::b2b::invoice::{
    ContractAccount, Invoice, InvoicePayment, InvoiceStatus, PayMethod, PaymentState,
};
use rust_decimal::Decimal;

pub(super) struct PaymentRow {
    pub id: String,
    pub method: &'static str,
    pub amount: String,
    pub reference: String,
    pub paid_on: String,
    pub state: &'static str,
    pub state_class: &'static str,
    pub reason: String,
    /// (address, label) of each proof file.
    pub files: Vec<(String, String)>,
    pub can_answer: bool,
}

pub(super) struct InvoiceRow {
    pub id: String,
    pub number: String,
    pub milestone: String,
    pub amount: String,
    pub paid: String,
    pub outstanding: String,
    pub due_on: String,
    pub status: &'static str,
    pub status_class: &'static str,
    pub pay_to: String,
    pub note: String,
    pub payments: Vec<PaymentRow>,
    /// What may still be reported paid, for the payment form (empty: none).
    pub payable: String,
    pub can_cancel: bool,
}

pub(super) struct BillingView {
    /// The providers an invoice may be paid online with: (value, label).
    pub online: Vec<(&'static str, &'static str)>,
    /// (label, amount) rows of the balance.
    pub balance: Vec<(&'static str, String)>,
    pub settled: bool,
    pub invoices: Vec<InvoiceRow>,
    pub can_invoice: bool,
}

fn payment(layout: &Layout, i: &Invoice, p: &InvoicePayment, seller: bool) -> PaymentRow {
    PaymentRow {
        id: p.id.clone(),
        method: layout.t(&format!("pay-{}", p.method.as_str())),
        amount: money(layout.lang, p.amount, &i.currency),
        reference: p.reference.clone(),
        paid_on: p.paid_on.clone(),
        state: layout.t(&format!("payment-{}", p.state.as_str())),
        state_class: match p.state {
            PaymentState::Confirmed => "done",
            PaymentState::Rejected => "problem",
            PaymentState::Reported => "working",
        },
        reason: p.reason.clone().unwrap_or_default(),
        files: p
            .files
            .iter()
            .enumerate()
            .map(|(n, name)| {
                (
                    format!("/api/v1/invoices/{}/payments/{}/files/{name}", i.id, p.id),
                    layout
                        .lang
                        .fill("billing-proof", &[("n", (n as i64 + 1).into())]),
                )
            })
            .collect(),
        can_answer: seller && p.state == PaymentState::Reported,
    }
}

fn invoice(layout: &Layout, i: &Invoice, seller: bool, buyer: bool) -> InvoiceRow {
    let lang = layout.lang;
    let open = i.status != InvoiceStatus::Cancelled;
    let payable = i.payable();
    InvoiceRow {
        id: i.id.clone(),
        number: i.number.clone(),
        milestone: i.milestone.clone(),
        amount: money(lang, i.amount, &i.currency),
        paid: money(lang, i.paid, &i.currency),
        outstanding: money(lang, i.outstanding, &i.currency),
        due_on: i.due_on.clone(),
        status: layout.t(&format!("invoice-{}", i.status.as_str())),
        status_class: match i.status {
            InvoiceStatus::Paid => "done",
            InvoiceStatus::Cancelled => "problem",
            InvoiceStatus::Open => "waiting",
            InvoiceStatus::PartlyPaid => "working",
        },
        pay_to: i.pay_to.clone().unwrap_or_default(),
        note: i.note.clone().unwrap_or_default(),
        payments: i
            .payments
            .iter()
            .map(|p| payment(layout, i, p, seller))
            .collect(),
        payable: if buyer && payable > Decimal::ZERO {
            orderhub_domain::money::plain(payable, &i.currency)
        } else {
            String::new()
        },
        can_cancel: seller && open && i.covered().is_zero(),
    }
}

/// The money of a contract for the reader (`seller`: its supplier or
/// staff; `buyer`: its purchaser).
pub(super) fn view(
    layout: &Layout,
    a: &ContractAccount,
    (seller, buyer): (bool, bool),
    providers: &[PayMethod],
) -> BillingView {
    let b = &a.balance;
    let m = |d| money(layout.lang, d, &b.currency);
    BillingView {
        online: providers
            .iter()
            .map(|p| (p.as_str(), layout.t(&format!("pay-{}", p.as_str()))))
            .collect(),
        balance: vec![
            (layout.t("billing-total"), m(b.total)),
            (layout.t("billing-credited"), m(b.credited)),
            (layout.t("billing-invoiced"), m(b.invoiced)),
            (layout.t("billing-paid"), m(b.paid)),
            (layout.t("billing-outstanding"), m(b.outstanding)),
        ],
        settled: b.settled,
        invoices: a
            .invoices
            .iter()
            .map(|i| invoice(layout, i, seller, buyer))
            .collect(),
        can_invoice: seller && b.total - b.credited - b.invoiced > Decimal::ZERO,
    }
}
