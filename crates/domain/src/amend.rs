//! Changing the lines of a released order (订单修改): what each change does
//! to the task that makes the line, decided in one place for an
//! operator's edit and a marketplace's update alike.
//!
//! Lines are matched by their product (the platform SKU, else the title),
//! in order. Then, for each line, by how far its task has gone:
//!
//! | change   | no live task   | `assigned`          | `accepted` … `produced` | shipped, completed |
//! |----------|----------------|---------------------|-------------------------|--------------------|
//! | added    | routed         | —                   | —                       | —                  |
//! | price    | written        | written             | written                 | written            |
//! | changed  | written        | written, task too   | amendment to accept     | refused            |
//! | removed  | line removed   | task cancelled      | amendment to accept     | refused            |
//!
//! A supplier who has accepted a task has committed to it: the change is
//! put to it as an amendment, which it accepts (the change applies) or
//! refuses (the task stays as it was and the order is flagged); the task
//! cannot go further until it answers. Suppliers never see prices, so a
//! price change is written without asking.

use crate::TaskStatus;
use crate::model::NewLine;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

vocabulary!(
    /// What an amendment asks of a supplier.
    AmendmentKind {
        /// The line's quantity, title or personalisation changes.
        Change => "change",
        /// The line is removed: the task is to be cancelled.
        Cancel => "cancel",
    }
);

vocabulary!(
    /// Where an amendment stands.
    AmendmentStatus {
        /// Waiting for the supplier's answer; the task waits too.
        Proposed => "proposed",
        Accepted => "accepted",
        /// The supplier cannot: the task stays as it was.
        Refused => "refused",
        /// A newer change took its place before the supplier answered.
        Withdrawn => "withdrawn",
        /// Refused, and staff kept the task as its supplier has it.
        Kept => "kept",
    }
);

/// A stored line with its live task, as the diff reads it.
#[derive(Debug, Clone)]
pub struct LineNow {
    pub line_id: String,
    pub line_no: i64,
    pub title: String,
    pub quantity: i64,
    pub unit_price: Decimal,
    pub line_total: Option<Decimal>,
    pub platform_sku: Option<String>,
    pub customization: Option<Value>,
    /// Already removed by an earlier change.
    pub removed: bool,
    /// The live task (or the shipped one) and how far it has gone.
    pub task: Option<(String, TaskStatus)>,
}

impl LineNow {
    fn key(&self) -> String {
        key(self.platform_sku.as_deref(), &self.title)
    }

    /// Whether `w` asks a supplier for other work: another product (a
    /// title differing beyond its case), quantity or personalisation.
    fn work_differs(&self, w: &NewLine) -> bool {
        self.title.trim().to_lowercase() != w.title.trim().to_lowercase()
            || self.quantity != w.quantity
            || self.customization != w.customization
    }
}

fn key(sku: Option<&str>, title: &str) -> String {
    match sku {
        Some(s) if !s.trim().is_empty() => format!("sku:{}", s.trim().to_lowercase()),
        _ => format!("title:{}", title.trim().to_lowercase()),
    }
}

/// What one change does.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A new line: written and routed.
    Add(NewLine),
    /// The line is written as given; `task` (an `assigned` one) gets the
    /// new quantity.
    Write {
        line_id: String,
        line: NewLine,
        task: Option<String>,
    },
    /// The line is removed; `cancel` is its `assigned` task, cancelled.
    Remove {
        line_id: String,
        cancel: Option<String>,
    },
    /// Put to the task's supplier; nothing changes until it accepts.
    Propose {
        task_id: String,
        line_id: String,
        kind: AmendmentKind,
        /// The line as it would be (a change) or as it is (a cancel).
        line: NewLine,
    },
}

/// A change that cannot be made: the line's goods have shipped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line_no} has shipped: it cannot change any more")]
pub struct Shipped {
    pub line_no: i64,
}

