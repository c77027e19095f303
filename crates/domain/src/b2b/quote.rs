//! Quotes (报价单) and counter-offers: each is a numbered version of what
//! one supplier and the purchaser would agree to — per line the unit
//! price, quantity, lead time, delivery date and quality standard; for
//! the whole, shipping, payment terms and how long the offer holds. Both
//! sides see what changed from one version to the next ([`changes`]).

use super::rfq::{MAX_QUANTITY, RfqLine};
use crate::ErrorCode;
use crate::money;
use crate::validate::{ValidationError, date, in_range, limits, optional_text};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

/// The longest lead time a quote may name, in days (ten years).
pub const MAX_LEAD_DAYS: i64 = 3_650;

vocabulary!(
    /// Who wrote a version.
    QuoteAuthor {
        /// A quote (the supplier, or staff for it).
        Supplier => "supplier",
        /// A counter-offer.
        Purchaser => "purchaser",
    }
);

/// One line of an offer; `line_no` is the request's line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OfferLine {
    pub line_no: i64,
    #[schema(value_type = String, example = "4.20")]
    pub unit_price: Decimal,
    pub quantity: i64,
    /// Days from the contract to shipment.
    pub lead_time_days: Option<i64>,
    /// `YYYY-MM-DD`.
    pub delivery_date: Option<String>,
    /// The quality standard offered (GB/T…, ISO…, "AQL 2.5").
    pub quality: Option<String>,
    pub note: Option<String>,
}

/// What one version proposes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Offer {
    /// The request's currency.
    pub currency: String,
    /// The request's lines this version covers (a supplier may quote some).
    pub lines: Vec<OfferLine>,
    #[schema(value_type = String, example = "35.00")]
    pub shipping_cost: Decimal,
    pub payment_terms: Option<String>,
    /// The last day the offer may be accepted (`YYYY-MM-DD`, UTC).
    pub valid_until: String,
    pub note: Option<String>,
}

impl Offer {
    /// The lines at their prices plus shipping.
    pub fn total(&self) -> Decimal {
        self.lines
            .iter()
            .map(|l| l.unit_price * Decimal::from(l.quantity))
            .sum::<Decimal>()
            + self.shipping_cost
    }

    /// Whether the offer can no longer be accepted on `today` (`YYYY-MM-DD`).
    pub fn expired(&self, today: &str) -> bool {
        self.valid_until.as_str() < today
    }
}

/// One version of a bid, as both sides see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Quote {
    /// 1, 2, 3… per bid.
    pub version: i64,
    pub author: QuoteAuthor,
    pub offer: Offer,
    #[schema(value_type = String)]
    pub total: Decimal,
    /// What differs from the version before (empty for the first).
    pub changes: Vec<Change>,
    pub created_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// `POST /bids/{id}/quotes`: a supplier's quote, or a revised one.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewQuote {
    pub lines: Vec<NewQuoteLine>,
    #[schema(value_type = Option<String>)]
    pub shipping_cost: Option<Decimal>,
    pub payment_terms: Option<String>,
    /// `YYYY-MM-DD`, today or later.
    pub valid_until: String,
    pub note: Option<String>,
}

/// One line of a quote; the quantity defaults to the one asked for.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewQuoteLine {
    pub line_no: i64,
    #[schema(value_type = String)]
    pub unit_price: Decimal,
    pub quantity: Option<i64>,
    pub lead_time_days: Option<i64>,
    pub delivery_date: Option<String>,
    pub quality: Option<String>,
    pub note: Option<String>,
}

/// `POST /bids/{id}/counter`: the purchaser's changes to the latest
/// version; lines and fields not named stay as they are.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CounterOffer {
    #[serde(default)]
    pub lines: Vec<CounterLine>,
    #[schema(value_type = Option<String>)]
    pub shipping_cost: Option<Decimal>,
    pub payment_terms: Option<String>,
    pub note: Option<String>,
}

/// A counter-offer's change of one line.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CounterLine {
    pub line_no: i64,
    #[schema(value_type = Option<String>)]
    pub unit_price: Option<Decimal>,
    pub quantity: Option<i64>,
    pub delivery_date: Option<String>,
    pub quality: Option<String>,
}

/// A date written `YYYY-MM-DD`, canonical.
fn day(field: &str, value: &str) -> Result<String, ValidationError> {
    Ok(date(field, value)?.to_string())
}

