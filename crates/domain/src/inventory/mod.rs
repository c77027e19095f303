//! Inventory (库存): stock per SKU and location, and the rules that move
//! it.
//!
//! A stock item is one SKU at one location, with two maintained figures:
//! units **on hand** and units **reserved** for orders; what is
//! **available** is the difference. Every change is a movement
//! ([`MovementKind`]) appended to the item's history with the figures it
//! left, and every movement goes through [`Level`], so no sequence of
//! receipts (入库), issues (出库), transfers, reservations and stocktakes
//! (盘点) can take stock below zero or reserve what is not there. The store
//! applies a movement with the item locked, which is what keeps this true
//! under concurrency.

mod form;
mod level;
mod materials;

pub use form::{
    Count, LocationPatch, MAX_COUNT_LINES, MAX_UNITS, NewIssue, NewLocation, NewReceipt,
    NewReservation, NewStocktake, NewTransfer, SetThreshold, sku_key,
};
pub use level::{Level, Short};
pub use materials::{MAX_MATERIALS, Material, Materials, needed};

use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;

vocabulary!(
    /// What a movement did to a stock item.
    MovementKind {
        /// Units came in (入库): a supplier's shipment, a return to stock.
        Receipt => "receipt",
        /// Units went out not against a reservation (出库): a sample,
        /// scrap, a sale outside orderhub.
        Issue => "issue",
        /// Units left for another location.
        TransferOut => "transfer_out",
        /// Units arrived from another location.
        TransferIn => "transfer_in",
        /// Units were set aside for an order (available falls, on hand
        /// stays).
        Reservation => "reservation",
        /// A reservation was let go: the units are available again.
        Release => "release",
        /// Reserved units were shipped: on hand and reserved both fall.
        Shipment => "shipment",
        /// A stocktake found a different number on the shelf (盘点调整).
        Adjustment => "adjustment",
    }
);

vocabulary!(
    /// Where a reservation stands.
    ReservationStatus {
        /// The units are set aside.
        Held => "held",
        /// The units were shipped.
        Shipped => "shipped",
        /// The reservation was let go.
        Released => "released",
    }
);

/// A place stock is kept: the seller's warehouse, a workshop, a supplier
/// holding consignment stock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Location {
    pub id: String,
    /// Short and unique (case-insensitive), e.g. `SZ-1`.
    pub code: String,
    pub name: String,
    /// The supplier that picks and ships from it, if any.
    pub supplier_id: Option<String>,
}

/// One SKU at one location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct StockItem {
    pub id: String,
    pub sku: String,
    /// What it is, as first received (or the catalogue's title).
    pub title: Option<String>,
    pub location_id: String,
    pub location_code: String,
    pub on_hand: i64,
    pub reserved: i64,
    /// `on_hand - reserved`: what a new order can have.
    pub available: i64,
    /// Alert when available falls to this or below; none: no alert.
    pub low_at: Option<i64>,
    /// Available is at or below `low_at`.
    pub low: bool,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: OffsetDateTime,
}

impl StockItem {
    /// Fills `available` and `low` from the figures.
    pub fn settle(mut self) -> Self {
        let level = Level {
            on_hand: self.on_hand,
            reserved: self.reserved,
        };
        self.available = level.available();
        self.low = level.is_low(self.low_at);
        self
    }
}

/// One line of an item's history (append-only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Movement {
    pub id: String,
    pub item_id: String,
    pub sku: String,
    pub location_code: String,
    pub kind: MovementKind,
    /// Units moved (always positive; the kind says which way).
    pub quantity: i64,
    /// The figures it left.
    pub on_hand_after: i64,
    pub reserved_after: i64,
    /// The reservation, order, task or transfer it belongs to.
    pub reservation_id: Option<String>,
    pub order_id: Option<String>,
    pub task_id: Option<String>,
    pub transfer_id: Option<String>,
    /// A delivery note, a supplier's shipment number.
    pub reference: Option<String>,
    /// Why (required of issues and stocktakes).
    pub reason: Option<String>,
    pub by: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub at: OffsetDateTime,
}

/// Units set aside for an order (or by hand).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Reservation {
    pub id: String,
    pub item_id: String,
    pub sku: String,
    pub location_code: String,
    pub quantity: i64,
    pub status: ReservationStatus,
    pub order_id: Option<String>,
    pub line_id: Option<String>,
    pub task_id: Option<String>,
    pub note: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
}

/// What a stocktake found, SKU by SKU.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Counted {
    pub sku: String,
    pub before: i64,
    pub counted: i64,
    /// Recorded as an adjustment (0: the shelf agreed).
    pub difference: i64,
}

/// A stocktake as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Stocktake {
    /// The movements' `reference`.
    pub id: String,
    pub location: String,
    pub lines: Vec<Counted>,
}
