//! Demo after-sales cases: a few on shipped lines, at different steps, so
//! the After-sales pages show work to do. Added once.

use anyhow::Result;
use orderhub_domain::Scope;
use orderhub_domain::TaskStatus;
use orderhub_domain::aftersales::{CaseKind, CaseStep, NewCase, NewStep};
use orderhub_domain::model::Actor;
use orderhub_store::{CaseFilter, Store, TaskFilter};

/// (kind, reason, requested, steps taken).
const CASES: &[(CaseKind, &str, &str, &[CaseStep])] = &[
    (
        CaseKind::Return,
        "The glaze cracked in transit; the buyer sent photos",
        "Money back",
        &[CaseStep::Accept],
    ),
    (
        CaseKind::Reshipment,
        "Parcel lost: its tracking has not moved for 12 days",
        "Send it again",
        &[],
    ),
    (
        CaseKind::Complaint,
        "The engraving is smaller than on the listing",
        "An explanation",
        &[CaseStep::Accept, CaseStep::Resolve],
    ),
];

pub async fn load(store: &Store, actor: &Actor) -> Result<usize> {
    let some = CaseFilter {
        limit: 1,
        ..Default::default()
    };
    if !store.list_cases(&Scope::All, &some).await?.is_empty() {
        return Ok(0);
    }
    let filter = TaskFilter {
        status: Some(TaskStatus::Shipped),
        limit: 20,
        ..Default::default()
    };
    let shipped = store.list_tasks(&filter, &Scope::All).await?.items;
    let mut seen = Vec::new();
    let mut made = 0;
    for (task, (kind, reason, requested, steps)) in shipped
        .iter()
        .filter(|t| {
            let new = !seen.contains(&t.order_id);
            seen.push(t.order_id.clone());
            new
        })
        .zip(CASES)
    {
        let order = store.get_order(&task.order_id, &Scope::All).await?;
        let Some(line) = order.lines.iter().find(|l| l.id == task.line_id) else {
            continue;
        };
        let new = NewCase {
            line_no: line.line_no,
            kind: *kind,
            reason: (*reason).into(),
            requested: Some((*requested).into()),
            quantity: None,
        };
        let case = store.open_case(actor, &order.id, new, None).await?;
        for step in *steps {
            let note = (*step == CaseStep::Resolve)
                .then(|| "Engraving size explained; a 10% voucher offered".to_owned());
            let new = NewStep {
                step: Some(*step),
                note,
                ..Default::default()
            };
            store.case_step(actor, &Scope::All, &case.id, new).await?;
        }
        made += 1;
    }
    Ok(made)
}
