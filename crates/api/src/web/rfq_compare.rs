//! Quotes side by side (报价对比): for the buyer and staff, each line of a
//! request against every supplier's latest version — unit price,
//! quantity, lead time — with the lowest price of each line and the
//! lowest total marked in words, not only by weight.

use super::i18n::Lang;
use super::numbers::money;
use orderhub_domain::b2b::{BidStatus, Rfq};
use rust_decimal::Decimal;

/// One cell: what a supplier offers for a line, and whether it is the
/// lowest.
pub(super) struct Cell {
    pub text: String,
    pub best: bool,
}

pub(super) struct Comparison {
    /// The suppliers, as column heads.
    pub suppliers: Vec<String>,
    /// Each line with its cells, in the suppliers' order.
    pub rows: Vec<(String, Vec<Cell>)>,
    /// Each supplier's total (lines and shipping).
    pub totals: Vec<Cell>,
    pub valid_until: Vec<String>,
}

/// The comparison of the bids that have a version and are not out of
/// the running; none when fewer than two suppliers have quoted.
pub(super) fn compare(lang: Lang, rfq: &Rfq) -> Option<Comparison> {
    let out = [BidStatus::Rejected, BidStatus::Withdrawn];
    let bids: Vec<_> = rfq
        .bids
        .iter()
        .filter(|b| !out.contains(&b.status))
        .filter_map(|b| b.latest().map(|q| (b, q)))
        .collect();
    if bids.len() < 2 {
        return None;
    }
    let cur = &rfq.currency;
    let rows = rfq
        .lines
        .iter()
        .map(|l| {
            let prices: Vec<Option<Decimal>> = bids
                .iter()
                .map(|(_, q)| {
                    q.offer
                        .lines
                        .iter()
                        .find(|o| o.line_no == l.line_no)
                        .map(|o| o.unit_price)
                })
                .collect();
            let lowest = prices.iter().flatten().min().copied();
            let cells = bids
                .iter()
                .zip(&prices)
                .map(|((_, q), price)| {
                    match q.offer.lines.iter().find(|o| o.line_no == l.line_no) {
                        None => Cell {
                            text: lang.t("rfq-not_quoted").to_owned(),
                            best: false,
                        },
                        Some(o) => {
                            let lead = o
                                .lead_time_days
                                .map(|d| {
                                    format!(" · {}", lang.fill("rfq-days", &[("n", d.into())]))
                                })
                                .unwrap_or_default();
                            Cell {
                                text: format!(
                                    "{} × {}{lead}",
                                    money(lang, o.unit_price, cur),
                                    o.quantity
                                ),
                                best: price.is_some() && *price == lowest,
                            }
                        }
                    }
                })
                .collect();
            (format!("{}. {}", l.line_no, l.title), cells)
        })
        .collect();
    let lowest_total = bids.iter().map(|(_, q)| q.total).min();
    Some(Comparison {
        suppliers: bids.iter().map(|(b, _)| b.supplier_name.clone()).collect(),
        rows,
        totals: bids
            .iter()
            .map(|(_, q)| Cell {
                text: money(lang, q.total, cur),
                best: Some(q.total) == lowest_total,
            })
            .collect(),
        valid_until: bids
            .iter()
            .map(|(_, q)| q.offer.valid_until.clone())
            .collect(),
    })
}
