//! Requests for quotation (采购订单 / 询价单): what a purchaser wants —
//! catalogue products or free-text items with 产品名称、规格、数量、
//! 质量要求、交货时间、交货地点 — and which suppliers it asks. The
//! request's own status follows its bids ([`rfq_status`]).

use super::bid::BidStatus;
use crate::ErrorCode;
use crate::model::Address;
use crate::money;
use crate::validate::{ValidationError, date, in_range, limits, optional_text, required_text};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

/// The most lines a request may have.
pub const MAX_LINES: usize = 100;
/// The most suppliers one request may go to.
pub const MAX_SUPPLIERS: usize = 20;
/// The largest quantity of one line (bulk goods: screws by the million).
pub const MAX_QUANTITY: i64 = 100_000_000;

vocabulary!(
    /// Where a request stands as a whole.
    RfqStatus {
        /// Waits for one of the organisation's approvers (待审核).
        AwaitingApproval => "awaiting_approval",
        /// With the suppliers: quotes asked for or being negotiated
        /// (待供应商确认 / 待采购商确认), or waiting for staff to choose
        /// suppliers when it named none.
        Open => "open",
        /// Some lines are agreed with a supplier and nothing is still being
        /// negotiated: contracts come next.
        Awarded => "awarded",
        /// Every agreed bid's contract is signed by both parties (已签订合同).
        Contracted => "contracted",
        /// Every bid ended without agreement.
        Closed => "closed",
        /// Withdrawn by the purchaser or staff, or refused by an approver.
        Cancelled => "cancelled",
    }
);

/// The request's status from its bids: `cancelled` and waiting for
/// approval are the request's own; otherwise open while any bid is
/// negotiated (or no supplier was asked yet), awarded when some bid was
/// agreed, closed when all ended without agreement.
pub fn rfq_status(own: RfqStatus, bids: &[BidStatus]) -> RfqStatus {
    if matches!(own, RfqStatus::Cancelled | RfqStatus::AwaitingApproval) {
        return own;
    }
    if bids.is_empty() || bids.iter().any(|b| b.is_live()) {
        RfqStatus::Open
    } else if bids.contains(&BidStatus::Accepted) {
        RfqStatus::Awarded
    } else if bids.contains(&BidStatus::Contracted) {
        RfqStatus::Contracted
    } else {
        RfqStatus::Closed
    }
}

/// One line of a request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RfqLine {
    /// 1, 2, 3… in the order given.
    pub line_no: i64,
    /// The catalogue product asked for, if any.
    pub product_id: Option<String>,
    /// 产品名称: the product's title, or the item as the purchaser wrote it.
    pub title: String,
    /// 规格: size, material, colour…
    pub specs: Option<String>,
    pub quantity: i64,
    /// The unit counted (pieces, metres, kg); none: pieces.
    pub unit: Option<String>,
    /// 质量要求: the quality standard asked for.
    pub quality: Option<String>,
    /// When this line is needed, if not the request's date.
    pub needed_by: Option<String>,
    /// What the purchaser expects to pay per unit: its budget, used for
    /// the approval estimate and never shown to suppliers.
    #[schema(value_type = Option<String>)]
    pub target_price: Option<Decimal>,
}

/// A request, as its organisation, staff and the suppliers it went to see
/// it (suppliers: without target prices or the other suppliers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Rfq {
    pub id: String,
    /// `RFQ-1001`, in the order requests were made.
    pub number: String,
    pub organisation_id: String,
    pub organisation_name: String,
    pub title: String,
    pub currency: String,
    /// 交货时间 (`YYYY-MM-DD`).
    pub needed_by: String,
    /// 交货地点.
    pub delivery_address: Address,
    pub note: Option<String>,
    pub status: RfqStatus,
    pub lines: Vec<RfqLine>,
    /// Lines × target or catalogue prices, when every line has one
    /// (purchaser and staff only).
    #[schema(value_type = Option<String>)]
    pub estimate: Option<Decimal>,
    /// Who asked (`user:<email>`).
    pub created_by: String,
    /// The approver's decision, once made.
    pub approval: Option<RfqApproval>,
    /// One per supplier asked (a supplier sees only its own).
    pub bids: Vec<super::Bid>,
    /// Drawings and specifications, by stored name
    /// (`GET /rfqs/{id}/files/{name}`).
    #[serde(default)]
    pub files: Vec<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// An approver's decision on a request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RfqApproval {
    pub approved: bool,
    pub by: String,
    pub comment: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// `POST /rfqs`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRfq {
    /// Default: the first line's title.
    pub title: Option<String>,
    /// ISO 4217; default the organisation's.
    pub currency: Option<String>,
    /// `YYYY-MM-DD`, today or later.
    pub needed_by: String,
    /// Default: the organisation's delivery address.
    pub delivery_address: Option<Address>,
    pub note: Option<String>,
    pub lines: Vec<NewRfqLine>,
    /// Supplier ids or codes; none: staff choose the suppliers.
    #[serde(default)]
    pub suppliers: Vec<String>,
}

