//! What a contract's delivery page shows, built from the delivery as the
//! reader's scope sees it: each line's progress, each shipment with its
//! tracking link and receipt, the returns, and the forms the reader's side
//! may use. Statuses are in the reader's own words (`label-`, `return-`).

use super::Layout;
use super::numbers::money;
use orderhub_domain::b2b::delivery::{Delivery, LineProgress, ShipMethod, Shipment};
use orderhub_domain::b2b::returns::{ReturnRequest, ReturnStatus};
use orderhub_domain::b2b::{BidParty, Contract};
use orderhub_domain::{StatusFamily, TaskStatus};

/// A contract line's progress.
pub(super) struct LineRow {
    pub no: i64,
    pub title: String,
    pub unit: String,
    pub quantity: i64,
    pub shipped: i64,
    pub accepted: i64,
    pub rejected: i64,
    pub credited: i64,
    pub due: String,
    pub status: String,
    pub status_class: &'static str,
    /// Still to ship, when its task may ship now.
    pub left: i64,
    /// Rejected units no return claims yet.
    pub claimable: i64,
    /// The ship and return forms' field of this line, and its default.
    pub qty_field: String,
    pub left_text: String,
}

/// One line of a shipment: (line, title, units, what receipt found).
pub(super) struct ShipmentLineRow {
    pub no: i64,
    pub title: String,
    pub quantity: i64,
    pub quantity_text: String,
    pub found: String,
}

pub(super) struct ShipmentRow {
    pub number: i64,
    pub method: &'static str,
    pub carrier: String,
    pub tracking: String,
    pub tracking_url: String,
    pub shipped_on: String,
    pub expected_on: String,
    pub note: String,
    pub replaces: String,
    pub lines: Vec<ShipmentLineRow>,
    pub received: String,
    pub can_receive: bool,
}

pub(super) struct ReturnRow {
    pub id: String,
    pub number: i64,
    pub kind: &'static str,
    pub status: &'static str,
    pub status_class: &'static str,
    pub reason: String,
    pub lines: String,
    pub answer: String,
    pub credit: String,
    pub replacement: String,
    /// (address, label) of each photo or document.
    pub files: Vec<(String, String)>,
    pub steps: Vec<&'static str>,
}

impl ReturnRow {
    /// Whether the reader may take `step`.
    pub fn may(&self, step: &str) -> bool {
        self.steps.contains(&step)
    }
}

pub(super) struct DeliveryView {
    pub contract_id: String,
    pub number: String,
    pub version: i64,
    pub rfq_id: String,
    pub rfq_number: String,
    pub buyer: String,
    pub seller: String,
    pub total: String,
    pub status: String,
    pub status_class: &'static str,
    pub lines: Vec<LineRow>,
    pub shipments: Vec<ShipmentRow>,
    pub returns: Vec<ReturnRow>,
    pub can_ship: bool,
    pub can_return: bool,
}

fn class(family: StatusFamily) -> &'static str {
    family.as_str()
}

fn line(layout: &Layout, l: &LineProgress, claimed: i64, seller: bool) -> LineRow {
    let shippable = matches!(
        l.task_status,
        Some(TaskStatus::Accepted | TaskStatus::InProduction | TaskStatus::Produced)
    );
    LineRow {
        no: l.line_no,
        title: l.title.clone(),
        unit: l.unit.clone().unwrap_or_default(),
        quantity: l.quantity,
        shipped: l.shipped,
        accepted: l.accepted,
        rejected: l.rejected,
        credited: l.credited,
        due: l.delivery_date.clone(),
        status: l
            .status_label
            .map(|s| layout.t(&format!("label-{}", s.as_str())).to_owned())
            .unwrap_or_default(),
        status_class: l.task_status.map_or("waiting", |s| class(s.family())),
        left: if seller && shippable {
            l.quantity - l.shipped
        } else {
            0
        },
        claimable: (l.rejected - claimed).max(0),
        qty_field: format!("qty_{}", l.line_no),
        left_text: if seller && shippable {
            (l.quantity - l.shipped).to_string()
        } else {
            String::new()
        },
    }
}

