//! E-contracts (电子合同): made from the version of a bid both sides
//! accepted — parties, lines, totals, delivery, payment terms and quality
//! clauses ([`ContractTerms`], everything the PDF shows). Both parties
//! sign the SHA-256 of the PDF they read ([`sign`]); once both have, the
//! contract is `signed` (已签订合同) and never changes. A change after that
//! is a new version ([`revise`]), signed again; it replaces the old one
//! only once both have signed it.

use super::bid::BidParty;
use super::quote::Offer;
use super::rfq::{MAX_QUANTITY, Rfq};
use crate::ErrorCode;
use crate::model::Address;
use crate::money;
use crate::validate::{ValidationError, date, in_range, limits, optional_text};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

vocabulary!(
    /// Where a contract version stands.
    ContractStatus {
        /// Waits for one or both signatures (待签署).
        AwaitingSignatures => "awaiting_signatures",
        /// Both parties signed: in force and immutable (已签订合同).
        Signed => "signed",
        /// A later version took its place.
        Superseded => "superseded",
    }
);

/// One party as the contract names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ContractParty {
    pub name: String,
    pub tax_id: Option<String>,
    pub address: Option<Address>,
}

/// One line of the contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ContractLine {
    pub line_no: i64,
    pub title: String,
    pub specs: Option<String>,
    pub unit: Option<String>,
    pub quantity: i64,
    #[schema(value_type = String)]
    pub unit_price: Decimal,
    #[schema(value_type = String)]
    pub amount: Decimal,
    /// The quality standard agreed (the offer's, else the request's).
    pub quality: Option<String>,
    /// `YYYY-MM-DD`: the offer's date, else the line's or the request's.
    pub delivery_date: String,
    pub lead_time_days: Option<i64>,
}

/// Everything the contract says, fixed when it is made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ContractTerms {
    /// `CT-1001-JDZ`: the request's number and the supplier's code.
    pub number: String,
    pub version: i64,
    /// The day it was drawn up (`YYYY-MM-DD`, UTC).
    pub date: String,
    pub rfq_number: String,
    /// The bid's version the contract was made from.
    pub quote_version: i64,
    pub buyer: ContractParty,
    pub seller: ContractParty,
    pub currency: String,
    pub lines: Vec<ContractLine>,
    #[schema(value_type = String)]
    pub shipping_cost: Decimal,
    #[schema(value_type = String)]
    pub total: Decimal,
    pub delivery_address: Address,
    pub payment_terms: Option<String>,
    /// The clauses on quality, inspection and returns.
    pub quality_clauses: Vec<String>,
    pub note: Option<String>,
}

/// A signature: who, when, from where, and the hash of the PDF they saw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Signature {
    pub party: BidParty,
    pub signed_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub signed_at: OffsetDateTime,
    /// The address the signature came from.
    pub ip: Option<String>,
    pub sha256: String,
}

/// One version of a contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Contract {
    pub id: String,
    pub rfq_id: String,
    pub bid_id: String,
    pub supplier_id: String,
    pub organisation_id: String,
    pub status: ContractStatus,
    pub terms: ContractTerms,
    /// The SHA-256 of the PDF (`GET /contracts/{id}/pdf`), once rendered.
    pub pdf_sha256: Option<String>,
    pub signatures: Vec<Signature>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// The clauses every contract carries; the agreed standard of each line
/// is in its row.
pub const STANDARD_CLAUSES: &[&str] = &[
    "Goods conform to the specification and quality standard of each line. 货物须符合各行所列规格及质量标准。",
    "The buyer inspects goods within 7 days of arrival and records accepted and rejected quantities; goods not rejected in that time are accepted. 买方应于货到后 7 日内验收并记录合格与不合格数量，逾期未提出异议视为验收合格。",
    "Rejected goods are replaced or credited at the seller's cost. 不合格货物由卖方负责更换或退款，费用由卖方承担。",
    "A change to this contract is a new version signed by both parties. 本合同的任何变更须以新版本形式经双方签署后生效。",
];

/// The contract drawn up on `today` from the request and the offer both
/// sides accepted (version `quote_version`).
pub fn draw_up(
    rfq: &Rfq,
    (seller, code): (ContractParty, &str),
    buyer: ContractParty,
    (quote_version, offer): (i64, &Offer),
    today: &str,
) -> ContractTerms {
    let lines = offer
        .lines
        .iter()
        .filter_map(|o| {
            let asked = rfq.lines.iter().find(|l| l.line_no == o.line_no)?;
            Some(ContractLine {
                line_no: o.line_no,
                title: asked.title.clone(),
                specs: asked.specs.clone(),
                unit: asked.unit.clone(),
                quantity: o.quantity,
                unit_price: o.unit_price,
                amount: o.unit_price * Decimal::from(o.quantity),
                quality: o.quality.clone().or_else(|| asked.quality.clone()),
                delivery_date: o
                    .delivery_date
                    .clone()
                    .or_else(|| asked.needed_by.clone())
                    .unwrap_or_else(|| rfq.needed_by.clone()),
                lead_time_days: o.lead_time_days,
            })
        })
        .collect();
    let number = format!("CT-{}-{code}", rfq.number.trim_start_matches("RFQ-"));
    ContractTerms {
        number,
        version: 1,
        date: today.to_owned(),
        rfq_number: rfq.number.clone(),
        quote_version,
        buyer,
        seller,
        currency: offer.currency.clone(),
        lines,
        shipping_cost: offer.shipping_cost,
        total: offer.total(),
        delivery_address: rfq.delivery_address.clone(),
        payment_terms: offer.payment_terms.clone(),
        quality_clauses: STANDARD_CLAUSES.iter().map(|c| (*c).to_owned()).collect(),
        note: offer.note.clone(),
    }
}

