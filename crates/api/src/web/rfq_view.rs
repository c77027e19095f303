//! What the request page shows, built from the request as the reader's
//! scope sees it: each bid's versions with their changes in sentences,
//! the forms the reader's side may use, the contracts to sign. Every
//! status is shown in the reader's own words (`rfq-`, `bid-` keys, by
//! side).

use super::Layout;
use super::i18n::Lang;
use super::numbers::money;
use orderhub_domain::b2b::bid::steps_for;
use orderhub_domain::b2b::{
    Bid, BidMessage, BidParty, BidStep, Change, Contract, ContractStatus, Quote, QuoteAuthor, Rfq,
};

/// The reader's side of a negotiation.
pub(super) fn party(p: &crate::auth::Principal) -> BidParty {
    match p.role {
        orderhub_domain::Role::Supplier => BidParty::Supplier,
        orderhub_domain::Role::Purchaser => BidParty::Purchaser,
        _ => BidParty::Operator,
    }
}

/// The reader's side of the negotiation, as translation keys name it.
pub(super) fn side(party: BidParty) -> &'static str {
    match party {
        BidParty::Supplier => "supplier",
        BidParty::Purchaser => "buyer",
        BidParty::Operator => "platform",
    }
}

pub(super) struct LineView {
    pub no: i64,
    pub title: String,
    pub specs: String,
    pub quantity: String,
    pub quality: String,
    pub needed_by: String,
    pub target: String,
}

pub(super) struct VersionView {
    pub version: i64,
    pub by: &'static str,
    pub when: String,
    pub total: String,
    pub shipping: String,
    pub terms: String,
    pub valid_until: String,
    /// (line, quantity, unit price, lead time, date, quality)
    pub lines: Vec<(String, i64, String, String, String, String)>,
    pub changes: Vec<String>,
}

pub(super) struct MessageView {
    pub who: &'static str,
    pub author: String,
    pub when: String,
    pub body: String,
    /// (address, label) of each attached file.
    pub files: Vec<(String, String)>,
}

pub(super) struct BidView {
    pub id: String,
    pub supplier: String,
    pub status: &'static str,
    pub status_class: &'static str,
    pub reason: String,
    pub versions: Vec<VersionView>,
    pub latest: i64,
    pub can: Vec<&'static str>,
    pub messages: Vec<MessageView>,
}

impl BidView {
    pub fn may(&self, step: &str) -> bool {
        self.can.contains(&step)
    }
}

pub(super) struct ContractView {
    pub id: String,
    pub number: String,
    pub version: i64,
    pub status: &'static str,
    pub status_class: &'static str,
    pub total: String,
    pub sha256: String,
    pub signatures: Vec<String>,
    pub can_sign: bool,
    /// The latest version of its bid, not replaced: a change may be
    /// proposed (a new version both sign again).
    pub can_revise: bool,
    /// Signed by both: its delivery page is open.
    pub in_force: bool,
    /// (line number, title, quantity, unit price, delivery date) for the
    /// change form.
    pub lines: Vec<(i64, String, i64, String, String)>,
}

pub(super) struct RfqView {
    pub id: String,
    pub number: String,
    pub title: String,
    pub status: &'static str,
    pub organisation: String,
    pub needed_by: String,
    pub delivery: String,
    pub note: String,
    pub estimate: String,
    pub lines: Vec<LineView>,
    pub bids: Vec<BidView>,
    pub contracts: Vec<ContractView>,
    pub can_approve: bool,
    /// (address, label) of each file attached to the request.
    pub files: Vec<(String, String)>,
}

/// Links to stored files under `base` (`…/files/<name>`), labelled
/// "File 1", "File 2"….
fn file_links(lang: Lang, base: &str, names: &[String]) -> Vec<(String, String)> {
    names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            (
                format!("{base}/files/{n}"),
                lang.fill("rfq-file", &[("n", (i as i64 + 1).into())]),
            )
        })
        .collect()
}

fn change(lang: Lang, c: &Change) -> String {
    let field = lang.t(&format!("offer-{}", c.field.as_str()));
    let none = "—".to_owned();
    let text = format!(
        "{field}: {} → {}",
        c.before.clone().unwrap_or_else(|| none.clone()),
        c.after.clone().unwrap_or(none)
    );
    match c.line_no {
        Some(n) => format!("{} · {text}", lang.fill("rfq-line", &[("n", n.into())])),
        None => text,
    }
}

fn version(layout: &Layout, rfq: &Rfq, q: &Quote) -> VersionView {
    let lang = layout.lang;
    let cur = &q.offer.currency;
    let title = |no: i64| {
        rfq.lines
            .iter()
            .find(|l| l.line_no == no)
            .map_or(String::new(), |l| l.title.clone())
    };
    VersionView {
        version: q.version,
        by: match q.author {
            QuoteAuthor::Supplier => lang.t("rfq-by_supplier"),
            QuoteAuthor::Purchaser => lang.t("rfq-by_buyer"),
        },
        when: layout.when(Some(q.created_at)),
        total: money(lang, q.total, cur),
        shipping: money(lang, q.offer.shipping_cost, cur),
        terms: q.offer.payment_terms.clone().unwrap_or_default(),
        valid_until: q.offer.valid_until.clone(),
        lines: q
            .offer
            .lines
            .iter()
            .map(|l| {
                (
                    format!("{}. {}", l.line_no, title(l.line_no)),
                    l.quantity,
                    money(lang, l.unit_price, cur),
                    l.lead_time_days
                        .map(|d| lang.fill("rfq-days", &[("n", d.into())]))
                        .unwrap_or_default(),
                    l.delivery_date.clone().unwrap_or_default(),
                    l.quality.clone().unwrap_or_default(),
                )
            })
            .collect(),
        changes: q.changes.iter().map(|c| change(lang, c)).collect(),
    }
}

