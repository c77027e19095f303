//! One supplier's side of a request for quotation: the negotiation
//! (报价 → 洽谈 → 接受), as a table of steps like the other lifecycles.
//!
//! A request goes to each supplier it names as a [`BidStatus::ToQuote`]
//! bid (待供应商确认). The supplier quotes (待采购商确认) or rejects with a
//! reason; the purchaser accepts, declines or counter-offers; each quote
//! and counter-offer is a new numbered version. Whoever did not write the
//! latest version may accept it: the bid is then agreed and the contract
//! is made from that version.

use crate::ErrorCode;

vocabulary!(
    /// Where one supplier's negotiation of a request stands.
    BidStatus {
        /// The supplier is to quote or reject (待供应商确认).
        ToQuote => "to_quote",
        /// The supplier quoted; the purchaser is to accept, decline or
        /// counter-offer (待采购商确认).
        Quoted => "quoted",
        /// The purchaser counter-offered; the supplier is to accept, quote
        /// again or reject.
        Countered => "countered",
        /// Both sides agreed on a version: the contract comes next.
        Accepted => "accepted",
        /// Both parties signed the contract (已签订合同).
        Contracted => "contracted",
        /// The supplier would not quote (`reason`: stock, capacity…).
        Rejected => "rejected",
        /// The purchaser turned the quote down, or chose another supplier
        /// for every line.
        Declined => "declined",
        /// The request was cancelled.
        Withdrawn => "withdrawn",
    }
);

impl BidStatus {
    /// Still being negotiated.
    pub fn is_live(self) -> bool {
        matches!(
            self,
            BidStatus::ToQuote | BidStatus::Quoted | BidStatus::Countered
        )
    }
}

vocabulary!(
    /// What is done to a bid.
    BidStep {
        /// A new quote version (the supplier, or staff for it).
        Quote => "quote",
        /// The supplier will not quote, or will not take the counter-offer.
        Reject => "reject",
        /// A counter-offer: a new version written by the purchaser.
        Counter => "counter",
        /// The other side's latest version is accepted.
        Accept => "accept",
        /// The purchaser turns the quote down.
        Decline => "decline",
        /// The request is cancelled.
        Withdraw => "withdraw",
    }
);

vocabulary!(
    /// Who acts on a bid (stored with messages and signatures).
    BidParty {
        /// The supplier the request went to.
        Supplier => "supplier",
        /// A buyer of the organisation that asked.
        Purchaser => "purchaser",
        /// The seller's staff: may quote or reject for a supplier that
        /// answered by other means, and cancel a request; never accepts
        /// for a purchaser (an acceptance binds the purchaser to pay).
        Operator => "operator",
    }
);

/// One edge of the negotiation.
pub struct BidEdge {
    pub from: BidStatus,
    pub step: BidStep,
    pub to: BidStatus,
    pub by: &'static [BidParty],
}

const fn edge(from: BidStatus, step: BidStep, to: BidStatus, by: &'static [BidParty]) -> BidEdge {
    BidEdge { from, step, to, by }
}

use BidParty::{Operator, Purchaser, Supplier};
use BidStatus as B;
use BidStep as S;

const SELLER: &[BidParty] = &[Supplier, Operator];
const BUYER: &[BidParty] = &[Purchaser];
const ANY_BUYER: &[BidParty] = &[Purchaser, Operator];

/// The negotiation, as data.
pub static STEPS: &[BidEdge] = &[
    edge(B::ToQuote, S::Quote, B::Quoted, SELLER),
    edge(B::ToQuote, S::Reject, B::Rejected, SELLER),
    // a revised quote before the purchaser answers
    edge(B::Quoted, S::Quote, B::Quoted, SELLER),
    edge(B::Quoted, S::Accept, B::Accepted, BUYER),
    edge(B::Quoted, S::Decline, B::Declined, BUYER),
    edge(B::Quoted, S::Counter, B::Countered, BUYER),
    edge(B::Countered, S::Accept, B::Accepted, SELLER),
    edge(B::Countered, S::Quote, B::Quoted, SELLER),
    edge(B::Countered, S::Reject, B::Rejected, SELLER),
    // a revised counter-offer before the supplier answers
    edge(B::Countered, S::Counter, B::Countered, BUYER),
    edge(B::ToQuote, S::Withdraw, B::Withdrawn, ANY_BUYER),
    edge(B::Quoted, S::Withdraw, B::Withdrawn, ANY_BUYER),
    edge(B::Countered, S::Withdraw, B::Withdrawn, ANY_BUYER),
];

