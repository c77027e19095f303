//! Invoices and payments of a contract (按合同约定付款, issue 16, item 9):
//! the supplier invoices the contract at once or by milestone (never more
//! than the contract less its credits); the purchaser reports each payment
//! (bank transfer or cheque, with its reference and proof) or pays online;
//! the supplier confirms the funds arrived (确认收款) or says they did not.
//! A contract is settled (已结清) when its confirmed payments reach its
//! total less its credits.

use crate::ErrorCode;
use crate::money;
use crate::validate::{ValidationError, date, limits, optional_text, required_text};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

vocabulary!(
    /// Where an invoice stands.
    InvoiceStatus {
        /// Nothing confirmed paid yet (待付款).
        Open => "open",
        /// Part of it confirmed paid.
        PartlyPaid => "partly_paid",
        /// Confirmed paid in full (已付款).
        Paid => "paid",
        /// Withdrawn by the supplier before any payment.
        Cancelled => "cancelled",
    }
);

vocabulary!(
    /// How a payment was made.
    PayMethod {
        /// 银行转账.
        BankTransfer => "bank_transfer",
        /// 支票.
        Cheque => "cheque",
        /// 支付宝, through the provider.
        Alipay => "alipay",
        /// 微信支付, through the provider.
        WechatPay => "wechat_pay",
        /// Stripe Checkout, through the provider.
        Stripe => "stripe",
    }
);

impl PayMethod {
    /// Paid through a provider, which reports it: nobody types it in.
    pub fn is_online(self) -> bool {
        matches!(
            self,
            PayMethod::Alipay | PayMethod::WechatPay | PayMethod::Stripe
        )
    }
}

vocabulary!(
    /// Where a payment stands.
    PaymentState {
        /// Reported by the purchaser; the supplier has not confirmed it.
        Reported => "reported",
        /// The supplier confirmed the funds arrived (or the provider did).
        Confirmed => "confirmed",
        /// The supplier says the funds did not arrive.
        Rejected => "rejected",
    }
);

/// What a contract can still be invoiced for, and what was paid.
#[derive(Debug, Clone)]
pub struct Billable {
    pub currency: String,
    /// The contract in force's total.
    pub total: Decimal,
    /// Rejected goods credited instead of replaced.
    pub credited: Decimal,
    /// Every invoice not cancelled.
    pub invoiced: Decimal,
}

impl Billable {
    /// What is left to invoice.
    pub fn left(&self) -> Decimal {
        (self.total - self.credited - self.invoiced).max(Decimal::ZERO)
    }
}

/// `POST /contracts/{id}/invoices`: a milestone's share (`percent` of the
/// contract), an `amount`, or (neither) everything not yet invoiced.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewInvoice {
    /// What it bills: "30% advance", "balance on delivery".
    #[serde(default)]
    pub milestone: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub amount: Option<Decimal>,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub percent: Option<Decimal>,
    /// When it is due (`YYYY-MM-DD`); today when absent.
    #[serde(default)]
    pub due_on: Option<String>,
    /// Where to pay: the supplier's account (收款账户), printed on it.
    #[serde(default)]
    pub pay_to: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// An invoice's terms once checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceTerms {
    pub milestone: String,
    pub amount: Decimal,
    pub due_on: String,
    pub pay_to: Option<String>,
    pub note: Option<String>,
}