fn bid(layout: &Layout, rfq: &Rfq, b: &Bid, party: BidParty, messages: &[BidMessage]) -> BidView {
    let lang = layout.lang;
    let open = rfq.status == orderhub_domain::b2b::RfqStatus::Open;
    let can = steps_for(b.status, party)
        .into_iter()
        .filter(|s| open && *s != BidStep::Withdraw)
        .map(|s| s.as_str())
        .collect();
    BidView {
        id: b.id.clone(),
        supplier: b.supplier_name.clone(),
        status: lang.t(&format!("bid-{}-{}", b.status.as_str(), side(party))),
        status_class: if b.status.is_live() {
            "working"
        } else {
            "done"
        },
        reason: b.reason.clone().unwrap_or_default(),
        versions: b.quotes.iter().map(|q| version(layout, rfq, q)).collect(),
        latest: b.latest().map_or(0, |q| q.version),
        can,
        messages: messages
            .iter()
            .map(|m| MessageView {
                who: lang.t(&format!("rfq-side_{}", side(m.party))),
                author: m
                    .author
                    .trim_start_matches("user:")
                    .trim_start_matches("token:")
                    .to_owned(),
                when: layout.when(Some(m.created_at)),
                body: m.body.clone(),
                files: file_links(lang, &format!("/api/v1/bids/{}/messages", b.id), &m.files),
            })
            .collect(),
    }
}

fn contract(layout: &Layout, c: &Contract, party: BidParty, latest: bool) -> ContractView {
    let lang = layout.lang;
    let signed_by_me = c.signatures.iter().any(|s| s.party == party);
    ContractView {
        id: c.id.clone(),
        number: c.terms.number.clone(),
        version: c.terms.version,
        status: lang.t(&format!("contract-{}", c.status.as_str())),
        status_class: if c.status == ContractStatus::Signed {
            "done"
        } else {
            "working"
        },
        total: money(lang, c.terms.total, &c.terms.currency),
        sha256: c.pdf_sha256.clone().unwrap_or_default(),
        signatures: c
            .signatures
            .iter()
            .map(|s| {
                lang.fill(
                    "contract-signed_by",
                    &[
                        (
                            "side",
                            lang.t(&format!("rfq-side_{}", side(s.party))).into(),
                        ),
                        ("who", s.signed_by.trim_start_matches("user:").into()),
                        ("when", layout.when(Some(s.signed_at)).into()),
                    ],
                )
            })
            .collect(),
        can_sign: party != BidParty::Operator
            && c.status == ContractStatus::AwaitingSignatures
            && !signed_by_me
            && c.pdf_sha256.is_some(),
        can_revise: latest && c.status != ContractStatus::Superseded,
        in_force: c.status == ContractStatus::Signed,
        lines: c
            .terms
            .lines
            .iter()
            .map(|l| {
                (
                    l.line_no,
                    l.title.clone(),
                    l.quantity,
                    orderhub_domain::money::plain(l.unit_price, &c.terms.currency),
                    l.delivery_date.clone(),
                )
            })
            .collect(),
    }
}

/// The page's view of `rfq` for `party`; `threads` are the bids' messages
/// in the order of `rfq.bids`.
pub(super) fn view(
    layout: &Layout,
    rfq: &Rfq,
    party: BidParty,
    approver: bool,
    threads: &[Vec<BidMessage>],
    contracts: &[Contract],
) -> RfqView {
    let lang = layout.lang;
    let cur = &rfq.currency;
    RfqView {
        id: rfq.id.clone(),
        number: rfq.number.clone(),
        title: rfq.title.clone(),
        status: lang.t(&format!("rfq-{}", rfq.status.as_str())),
        organisation: rfq.organisation_name.clone(),
        needed_by: rfq.needed_by.clone(),
        delivery: rfq.delivery_address.one_line(),
        note: rfq.note.clone().unwrap_or_default(),
        estimate: rfq
            .estimate
            .map(|e| money(lang, e, cur))
            .unwrap_or_default(),
        lines: rfq
            .lines
            .iter()
            .map(|l| LineView {
                no: l.line_no,
                title: l.title.clone(),
                specs: l.specs.clone().unwrap_or_default(),
                quantity: match &l.unit {
                    Some(u) => format!("{} {u}", l.quantity),
                    None => l.quantity.to_string(),
                },
                quality: l.quality.clone().unwrap_or_default(),
                needed_by: l.needed_by.clone().unwrap_or_default(),
                target: l
                    .target_price
                    .map(|p| money(lang, p, cur))
                    .unwrap_or_default(),
            })
            .collect(),
        bids: rfq
            .bids
            .iter()
            .zip(threads)
            .map(|(b, m)| bid(layout, rfq, b, party, m))
            .collect(),
        contracts: contracts
            .iter()
            .map(|c| {
                let latest = !contracts
                    .iter()
                    .any(|o| o.bid_id == c.bid_id && o.terms.version > c.terms.version);
                contract(layout, c, party, latest)
            })
            .collect(),
        can_approve: approver && rfq.status == orderhub_domain::b2b::RfqStatus::AwaitingApproval,
        files: file_links(lang, &format!("/api/v1/rfqs/{}", rfq.id), &rfq.files),
    }
}
