//! Invoices and payments of contracts, stored: issued by the supplier
//! within what the contract leaves to invoice, paid by the purchaser,
//! confirmed by the supplier; each contract's balance and each
//! organisation's (`orderhub_domain::b2b::invoice` holds the rules).

use super::contract_order::contract_order;
use super::read::parties_visible;
use super::rfqs::today;
use crate::error::{Result, StoreError};
use crate::events::NewEvent;
use crate::records::lock_order;
use crate::rows::{RowExt, new_id, now_ms, placeholders};
use orderhub_domain::b2b::Contract;
use orderhub_domain::b2b::invoice::{
    Billable, ContractAccount, ContractBalance, Invoice, InvoicePayment, NewInvoice, PayMethod,
    PaymentState, balance, invoice_status,
};
use orderhub_domain::model::{Actor, EventKind};
use orderhub_domain::{ErrorCode, Scope};
use rust_decimal::Decimal;
use serde_json::json;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe};

const COLUMNS: &str = "id, bid_id, contract_id, number, milestone, currency, amount, due_on, \
     pay_to, note, cancelled, pdf_sha256, created_at";

const PAYMENT_COLUMNS: &str = "id, invoice_id, method, amount, reference, paid_on, state, reason, \
     note, files, reported_by, answered_by, created_at";

fn decimal(r: &AnyRow, column: &str) -> Result<Decimal> {
    let text: String = r.col(column)?;
    text.parse()
        .map_err(|e| StoreError::Corrupt(format!("{column}: {e}")))
}

fn payment_from_row(r: &AnyRow) -> Result<InvoicePayment> {
    Ok(InvoicePayment {
        id: r.col("id")?,
        method: r.parsed("method", PayMethod::parse)?,
        amount: decimal(r, "amount")?,
        reference: r.col("reference")?,
        paid_on: r.col("paid_on")?,
        state: r.parsed("state", PaymentState::parse)?,
        reason: r.col("reason")?,
        note: r.col("note")?,
        files: r.json("files")?,
        reported_by: r.col("reported_by")?,
        answered_by: r.col("answered_by")?,
        created_at: r.time("created_at")?,
    })
}

/// Invoices matching `condition` (its value `bind`) in `scope`, oldest
/// first, with their payments and what is paid.
async fn select(
    conn: &mut AnyConnection,
    condition: &str,
    bind: &str,
    scope: &Scope,
) -> Result<Vec<Invoice>> {
    let (own, party) = parties_visible(scope, 2);
    let sql = format!("SELECT {COLUMNS} FROM invoices WHERE {condition}{own} ORDER BY seq");
    let mut q = sqlx::query(AssertSqlSafe(sql)).bind(bind);
    if let Some(p) = party {
        q = q.bind(p);
    }
    let mut invoices = Vec::new();
    for r in q.fetch_all(&mut *conn).await? {
        invoices.push(Invoice {
            id: r.col("id")?,
            number: r.col("number")?,
            contract_id: r.col("contract_id")?,
            milestone: r.col("milestone")?,
            currency: r.col("currency")?,
            amount: decimal(&r, "amount")?,
            paid: Decimal::ZERO,
            outstanding: Decimal::ZERO,
            due_on: r.col("due_on")?,
            status: invoice_status(Decimal::ONE, Decimal::ZERO, r.flag("cancelled")?),
            pay_to: r.col("pay_to")?,
            note: r.col("note")?,
            pdf_sha256: r.col("pdf_sha256")?,
            payments: Vec::new(),
            created_at: r.time("created_at")?,
        });
    }
    if invoices.is_empty() {
        return Ok(invoices);
    }
    let sql = format!(
        "SELECT {PAYMENT_COLUMNS} FROM invoice_payments WHERE invoice_id IN ({}) ORDER BY id",
        placeholders(1, invoices.len())
    );
    let mut q = sqlx::query(AssertSqlSafe(sql));
    for i in &invoices {
        q = q.bind(i.id.clone());
    }
    for r in q.fetch_all(&mut *conn).await? {
        let id: String = r.col("invoice_id")?;
        if let Some(i) = invoices.iter_mut().find(|i| i.id == id) {
            i.payments.push(payment_from_row(&r)?);
        }
    }
    for i in &mut invoices {
        i.paid = i
            .payments
            .iter()
            .filter(|p| p.state == PaymentState::Confirmed)
            .map(|p| p.amount)
            .sum();
        i.outstanding = (i.amount - i.paid).max(Decimal::ZERO);
        let cancelled = i.status == orderhub_domain::b2b::invoice::InvoiceStatus::Cancelled;
        i.status = invoice_status(i.amount, i.paid, cancelled);
    }
    Ok(invoices)
}

