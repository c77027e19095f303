//! A task as the pages show it — the card on the board, a row in a list or
//! on the order page: what to make, when it is due, who holds it, and the
//! moves the lifecycle allows the caller now.

use super::Layout;
use super::i18n::Lang;
use super::pages::{customization, status_label};
use super::zone::Zone;
use orderhub_domain::lifecycle::{Need, Trigger};
use orderhub_domain::model::{Category, Supplier, Task};
use orderhub_domain::{Role, TASK_LIFECYCLE, TaskStatus};
use orderhub_store::TaskWork;
use std::collections::HashMap;
use time::OffsetDateTime;

/// One task as the pages show it, with the moves allowed now.
pub(super) struct TaskRow {
    pub(super) id: String,
    pub(super) order_id: String,
    pub(super) sku: String,
    pub(super) quantity: i64,
    pub(super) status: &'static str,
    /// The status's family, the chip's colour (`StatusFamily`).
    pub(super) family: &'static str,
    pub(super) carrier: String,
    pub(super) tracking: String,
    /// The carrier's tracking page for it, when the carrier is known.
    pub(super) tracking_url: String,
    pub(super) due: String,
    /// "late" or "due today" beside the due date, while the task is open.
    pub(super) due_mark: &'static str,
    pub(super) late: bool,
    /// What to make: the line's product, its personalisation's first
    /// entry, and all of it (shown on demand when there is more).
    pub(super) product: String,
    pub(super) personal: String,
    pub(super) personal_all: Vec<(String, String)>,
    /// The product's picture from the holder's catalogue (the product whose
    /// code is the line's marketplace SKU), when there is one.
    pub(super) picture: String,
    /// Who holds it (staff only; empty for a supplier, who is the holder).
    pub(super) supplier: String,
    pub(super) note: String,
    /// Filled from stock: the location to pick from.
    pub(super) from_stock: String,
    /// Made in steps: "Step 1 of 3" (its hand-over goes to the next).
    pub(super) step: String,
    pub(super) moves: Vec<Move>,
    /// Suppliers an operator may give the task to now: (id, name).
    pub(super) reassign_to: Vec<(String, String)>,
    /// A change of the line waiting for the supplier's answer, said as a
    /// sentence ("Quantity 1 → 3").
    pub(super) amendment: Option<String>,
    /// Its order is urgent: the card says so, first.
    pub(super) urgent: bool,
    /// When its supplier has more lines of the same order to confirm on
    /// the board: the form confirming them all at once (action, label).
    pub(super) confirm_all: Option<(String, String)>,
    /// The mock-up the task needs approved before production.
    pub(super) proof: Option<super::proofs::ProofCard>,
    /// The contract its order delivers (empty when none): it ships from
    /// the contract's page, in parts, not by the card's ship move.
    pub(super) contract: String,
}

/// A move a page offers, with the fields the lifecycle says it needs (so
/// the form asks for them, and a page never offers a move the server
/// refuses for want of one).
pub(super) struct Move {
    pub(super) to: &'static str,
    pub(super) label: &'static str,
    /// It stops the task (reject, cancel): behind a disclosure, confirmed.
    pub(super) stops: bool,
    pub(super) reason: bool,
    pub(super) carrier: bool,
    pub(super) tracking: bool,
}

impl TaskRow {
    /// Whether a move that stops the task (reject, cancel) is allowed now:
    /// those sit behind a disclosure, each asking for a confirmation.
    pub(super) fn has_stop(&self) -> bool {
        self.moves.iter().any(|m| m.stops)
    }
}

/// The text key of an open task's due marker at `now`: past due, or due
/// later today — today where the reader is.
fn due_mark(t: &Task, now: OffsetDateTime, zone: &Zone) -> Option<&'static str> {
    let due = t.due_at.filter(|_| t.status.is_open())?;
    if due < now {
        Some("task-late")
    } else if zone.day(due) == zone.day(now) {
        Some("task-due_today")
    } else {
        None
    }
}

impl TaskRow {
    /// Fills in what the task's line asks for and, for staff, who holds
    /// it: what a supplier needs on the card to do the work.
    pub(super) fn with_work(
        mut self,
        t: &Task,
        work: &HashMap<String, TaskWork>,
        holders: &HashMap<String, String>,
    ) -> Self {
        if let Some(w) = work.get(&t.line_id) {
            self.product = w.title.clone();
            self.personal_all = customization(w.customization.as_ref());
            if let Some((product, name)) = w.pictures.get(&t.supplier_id) {
                self.picture = format!("/api/v1/products/{product}/images/{name}");
            }
            self.personal = match self.personal_all.first() {
                Some((k, v)) if k.is_empty() || k.parse::<usize>().is_ok() => v.clone(),
                Some((k, v)) => format!("{k}: {v}"),
                None => String::new(),
            };
        }
        if let Some(c) = work.get(&t.line_id).and_then(|w| w.contract_id.clone()) {
            self.moves.retain(|m| !m.carrier);
            self.contract = c;
        }
        self.supplier = holders.get(&t.supplier_id).cloned().unwrap_or_default();
        self
    }
}