impl NewInvoice {
    /// The invoice's terms against what is left to invoice on `today`.
    pub fn terms(self, b: &Billable, today: &str) -> Result<InvoiceTerms, ValidationError> {
        let left = b.left();
        let amount = match (self.amount, self.percent) {
            (Some(_), Some(_)) => {
                return Err(ValidationError::new(
                    "percent",
                    ErrorCode::Conflicting,
                    "give an amount or a percent of the contract, not both",
                ));
            }
            (Some(a), None) => payable("amount", a, &b.currency)?,
            (None, Some(p)) if p > Decimal::ZERO && p <= Decimal::ONE_HUNDRED => {
                money::round_to_minor(b.total * p / Decimal::ONE_HUNDRED, &b.currency)
            }
            (None, Some(_)) => {
                return Err(ValidationError::new(
                    "percent",
                    ErrorCode::OutOfRange,
                    "a share of the contract: more than 0, at most 100",
                ));
            }
            (None, None) => left,
        };
        if amount <= Decimal::ZERO || amount > left {
            return Err(ValidationError::new(
                if self.percent.is_some() {
                    "percent"
                } else {
                    "amount"
                },
                ErrorCode::ExceedsContract,
                format!(
                    "{} {} is left to invoice on this contract",
                    b.currency,
                    money::plain(left, &b.currency)
                ),
            ));
        }
        let due_on = match self.due_on.as_deref().map(str::trim) {
            None | Some("") => today.to_owned(),
            Some(d) => date("due_on", d)?.to_string(),
        };
        let milestone = match self.milestone.as_deref().map(str::trim) {
            None | Some("") if amount == left && b.invoiced.is_zero() => "in full".to_owned(),
            None | Some("") => "part payment".to_owned(),
            Some(m) => required_text("milestone", m, limits::NAME)?,
        };
        Ok(InvoiceTerms {
            milestone,
            amount,
            due_on,
            pay_to: optional_text("pay_to", self.pay_to.as_deref(), limits::TEXT)?,
            note: optional_text("note", self.note.as_deref(), limits::TEXT)?,
        })
    }
}

/// An amount that can be paid: valid, and in the currency's minor unit
/// (no tenth of a cent).
fn payable(field: &str, value: Decimal, currency: &str) -> Result<Decimal, ValidationError> {
    let amount = money::amount(field, value, currency)?;
    if money::round_to_minor(amount, currency) != amount {
        return Err(ValidationError::new(
            field,
            ErrorCode::TooPrecise,
            format!(
                "{currency} is paid in {} decimals",
                money::minor_unit(currency)
            ),
        ));
    }
    Ok(amount)
}

/// `POST /invoices/{id}/payments`: a payment made by hand.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPayment {
    pub method: PayMethod,
    #[schema(value_type = String)]
    pub amount: Decimal,
    /// The transfer's serial number (流水号) or the cheque's number.
    pub reference: String,
    /// When it was paid (`YYYY-MM-DD`); today when absent.
    #[serde(default)]
    pub paid_on: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

impl NewPayment {
    /// Checks the payment against what the invoice still waits for
    /// (`open`: its amount less payments confirmed or still to confirm).
    pub fn check(
        self,
        open: Decimal,
        currency: &str,
        today: &str,
    ) -> Result<Self, ValidationError> {
        if self.method.is_online() {
            return Err(ValidationError::new(
                "method",
                ErrorCode::OnlineByProvider,
                "an online payment is recorded by its provider: start it with POST /invoices/{id}/checkout",
            ));
        }
        let amount = payable("amount", self.amount, currency)?;
        if amount <= Decimal::ZERO || amount > open {
            return Err(ValidationError::new(
                "amount",
                ErrorCode::ExceedsInvoice,
                format!(
                    "the invoice waits for {currency} {} (payments to confirm included)",
                    money::plain(open, currency)
                ),
            ));
        }
        let paid_on = match self.paid_on.as_deref().map(str::trim) {
            None | Some("") => today.to_owned(),
            Some(d) => date("paid_on", d)?.to_string(),
        };
        if paid_on.as_str() > today {
            return Err(ValidationError::new(
                "paid_on",
                ErrorCode::InTheFuture,
                format!("a payment is made today ({today}) or earlier"),
            ));
        }
        Ok(Self {
            amount,
            reference: required_text("reference", &self.reference, limits::SHORT)?,
            paid_on: Some(paid_on),
            note: optional_text("note", self.note.as_deref(), limits::TEXT)?,
            ..self
        })
    }
}

vocabulary!(
    /// The supplier's answer to a reported payment.
    PaymentDecision {
        /// 确认收款: the funds arrived.
        Confirm => "confirm",
        /// The funds did not arrive (a reason is required).
        Reject => "reject",
    }
);

/// `POST /invoices/{id}/payments/{payment}/answer`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentAnswer {
    pub decision: PaymentDecision,
    #[serde(default)]
    pub reason: Option<String>,
}

