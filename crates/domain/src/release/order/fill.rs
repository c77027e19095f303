//! How a line is filled besides its supplier: from stock (the keeper of
//! a location that holds all of it), or as a step of its category's
//! recipe (each step routed in its own category once the previous one is
//! produced).

use super::{Current, Planner, task_of};
use crate::release::{Cause, FromStock, LineSnapshot, PlanError, Step, TaskSnapshot};
use crate::routing::{Decision, bound_to};

/// How a routed line is filled besides its supplier: from stock, as a
/// step of its category's recipe.
#[derive(Debug, Clone, Default)]
pub(crate) struct Fill {
    pub(crate) from_stock: Option<FromStock>,
    pub(crate) step: Option<Step>,
    /// The line's own category when the task is routed in another (a
    /// step's).
    pub(crate) line_category: Option<String>,
    /// Routed to the supplier a rule prefers: no turn of the rotation.
    pub(crate) preferred: bool,
}

impl<R: rand::Rng> Planner<'_, '_, R> {
    /// The decision for the supplier a rule prefers, when it serves
    /// `category`, is active and has not rejected the line.
    pub(super) fn preferred(
        &self,
        category: &str,
        preferred: Option<&str>,
        excluded: &[String],
    ) -> Option<Decision> {
        let p = preferred.filter(|p| !excluded.iter().any(|e| e == p))?;
        let state = self.catalogue.categories.get(category)?;
        state
            .candidates
            .iter()
            .find(|c| c.supplier_id == p && c.active)?;
        bound_to(state.strategy, &state.candidates, state.cursor, p)
    }

    /// The first location with the whole line available (taken from the
    /// working copy, so later lines and orders see what is left), and its
    /// keeper.
    pub(super) fn take_stock(&mut self, line: &LineSnapshot) -> Option<(String, FromStock)> {
        let picks = self.catalogue.stock.get_mut(line.sku.as_deref()?)?;
        let pick = picks.iter_mut().find(|p| p.available >= line.quantity)?;
        pick.available -= line.quantity;
        let from = FromStock {
            item_id: pick.item_id.clone(),
            location_code: pick.location_code.clone(),
        };
        Some((pick.keeper.clone(), from))
    }

    /// Where a line of `category` is routed first: the first step's
    /// category when it is made in steps, else its own.
    pub(super) fn first_step(&self, category: &str) -> (String, Fill) {
        match self.catalogue.categories.get(category).map(|c| &c.steps) {
            Some(steps) if !steps.is_empty() => (
                steps[0].clone(),
                Fill {
                    step: Some(Step {
                        no: 1,
                        of: steps.len() as i64,
                    }),
                    line_category: Some(category.to_owned()),
                    ..Fill::default()
                },
            ),
            _ => (category.to_owned(), Fill::default()),
        }
    }

    /// The step after `task_id` (produced) goes to a supplier of its
    /// category; nothing when it was the last or the next is routed.
    pub(super) fn next_step(
        &mut self,
        current: &mut Current<'_>,
        task_id: &str,
    ) -> Result<(), PlanError> {
        let task = task_of(current.order, task_id)?;
        let Some(step) = task.step.filter(|s| !s.is_last()) else {
            return Ok(());
        };
        let i = current.line_index(&task.line_id)?;
        let next = step.no + 1;
        let routed = current.order.tasks.iter().any(|t| {
            t.line_id == task.line_id && t.status.is_live() && t.step.is_some_and(|s| s.no == next)
        });
        let Some(own) = current.lines[i].category_id.clone() else {
            return Ok(());
        };
        let steps = self.category(&own)?.steps.clone();
        let Some(route_in) = steps.get(next as usize - 1).cloned() else {
            return Ok(());
        };
        if routed {
            return Ok(());
        }
        let excluded = current.rejecters(&task.line_id);
        let need = self.need(current.order, current.order.lines[i].quantity);
        let decision = self.category(&route_in)?.route(&excluded, &need);
        let fill = Fill {
            step: Some(Step {
                no: next,
                of: step.of,
            }),
            line_category: Some(own),
            ..Fill::default()
        };
        let cause = Cause::NextStep {
            task_id: task_id.to_owned(),
        };
        self.route_line(current, i, &route_in, decision, cause, fill)
    }
}

/// A step's task routed again (rejected, reassigned, remade) keeps its
/// place in the recipe and its line's own category.
pub(super) fn same_step(current: &Current<'_>, i: usize, task: &TaskSnapshot) -> Fill {
    Fill {
        step: task.step,
        line_category: task.step.and(current.lines[i].category_id.clone()),
        ..Fill::default()
    }
}