/// One line of `POST /rfqs`: a catalogue product (`product_id`), or a
/// free-text item (`title`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRfqLine {
    pub product_id: Option<String>,
    pub title: Option<String>,
    pub specs: Option<String>,
    pub quantity: i64,
    pub unit: Option<String>,
    pub quality: Option<String>,
    pub needed_by: Option<String>,
    #[schema(value_type = Option<String>)]
    pub target_price: Option<Decimal>,
}

/// A catalogue product as a request line takes it.
pub struct Listed {
    pub title: String,
    pub specs: Option<String>,
    pub min_order_qty: i64,
}

fn day_from(field: &str, value: &str, today: &str) -> Result<String, ValidationError> {
    let d = date(field, value)?.to_string();
    if d.as_str() < today {
        return Err(ValidationError::new(
            field,
            ErrorCode::InThePast,
            format!("must be today ({today}) or later"),
        ));
    }
    Ok(d)
}

impl NewRfqLine {
    /// The line as stored: a catalogue line takes the product's title and
    /// specs (`listed`), and must reach its minimum order quantity.
    pub fn line(
        self,
        line_no: i64,
        listed: Option<&Listed>,
        currency: &str,
        today: &str,
    ) -> Result<RfqLine, ValidationError> {
        let quantity = in_range("quantity", self.quantity, 1, MAX_QUANTITY)?;
        let title = match (listed, self.title.as_deref()) {
            (Some(p), _) => p.title.clone(),
            (None, Some(t)) => required_text("title", t, limits::NAME)?,
            (None, None) => {
                return Err(ValidationError::new(
                    "title",
                    ErrorCode::Required,
                    "name the item, or choose a catalogue product",
                ));
            }
        };
        if let Some(p) = listed.filter(|p| quantity < p.min_order_qty) {
            return Err(ValidationError::new(
                "quantity",
                ErrorCode::BelowMinimumQuantity,
                format!(
                    "the supplier sells this product from {} units",
                    p.min_order_qty
                ),
            ));
        }
        let specs = match self.specs.as_deref() {
            Some(s) => optional_text("specs", Some(s), limits::TEXT)?,
            None => listed.and_then(|p| p.specs.clone()),
        };
        Ok(RfqLine {
            line_no,
            product_id: self.product_id,
            title,
            specs,
            quantity,
            unit: optional_text("unit", self.unit.as_deref(), limits::SHORT)?,
            quality: optional_text("quality", self.quality.as_deref(), limits::NAME)?,
            needed_by: self
                .needed_by
                .as_deref()
                .filter(|d| !d.trim().is_empty())
                .map(|d| day_from("needed_by", d, today))
                .transpose()?,
            target_price: self
                .target_price
                .map(|p| money::amount("target_price", p, currency))
                .transpose()?,
        })
    }
}

impl NewRfq {
    /// Checks what needs nothing stored: counts, dates, the currency.
    pub fn check(&self, today: &str) -> Result<(), ValidationError> {
        if self.lines.is_empty() || self.lines.len() > MAX_LINES {
            return Err(ValidationError::new(
                "lines",
                ErrorCode::InvalidLineCount,
                format!("a request has 1 to {MAX_LINES} lines"),
            ));
        }
        if self.suppliers.len() > MAX_SUPPLIERS {
            return Err(ValidationError::new(
                "suppliers",
                ErrorCode::TooMany,
                format!("ask at most {MAX_SUPPLIERS} suppliers at once"),
            ));
        }
        day_from("needed_by", &self.needed_by, today)?;
        Ok(())
    }

    /// The request's header fields, cleaned.
    pub fn needed_by(&self, today: &str) -> Result<String, ValidationError> {
        day_from("needed_by", &self.needed_by, today)
    }
}

