//! Delivering a contract (issue 16, item 7): the signed contract becomes
//! an order whose lines the release planner gives to the contract's
//! supplier ([`order_of`]); the supplier ships them in as many shipments
//! as it likes (分批发货), each with its transport, carrier, waybill and
//! expected arrival ([`NewShipment`], [`check_shipment`]); a task moves on
//! as its quantity leaves ([`steps_after_shipping`]).

use super::ContractTerms;
use crate::ErrorCode;
use crate::b2b::rfq::MAX_QUANTITY;
use crate::labels::StatusLabel;
use crate::lifecycle::{OrderStatus, TaskStatus};
use crate::model::{Customer, NewLine, NewOrder, PaymentStatus};
use crate::validate::{ValidationError, date, in_range, limits, optional_text, required_text};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use time::OffsetDateTime;
use utoipa::ToSchema;

/// The platform word of orders made from contracts.
pub const PLATFORM: &str = "b2b";

/// At most this many lines in one shipment (a contract has at most 100).
pub const MAX_SHIPMENT_LINES: usize = 100;

vocabulary!(
    /// 运输方式: how a shipment travels.
    ShipMethod {
        /// 快递: parcel courier.
        Express => "express",
        /// 物流 / 零担: less-than-truckload freight.
        Freight => "freight",
        /// 整车: a whole truck.
        Truck => "truck",
        Air => "air",
        Sea => "sea",
        Rail => "rail",
        /// 自提: the purchaser collects.
        Pickup => "pickup",
    }
);

/// One line of a new shipment: how much of a contract line leaves.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewShipmentLine {
    /// The contract's line number.
    pub line_no: i64,
    pub quantity: i64,
}

/// `POST /contracts/{id}/shipments`: 发货时间、运输方式、物流公司、运单号.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewShipment {
    pub method: ShipMethod,
    /// 物流公司: the carrier (SF Express, 顺丰, DHL…).
    pub carrier: String,
    /// 运单号: the waybill number.
    pub tracking_number: String,
    /// When it left (`YYYY-MM-DD`); today when absent.
    #[serde(default)]
    pub shipped_on: Option<String>,
    /// When it should arrive (`YYYY-MM-DD`), as the supplier expects.
    #[serde(default)]
    pub expected_on: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    pub lines: Vec<NewShipmentLine>,
}

impl NewShipment {
    /// Checks what needs nothing stored; `today` is `YYYY-MM-DD`.
    pub fn normalize(self, today: &str) -> Result<Self, ValidationError> {
        let shipped_on = match self.shipped_on.as_deref().map(str::trim) {
            None | Some("") => today.to_owned(),
            Some(d) => date("shipped_on", d)?.to_string(),
        };
        if shipped_on.as_str() > today {
            return Err(ValidationError::new(
                "shipped_on",
                ErrorCode::InTheFuture,
                format!("a shipment leaves today ({today}) or earlier"),
            ));
        }
        let expected_on = match self.expected_on.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(d) => Some(date("expected_on", d)?.to_string()),
        };
        if expected_on
            .as_deref()
            .is_some_and(|e| e < shipped_on.as_str())
        {
            return Err(ValidationError::new(
                "expected_on",
                ErrorCode::ArrivesBeforeShipped,
                "a shipment arrives after it leaves",
            ));
        }
        if self.lines.is_empty() || self.lines.len() > MAX_SHIPMENT_LINES {
            return Err(ValidationError::new(
                "lines",
                ErrorCode::InvalidLineCount,
                format!("a shipment has 1 to {MAX_SHIPMENT_LINES} lines"),
            ));
        }
        for (i, l) in self.lines.iter().enumerate() {
            in_range("quantity", l.quantity, 1, MAX_QUANTITY)
                .map_err(|e| e.within(&format!("lines[{i}]")))?;
            if self.lines[..i].iter().any(|o| o.line_no == l.line_no) {
                return Err(ValidationError::new(
                    format!("lines[{i}].line_no"),
                    ErrorCode::DuplicateLine,
                    "each contract line at most once per shipment",
                ));
            }
        }
        let carrier = required_text("carrier", &self.carrier, limits::SHORT)?;
        let tracking_number =
            required_text("tracking_number", &self.tracking_number, limits::SHORT)?;
        let tracking_number = crate::carrier::checked_field(Some(&carrier), Some(tracking_number))?
            .unwrap_or_default();
        Ok(Self {
            method: self.method,
            carrier,
            tracking_number,
            shipped_on: Some(shipped_on),
            expected_on,
            note: optional_text("note", self.note.as_deref(), limits::TEXT)?,
            lines: self.lines,
        })
    }
}

