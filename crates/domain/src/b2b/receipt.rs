//! Receipt (验收 / 确认收货, issue 16, item 8): the purchaser inspects each
//! shipment and records, per line, how many it accepts and how many it
//! rejects (and why); a contract's order is received once every line's
//! accepted quantity — with units credited instead — reaches the contract.

use crate::ErrorCode;
use crate::validate::{ValidationError, limits, optional_text};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

/// One line of a receipt.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReceiptLine {
    pub line_no: i64,
    /// 合格: taken in.
    pub accepted: i64,
    /// 不合格: refused (a return or exchange can be asked for them).
    #[serde(default)]
    pub rejected: i64,
    /// Why units were rejected (required when any were).
    #[serde(default)]
    pub reason: Option<String>,
}

/// `POST /contracts/{id}/shipments/{number}/receipt`: every line of the
/// shipment, once.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReceipt {
    pub lines: Vec<ReceiptLine>,
    #[serde(default)]
    pub note: Option<String>,
}

/// What a shipment line brought, as the receipt is checked against it.
#[derive(Debug, Clone, Copy)]
pub struct Brought {
    pub line_no: i64,
    pub quantity: i64,
}

/// A line as received, kept on the shipment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Received {
    pub accepted: i64,
    pub rejected: i64,
    pub reason: Option<String>,
}

/// Who received a shipment and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReceiptMark {
    pub received_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub received_at: OffsetDateTime,
    pub note: Option<String>,
}

impl NewReceipt {
    /// The receipt checked against what the shipment `brought`: each of
    /// its lines exactly once, never more units than came, a reason for
    /// any rejected.
    pub fn check(self, brought: &[Brought]) -> Result<Self, ValidationError> {
        let mut lines = Vec::with_capacity(self.lines.len());
        for (i, l) in self.lines.into_iter().enumerate() {
            let at = |field: &str| format!("lines[{i}].{field}");
            let Some(b) = brought.iter().find(|b| b.line_no == l.line_no) else {
                return Err(ValidationError::new(
                    at("line_no"),
                    ErrorCode::UnknownLine,
                    format!("the shipment has no line {}", l.line_no),
                ));
            };
            if lines.iter().any(|o: &ReceiptLine| o.line_no == l.line_no) {
                return Err(ValidationError::new(
                    at("line_no"),
                    ErrorCode::DuplicateLine,
                    "each line of the shipment once",
                ));
            }
            if l.accepted < 0 || l.rejected < 0 {
                let field = if l.accepted < 0 {
                    "accepted"
                } else {
                    "rejected"
                };
                return Err(ValidationError::new(
                    at(field),
                    ErrorCode::OutOfRange,
                    "a count of units: 0 or more",
                ));
            }
            if l.accepted + l.rejected > b.quantity {
                return Err(ValidationError::new(
                    at("accepted"),
                    ErrorCode::ExceedsShipped,
                    format!("line {} brought {} units", l.line_no, b.quantity),
                ));
            }
            let reason = optional_text("reason", l.reason.as_deref(), limits::TEXT)
                .map_err(|e| e.within(&format!("lines[{i}]")))?;
            if l.rejected > 0 && reason.is_none() {
                return Err(ValidationError::new(
                    at("reason"),
                    ErrorCode::ReasonRequired,
                    "say why units were rejected",
                ));
            }
            lines.push(ReceiptLine { reason, ..l });
        }
        if let Some(missing) = brought
            .iter()
            .find(|b| !lines.iter().any(|l| l.line_no == b.line_no))
        {
            return Err(ValidationError::new(
                "lines",
                ErrorCode::Required,
                format!("say what came of line {}", missing.line_no),
            ));
        }
        Ok(Self {
            lines,
            note: optional_text("note", self.note.as_deref(), limits::TEXT)?,
        })
    }
}

/// A contract line's standing for completion.
#[derive(Debug, Clone, Copy)]
pub struct LineStanding {
    pub contracted: i64,
    pub accepted: i64,
    /// Units settled by a credit instead of goods.
    pub credited: i64,
}

/// Whether every line is settled: its accepted and credited units reach
/// what the contract says, and no return is still open.
pub fn received_in_full(lines: &[LineStanding], open_returns: bool) -> bool {
    !open_returns
        && lines
            .iter()
            .all(|l| l.accepted + l.credited >= l.contracted)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn receipt(lines: Vec<(i64, i64, i64, Option<&str>)>) -> NewReceipt {
        NewReceipt {
            lines: lines
                .into_iter()
                .map(|(line_no, accepted, rejected, reason)| ReceiptLine {
                    line_no,
                    accepted,
                    rejected,
                    reason: reason.map(str::to_owned),
                })
                .collect(),
            note: None,
        }
    }

    const BROUGHT: [Brought; 2] = [
        Brought {
            line_no: 1,
            quantity: 100,
        },
        Brought {
            line_no: 2,
            quantity: 10,
        },
    ];

    fn refused(r: NewReceipt) -> (String, ErrorCode) {
        let e = r.check(&BROUGHT).unwrap_err();
        (e.field, e.code)
    }

    #[test]
    fn a_receipt_accounts_for_each_line_within_what_came() {
        let ok = receipt(vec![(1, 95, 5, Some("dented")), (2, 10, 0, None)]);
        assert_eq!(ok.check(&BROUGHT).unwrap().lines[0].rejected, 5);
        // short: 3 units did not come, neither accepted nor rejected
        assert!(
            receipt(vec![(1, 97, 0, None), (2, 10, 0, None)])
                .check(&BROUGHT)
                .is_ok()
        );
        assert_eq!(
            refused(receipt(vec![(1, 96, 5, Some("x")), (2, 10, 0, None)])),
            ("lines[0].accepted".into(), ErrorCode::ExceedsShipped)
        );
        assert_eq!(
            refused(receipt(vec![(1, 95, 5, None), (2, 10, 0, None)])),
            ("lines[0].reason".into(), ErrorCode::ReasonRequired)
        );
        assert_eq!(
            refused(receipt(vec![(1, 100, 0, None)])),
            ("lines".into(), ErrorCode::Required)
        );
        assert_eq!(
            refused(receipt(vec![(1, 100, 0, None), (1, 0, 0, None)])).1,
            ErrorCode::DuplicateLine
        );
        assert_eq!(
            refused(receipt(vec![(3, 1, 0, None)])),
            ("lines[0].line_no".into(), ErrorCode::UnknownLine)
        );
        assert_eq!(
            refused(receipt(vec![(1, -1, 0, None), (2, 10, 0, None)])),
            ("lines[0].accepted".into(), ErrorCode::OutOfRange)
        );
    }

    #[test]
    fn received_in_full_counts_credits_and_waits_for_open_returns() {
        let line = |accepted, credited| LineStanding {
            contracted: 100,
            accepted,
            credited,
        };
        assert!(received_in_full(&[line(100, 0)], false));
        assert!(received_in_full(&[line(95, 5)], false));
        assert!(!received_in_full(&[line(95, 0)], false));
        assert!(!received_in_full(&[line(100, 0)], true));
    }
}