/// What changing `now` into `wanted` does, line by line; refused when a
/// shipped line would change. Unchanged lines give no action.
pub fn diff(now: &[LineNow], wanted: &[NewLine]) -> Result<Vec<Action>, Shipped> {
    let mut actions = Vec::new();
    let mut taken = vec![false; wanted.len()];
    for line in now.iter().filter(|l| !l.removed) {
        let found = wanted
            .iter()
            .enumerate()
            .find(|(j, w)| !taken[*j] && key(w.platform_sku.as_deref(), &w.title) == line.key());
        let shipped = line
            .task
            .as_ref()
            .is_some_and(|(_, s)| matches!(s, TaskStatus::Shipped | TaskStatus::Completed));
        let committed = line.task.as_ref().filter(|(_, s)| {
            matches!(
                s,
                TaskStatus::Accepted | TaskStatus::InProduction | TaskStatus::Produced
            )
        });
        let assigned = line
            .task
            .as_ref()
            .filter(|(_, s)| *s == TaskStatus::Assigned)
            .map(|(id, _)| id.clone());
        let line_no = line.line_no;
        let Some((j, w)) = found else {
            if shipped {
                return Err(Shipped { line_no });
            }
            actions.push(match committed {
                Some((task_id, _)) => Action::Propose {
                    task_id: task_id.clone(),
                    line_id: line.line_id.clone(),
                    kind: AmendmentKind::Cancel,
                    line: as_new(line),
                },
                None => Action::Remove {
                    line_id: line.line_id.clone(),
                    cancel: assigned,
                },
            });
            continue;
        };
        taken[j] = true;
        let work_changes = line.work_differs(w);
        let price_changes = (line.unit_price, line.line_total) != (w.unit_price, w.line_total);
        if !work_changes && !price_changes {
            continue;
        }
        actions.push(match (work_changes, shipped, committed) {
            (true, true, _) => return Err(Shipped { line_no }),
            (true, false, Some((task_id, _))) => Action::Propose {
                task_id: task_id.clone(),
                line_id: line.line_id.clone(),
                kind: AmendmentKind::Change,
                line: w.clone(),
            },
            (true, false, None) => Action::Write {
                line_id: line.line_id.clone(),
                line: w.clone(),
                task: assigned,
            },
            // money only: the supplier never sees it
            (false, _, _) => Action::Write {
                line_id: line.line_id.clone(),
                line: w.clone(),
                task: None,
            },
        });
    }
    for (j, w) in wanted.iter().enumerate() {
        if !taken[j] {
            actions.push(Action::Add(w.clone()));
        }
    }
    Ok(actions)
}

/// A stored line as it would be sent again.
pub fn as_new(l: &LineNow) -> NewLine {
    NewLine {
        title: l.title.clone(),
        category: None,
        quantity: l.quantity,
        unit_price: l.unit_price,
        platform_sku: l.platform_sku.clone(),
        customization: l.customization.clone(),
        no_task: None,
        line_total: l.line_total,
    }
}

/// An amendment as the task's supplier and the order page see it.
#[derive(Debug, Clone, Serialize, serde::Deserialize, ToSchema)]
pub struct Amendment {
    pub id: String,
    pub task_id: String,
    pub kind: AmendmentKind,
    pub status: AmendmentStatus,
    /// What the task is for now: title, quantity, personalisation.
    pub before: Value,
    /// What it would be (a change); absent for a cancel.
    pub after: Option<Value>,
    /// Why the supplier refused.
    pub reason: Option<String>,
    /// Who asked (`user:…`, `system` for a marketplace's update).
    pub proposed_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub proposed_at: time::OffsetDateTime,
}

vocabulary!(
    /// A supplier's answer to an amendment.
    AmendmentAnswer {
        Accept => "accept",
        Refuse => "refuse",
    }
);

/// `POST /tasks/{id}/amendment`.
#[derive(Debug, Clone, serde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AmendmentDecision {
    pub answer: AmendmentAnswer,
    /// Required to refuse.
    #[serde(default)]
    pub reason: Option<String>,
}

impl AmendmentDecision {
    /// Trims the reason; a refusal must say why.
    pub fn normalize(self) -> Result<Self, crate::ValidationError> {
        let reason = crate::validate::optional_text(
            "reason",
            self.reason.as_deref(),
            crate::validate::limits::TEXT,
        )?;
        if self.answer == AmendmentAnswer::Refuse && reason.is_none() {
            return Err(crate::ValidationError::new(
                "reason",
                crate::ErrorCode::ReasonRequired,
                "say why the change cannot be made",
            ));
        }
        Ok(Self {
            answer: self.answer,
            reason,
        })
    }
}

/// The parts of a line a supplier sees, as an amendment shows them.
pub fn work_of(line: &NewLine) -> Value {
    serde_json::json!({
        "title": line.title,
        "quantity": line.quantity,
        "customization": line.customization,
    })
}

#[cfg(test)]
mod tests;
