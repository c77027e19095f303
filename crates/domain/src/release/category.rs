//! A category as a release sees it: its rotation state, its suppliers, its
//! SKU template, and how a line finds its category.

use super::Catalogue;
use crate::classify::{CategoryTerms, Classification, classify};
use crate::model::{Unrouted, UnroutedCode};
use crate::routing::{Candidate, Decision, NoSupplier, Strategy};
use crate::sku::{SkuContext, SkuTemplate};
use std::collections::HashMap;
use time::OffsetDateTime;

/// A category's routing state and what classification needs of it.
#[derive(Debug, Clone)]
pub struct CategorySnapshot {
    pub id: String,
    pub name: String,
    /// The name as references are matched against it (lower case).
    pub name_key: String,
    pub keywords: Vec<String>,
    pub strategy: Strategy,
    pub template: SkuTemplate,
    pub prefix: String,
    /// Position of the supplier that received the previous task.
    pub cursor: Option<i64>,
    /// Routing decisions made so far.
    pub route_count: i64,
    /// The `{seq}` counter.
    pub sku_seq: i64,
    /// Sorted by position; `open_tasks` filled for least-loaded routing.
    pub candidates: Vec<Candidate>,
    /// Each supplier's SKU code, by supplier id.
    pub codes: HashMap<String, String>,
    /// Which of its tasks need a proof before production.
    pub proof: crate::proof::ProofPolicy,
    /// Skip suppliers shipping on time less often than this, percent
    /// (their `on_time_30d` filled); none: scorecards do not route.
    pub min_on_time: Option<i64>,
    /// Its suppliers' calendars, capacities and bookings, and its
    /// promise ([`super::Planning`]).
    pub planning: super::Planning,
    /// Made in steps: the categories of its process steps, in order.
    pub steps: Vec<String>,
    /// The seller's script that writes its SKUs (`orderhub_script`); the
    /// template's SKU is the fallback.
    pub sku_script: Option<String>,
    /// The seller's script that picks a line's supplier among the
    /// candidates (the store runs it before planning; its choice is the
    /// line's `preferred`).
    pub route_script: Option<String>,
}

/// How a routing moves the category's state.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Rotation {
    /// A release: the cursor and running weights move on.
    Moves,
    /// A rejection or an operator's choice: only the count moves.
    Stays,
}

impl CategorySnapshot {
    /// Records a decision: one more routing and, on a release, the rotation
    /// moves on. Returns the chosen supplier's SKU code.
    pub(super) fn apply(&mut self, decision: &Decision, rotation: Rotation) -> String {
        self.route_count += 1;
        if rotation == Rotation::Moves {
            self.cursor = Some(decision.cursor_after);
            for (id, w) in &decision.weight_updates {
                if let Some(c) = self.candidates.iter_mut().find(|c| &c.supplier_id == id) {
                    c.current_weight = *w;
                }
            }
        }
        if let Some(c) = self
            .candidates
            .iter_mut()
            .find(|c| c.supplier_id == decision.supplier_id)
        {
            c.open_tasks = c.open_tasks.map(|n| n + 1);
        }
        self.codes
            .get(&decision.supplier_id)
            .cloned()
            .unwrap_or_default()
    }

    /// The decision that gives a line to the keeper of a stock location:
    /// no turn of the rotation, no candidates weighed.
    pub(super) fn kept_by(&self, keeper: &str) -> Decision {
        Decision {
            strategy: self.strategy,
            supplier_id: keeper.to_owned(),
            cursor_before: self.cursor,
            cursor_after: self.cursor.unwrap_or(-1),
            candidates: Vec::new(),
            weight_updates: Vec::new(),
            min_on_time: None,
            min_on_time_waived: false,
            capped: false,
        }
    }

    /// The next SKU from the template (advancing `{seq}`).
    pub(super) fn next_sku(
        &mut self,
        supplier_code: &str,
        order_number: &str,
        line_no: i64,
        now: OffsetDateTime,
        rng: &mut impl rand::Rng,
    ) -> String {
        if self.template.uses_seq() {
            self.sku_seq += 1;
        }
        let ctx = SkuContext {
            category_prefix: &self.prefix,
            supplier_code,
            order_number,
            line_no,
            seq: self.sku_seq,
            now,
        };
        self.template.render(&ctx, rng)
    }

