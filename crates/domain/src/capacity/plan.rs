//! Plans are views over tasks' bookings: each day's booked units against
//! the supplier's capacity that day, per supplier and category; a task
//! moved to another day is booked again from there.

use super::{Booked, Calendar, Capacity, HORIZON_DAYS};
use serde::Serialize;
use utoipa::ToSchema;

/// The most days one plan shows (a quarter and then some).
pub const MAX_PLAN_DAYS: i64 = 120;

vocabulary!(
    /// How far a plan looks ahead (排产 / 周计划 / 季度计划).
    PlanView {
        /// The next three days, task by task.
        Day => "day",
        /// Three weeks, day by day.
        Week => "week",
        /// Thirteen weeks, week by week.
        Quarter => "quarter",
    }
);

impl PlanView {
    /// Days it shows and days per column.
    pub fn days_and_span(self) -> (i64, i64) {
        match self {
            PlanView::Day => (3, 1),
            PlanView::Week => (21, 1),
            PlanView::Quarter => (91, 7),
        }
    }
}

/// One day of a supplier's plan in one category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct PlanDay {
    #[serde(with = "day_text")]
    #[schema(value_type = String, format = Date)]
    pub day: i64,
    /// Units its open tasks have booked that day.
    pub booked: i64,
    /// Units it can make that day (0 on a day off); none: no limit set.
    pub capacity: Option<i64>,
}

impl PlanDay {
    /// More booked than it can make.
    pub fn overloaded(&self) -> bool {
        self.capacity.is_some_and(|c| self.booked > c)
    }

    /// Booked as a share of capacity, percent (for the bar); none without
    /// a limit or on a day off.
    pub fn percent(&self) -> Option<i64> {
        self.capacity
            .filter(|c| *c > 0)
            .map(|c| self.booked * 100 / c)
    }
}

mod day_text {
    use serde::Serializer;

    pub fn serialize<S: Serializer>(day: &i64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&crate::stats::iso(*day))
    }
}

/// One supplier's days in one category.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PlanRow {
    pub supplier_id: String,
    pub supplier: String,
    pub category_id: String,
    pub category: String,
    pub days: Vec<PlanDay>,
}

/// `GET /plan`: load against capacity per supplier and category, day by
/// day (or week by week).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Plan {
    #[serde(with = "day_text")]
    #[schema(value_type = String, format = Date)]
    pub from: i64,
    #[serde(with = "day_text")]
    #[schema(value_type = String, format = Date)]
    pub to: i64,
    /// Days per column: 1, or 7 for weeks.
    pub span: i64,
    pub rows: Vec<PlanRow>,
}

/// A task's units booked on one day.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PlannedTask {
    pub task_id: String,
    pub order_id: String,
    pub sku: String,
    pub title: String,
    pub category: String,
    pub status: crate::TaskStatus,
    /// The task's units, all days together.
    pub quantity: i64,
    #[serde(with = "day_text")]
    #[schema(value_type = String, format = Date)]
    pub day: i64,
    /// Its units booked that day.
    pub units: i64,
    #[serde(with = "time::serde::rfc3339::option")]
    pub due_at: Option<time::OffsetDateTime>,
}

/// The days `from ..= to` of one supplier in one category.
pub fn plan_days(
    cal: &Calendar,
    cap: Option<&Capacity>,
    booked: &Booked,
    from: i64,
    to: i64,
) -> Vec<PlanDay> {
    (from..=to)
        .map(|day| PlanDay {
            day,
            booked: booked.get(&day).copied().unwrap_or(0),
            capacity: cap
                .and_then(|c| c.units_per_day)
                .map(|u| match cal.works(day) {
                    true => u,
                    false => 0,
                }),
        })
        .collect()
}