/// What the request would cost at its target prices, falling back to the
/// catalogue's (`price_of` a line's product); none when a line has
/// neither.
pub fn estimate(lines: &[RfqLine], price_of: impl Fn(&str) -> Option<Decimal>) -> Option<Decimal> {
    lines
        .iter()
        .map(|l| {
            let price = l
                .target_price
                .or_else(|| l.product_id.as_deref().and_then(&price_of))?;
            Some(price * Decimal::from(l.quantity))
        })
        .sum()
}

/// `POST /rfqs/{id}/approval`: an approver's decision.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RfqDecision {
    pub approve: bool,
    /// Required to refuse.
    pub comment: Option<String>,
}

/// `POST /rfqs/{id}/suppliers`: more suppliers to ask.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddSuppliers {
    /// Supplier ids or codes.
    pub suppliers: Vec<String>,
}

/// A reason, required (a rejection, a cancellation) or not (a decline).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Reason {
    pub reason: Option<String>,
}

impl Reason {
    /// The reason, required.
    pub fn required(self) -> Result<String, ValidationError> {
        match optional_text("reason", self.reason.as_deref(), limits::TEXT)? {
            Some(r) => Ok(r),
            None => Err(ValidationError::new(
                "reason",
                ErrorCode::ReasonRequired,
                "say why",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(title: Option<&str>, qty: i64) -> NewRfqLine {
        NewRfqLine {
            title: title.map(str::to_owned),
            quantity: qty,
            ..Default::default()
        }
    }

    #[test]
    fn a_catalogue_line_takes_the_product_and_its_minimum() {
        let listed = Listed {
            title: "Ceramic mug 350 ml".into(),
            specs: Some("white".into()),
            min_order_qty: 500,
        };
        let e = line(None, 499)
            .line(1, Some(&listed), "USD", "2026-12-04")
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::BelowMinimumQuantity);
        let l = line(Some("ignored"), 500)
            .line(1, Some(&listed), "USD", "2026-12-04")
            .unwrap();
        assert_eq!(
            (l.title.as_str(), l.specs.as_deref()),
            ("Ceramic mug 350 ml", Some("white"))
        );
        let e = line(None, 5)
            .line(1, None, "USD", "2026-12-04")
            .unwrap_err();
        assert_eq!((e.field.as_str(), e.code), ("title", ErrorCode::Required));
    }

    #[test]
    fn estimates_need_a_price_for_every_line() {
        let mut a = line(Some("A"), 10)
            .line(1, None, "USD", "2026-12-04")
            .unwrap();
        let mut b = line(Some("B"), 3)
            .line(2, None, "USD", "2026-12-04")
            .unwrap();
        b.product_id = Some("p1".into());
        let catalogue = |id: &str| (id == "p1").then(|| Decimal::from(7));
        assert_eq!(estimate(&[a.clone(), b.clone()], catalogue), None);
        a.target_price = Some(Decimal::from(2));
        assert_eq!(
            estimate(&[a, b.clone()], catalogue),
            Some(Decimal::from(41))
        );
        b.product_id = None;
        assert_eq!(estimate(&[b], catalogue), None);
    }

    #[test]
    fn the_request_follows_its_bids() {
        use BidStatus as B;
        use RfqStatus as R;
        assert_eq!(rfq_status(R::Open, &[]), R::Open);
        assert_eq!(rfq_status(R::Open, &[B::Rejected, B::Quoted]), R::Open);
        assert_eq!(rfq_status(R::Open, &[B::Rejected, B::Accepted]), R::Awarded);
        assert_eq!(rfq_status(R::Open, &[B::Rejected, B::Declined]), R::Closed);
        assert_eq!(
            rfq_status(R::Awarded, &[B::Contracted, B::Accepted]),
            R::Awarded
        );
        assert_eq!(
            rfq_status(R::Awarded, &[B::Contracted, B::Rejected]),
            R::Contracted
        );
        assert_eq!(rfq_status(R::Cancelled, &[B::Quoted]), R::Cancelled);
        assert_eq!(rfq_status(R::AwaitingApproval, &[]), R::AwaitingApproval);
    }

    #[test]
    fn dates_are_days_from_today() {
        let e = line(Some("A"), 1);
        let mut e = e;
        e.needed_by = Some("2026-12-03".into());
        let err = e.line(1, None, "USD", "2026-12-04").unwrap_err();
        assert_eq!(err.code, ErrorCode::InThePast);
    }
}