/// Why a step was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BidRefused {
    /// The step does not apply in the bid's status.
    #[error("a bid that is {from} cannot {step}")]
    NotNow { from: BidStatus, step: BidStep },
    /// The step exists here but is the other side's.
    #[error("{step} on a {from} bid is the other side's to do")]
    NotYours { from: BidStatus, step: BidStep },
}

impl BidRefused {
    /// The stable code of the refusal: 409 `bid_closed` when the bid is
    /// over, 409 `not_your_turn` when the other side is to answer.
    pub fn code(&self) -> ErrorCode {
        match self {
            BidRefused::NotNow { from, .. } if !from.is_live() => ErrorCode::BidClosed,
            BidRefused::NotNow { .. } => ErrorCode::NotYourTurn,
            BidRefused::NotYours { .. } => ErrorCode::NotYourTurn,
        }
    }
}

/// The status after `party` takes `step` on a bid in `from`.
pub fn step(from: BidStatus, step: BidStep, party: BidParty) -> Result<BidStatus, BidRefused> {
    let edges = || STEPS.iter().filter(|e| e.from == from && e.step == step);
    match edges().find(|e| e.by.contains(&party)) {
        Some(e) => Ok(e.to),
        None if edges().next().is_some() => Err(BidRefused::NotYours { from, step }),
        None => Err(BidRefused::NotNow { from, step }),
    }
}

/// The steps `party` may take on a bid in `from` (what a page offers).
pub fn steps_for(from: BidStatus, party: BidParty) -> Vec<BidStep> {
    STEPS
        .iter()
        .filter(|e| e.from == from && e.by.contains(&party))
        .map(|e| e.step)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_counter_accept() {
        let s = step(B::ToQuote, S::Quote, Supplier).unwrap();
        let s = step(s, S::Counter, Purchaser).unwrap();
        assert_eq!(s, B::Countered);
        assert_eq!(step(s, S::Accept, Supplier).unwrap(), B::Accepted);
    }

    #[test]
    fn nobody_accepts_their_own_offer() {
        let e = step(B::Quoted, S::Accept, Supplier).unwrap_err();
        assert_eq!(e.code(), ErrorCode::NotYourTurn);
        let e = step(B::Countered, S::Accept, Purchaser).unwrap_err();
        assert_eq!(e.code(), ErrorCode::NotYourTurn);
        // staff quote for a supplier but never accept for a purchaser
        assert!(step(B::Quoted, S::Accept, Operator).is_err());
        assert!(step(B::ToQuote, S::Quote, Operator).is_ok());
    }

    #[test]
    fn a_closed_bid_takes_no_step() {
        for closed in BidStatus::ALL.iter().filter(|s| !s.is_live()) {
            for s in BidStep::ALL {
                for p in [Supplier, Purchaser, Operator] {
                    let e = step(*closed, *s, p).unwrap_err();
                    assert_eq!(e.code(), ErrorCode::BidClosed, "{closed} {s}");
                }
            }
        }
    }

    #[test]
    fn every_live_status_can_be_left_by_each_side() {
        for live in BidStatus::ALL.iter().filter(|s| s.is_live()) {
            assert!(!steps_for(*live, Purchaser).is_empty(), "{live}");
        }
        assert!(steps_for(B::Quoted, Supplier).contains(&S::Quote));
        assert!(steps_for(B::Accepted, Purchaser).is_empty());
    }
}
