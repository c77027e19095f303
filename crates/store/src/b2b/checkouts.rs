//! Online payment of invoices, stored: a checkout for what an invoice
//! still waits for, and a provider's verified notification recorded as a
//! confirmed payment — once per provider transaction, whatever the
//! retries; refused when it pays another amount than was asked; recorded
//! but marked late when it arrives after the checkout expired or the
//! invoice was settled otherwise (the money moved: staff refund it).

use super::invoice_payments::settle;
use super::invoices::{event, locked};
use super::rfqs::today;
use crate::error::{Result, StoreError};
use crate::rows::{RowExt, new_id, now_ms};
use orderhub_channels::pay::Notice;
use orderhub_domain::b2b::invoice::{InvoiceStatus, PayMethod, PaymentState};
use orderhub_domain::model::{Actor, EventKind};
use orderhub_domain::{ErrorCode, Scope};
use rust_decimal::Decimal;
use serde_json::json;
use time::OffsetDateTime;

/// A checkout opened for an invoice.
#[derive(Debug, Clone)]
pub struct Checkout {
    pub id: String,
    pub invoice_id: String,
    pub invoice_number: String,
    pub provider: PayMethod,
    pub amount: Decimal,
    pub currency: String,
    pub expires_at: OffsetDateTime,
}

/// What a verified notification did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// A new confirmed payment; `late` when the checkout had expired or
    /// the invoice no longer waited for it.
    New { late: bool },
    /// This provider transaction was recorded before (a retry).
    Again,
}

impl crate::db::Store {
    /// The purchaser opens a checkout with `provider` for all that invoice
    /// `id` still waits for, open `minutes`.
    pub async fn open_checkout(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: &str,
        provider: PayMethod,
        minutes: i64,
    ) -> Result<Checkout> {
        let mut tx = self.begin().await?;
        let (_, _, invoice) = locked(&mut tx, id, scope).await?;
        let amount = invoice.payable();
        if amount <= Decimal::ZERO {
            return Err(StoreError::conflict(
                ErrorCode::NothingToPay,
                None,
                "the invoice waits for nothing more (payments to confirm included)",
            ));
        }
        let checkout = Checkout {
            id: new_id(),
            invoice_id: invoice.id.clone(),
            invoice_number: invoice.number.clone(),
            provider,
            amount,
            currency: invoice.currency.clone(),
            expires_at: OffsetDateTime::now_utc() + time::Duration::minutes(minutes),
        };
        sqlx::query(
            "INSERT INTO checkouts (id, invoice_id, provider, amount, currency, created_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&checkout.id)
        .bind(&checkout.invoice_id)
        .bind(provider.as_str())
        .bind(amount.to_string())
        .bind(&checkout.currency)
        .bind(&actor.label)
        .bind(now_ms())
        .bind(crate::rows::to_ms(checkout.expires_at))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(checkout)
    }

    /// Keeps the provider's id of a checkout and where the buyer pays.
    pub async fn set_checkout_session(&self, id: &str, session: &str, url: &str) -> Result<()> {
        sqlx::query("UPDATE checkouts SET session = $2, url = $3 WHERE id = $1")
            .bind(id)
            .bind(session)
            .bind(url)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Records what `provider` verifiably says was paid. Refused (nothing
    /// written) when the checkout is unknown, of another provider, or the
    /// amount or currency is not the one asked.
    pub async fn record_online_payment(
        &self,
        provider: PayMethod,
        notice: &Notice,
    ) -> Result<Recorded> {
        let mut tx = self.begin().await?;
        let row = sqlx::query(
            "SELECT invoice_id, provider, amount, currency, expires_at FROM checkouts WHERE id = $1",
        )
        .bind(&notice.checkout_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| StoreError::not_found("checkout", &notice.checkout_id))?;
        let invoice_id: String = row.col("invoice_id")?;
        let asked: String = row.col("amount")?;
        let asked: Decimal = asked
            .parse()
            .map_err(|e| StoreError::Corrupt(format!("amount: {e}")))?;
        let currency: String = row.col("currency")?;
        let same = row.col::<String>("provider")? == provider.as_str()
            && asked == notice.amount
            && currency == notice.currency;
        if !same {
            return Err(StoreError::conflict(
                ErrorCode::AmountMismatch,
                None,
                format!(
                    "checkout {} asked {currency} {asked} of {provider}; the notification says {} {}",
                    notice.checkout_id, notice.currency, notice.amount
                ),
            ));
        }
        let (c, order_id, invoice) = locked(&mut tx, &invoice_id, &Scope::All).await?;
        let seen: Option<String> =
            sqlx::query_scalar("SELECT id FROM invoice_payments WHERE provider_ref = $1")
                .bind(&notice.provider_ref)
                .fetch_optional(&mut *tx)
                .await?;
        if seen.is_some() {
            return Ok(Recorded::Again);
        }
        let expired = row.col::<i64>("expires_at")? < now_ms();
        let waiting = invoice.covered();
        let late = expired
            || invoice.status == InvoiceStatus::Cancelled
            || waiting + notice.amount > invoice.amount;
        let by = format!("provider:{provider}");
        let payment_id = new_id();
        let now = now_ms();
        sqlx::query(
            "INSERT INTO invoice_payments (id, invoice_id, method, amount, reference, paid_on, state, \
             note, files, provider_ref, reported_by, answered_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '[]', $5, $9, $9, $10, $10)",
        )
        .bind(&payment_id)
        .bind(&invoice_id)
        .bind(provider.as_str())
        .bind(notice.amount.to_string())
        .bind(&notice.provider_ref)
        .bind(today())
        .bind(PaymentState::Confirmed.as_str())
        .bind(late.then_some("late: paid after the checkout expired or the invoice was settled; refund the difference"))
        .bind(&by)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE checkouts SET paid_ref = $2 WHERE id = $1")
            .bind(&notice.checkout_id)
            .bind(&notice.provider_ref)
            .execute(&mut *tx)
            .await?;
        let actor = Actor {
            label: by.clone(),
            party: orderhub_domain::lifecycle::Party::System,
        };
        event(&c, &order_id, EventKind::PaymentConfirmed)
            .details(json!({ "contract_id": c.id, "invoice_id": invoice_id, "payment_id": payment_id,
                "method": provider, "amount": notice.amount.to_string(), "provider_ref": notice.provider_ref,
                "late": late }))
            .write(&mut tx, &actor)
            .await?;
        settle(&mut tx, &actor, &c, &order_id, PaymentState::Confirmed).await?;
        tx.commit().await?;
        Ok(Recorded::New { late })
    }
}