fn shipment(layout: &Layout, s: &Shipment, buyer: bool) -> ShipmentRow {
    let lang = layout.lang;
    ShipmentRow {
        number: s.number,
        method: layout.t(&format!("method-{}", s.method.as_str())),
        carrier: s.carrier.clone(),
        tracking: s.tracking_number.clone(),
        tracking_url: s.tracking_url.clone().unwrap_or_default(),
        shipped_on: s.shipped_on.clone(),
        expected_on: s.expected_on.clone().unwrap_or_default(),
        note: s.note.clone().unwrap_or_default(),
        replaces: s
            .replaces
            .map(|n| lang.fill("delivery-replaces", &[("n", n.into())]))
            .unwrap_or_default(),
        lines: s
            .lines
            .iter()
            .map(|l| ShipmentLineRow {
                no: l.line_no,
                title: l.title.clone(),
                quantity: l.quantity,
                quantity_text: l.quantity.to_string(),
                found: l
                    .received
                    .as_ref()
                    .map(|r| {
                        let mut found = lang.fill(
                            "delivery-found",
                            &[
                                ("accepted", r.accepted.into()),
                                ("rejected", r.rejected.into()),
                            ],
                        );
                        if let Some(why) = &r.reason {
                            found = format!("{found} · {why}");
                        }
                        found
                    })
                    .unwrap_or_default(),
            })
            .collect(),
        received: s
            .received
            .as_ref()
            .map(|r| {
                lang.fill(
                    "delivery-received_by",
                    &[
                        ("who", r.received_by.trim_start_matches("user:").into()),
                        ("when", layout.when(Some(r.received_at)).into()),
                    ],
                )
            })
            .unwrap_or_default(),
        can_receive: buyer && s.received.is_none(),
    }
}

fn return_row(layout: &Layout, r: &ReturnRequest, currency: &str) -> ReturnRow {
    let lang = layout.lang;
    ReturnRow {
        id: r.id.clone(),
        number: r.number,
        kind: layout.t(&format!("return-kind-{}", r.kind.as_str())),
        status: layout.t(&format!("return-{}", r.status.as_str())),
        status_class: match r.status {
            ReturnStatus::Resolved => "done",
            ReturnStatus::Refused | ReturnStatus::Withdrawn => "problem",
            _ => "working",
        },
        reason: r.reason.clone(),
        lines: r
            .lines
            .iter()
            .map(|l| {
                lang.fill(
                    "delivery-return_line",
                    &[("n", l.line_no.into()), ("units", l.quantity.into())],
                )
            })
            .collect::<Vec<_>>()
            .join(" · "),
        answer: r.answer.clone().unwrap_or_default(),
        credit: r
            .credit
            .map(|c| money(lang, c, currency))
            .unwrap_or_default(),
        replacement: r
            .replacement_shipment
            .map(|n| lang.fill("delivery-shipment", &[("n", n.into())]))
            .unwrap_or_default(),
        files: r
            .files
            .iter()
            .enumerate()
            .map(|(i, name)| {
                (
                    format!("/api/v1/returns/{}/files/{name}", r.id),
                    lang.fill("delivery-photo", &[("n", (i as i64 + 1).into())]),
                )
            })
            .collect(),
        steps: r.next_steps.iter().map(|s| s.as_str()).collect(),
    }
}

/// The page's view of contract `c` and its delivery `d` for `party`.
pub(super) fn view(layout: &Layout, c: &Contract, d: &Delivery, party: BidParty) -> DeliveryView {
    let seller = party != BidParty::Purchaser;
    let buyer = party == BidParty::Purchaser;
    let claimed = |no: i64| -> i64 {
        d.returns
            .iter()
            .filter(|r| !matches!(r.status, ReturnStatus::Refused | ReturnStatus::Withdrawn))
            .flat_map(|r| &r.lines)
            .filter(|l| l.line_no == no)
            .map(|l| l.quantity)
            .sum()
    };
    let lines: Vec<LineRow> = d
        .lines
        .iter()
        .map(|l| line(layout, l, claimed(l.line_no), seller))
        .collect();
    DeliveryView {
        contract_id: c.id.clone(),
        number: c.terms.number.clone(),
        version: c.terms.version,
        rfq_id: c.rfq_id.clone(),
        rfq_number: c.terms.rfq_number.clone(),
        buyer: c.terms.buyer.name.clone(),
        seller: c.terms.seller.name.clone(),
        total: money(layout.lang, c.terms.total, &c.terms.currency),
        status: layout
            .t(&format!("label-{}", d.status_label.as_str()))
            .to_owned(),
        status_class: class(d.order_status.family()),
        can_ship: lines.iter().any(|l| l.left > 0),
        can_return: buyer && lines.iter().any(|l| l.claimable > 0),
        lines,
        shipments: d
            .shipments
            .iter()
            .map(|s| shipment(layout, s, buyer))
            .collect(),
        returns: d
            .returns
            .iter()
            .map(|r| return_row(layout, r, &c.terms.currency))
            .collect(),
    }
}

/// The transport choices of the ship form: (value, label).
pub(super) fn methods(layout: &Layout) -> Vec<(&'static str, &'static str)> {
    ShipMethod::ALL
        .iter()
        .map(|m| (m.as_str(), layout.t(&format!("method-{}", m.as_str()))))
        .collect()
}
