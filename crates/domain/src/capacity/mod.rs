//! Capacity and lead times (产能、交期): when a supplier can finish a task.
//!
//! Each supplier has a working calendar ([`Calendar`]: working weekdays,
//! holidays, its clock as an offset from UTC); each supplier × category
//! has a [`Capacity`]: units per working day, the fewest working days from
//! receipt to shipment (lead time) and a cut-off time after which an order
//! counts as received the next working day. [`fit`] books a task's units
//! into the first working days with room and says when it is ready to
//! ship; the release planner asks it for every candidate, routes by it
//! (`soonest`, or any strategy capped to suppliers that can make the
//! date) and keeps the booking as the task's plan. The booked days of
//! every open task are what the plan views show.
//!
//! Days are day numbers (days since 1970-01-01) on the supplier's clock.

mod calendar;
mod fit;
mod form;
mod plan;

pub use calendar::{Calendar, MAX_HOLIDAYS, Weekday};
pub use fit::{Booked, Capacity, Deadline, Fit, HORIZON_DAYS, fit};
pub use form::{CategoryCapacity, SupplierCapacity, WorkCalendar, clock, offset};
pub use plan::{
    MAX_PLAN_DAYS, NotPlanned, Plan, PlanDay, PlanRow, PlanView, PlannedTask, by_span, plan_days,
    plan_from,
};

/// A day number, shown as `YYYY-MM-DD` (routing decisions, plans).
pub mod day_as_date {
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes `Some(day)` as its date.
    pub fn serialize<S: Serializer>(day: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
        match day {
            Some(d) => s.serialize_str(&crate::stats::iso(*d)),
            None => s.serialize_none(),
        }
    }

    /// Reads a date back as its day number.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        let text: Option<String> = Option::deserialize(d)?;
        text.map(|t| {
            crate::validate::date("date", &t)
                .map(crate::stats::day)
                .map_err(serde::de::Error::custom)
        })
        .transpose()
    }
}
