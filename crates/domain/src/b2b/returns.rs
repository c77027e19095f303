//! Returns and exchanges of a contract's goods (退换货, issue 16, item 8):
//! the purchaser asks, with a reason and photos, for rejected units to be
//! replaced or credited; the contract's supplier answers — a replacement
//! shipment, a credit, or a refusal with its reason. The steps are a table
//! ([`STEPS`]), like the bid's.

use crate::ErrorCode;
use crate::b2b::BidParty;
use crate::validate::{ValidationError, limits, optional_text, required_text};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

vocabulary!(
    /// What the purchaser asks for.
    ReturnKind {
        /// 换货: other units in their place.
        Exchange => "exchange",
        /// 退货: the money for them (a credit against the contract).
        Refund => "refund",
    }
);

vocabulary!(
    /// Where a return stands.
    ReturnStatus {
        /// Asked; the supplier has not answered (待处理).
        Requested => "requested",
        /// The supplier agreed to replace the units and has yet to ship them.
        ToReplace => "to_replace",
        /// The replacement left; it settles when received.
        ReplacementShipped => "replacement_shipped",
        /// Settled: replacement received, or the units credited.
        Resolved => "resolved",
        /// The supplier refused, with its reason.
        Refused => "refused",
        /// The purchaser withdrew the request.
        Withdrawn => "withdrawn",
    }
);

impl ReturnStatus {
    /// Still waiting on someone.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            ReturnStatus::Requested | ReturnStatus::ToReplace | ReturnStatus::ReplacementShipped
        )
    }
}

vocabulary!(
    /// A step on a return.
    ReturnStep {
        /// Supplier: replace the units.
        Replace => "replace",
        /// Supplier: credit the units (the contract's price).
        Credit => "credit",
        /// Supplier: refuse, with the reason.
        Refuse => "refuse",
        /// Supplier: the replacement left (a shipment of the contract).
        ShipReplacement => "ship_replacement",
        /// Purchaser: withdraw the request.
        Withdraw => "withdraw",
    }
);

/// `(from, step, who, to)`: staff may act for the supplier, never for the
/// purchaser. Receiving the replacement resolves it (through the receipt).
pub const STEPS: &[(ReturnStatus, ReturnStep, BidParty, ReturnStatus)] = {
    use BidParty::{Purchaser, Supplier};
    use ReturnStatus as S;
    use ReturnStep as T;
    &[
        (S::Requested, T::Replace, Supplier, S::ToReplace),
        (S::Requested, T::Credit, Supplier, S::Resolved),
        (S::Requested, T::Refuse, Supplier, S::Refused),
        (S::Requested, T::Withdraw, Purchaser, S::Withdrawn),
        (
            S::ToReplace,
            T::ShipReplacement,
            Supplier,
            S::ReplacementShipped,
        ),
    ]
};

/// Refused steps.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReturnRefused {
    #[error("the return is {0}: {1} is not a step from there")]
    NotNow(ReturnStatus, ReturnStep),
    #[error("only the {0} takes this step")]
    NotYours(BidParty),
}

impl ReturnRefused {
    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        match self {
            ReturnRefused::NotNow(..) => ErrorCode::InvalidTransition,
            ReturnRefused::NotYours(_) => ErrorCode::NotAParty,
        }
    }
}

/// Where `step` by `party` (staff count as the supplier) takes a return
/// that is `from`.
pub fn step(
    from: ReturnStatus,
    step: ReturnStep,
    party: BidParty,
) -> Result<ReturnStatus, ReturnRefused> {
    let acting = match party {
        BidParty::Operator => BidParty::Supplier,
        p => p,
    };
    let edge = STEPS
        .iter()
        .find(|(f, s, _, _)| *f == from && *s == step)
        .ok_or(ReturnRefused::NotNow(from, step))?;
    if edge.2 != acting {
        return Err(ReturnRefused::NotYours(edge.2));
    }
    Ok(edge.3)
}

/// The steps `party` may take from `from`.
pub fn steps_for(from: ReturnStatus, party: BidParty) -> Vec<ReturnStep> {
    STEPS
        .iter()
        .filter(|(f, s, ..)| *f == from && step(from, *s, party).is_ok())
        .map(|(_, s, ..)| *s)
        .collect()
}

/// One line of a return: how many units of a contract line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReturnLine {
    pub line_no: i64,
    pub quantity: i64,
}

/// `POST /contracts/{id}/returns`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReturn {
    pub kind: ReturnKind,
    pub reason: String,
    pub lines: Vec<ReturnLine>,
}

/// A line's rejected units not yet claimed by another return.
#[derive(Debug, Clone, Copy)]
pub struct Claimable {
    pub line_no: i64,
    pub units: i64,
}