/// Sums `days` by `span` days (a week of a quarter's plan): booked and
/// capacity added up, the span's first day kept.
pub fn by_span(days: &[PlanDay], span: usize) -> Vec<PlanDay> {
    days.chunks(span.max(1))
        .map(|chunk| PlanDay {
            day: chunk[0].day,
            booked: chunk.iter().map(|d| d.booked).sum(),
            capacity: chunk.iter().map(|d| d.capacity).sum::<Option<i64>>(),
        })
        .collect()
}

/// Why a task cannot be planned from a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NotPlanned {
    #[error("the supplier does not work on that day")]
    DayOff,
    #[error("that day is in the past")]
    Past,
    #[error("the task does not fit within a year from that day")]
    NoRoom,
}

/// Books `quantity` units from working day `start` on, into the days with
/// room (`booked` without the task itself); all on `start` when no limit
/// is set. `today` is the supplier's day now.
pub fn plan_from(
    cal: &Calendar,
    cap: Option<&Capacity>,
    booked: &Booked,
    today: i64,
    start: i64,
    quantity: i64,
) -> Result<Vec<(i64, i64)>, NotPlanned> {
    if start < today {
        return Err(NotPlanned::Past);
    }
    if !cal.works(start) {
        return Err(NotPlanned::DayOff);
    }
    let Some(per_day) = cap.and_then(|c| c.units_per_day) else {
        return Ok(vec![(start, quantity)]);
    };
    let mut out = Vec::new();
    let mut left = quantity;
    for day in start..start + HORIZON_DAYS {
        if left == 0 {
            break;
        }
        if !cal.works(day) {
            continue;
        }
        let take = (per_day - booked.get(&day).copied().unwrap_or(0)).clamp(0, left);
        if take > 0 {
            out.push((day, take));
            left -= take;
        }
    }
    if left > 0 {
        return Err(NotPlanned::NoRoom);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capacity::Weekday;

    fn cap(units: i64) -> Capacity {
        Capacity {
            units_per_day: Some(units),
            lead_days: 0,
            cut_off: None,
        }
    }

    #[test]
    fn a_plan_shows_load_against_capacity() {
        // day 4 is a Monday (1970-01-05)
        let cal = Calendar::default();
        let booked = Booked::from([(4, 12), (5, 10)]);
        let days = plan_days(&cal, Some(&cap(10)), &booked, 2, 5);
        assert_eq!(days[0].capacity, Some(0), "Saturday off");
        assert!(days[2].overloaded());
        assert_eq!(days[2].percent(), Some(120));
        assert!(!days[3].overloaded());
        let weeks = by_span(&days, 2);
        assert_eq!((weeks[1].booked, weeks[1].capacity), (22, Some(20)));
        let open = plan_days(&cal, None, &booked, 4, 4);
        assert_eq!((open[0].capacity, open[0].percent()), (None, None));
    }

    #[test]
    fn a_moved_task_fills_the_days_with_room_from_its_new_start() {
        let cal = Calendar::new(&Weekday::ALL[..5], [7], 0);
        let booked = Booked::from([(4, 8)]);
        // Monday 4 has 2 left, Tuesday 5 and Wednesday 6 10 each, 7 is off
        let days = plan_from(&cal, Some(&cap(10)), &booked, 4, 4, 25).unwrap();
        assert_eq!(days, vec![(4, 2), (5, 10), (6, 10), (8, 3)]);
        assert_eq!(
            plan_from(&cal, Some(&cap(10)), &booked, 4, 7, 1),
            Err(NotPlanned::DayOff)
        );
        assert_eq!(
            plan_from(&cal, Some(&cap(10)), &booked, 5, 4, 1),
            Err(NotPlanned::Past)
        );
        assert_eq!(
            plan_from(&cal, None, &booked, 4, 4, 25).unwrap(),
            vec![(4, 25)]
        );
        assert_eq!(
            plan_from(&cal, Some(&cap(1)), &Booked::new(), 4, 4, 400),
            Err(NotPlanned::NoRoom)
        );
    }
}