/// `ship_replacement`: how the units of a return travel (its lines are
/// the return's).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplacementShipment {
    pub method: ShipMethod,
    pub carrier: String,
    pub tracking_number: String,
    #[serde(default)]
    pub shipped_on: Option<String>,
    #[serde(default)]
    pub expected_on: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

impl ReplacementShipment {
    /// The shipment of `lines` (contract line, units).
    pub fn with_lines(self, lines: &[(i64, i64)]) -> NewShipment {
        NewShipment {
            method: self.method,
            carrier: self.carrier,
            tracking_number: self.tracking_number,
            shipped_on: self.shipped_on,
            expected_on: self.expected_on,
            note: self.note,
            lines: lines
                .iter()
                .map(|&(line_no, quantity)| NewShipmentLine { line_no, quantity })
                .collect(),
        }
    }
}

/// A contract line as a shipment finds it: its task, and how much of it
/// is still to ship.
#[derive(Debug, Clone)]
pub struct Shippable {
    pub line_no: i64,
    pub task_status: TaskStatus,
    pub quantity: i64,
    pub shipped: i64,
}

/// Refuses a shipment of a line the contract lacks, of a task not yet
/// accepted (or no longer open), or of more than is left to ship.
pub fn check_shipment(
    lines: &[NewShipmentLine],
    open: &[Shippable],
) -> Result<(), ValidationError> {
    for (i, l) in lines.iter().enumerate() {
        let at = |field: &str| format!("lines[{i}].{field}");
        let Some(s) = open.iter().find(|s| s.line_no == l.line_no) else {
            return Err(ValidationError::new(
                at("line_no"),
                ErrorCode::UnknownLine,
                format!("the contract has no line {} with a task", l.line_no),
            ));
        };
        if !matches!(
            s.task_status,
            TaskStatus::Accepted | TaskStatus::InProduction | TaskStatus::Produced
        ) {
            return Err(ValidationError::new(
                at("line_no"),
                ErrorCode::TaskNotShippable,
                format!(
                    "line {} is {}: a line ships once its task is accepted and until it has all shipped",
                    l.line_no, s.task_status
                ),
            ));
        }
        let left = s.quantity - s.shipped;
        if l.quantity > left {
            return Err(ValidationError::new(
                at("quantity"),
                ErrorCode::ExceedsRemaining,
                format!("line {} has {left} left to ship", l.line_no),
            ));
        }
    }
    Ok(())
}

/// The moves a task makes when part (`all` false) or the rest (`all`
/// true) of it ships: something shipped is at least in production, and a
/// task whose whole quantity left is shipped. Each move is an edge of the
/// task lifecycle a supplier may fire.
pub fn steps_after_shipping(from: TaskStatus, all: bool) -> Vec<TaskStatus> {
    let path = [
        TaskStatus::Accepted,
        TaskStatus::InProduction,
        TaskStatus::Produced,
        TaskStatus::Shipped,
    ];
    let target = if all {
        TaskStatus::Shipped
    } else {
        TaskStatus::InProduction
    };
    let Some(at) = path.iter().position(|s| *s == from) else {
        return Vec::new();
    };
    let Some(to) = path.iter().position(|s| *s == target) else {
        return Vec::new();
    };
    path.get(at + 1..=to).unwrap_or_default().to_vec()
}

/// One line of a shipment, with what the purchaser found on receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ShipmentLine {
    pub line_no: i64,
    pub title: String,
    pub quantity: i64,
    /// What the purchaser found, once received.
    pub received: Option<super::receipt::Received>,
}