pub(super) async fn fetch_invoice(
    conn: &mut AnyConnection,
    id: &str,
    scope: &Scope,
) -> Result<Invoice> {
    select(conn, "id = $1", id, scope)
        .await?
        .pop()
        .ok_or_else(|| StoreError::not_found("invoice", id))
}

/// What contract `c` (its order `order_id`) comes to, was credited and
/// invoiced; and its invoices (all of them).
pub(super) async fn billable(
    conn: &mut AnyConnection,
    c: &Contract,
    order_id: &str,
) -> Result<(Billable, Vec<Invoice>)> {
    let credits: Vec<Option<String>> =
        sqlx::query_scalar("SELECT credit FROM returns WHERE order_id = $1")
            .bind(order_id)
            .fetch_all(&mut *conn)
            .await?;
    let mut credited = Decimal::ZERO;
    for c in credits.into_iter().flatten() {
        credited += c
            .parse::<Decimal>()
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    }
    let invoices = select(conn, "bid_id = $1", &c.bid_id, &Scope::All).await?;
    let invoiced = invoices
        .iter()
        .filter(|i| i.status != orderhub_domain::b2b::invoice::InvoiceStatus::Cancelled)
        .map(|i| i.amount)
        .sum();
    let b = Billable {
        currency: c.terms.currency.clone(),
        total: c.terms.total,
        credited,
        invoiced,
    };
    Ok((b, invoices))
}

pub(super) fn paid(invoices: &[Invoice]) -> Decimal {
    invoices.iter().map(|i| i.paid).sum()
}

/// An event of the contract's order, for both parties.
pub(super) fn event<'a>(c: &'a Contract, order_id: &'a str, kind: EventKind) -> NewEvent<'a> {
    NewEvent {
        rfq_id: Some(&c.rfq_id),
        ..NewEvent::order(order_id, kind)
    }
    .supplier(&c.supplier_id)
}

/// The invoice `id`'s contract in force and order, the invoice in
/// `scope`, with the order locked (one money change at a time).
pub(super) async fn locked(
    conn: &mut AnyConnection,
    id: &str,
    scope: &Scope,
) -> Result<(Contract, String, Invoice)> {
    let invoice = fetch_invoice(conn, id, scope).await?;
    let (c, order_id) = contract_order(conn, &invoice.contract_id, &Scope::All).await?;
    lock_order(conn, &order_id).await?;
    let invoice = fetch_invoice(conn, id, scope).await?;
    Ok((c, order_id, invoice))
}

impl crate::db::Store {
    /// The supplier (or staff) invoices contract `id`: a milestone's
    /// share, an amount, or all that is left to invoice.
    pub async fn issue_invoice(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: &str,
        new: NewInvoice,
    ) -> Result<Invoice> {
        let mut tx = self.begin().await?;
        let (c, order_id) = contract_order(&mut tx, id, scope).await?;
        lock_order(&mut tx, &order_id).await?;
        let (b, invoices) = billable(&mut tx, &c, &order_id).await?;
        let terms = new.terms(&b, &today())?;
        let seq = invoices.len() as i64 + 1;
        let number = format!("INV-{}-{seq}", c.terms.number.trim_start_matches("CT-"));
        let invoice_id = new_id();
        let now = now_ms();
        sqlx::query(
            "INSERT INTO invoices (id, bid_id, contract_id, supplier_id, org_id, seq, number, milestone, \
             currency, amount, due_on, pay_to, note, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)",
        )
        .bind(&invoice_id)
        .bind(&c.bid_id)
        .bind(&c.id)
        .bind(&c.supplier_id)
        .bind(&c.organisation_id)
        .bind(seq)
        .bind(&number)
        .bind(&terms.milestone)
        .bind(&b.currency)
        .bind(terms.amount.to_string())
        .bind(&terms.due_on)
        .bind(&terms.pay_to)
        .bind(&terms.note)
        .bind(&actor.label)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        event(&c, &order_id, EventKind::InvoiceIssued)
            .details(json!({ "contract_id": c.id, "invoice_id": invoice_id, "number": number,
                "amount": terms.amount.to_string(), "currency": b.currency, "due_on": terms.due_on }))
            .write(&mut tx, actor)
            .await?;
        let invoice = fetch_invoice(&mut tx, &invoice_id, scope).await?;
        tx.commit().await?;
        Ok(invoice)
    }