fn opt_day(field: &str, value: Option<&str>) -> Result<Option<String>, ValidationError> {
    value
        .filter(|v| !v.trim().is_empty())
        .map(|v| day(field, v))
        .transpose()
}

/// Refuses a line number the request does not have, or one named twice.
fn check_line_no(
    field: &str,
    no: i64,
    known: &[i64],
    seen: &mut Vec<i64>,
) -> Result<(), ValidationError> {
    if !known.contains(&no) {
        return Err(ValidationError::new(
            field,
            ErrorCode::UnknownLine,
            format!("the request has no line {no}"),
        ));
    }
    if seen.contains(&no) {
        return Err(ValidationError::new(
            field,
            ErrorCode::DuplicateLine,
            format!("line {no} is named twice"),
        ));
    }
    seen.push(no);
    Ok(())
}

impl NewQuote {
    /// The offer this quote makes on the request's `lines` in `currency`,
    /// checked on `today` (`YYYY-MM-DD`).
    pub fn offer(
        self,
        rfq: &[RfqLine],
        currency: &str,
        today: &str,
    ) -> Result<Offer, ValidationError> {
        if self.lines.is_empty() || self.lines.len() > rfq.len() {
            return Err(ValidationError::new(
                "lines",
                ErrorCode::InvalidLineCount,
                "quote at least one of the request's lines",
            ));
        }
        let known: Vec<i64> = rfq.iter().map(|l| l.line_no).collect();
        let mut seen = Vec::new();
        let mut lines = Vec::with_capacity(self.lines.len());
        for (i, l) in self.lines.into_iter().enumerate() {
            let at = |e: ValidationError| e.within(&format!("lines[{i}]"));
            check_line_no("line_no", l.line_no, &known, &mut seen).map_err(at)?;
            let asked = rfq
                .iter()
                .find(|r| r.line_no == l.line_no)
                .map(|r| r.quantity);
            lines.push(OfferLine {
                line_no: l.line_no,
                unit_price: money::amount("unit_price", l.unit_price, currency).map_err(at)?,
                quantity: in_range(
                    "quantity",
                    l.quantity.or(asked).unwrap_or(1),
                    1,
                    MAX_QUANTITY,
                )
                .map_err(at)?,
                lead_time_days: l
                    .lead_time_days
                    .map(|d| in_range("lead_time_days", d, 0, MAX_LEAD_DAYS))
                    .transpose()
                    .map_err(at)?,
                delivery_date: opt_day("delivery_date", l.delivery_date.as_deref()).map_err(at)?,
                quality: optional_text("quality", l.quality.as_deref(), limits::NAME)
                    .map_err(at)?,
                note: optional_text("note", l.note.as_deref(), limits::TEXT).map_err(at)?,
            });
        }
        lines.sort_by_key(|l| l.line_no);
        let valid_until = day("valid_until", &self.valid_until)?;
        if valid_until.as_str() < today {
            return Err(ValidationError::new(
                "valid_until",
                ErrorCode::InThePast,
                format!("an offer must hold at least until today ({today})"),
            ));
        }
        Ok(Offer {
            currency: currency.to_owned(),
            lines,
            shipping_cost: money::amount(
                "shipping_cost",
                self.shipping_cost.unwrap_or_default(),
                currency,
            )?,
            payment_terms: optional_text(
                "payment_terms",
                self.payment_terms.as_deref(),
                limits::NAME,
            )?,
            valid_until,
            note: optional_text("note", self.note.as_deref(), limits::TEXT)?,
        })
    }
}

