//! B2B purchasing (source document 002): purchaser organisations
//! ([`org`]) browse the suppliers' published catalogue, send requests for
//! quotation ([`rfq`]) to suppliers, and negotiate each supplier's bid
//! ([`bid`]) in numbered versions of quotes and counter-offers
//! ([`quote`]) until one is accepted. The contract, shipments, receipt and
//! payment follow from the accepted version.

pub mod bid;
pub mod contract;
pub mod delivery;
pub mod invoice;
pub mod org;
pub mod quote;
pub mod receipt;
pub mod returns;
pub mod rfq;

pub use bid::{BidParty, BidRefused, BidStatus, BidStep};
pub use contract::{Contract, ContractStatus, ContractTerms, NewSignature, Revision, Signature};
pub use org::{NewMember, OrgRole, Organisation, OrganisationInput, needs_approval};
pub use quote::{Change, CounterOffer, NewQuote, Offer, OfferField, Quote, QuoteAuthor};
pub use rfq::{AddSuppliers, NewRfq, NewRfqLine, Reason, Rfq, RfqDecision, RfqLine, RfqStatus};

use crate::ErrorCode;
use crate::validate::{ValidationError, limits, required_text};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

/// One supplier's side of a request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Bid {
    pub id: String,
    pub rfq_id: String,
    pub supplier_id: String,
    pub supplier_name: String,
    pub status: BidStatus,
    /// The supplier's rejection, or the purchaser's decline, in words.
    pub reason: Option<String>,
    /// The version both sides agreed on.
    pub accepted_version: Option<i64>,
    /// Every version, oldest first, each with what changed.
    pub quotes: Vec<Quote>,
    /// What the caller may do next (`quote`, `accept`…).
    pub next_steps: Vec<BidStep>,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl Bid {
    /// The latest version, if any.
    pub fn latest(&self) -> Option<&Quote> {
        self.quotes.last()
    }
}

/// `POST /bids/{id}/accept`: the version the caller read. Accepting
/// anything but the latest version is refused (`version_superseded`), so
/// nobody agrees to an offer that changed under them.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    pub version: i64,
}

/// A step on a bid with what it carries.
#[derive(Debug, Clone)]
pub enum BidAction {
    Quote(NewQuote),
    Reject(String),
    Counter(CounterOffer),
    Accept(i64),
    Decline(Option<String>),
}

impl BidAction {
    pub fn step(&self) -> BidStep {
        match self {
            BidAction::Quote(_) => BidStep::Quote,
            BidAction::Reject(_) => BidStep::Reject,
            BidAction::Counter(_) => BidStep::Counter,
            BidAction::Accept(_) => BidStep::Accept,
            BidAction::Decline(_) => BidStep::Decline,
        }
    }
}

/// Refuses accepting `seen` when `latest` is the bid's newest version.
pub fn check_version(latest: i64, seen: i64) -> Result<(), ValidationError> {
    if seen == latest {
        return Ok(());
    }
    Err(ValidationError::new(
        "version",
        ErrorCode::VersionSuperseded,
        format!("version {seen} is not the latest; read version {latest} and accept that"),
    ))
}

/// A message in a bid's thread (洽谈), between the purchaser and the
/// supplier; staff may read and write.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct BidMessage {
    pub id: String,
    pub author: String,
    pub party: BidParty,
    pub body: String,
    /// Attached files, by stored name
    /// (`GET /bids/{id}/messages/{message}/files/{name}`).
    #[serde(default)]
    pub files: Vec<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// `POST /bids/{id}/messages`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewBidMessage {
    pub body: String,
}

impl NewBidMessage {
    pub fn body(self) -> Result<String, ValidationError> {
        required_text("body", &self.body, limits::TEXT)
    }

    /// The text of a message that carries files: it may say nothing.
    pub fn caption(self) -> Result<String, ValidationError> {
        Ok(
            crate::validate::optional_text("body", Some(&self.body), limits::TEXT)?
                .unwrap_or_default(),
        )
    }
}

/// At most this many files on a request, and on one message.
pub const MAX_ATTACHMENTS: usize = 10;

/// A published product as purchasers see it: what it is and what it
/// costs, never the supplier's other data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CatalogueItem {
    pub id: String,
    pub supplier_id: String,
    pub supplier_name: String,
    pub category: String,
    pub title: String,
    pub specs: Option<String>,
    pub currency: String,
    /// The supply price; none: price on request.
    #[schema(value_type = Option<String>)]
    pub price: Option<Decimal>,
    /// The fewest units the supplier sells.
    pub min_order_qty: i64,
    /// Stored image names, served at `/catalogue/{id}/images/{name}`.
    pub images: Vec<String>,
}