/// A shipment of a contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Shipment {
    pub id: String,
    /// 1, 2, 3… in the order they left.
    pub number: i64,
    pub method: ShipMethod,
    pub carrier: String,
    pub tracking_number: String,
    /// Where the carrier shows the waybill, when orderhub knows the carrier.
    pub tracking_url: Option<String>,
    pub shipped_on: String,
    pub expected_on: Option<String>,
    pub note: Option<String>,
    pub lines: Vec<ShipmentLine>,
    /// The return it replaces units for (its number), if any.
    pub replaces: Option<i64>,
    /// Who inspected it and when (验收), once received.
    pub received: Option<super::receipt::ReceiptMark>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// A contract line's progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LineProgress {
    pub line_no: i64,
    pub title: String,
    pub unit: Option<String>,
    /// As contracted.
    pub quantity: i64,
    /// Shipped against the contract (replacements not counted).
    pub shipped: i64,
    /// Accepted on receipt, replacements included.
    pub accepted: i64,
    pub rejected: i64,
    /// Settled by a credit instead of goods.
    pub credited: i64,
    /// The contract's delivery date.
    pub delivery_date: String,
    /// Its task's status, when it has one.
    pub task_status: Option<TaskStatus>,
    /// The task's status in the caller's words.
    pub status_label: Option<StatusLabel>,
}

/// `GET /contracts/{id}/delivery`: the order made from the contract, each
/// line's progress and every shipment, newest last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Delivery {
    pub contract_id: String,
    pub order_id: String,
    pub order_number: String,
    pub order_status: OrderStatus,
    /// The order's status in the caller's words.
    pub status_label: StatusLabel,
    pub lines: Vec<LineProgress>,
    pub shipments: Vec<Shipment>,
    /// Return and exchange requests, oldest first.
    pub returns: Vec<super::returns::ReturnRequest>,
}

/// The catalogue product a contract line came from.
#[derive(Debug, Clone)]
pub struct ProductRef {
    pub category_id: String,
    /// The supplier's code: the card shows the product's picture by it.
    pub code: String,
}

/// The order a signed contract becomes: one line per contract line (its
/// specs and unit in the title, so the supplier's card says what to make),
/// in the category of the catalogue product it came from (`products`, by
/// line number) or else by its title's keywords.
pub fn order_of(terms: &ContractTerms, products: &HashMap<i64, ProductRef>) -> NewOrder {
    let lines = terms
        .lines
        .iter()
        .map(|l| {
            let mut title = l.title.clone();
            if let Some(specs) = &l.specs {
                title = format!("{title} — {specs}");
            }
            if let Some(unit) = &l.unit {
                title = format!("{title} ({unit})");
            }
            NewLine {
                title: title.chars().take(limits::NAME).collect(),
                category: products.get(&l.line_no).map(|p| p.category_id.clone()),
                quantity: l.quantity,
                unit_price: l.unit_price,
                platform_sku: products.get(&l.line_no).map(|p| p.code.clone()),
                customization: None,
                no_task: None,
                line_total: Some(l.amount),
            }
        })
        .collect();
    let mut note = format!("{} v{}", terms.number, terms.version);
    if let Some(p) = &terms.payment_terms {
        note = format!("{note} · {p}");
    }
    for l in terms.lines.iter().filter(|l| l.quality.is_some()) {
        note = format!(
            "{note} · {}: {}",
            l.line_no,
            l.quality.as_deref().unwrap_or("")
        );
    }
    NewOrder {
        tags: Vec::new(),
        platform: PLATFORM.to_owned(),
        external_number: terms.number.clone(),
        currency: terms.currency.clone(),
        total_amount: Some(terms.total),
        placed_at: None,
        ship_by: None,
        status: Some(OrderStatus::Pending),
        payment_status: Some(PaymentStatus::Unpaid),
        priority: None,
        customer: Customer {
            name: terms.buyer.name.clone(),
            email: None,
            phone: None,
            // one organisation is one customer, however its name is written
            id: terms.buyer.tax_id.clone(),
        },
        shipping_address: Some(terms.delivery_address.clone()),
        lines,
        note: Some(note.chars().take(limits::TEXT).collect()),
    }
}

#[cfg(test)]
mod tests;