impl CounterOffer {
    /// The latest version `prev` with this counter-offer's changes; a
    /// counter-offer that changes nothing is refused (`empty_patch`).
    pub fn apply(self, prev: &Offer) -> Result<Offer, ValidationError> {
        let currency = prev.currency.as_str();
        let mut next = prev.clone();
        next.note = optional_text("note", self.note.as_deref(), limits::TEXT)?;
        if let Some(s) = self.shipping_cost {
            next.shipping_cost = money::amount("shipping_cost", s, currency)?;
        }
        if let Some(t) = self.payment_terms {
            next.payment_terms = optional_text("payment_terms", Some(&t), limits::NAME)?;
        }
        let known: Vec<i64> = prev.lines.iter().map(|l| l.line_no).collect();
        let mut seen = Vec::new();
        for (i, c) in self.lines.into_iter().enumerate() {
            let at = |e: ValidationError| e.within(&format!("lines[{i}]"));
            check_line_no("line_no", c.line_no, &known, &mut seen).map_err(at)?;
            let Some(line) = next.lines.iter_mut().find(|l| l.line_no == c.line_no) else {
                continue;
            };
            if let Some(p) = c.unit_price {
                line.unit_price = money::amount("unit_price", p, currency).map_err(at)?;
            }
            if let Some(q) = c.quantity {
                line.quantity = in_range("quantity", q, 1, MAX_QUANTITY).map_err(at)?;
            }
            if let Some(d) = c.delivery_date.as_deref() {
                line.delivery_date = opt_day("delivery_date", Some(d)).map_err(at)?;
            }
            if let Some(q) = c.quality.as_deref() {
                line.quality = optional_text("quality", Some(q), limits::NAME).map_err(at)?;
            }
        }
        if changes(prev, &next)
            .iter()
            .all(|c| c.field == OfferField::Note)
        {
            return Err(ValidationError::new(
                "lines",
                ErrorCode::EmptyPatch,
                "a counter-offer changes a price, quantity, date, quality, shipping or terms",
            ));
        }
        Ok(next)
    }
}

vocabulary!(
    /// A field of an offer that changed between versions.
    OfferField {
        /// The line is in one version and not the other.
        Line => "line",
        UnitPrice => "unit_price",
        Quantity => "quantity",
        LeadTimeDays => "lead_time_days",
        DeliveryDate => "delivery_date",
        Quality => "quality",
        ShippingCost => "shipping_cost",
        PaymentTerms => "payment_terms",
        ValidUntil => "valid_until",
        Note => "note",
    }
);

/// One difference between two versions; `line_no` is none for the
/// offer's own fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Change {
    pub line_no: Option<i64>,
    pub field: OfferField,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// What changed from `before` to `after`, line by line, then the offer's
/// own fields. Amounts are written with their currency's decimals.
pub fn changes(before: &Offer, after: &Offer) -> Vec<Change> {
    let money = |d: Decimal| Some(money::plain(d, &after.currency));
    let mut out = Vec::new();
    let mut push = |line_no, field, b: Option<String>, a: Option<String>| {
        if b != a {
            out.push(Change {
                line_no,
                field,
                before: b,
                after: a,
            });
        }
    };
    let mut nos: Vec<i64> = before
        .lines
        .iter()
        .chain(&after.lines)
        .map(|l| l.line_no)
        .collect();
    nos.sort_unstable();
    nos.dedup();
    for no in nos {
        let b = before.lines.iter().find(|l| l.line_no == no);
        let a = after.lines.iter().find(|l| l.line_no == no);
        let (b, a) = match (b, a) {
            (Some(b), Some(a)) => (b, a),
            (b, a) => {
                let offered = |l: Option<&OfferLine>| l.map(|l| l.quantity.to_string());
                push(Some(no), OfferField::Line, offered(b), offered(a));
                continue;
            }
        };
        let n = Some(no);
        push(
            n,
            OfferField::UnitPrice,
            money(b.unit_price),
            money(a.unit_price),
        );
        push(
            n,
            OfferField::Quantity,
            Some(b.quantity.to_string()),
            Some(a.quantity.to_string()),
        );
        let days = |d: Option<i64>| d.map(|d| d.to_string());
        push(
            n,
            OfferField::LeadTimeDays,
            days(b.lead_time_days),
            days(a.lead_time_days),
        );
        push(
            n,
            OfferField::DeliveryDate,
            b.delivery_date.clone(),
            a.delivery_date.clone(),
        );
        push(n, OfferField::Quality, b.quality.clone(), a.quality.clone());
    }
    push(
        None,
        OfferField::ShippingCost,
        money(before.shipping_cost),
        money(after.shipping_cost),
    );
    push(
        None,
        OfferField::PaymentTerms,
        before.payment_terms.clone(),
        after.payment_terms.clone(),
    );
    push(
        None,
        OfferField::ValidUntil,
        Some(before.valid_until.clone()),
        Some(after.valid_until.clone()),
    );
    push(
        None,
        OfferField::Note,
        before.note.clone(),
        after.note.clone(),
    );
    out
}

#[cfg(test)]
mod tests;