/// Why a signature or revision was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContractRefused {
    #[error("a later version replaced this contract: read and sign that one")]
    Superseded,
    #[error("both parties have signed; the contract no longer changes")]
    AlreadySigned,
    #[error("your side has signed this version already")]
    SignedByYou,
    #[error("the document changed since it was read: read it again and sign its hash")]
    HashMismatch,
    #[error("the PDF is not ready yet: read it first")]
    NotRendered,
    #[error("only the buyer and the seller sign a contract")]
    NotAParty,
}

impl ContractRefused {
    pub fn code(&self) -> ErrorCode {
        match self {
            ContractRefused::Superseded => ErrorCode::ContractSuperseded,
            ContractRefused::AlreadySigned | ContractRefused::SignedByYou => {
                ErrorCode::AlreadySigned
            }
            ContractRefused::HashMismatch => ErrorCode::HashMismatch,
            ContractRefused::NotRendered => ErrorCode::HashMismatch,
            ContractRefused::NotAParty => ErrorCode::NotAParty,
        }
    }
}

/// The contract's status after `party` signs the PDF whose hash it saw
/// (`seen`): signed once both parties have.
pub fn sign(
    contract: &Contract,
    party: BidParty,
    seen: &str,
) -> Result<ContractStatus, ContractRefused> {
    if party == BidParty::Operator {
        return Err(ContractRefused::NotAParty);
    }
    match contract.status {
        ContractStatus::Superseded => return Err(ContractRefused::Superseded),
        ContractStatus::Signed => return Err(ContractRefused::AlreadySigned),
        ContractStatus::AwaitingSignatures => {}
    }
    if contract.signatures.iter().any(|s| s.party == party) {
        return Err(ContractRefused::SignedByYou);
    }
    let hash = contract
        .pdf_sha256
        .as_deref()
        .ok_or(ContractRefused::NotRendered)?;
    if !seen.trim().eq_ignore_ascii_case(hash) {
        return Err(ContractRefused::HashMismatch);
    }
    let other = contract.signatures.iter().any(|s| s.party != party);
    Ok(match other {
        true => ContractStatus::Signed,
        false => ContractStatus::AwaitingSignatures,
    })
}

/// `POST /contracts/{id}/signatures`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSignature {
    /// The SHA-256 (hex) of the PDF the signer read.
    pub sha256: String,
}

/// `POST /contracts/{id}/revisions`: what changes in a new version.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    #[serde(default)]
    pub lines: Vec<RevisedLine>,
    pub payment_terms: Option<String>,
    /// Why (kept in the new version's note).
    pub note: Option<String>,
}

/// A revision's change of one line.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevisedLine {
    pub line_no: i64,
    pub quantity: Option<i64>,
    #[schema(value_type = Option<String>)]
    pub unit_price: Option<Decimal>,
    pub delivery_date: Option<String>,
    pub quality: Option<String>,
}

/// The next version of `terms` with the revision's changes, drawn up on
/// `today`; a revision that changes nothing is refused.
pub fn revise(
    terms: &ContractTerms,
    r: Revision,
    today: &str,
) -> Result<ContractTerms, ValidationError> {
    let mut next = terms.clone();
    let currency = terms.currency.clone();
    for (i, c) in r.lines.into_iter().enumerate() {
        let at = |e: ValidationError| e.within(&format!("lines[{i}]"));
        let Some(line) = next.lines.iter_mut().find(|l| l.line_no == c.line_no) else {
            return Err(at(ValidationError::new(
                "line_no",
                ErrorCode::UnknownLine,
                format!("the contract has no line {}", c.line_no),
            )));
        };
        if let Some(q) = c.quantity {
            line.quantity = in_range("quantity", q, 1, MAX_QUANTITY).map_err(at)?;
        }
        if let Some(p) = c.unit_price {
            line.unit_price = money::amount("unit_price", p, &currency).map_err(at)?;
        }
        if let Some(d) = c.delivery_date.as_deref() {
            line.delivery_date = date("delivery_date", d).map_err(at)?.to_string();
        }
        if let Some(q) = c.quality.as_deref() {
            line.quality = optional_text("quality", Some(q), limits::NAME).map_err(at)?;
        }
        line.amount = line.unit_price * Decimal::from(line.quantity);
    }
    if let Some(t) = r.payment_terms.as_deref() {
        next.payment_terms = optional_text("payment_terms", Some(t), limits::NAME)?;
    }
    next.total = next.lines.iter().map(|l| l.amount).sum::<Decimal>() + next.shipping_cost;
    if next == *terms {
        return Err(ValidationError::new(
            "lines",
            ErrorCode::EmptyPatch,
            "a revision changes a quantity, price, date, quality or the payment terms",
        ));
    }
    next.note = optional_text("note", r.note.as_deref(), limits::TEXT)?;
    next.version = terms.version + 1;
    next.date = today.to_owned();
    Ok(next)
}

#[cfg(test)]
pub(crate) mod tests;