/// The moves `role` may make on a task in `status` now, with their labels.
pub(super) fn task_moves(lang: Lang, status: TaskStatus, role: Role) -> Vec<Move> {
    let party = role.party();
    TASK_LIFECYCLE
        .transitions
        .iter()
        .filter(|tr| tr.from == status && tr.by != Trigger::Automatic)
        .filter(|tr| TASK_LIFECYCLE.forbidden_for(status, tr.to, party).is_none())
        .filter(|tr| TASK_LIFECYCLE.check(status, tr.to, party).is_ok())
        .map(|tr| Move {
            to: tr.to.as_str(),
            label: lang.t(&format!("move-{}", tr.to.as_str())),
            stops: !tr.to.is_live(),
            reason: tr.needs.contains(&Need::Reason),
            carrier: tr.needs.contains(&Need::Carrier),
            tracking: tr.needs.contains(&Need::TrackingNumber),
        })
        .collect()
}

pub(super) fn task_row(layout: &Layout, t: &Task, role: Role) -> TaskRow {
    let lang = layout.lang;
    let mark = due_mark(t, OffsetDateTime::now_utc(), &layout.zone);
    TaskRow {
        id: t.id.clone(),
        order_id: t.order_id.clone(),
        sku: t.sku.clone(),
        quantity: t.quantity,
        status: status_label(lang, t.status.as_str()),
        family: t.status.family().as_str(),
        carrier: t.carrier.clone().unwrap_or_default(),
        tracking: t.tracking_number.clone().unwrap_or_default(),
        tracking_url: t.tracking_url.clone().unwrap_or_default(),
        due: layout.when(t.due_at),
        due_mark: mark.map_or("", |k| lang.t(k)),
        late: mark == Some("task-late"),
        product: String::new(),
        personal: String::new(),
        personal_all: Vec::new(),
        picture: String::new(),
        supplier: String::new(),
        note: t.note.clone().unwrap_or_default(),
        from_stock: t.from_stock.clone().unwrap_or_default(),
        step: t.step.map_or_else(String::new, |s| {
            let key = if s.no < s.of {
                "task-step"
            } else {
                "task-last_step"
            };
            lang.fill(key, &[("no", s.no.into()), ("of", s.of.into())])
        }),
        // a change waiting for the answer, or a proof not approved yet,
        // stops the work (the store refuses)
        moves: task_moves(lang, t.status, role)
            .into_iter()
            .filter(|m| !m.goes_past_accepted() || !work_waits(t))
            .collect(),
        reassign_to: Vec::new(),
        amendment: t.amendment.as_ref().map(|a| amendment_text(lang, a)),
        urgent: t.priority == orderhub_domain::model::Priority::Urgent,
        confirm_all: None,
        proof: super::proofs::proof_card(layout, t, role),
        contract: String::new(),
    }
}

/// Whether the task's work waits on something besides its status: a
/// change for its supplier's answer, or a proof not yet approved.
fn work_waits(t: &Task) -> bool {
    t.amendment.is_some()
        || orderhub_domain::proof::blocks_production(t.proof.as_ref().map(|p| p.status))
}

/// What a waiting amendment asks, in `lang`: the line removed, or each
/// part that changes with its before and after.
fn amendment_text(lang: Lang, a: &orderhub_domain::amend::Amendment) -> String {
    use orderhub_domain::amend::AmendmentKind;
    let after = match (a.kind, &a.after) {
        (AmendmentKind::Cancel, _) | (_, None) => return lang.t("amend-cancel").to_owned(),
        (AmendmentKind::Change, Some(after)) => after,
    };
    let show = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => "—".to_owned(),
        other => other.to_string(),
    };
    let parts: Vec<String> = ["title", "quantity", "customization"]
        .into_iter()
        .filter(|k| a.before[*k] != after[*k])
        .map(|k| {
            lang.fill(
                "amend-part",
                &[
                    ("part", lang.t(&format!("amend-part-{k}")).into()),
                    ("before", show(&a.before[k]).into()),
                    ("after", show(&after[k]).into()),
                ],
            )
        })
        .collect();
    parts.join(" · ")
}

impl Move {
    /// Moves the work past `accepted`, which wait for an amendment's
    /// answer and an approved proof.
    fn goes_past_accepted(&self) -> bool {
        matches!(self.to, "in_production" | "produced" | "shipped")
    }
}

/// The suppliers a task may be given to: active ones of its category other
/// than its holder, when the task can still be cancelled by an operator.
pub(super) fn reassign_options(
    t: &Task,
    categories: &[Category],
    suppliers: &[Supplier],
) -> Vec<(String, String)> {
    let operator = orderhub_domain::lifecycle::Party::Operator;
    if TASK_LIFECYCLE
        .check(t.status, TaskStatus::Cancelled, operator)
        .is_err()
    {
        return Vec::new();
    }
    let Some(category) = categories.iter().find(|c| c.id == t.category_id) else {
        return Vec::new();
    };
    category
        .supplier_ids
        .iter()
        .filter(|id| **id != t.supplier_id)
        .filter_map(|id| suppliers.iter().find(|x| &x.id == id && x.active))
        .map(|x| (x.id.clone(), x.name.clone()))
        .collect()
}
