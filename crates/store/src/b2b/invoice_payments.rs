//! Payments of invoices, stored: reported by the purchaser with their
//! proof, confirmed or rejected by the supplier (确认收款); the contract is
//! settled (已结清) when nothing is owed.

use super::invoices::{billable, event, fetch_invoice, locked, paid};
use super::rfqs::today;
use crate::error::{Result, StoreError};
use crate::rows::{lock_row, new_id, now_ms, to_json};
use orderhub_domain::b2b::Contract;
use orderhub_domain::b2b::invoice::{
    Invoice, InvoiceStatus, NewPayment, PaymentAnswer, PaymentDecision, PaymentState, balance,
};
use orderhub_domain::model::{Actor, EventKind};
use orderhub_domain::{ErrorCode, Scope};
use rust_decimal::Decimal;
use serde_json::json;
use sqlx::AnyConnection;

/// At most this many proof files on one payment.
pub const MAX_PAYMENT_FILES: usize = 5;

impl crate::db::Store {
    /// The purchaser reports a payment of an invoice (bank transfer or
    /// cheque): it counts once the supplier confirms it.
    pub async fn report_payment(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: &str,
        new: NewPayment,
    ) -> Result<Invoice> {
        let mut tx = self.begin().await?;
        let (c, order_id, invoice) = locked(&mut tx, id, scope).await?;
        if invoice.status == InvoiceStatus::Cancelled {
            return Err(StoreError::conflict(
                ErrorCode::InvoiceCancelled,
                None,
                "the supplier withdrew this invoice",
            ));
        }
        let waiting = invoice.covered();
        let open = (invoice.amount - waiting).max(Decimal::ZERO);
        let new = new.check(open, &invoice.currency, &today())?;
        let payment_id = new_id();
        let now = now_ms();
        sqlx::query(
            "INSERT INTO invoice_payments (id, invoice_id, method, amount, reference, paid_on, state, \
             note, files, reported_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '[]', $9, $10, $10)",
        )
        .bind(&payment_id)
        .bind(id)
        .bind(new.method.as_str())
        .bind(new.amount.to_string())
        .bind(&new.reference)
        .bind(&new.paid_on)
        .bind(PaymentState::Reported.as_str())
        .bind(&new.note)
        .bind(&actor.label)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        event(&c, &order_id, EventKind::PaymentReported)
            .details(json!({ "contract_id": c.id, "invoice_id": id, "payment_id": payment_id,
                "method": new.method, "amount": new.amount.to_string(), "reference": new.reference }))
            .write(&mut tx, actor)
            .await?;
        let invoice = fetch_invoice(&mut tx, id, scope).await?;
        tx.commit().await?;
        Ok(invoice)
    }

    /// Adds proof files (stored `names`) to a payment still to confirm.
    pub async fn add_payment_files(
        &self,
        scope: &Scope,
        id: &str,
        payment: &str,
        names: Vec<String>,
    ) -> Result<Invoice> {
        let mut tx = self.begin().await?;
        let invoice = fetch_invoice(&mut tx, id, scope).await?;
        lock_row(&mut tx, "invoice_payments", "payment", payment).await?;
        let p = invoice
            .payments
            .iter()
            .find(|p| p.id == payment)
            .ok_or_else(|| StoreError::not_found("payment", payment))?;
        if p.state != PaymentState::Reported {
            return Err(StoreError::conflict(
                ErrorCode::InvalidTransition,
                Some("file"),
                "proof is added while the payment waits for the supplier",
            ));
        }
        let mut files = p.files.clone();
        for n in names {
            if !files.contains(&n) {
                files.push(n);
            }
        }
        if files.len() > MAX_PAYMENT_FILES {
            return Err(orderhub_domain::ValidationError::new(
                "file",
                ErrorCode::TooMany,
                format!("a payment has at most {MAX_PAYMENT_FILES} proof files"),
            )
            .into());
        }
        sqlx::query("UPDATE invoice_payments SET files = $2, updated_at = $3 WHERE id = $1")
            .bind(payment)
            .bind(to_json(&files))
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
        let invoice = fetch_invoice(&mut tx, id, scope).await?;
        tx.commit().await?;
        Ok(invoice)
    }

    /// The supplier (or staff) confirms a reported payment arrived
    /// (确认收款) or says it did not; the contract is settled (已结清)
    /// when its confirmed payments reach its total less credits.
    pub async fn answer_payment(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: &str,
        payment: &str,
        answer: PaymentAnswer,
    ) -> Result<Invoice> {
        let mut tx = self.begin().await?;
        let (c, order_id, invoice) = locked(&mut tx, id, scope).await?;
        let p = invoice
            .payments
            .iter()
            .find(|p| p.id == payment)
            .ok_or_else(|| StoreError::not_found("payment", payment))?;
        if p.state != PaymentState::Reported {
            return Err(StoreError::conflict(
                ErrorCode::InvalidTransition,
                Some("decision"),
                format!("the payment is {} already", p.state),
            ));
        }
        let answer = answer.check()?;
        let state = match answer.decision {
            PaymentDecision::Confirm => PaymentState::Confirmed,
            PaymentDecision::Reject => PaymentState::Rejected,
        };
        sqlx::query(
            "UPDATE invoice_payments SET state = $2, reason = $3, answered_by = $4, updated_at = $5 WHERE id = $1",
        )
        .bind(payment)
        .bind(state.as_str())
        .bind(&answer.reason)
        .bind(&actor.label)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        let kind = match state {
            PaymentState::Confirmed => EventKind::PaymentConfirmed,
            _ => EventKind::PaymentRejected,
        };
        event(&c, &order_id, kind)
            .details(
                json!({ "contract_id": c.id, "invoice_id": id, "payment_id": payment,
                "amount": p.amount.to_string(), "reason": answer.reason }),
            )
            .write(&mut tx, actor)
            .await?;
        settle(&mut tx, actor, &c, &order_id, state).await?;
        let invoice = fetch_invoice(&mut tx, id, scope).await?;
        tx.commit().await?;
        Ok(invoice)
    }
}

/// After a confirmation: when the contract's balance is nothing, it is
/// settled (one `contract.settled` event, the first time).
pub(super) async fn settle(
    conn: &mut AnyConnection,
    actor: &Actor,
    c: &Contract,
    order_id: &str,
    state: PaymentState,
) -> Result<()> {
    if state != PaymentState::Confirmed {
        return Ok(());
    }
    let (b, invoices) = billable(conn, c, order_id).await?;
    let now = balance(&b, paid(&invoices));
    if !now.settled {
        return Ok(());
    }
    event(c, order_id, EventKind::ContractSettled)
        .details(
            json!({ "contract_id": c.id, "paid": now.paid.to_string(), "currency": now.currency }),
        )
        .write(conn, actor)
        .await
}
