//! When a line can be made: each candidate's date under its capacity
//! ([`crate::capacity`]), the line's deadline, and the booking kept as
//! the task's plan.

use super::CategorySnapshot;
use crate::capacity::{Booked, Calendar, Capacity, Deadline, Fit, fit};
use crate::routing::{Candidate, Decision, NoSupplier, Rules, Strategy, route_scored};
use std::borrow::Cow;
use std::collections::HashMap;

/// What a category knows of its suppliers' time.
#[derive(Debug, Clone, Default)]
pub struct Planning {
    /// Each supplier's calendar (absent: Monday to Friday on UTC).
    pub calendars: HashMap<String, Calendar>,
    /// Each supplier's capacity here, where one is set.
    pub capacity: HashMap<String, Capacity>,
    /// Units booked per day by its open tasks here, by supplier.
    pub booked: HashMap<String, Booked>,
    /// The category's promise: lines ship within this many working days.
    pub ship_within: Option<i64>,
    /// Never route above capacity: skip suppliers that cannot make the
    /// date.
    pub cap: bool,
}

/// One line's needs: how many units, when, and by when.
#[derive(Debug, Clone, Copy)]
pub(super) struct Need {
    pub quantity: i64,
    pub now_ms: i64,
    /// The order's promised ship date, in ms.
    pub ship_by: Option<i64>,
}

/// What a task gets from its booking.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Booking {
    /// When it must ship (ms); none when nothing gives a date.
    pub due_at: Option<i64>,
    /// Units per day (its supplier's clock).
    pub days: Vec<(i64, i64)>,
}

impl CategorySnapshot {
    fn deadline(&self, need: &Need) -> Option<Deadline> {
        need.ship_by
            .map(Deadline::At)
            .or(self.planning.ship_within.map(Deadline::WorkingDays))
    }

    fn calendar(&self, supplier: &str) -> Calendar {
        self.planning
            .calendars
            .get(supplier)
            .cloned()
            .unwrap_or_default()
    }

    /// `supplier`'s fit for the line, when its capacity here is set.
    fn fit_of(&self, supplier: &str, need: &Need) -> Option<Option<Fit>> {
        let cap = self.planning.capacity.get(supplier)?;
        let empty = Booked::new();
        let booked = self.planning.booked.get(supplier).unwrap_or(&empty);
        Some(fit(
            &self.calendar(supplier),
            cap,
            booked,
            need.now_ms,
            need.quantity,
        ))
    }

    /// The candidates, each with when it could have the line ready and
    /// whether that misses the deadline; borrowed as they are when the
    /// category plans nobody (every line of most categories).
    fn timed(&self, need: &Need) -> Cow<'_, [Candidate]> {
        if self.planning.capacity.is_empty() {
            return Cow::Borrowed(&self.candidates);
        }
        let deadline = self.deadline(need);
        let mut out = self.candidates.clone();
        for c in &mut out {
            if let Some(f) = self.fit_of(&c.supplier_id, need) {
                let cal = self.calendar(&c.supplier_id);
                c.ready_on = f.as_ref().map(|f| f.ready);
                c.late = f.is_none_or(|f| !f.meets(&cal, deadline));
            }
        }
        Cow::Owned(out)
    }

    /// Routes one line by the category's strategy and rules.
    pub(super) fn route(&self, excluded: &[String], need: &Need) -> Result<Decision, NoSupplier> {
        let rules = Rules {
            min_on_time: self.min_on_time,
            cap: self.planning.cap,
        };
        route_scored(
            self.strategy,
            &self.timed(need),
            self.cursor,
            excluded,
            rules,
        )
    }

    /// A rejected line: the next supplier in rotation after position
    /// `after` that can make the date (the category's cap holds).
    pub(super) fn reroute(
        &self,
        after: Option<i64>,
        excluded: &[String],
        need: &Need,
    ) -> Result<Decision, NoSupplier> {
        let rules = Rules {
            min_on_time: None,
            cap: self.planning.cap,
        };
        route_scored(
            Strategy::RoundRobin,
            &self.timed(need),
            after,
            excluded,
            rules,
        )
    }

    /// Books the line with `supplier`: its days taken from the capacity
    /// the next line sees, and its due time.
    pub(super) fn book(&mut self, supplier: &str, need: &Need) -> Booking {
        let deadline = self.deadline(need);
        let cal = self.calendar(supplier);
        let Some(f) = self.fit_of(supplier, need).flatten() else {
            // no capacity known (or none left in a year): only a deadline
            // gives a date
            let due_at = match deadline {
                Some(Deadline::At(ms)) => Some(ms),
                Some(d) => fit(&cal, &Capacity::default(), &Booked::new(), need.now_ms, 0)
                    .map(|f| f.due_at(&cal, Some(d))),
                None => None,
            };
            return Booking {
                due_at,
                days: Vec::new(),
            };
        };
        let booked = self.planning.booked.entry(supplier.to_owned()).or_default();
        for (day, units) in &f.days {
            *booked.entry(*day).or_default() += units;
        }
        Booking {
            due_at: Some(f.due_at(&cal, deadline)),
            days: f.days,
        }
    }
}