impl PaymentAnswer {
    /// A rejection says why.
    pub fn check(self) -> Result<Self, ValidationError> {
        let reason = optional_text("reason", self.reason.as_deref(), limits::TEXT)?;
        if self.decision == PaymentDecision::Reject && reason.is_none() {
            return Err(ValidationError::new(
                "reason",
                ErrorCode::ReasonRequired,
                "say what did not arrive",
            ));
        }
        Ok(Self { reason, ..self })
    }
}

/// A payment of an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct InvoicePayment {
    pub id: String,
    pub method: PayMethod,
    #[schema(value_type = String)]
    pub amount: Decimal,
    pub reference: String,
    pub paid_on: String,
    pub state: PaymentState,
    /// Why the supplier rejected it.
    pub reason: Option<String>,
    pub note: Option<String>,
    /// Proof of payment (a transfer slip, the cheque), by stored name.
    pub files: Vec<String>,
    pub reported_by: String,
    /// Who confirmed or rejected it.
    pub answered_by: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// An invoice, as both parties see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Invoice {
    pub id: String,
    /// `INV-<contract number>-<n>`.
    pub number: String,
    pub contract_id: String,
    pub milestone: String,
    pub currency: String,
    #[schema(value_type = String)]
    pub amount: Decimal,
    /// Confirmed paid.
    #[schema(value_type = String)]
    pub paid: Decimal,
    /// Still to pay (amount less confirmed payments).
    #[schema(value_type = String)]
    pub outstanding: Decimal,
    pub due_on: String,
    pub status: InvoiceStatus,
    pub pay_to: Option<String>,
    pub note: Option<String>,
    /// The SHA-256 of its PDF, once rendered.
    pub pdf_sha256: Option<String>,
    pub payments: Vec<InvoicePayment>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl Invoice {
    /// Payments confirmed or still to confirm: what the invoice no longer
    /// waits for (a rejected payment does not count).
    pub fn covered(&self) -> Decimal {
        self.payments
            .iter()
            .filter(|p| p.state != PaymentState::Rejected)
            .map(|p| p.amount)
            .sum()
    }

    /// What may still be paid of it: nothing once withdrawn.
    pub fn payable(&self) -> Decimal {
        if self.status == InvoiceStatus::Cancelled {
            return Decimal::ZERO;
        }
        (self.amount - self.covered()).max(Decimal::ZERO)
    }
}

/// An invoice's status from its amount and what was confirmed paid.
pub fn invoice_status(amount: Decimal, confirmed: Decimal, cancelled: bool) -> InvoiceStatus {
    if cancelled {
        InvoiceStatus::Cancelled
    } else if confirmed >= amount {
        InvoiceStatus::Paid
    } else if confirmed > Decimal::ZERO {
        InvoiceStatus::PartlyPaid
    } else {
        InvoiceStatus::Open
    }
}

/// A contract's money (结算): what it comes to, what was credited,
/// invoiced and confirmed paid, and what is still owed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Balance {
    pub currency: String,
    #[schema(value_type = String)]
    pub total: Decimal,
    #[schema(value_type = String)]
    pub credited: Decimal,
    #[schema(value_type = String)]
    pub invoiced: Decimal,
    #[schema(value_type = String)]
    pub paid: Decimal,
    /// Total less credits less confirmed payments.
    #[schema(value_type = String)]
    pub outstanding: Decimal,
    /// 已结清: nothing is owed.
    pub settled: bool,
}

/// `GET /contracts/{id}/invoices`: a contract's invoices and where its
/// money stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ContractAccount {
    pub invoices: Vec<Invoice>,
    pub balance: Balance,
}

/// One contract's balance in an organisation's statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ContractBalance {
    pub contract_id: String,
    pub number: String,
    pub supplier: String,
    pub balance: Balance,
}

/// The balance of a contract.
pub fn balance(b: &Billable, paid: Decimal) -> Balance {
    let outstanding = (b.total - b.credited - paid).max(Decimal::ZERO);
    Balance {
        currency: b.currency.clone(),
        total: b.total,
        credited: b.credited,
        invoiced: b.invoiced,
        paid,
        outstanding,
        settled: outstanding.is_zero(),
    }
}

#[cfg(test)]
mod tests;