impl NewReturn {
    /// Checks the request against what may be claimed: units rejected on
    /// receipt that no other open or settled return claims.
    pub fn check(self, claimable: &[Claimable]) -> Result<Self, ValidationError> {
        if self.lines.is_empty() || self.lines.len() > 100 {
            return Err(ValidationError::new(
                "lines",
                ErrorCode::InvalidLineCount,
                "a return has 1 to 100 lines",
            ));
        }
        for (i, l) in self.lines.iter().enumerate() {
            let at = |field: &str| format!("lines[{i}].{field}");
            if self.lines[..i].iter().any(|o| o.line_no == l.line_no) {
                return Err(ValidationError::new(
                    at("line_no"),
                    ErrorCode::DuplicateLine,
                    "each line once",
                ));
            }
            let left = claimable
                .iter()
                .find(|c| c.line_no == l.line_no)
                .map_or(0, |c| c.units);
            if l.quantity < 1 || l.quantity > left {
                return Err(ValidationError::new(
                    at("quantity"),
                    ErrorCode::ExceedsRejected,
                    format!(
                        "line {} has {left} rejected units no other return claims",
                        l.line_no
                    ),
                ));
            }
        }
        Ok(Self {
            kind: self.kind,
            reason: required_text("reason", &self.reason, limits::TEXT)?,
            lines: self.lines,
        })
    }
}

/// `POST /returns/{id}/steps`: the supplier's answer or the purchaser's
/// withdrawal. A refusal needs its reason; a replacement's shipment is
/// recorded with its carrier and waybill.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReturnAnswer {
    pub step: ReturnStep,
    #[serde(default)]
    pub reason: Option<String>,
    /// For `ship_replacement`.
    #[serde(default)]
    pub shipment: Option<super::delivery::ReplacementShipment>,
}

impl ReturnAnswer {
    /// Checks what the step needs.
    pub fn check(self) -> Result<Self, ValidationError> {
        let reason = optional_text("reason", self.reason.as_deref(), limits::TEXT)?;
        if self.step == ReturnStep::Refuse && reason.is_none() {
            return Err(ValidationError::new(
                "reason",
                ErrorCode::ReasonRequired,
                "say why the return is refused",
            ));
        }
        if self.step == ReturnStep::ShipReplacement && self.shipment.is_none() {
            return Err(ValidationError::new(
                "shipment",
                ErrorCode::Required,
                "say how the replacement travels: method, carrier, waybill",
            ));
        }
        Ok(Self { reason, ..self })
    }
}

/// A return or exchange request, as both parties see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReturnRequest {
    pub id: String,
    /// 1, 2… per contract.
    pub number: i64,
    pub contract_id: String,
    pub kind: ReturnKind,
    pub status: ReturnStatus,
    pub reason: String,
    pub lines: Vec<ReturnLine>,
    /// The supplier's answer, when it refused or said something.
    pub answer: Option<String>,
    /// What was credited (contract price × units), when credited.
    #[schema(value_type = Option<String>)]
    pub credit: Option<Decimal>,
    /// The replacement's shipment number, once it left.
    pub replacement_shipment: Option<i64>,
    /// Photos and documents, by stored name (`GET /returns/{id}/files/{name}`).
    pub files: Vec<String>,
    /// What the caller may do next.
    pub next_steps: Vec<ReturnStep>,
    pub created_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

#[cfg(test)]
mod tests {
    use super::*;
    use BidParty::{Operator, Purchaser, Supplier};
    use ReturnStatus as S;
    use ReturnStep as T;

    #[test]
    fn the_supplier_answers_and_only_the_purchaser_withdraws() {
        assert_eq!(step(S::Requested, T::Replace, Supplier), Ok(S::ToReplace));
        assert_eq!(step(S::Requested, T::Credit, Operator), Ok(S::Resolved));
        assert_eq!(
            step(S::Requested, T::Replace, Purchaser),
            Err(ReturnRefused::NotYours(Supplier))
        );
        assert_eq!(
            step(S::Requested, T::Withdraw, Operator),
            Err(ReturnRefused::NotYours(Purchaser))
        );
        assert_eq!(
            step(S::Refused, T::Credit, Supplier),
            Err(ReturnRefused::NotNow(S::Refused, T::Credit))
        );
        assert_eq!(steps_for(S::Requested, Purchaser), vec![T::Withdraw]);
        assert_eq!(steps_for(S::ToReplace, Supplier), vec![T::ShipReplacement]);
        assert!(steps_for(S::Resolved, Supplier).is_empty());
        for (from, _, _, to) in STEPS {
            assert!(from.is_open(), "{from}");
            assert_ne!(from, to);
        }
    }

    #[test]
    fn a_return_claims_only_rejected_units_nobody_claimed() {
        let claimable = [Claimable {
            line_no: 1,
            units: 5,
        }];
        let ask = |line_no, quantity| NewReturn {
            kind: ReturnKind::Exchange,
            reason: " dented corners ".into(),
            lines: vec![ReturnLine { line_no, quantity }],
        };
        assert_eq!(
            ask(1, 5).check(&claimable).unwrap().reason,
            "dented corners"
        );
        let e = ask(1, 6).check(&claimable).unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.code),
            ("lines[0].quantity", ErrorCode::ExceedsRejected)
        );
        assert_eq!(
            ask(2, 1).check(&claimable).unwrap_err().code,
            ErrorCode::ExceedsRejected
        );
        let mut blank = ask(1, 1);
        blank.reason = " ".into();
        assert_eq!(blank.check(&claimable).unwrap_err().field, "reason");
        let refuse = ReturnAnswer {
            step: T::Refuse,
            reason: None,
            shipment: None,
        };
        assert_eq!(refuse.check().unwrap_err().code, ErrorCode::ReasonRequired);
    }
}