    /// Contract `id`'s invoices and balance in `scope`.
    pub async fn contract_account(&self, id: &str, scope: &Scope) -> Result<ContractAccount> {
        let mut conn = self.read.acquire().await?;
        let (c, order_id) = contract_order(&mut conn, id, scope).await?;
        let (b, invoices) = billable(&mut conn, &c, &order_id).await?;
        let balance = balance(&b, paid(&invoices));
        Ok(ContractAccount { invoices, balance })
    }

    /// One invoice in `scope`.
    pub async fn get_invoice(&self, id: &str, scope: &Scope) -> Result<Invoice> {
        let mut conn = self.read.acquire().await?;
        fetch_invoice(&mut conn, id, scope).await
    }

    /// The supplier withdraws an invoice nobody has paid or reported
    /// paying.
    pub async fn cancel_invoice(&self, actor: &Actor, scope: &Scope, id: &str) -> Result<Invoice> {
        let mut tx = self.begin().await?;
        let (c, order_id, invoice) = locked(&mut tx, id, scope).await?;
        let waiting = invoice
            .payments
            .iter()
            .any(|p| p.state != PaymentState::Rejected);
        if waiting || invoice.status == orderhub_domain::b2b::invoice::InvoiceStatus::Cancelled {
            return Err(StoreError::conflict(
                ErrorCode::InvalidTransition,
                None,
                "only an invoice without payments can be withdrawn",
            ));
        }
        sqlx::query("UPDATE invoices SET cancelled = 1, updated_at = $2 WHERE id = $1")
            .bind(id)
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
        event(&c, &order_id, EventKind::InvoiceCancelled)
            .details(json!({ "contract_id": c.id, "invoice_id": id, "number": invoice.number }))
            .write(&mut tx, actor)
            .await?;
        let invoice = fetch_invoice(&mut tx, id, scope).await?;
        tx.commit().await?;
        Ok(invoice)
    }

    /// The name of invoice `id`'s stored PDF, once rendered.
    pub async fn invoice_pdf_name(&self, id: &str, scope: &Scope) -> Result<Option<String>> {
        self.get_invoice(id, scope).await?;
        Ok(
            sqlx::query_scalar("SELECT pdf_name FROM invoices WHERE id = $1")
                .bind(id)
                .fetch_one(&self.read)
                .await?,
        )
    }

    /// Records an invoice's rendered PDF unless one was recorded meanwhile.
    pub async fn set_invoice_pdf(&self, id: &str, name: &str, sha256: &str) -> Result<()> {
        sqlx::query(
            "UPDATE invoices SET pdf_name = $2, pdf_sha256 = $3, updated_at = $4 \
             WHERE id = $1 AND pdf_sha256 IS NULL",
        )
        .bind(id)
        .bind(name)
        .bind(sha256)
        .bind(now_ms())
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// An organisation's statement: each of its contracts in force with
    /// its balance, oldest first.
    pub async fn organisation_balances(
        &self,
        org_id: &str,
        scope: &Scope,
    ) -> Result<Vec<ContractBalance>> {
        let mut conn = self.read.acquire().await?;
        let contracts: Vec<(String, String)> = sqlx::query_as(
            "SELECT c.id, o.id FROM orders o JOIN contracts c ON c.id = o.contract_id \
             WHERE c.org_id = $1 ORDER BY c.id",
        )
        .bind(org_id)
        .fetch_all(&mut *conn)
        .await?;
        let mut out = Vec::new();
        for (contract_id, _) in contracts {
            let (c, order_id) = match contract_order(&mut conn, &contract_id, scope).await {
                Ok(found) => found,
                Err(StoreError::NotFound { .. }) => continue,
                Err(e) => return Err(e),
            };
            let (b, invoices) = billable(&mut conn, &c, &order_id).await?;
            out.push(ContractBalance {
                contract_id: c.id.clone(),
                number: c.terms.number.clone(),
                supplier: c.terms.seller.name.clone(),
                balance: balance(&b, paid(&invoices)),
            });
        }
        Ok(out)
    }
}