    /// How many draws may be spent looking for a free SKU: a counter may
    /// have to walk past a run of SKUs another category made.
    pub(super) fn draws(&self) -> usize {
        if self.template.uses_seq() { 10_000 } else { 32 }
    }
}

/// The category a reference names, by id or by name (any case).
pub fn resolve_ref<'a>(catalogue: &'a Catalogue, reference: &str) -> Option<&'a str> {
    if let Some(c) = catalogue.categories.get(reference) {
        return Some(&c.id);
    }
    let key = reference.to_lowercase();
    catalogue
        .categories
        .values()
        .find(|c| c.name_key == key)
        .map(|c| c.id.as_str())
}

/// A line's category: the one it has, else the one its reference names,
/// else the one its title's keywords name; or why there is none.
pub fn category_of(
    catalogue: &Catalogue,
    category_id: Option<&str>,
    reference: Option<&str>,
    title: &str,
) -> Result<String, Unrouted> {
    match (category_id, reference) {
        (Some(id), _) => Ok(id.to_owned()),
        (None, Some(r)) => resolve_ref(catalogue, r)
            .map(str::to_owned)
            .ok_or_else(|| Unrouted {
                code: UnroutedCode::UnknownCategory,
                detail: format!("no category has the id or name {r:?}"),
            }),
        (None, None) => by_keywords(catalogue, title),
    }
}

impl Catalogue {
    /// What keyword classification reads of each category.
    pub fn terms(&self) -> Vec<CategoryTerms<'_>> {
        self.categories
            .values()
            .map(|c| CategoryTerms {
                id: &c.id,
                name: &c.name,
                keywords: &c.keywords,
            })
            .collect()
    }
}

fn by_keywords(catalogue: &Catalogue, title: &str) -> Result<String, Unrouted> {
    match classify(title, &catalogue.terms()) {
        Classification::Matched(id) => Ok(id),
        Classification::NoMatch => Err(Unrouted {
            code: UnroutedCode::NoCategoryMatched,
            detail: "no category keyword appears in the title; give the line a category or add a keyword".into(),
        }),
        Classification::Ambiguous(ids) => {
            let names: Vec<&str> = ids
                .iter()
                .map(|id| catalogue.categories.get(id).map_or(id.as_str(), |c| &c.name))
                .collect();
            Err(Unrouted {
                code: UnroutedCode::AmbiguousCategory,
                detail: format!(
                    "the title matches several categories: {}; give the line a category",
                    names.join(", ")
                ),
            })
        }
    }
}

/// Why a category could not give the line a supplier.
pub(super) fn no_supplier(no: NoSupplier) -> Unrouted {
    let code = match no {
        NoSupplier::NoCandidates => UnroutedCode::NoSupplier,
        NoSupplier::NoneActive => UnroutedCode::NoActiveSupplier,
        NoSupplier::AllRejected => UnroutedCode::AllSuppliersRejected,
        NoSupplier::NoCapacity => UnroutedCode::NoCapacity,
    };
    Unrouted {
        code,
        detail: no.to_string(),
    }
}

/// A bound line's category: its own when the contract's supplier serves
/// it, else the first (by id) that supplier serves, since the contract,
/// not the catalogue, decided who makes it.
pub(super) fn bound_category(
    catalogue: &Catalogue,
    found: Result<String, Unrouted>,
    supplier: &str,
) -> Result<String, Unrouted> {
    let serves = |c: &CategorySnapshot| c.candidates.iter().any(|k| k.supplier_id == supplier);
    if let Ok(id) = &found
        && catalogue.categories.get(id).is_some_and(serves)
    {
        return found;
    }
    catalogue
        .categories
        .values()
        .find(|c| serves(c))
        .map(|c| c.id.clone())
        .ok_or_else(|| Unrouted {
            code: UnroutedCode::ContractSupplierUncategorised,
            detail:
                "the contract's supplier serves no category; add it to the category of this product"
                    .into(),
        })
}

/// Why a bound line has no task after its supplier rejected it.
pub(super) fn contract_rejected() -> Unrouted {
    Unrouted {
        code: UnroutedCode::ContractSupplierRejected,
        detail: "the contract's supplier rejected this line; agree a change with it (a new contract version) or cancel the order".into(),
    }
}
