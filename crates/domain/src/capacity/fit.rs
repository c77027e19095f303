//! Booking a task's units into a supplier's working days.

use super::Calendar;
use std::collections::BTreeMap;

/// How much a supplier makes in a category, and how fast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Capacity {
    /// Units per working day; none: as many as come.
    pub units_per_day: Option<i64>,
    /// Fewest working days from receipt to shipment.
    pub lead_days: i64,
    /// Minutes after midnight (its clock) from which an order counts as
    /// received the next working day.
    pub cut_off: Option<i64>,
}

/// Units already booked per day (one supplier, one category).
pub type Booked = BTreeMap<i64, i64>;

/// How far ahead anything is booked or looked for, in days: a task that
/// does not fit in a year does not fit.
pub const HORIZON_DAYS: i64 = 366;

/// When a task can be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fit {
    /// The working day it counts as received (its clock).
    pub received: i64,
    /// Units booked per working day, in order.
    pub days: Vec<(i64, i64)>,
    /// The day it is ready to ship: its last booked day, or the lead time
    /// after receipt when that is later.
    pub ready: i64,
}

/// The date a line must ship by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deadline {
    /// The order's promise (a marketplace's latest ship date), in ms.
    At(i64),
    /// The category's promise: this many working days after receipt.
    WorkingDays(i64),
}

impl Fit {
    /// The last day (its clock) the task may ship on under `deadline`.
    pub fn last_day(&self, cal: &Calendar, deadline: Deadline) -> Option<i64> {
        match deadline {
            Deadline::At(ms) => Some(cal.day_at(ms)),
            Deadline::WorkingDays(n) => cal.add_working(self.received, n, HORIZON_DAYS),
        }
    }

    /// Whether it is ready by `deadline` (always, without one).
    pub fn meets(&self, cal: &Calendar, deadline: Option<Deadline>) -> bool {
        match deadline {
            None => true,
            Some(d) => self.last_day(cal, d).is_some_and(|last| self.ready <= last),
        }
    }

    /// The task's due time: the deadline's, else the end of its ready day.
    pub fn due_at(&self, cal: &Calendar, deadline: Option<Deadline>) -> i64 {
        match deadline {
            Some(Deadline::At(ms)) => ms,
            Some(d) => cal.end_of(self.last_day(cal, d).unwrap_or(self.ready)),
            None => cal.end_of(self.ready),
        }
    }
}

/// Books `quantity` units received at `now_ms` into the first working days
/// with room under `cap`, around what is `booked` already; `None` when it
/// does not fit within [`HORIZON_DAYS`] (or the calendar has no working
/// day).
pub fn fit(
    cal: &Calendar,
    cap: &Capacity,
    booked: &Booked,
    now_ms: i64,
    quantity: i64,
) -> Option<Fit> {
    let mut day = cal.day_at(now_ms);
    if cap.cut_off.is_some_and(|cut| cal.minute_at(now_ms) >= cut) {
        day += 1;
    }
    let received = cal.working_from(day, HORIZON_DAYS)?;
    let lead_ready = cal.add_working(received, cap.lead_days, HORIZON_DAYS)?;
    let days = match cap.units_per_day {
        None => vec![(received, quantity)],
        Some(per_day) => {
            let mut out = Vec::new();
            let mut left = quantity;
            let mut d = received;
            while left > 0 {
                if d >= received + HORIZON_DAYS {
                    return None;
                }
                if cal.works(d) {
                    let free = (per_day - booked.get(&d).copied().unwrap_or(0)).max(0);
                    let take = free.min(left);
                    if take > 0 {
                        out.push((d, take));
                        left -= take;
                    }
                }
                d += 1;
            }
            out
        }
    };
    let last = days.last().map_or(received, |(d, _)| *d);
    Some(Fit {
        received,
        ready: last.max(lead_ready),
        days,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capacity::Weekday;
    use crate::stats::DAY_MS;
    use crate::stats::day;
    use time::macros::date;

    fn at(d: time::Date, hour: i64) -> i64 {
        day(d) * DAY_MS + hour * 3_600_000
    }

    #[test]
    fn units_fill_the_first_days_with_room() {
        let cal = Calendar::default();
        let mon = day(date!(2026 - 12 - 07));
        let cap = Capacity {
            units_per_day: Some(10),
            lead_days: 0,
            cut_off: None,
        };
        let booked = Booked::from([(mon, 8), (mon + 1, 10)]);
        let f = fit(&cal, &cap, &booked, at(date!(2026 - 12 - 07), 9), 15).unwrap();
        assert_eq!(f.days, vec![(mon, 2), (mon + 2, 10), (mon + 3, 3)]);
        assert_eq!(f.ready, mon + 3);
    }

    #[test]
    fn the_lead_time_and_cut_off_push_the_date() {
        let cal = Calendar::new(&Weekday::ALL[..6], [], 480);
        let fri = day(date!(2026 - 12 - 04));
        let cap = Capacity {
            units_per_day: None,
            lead_days: 2,
            cut_off: Some(16 * 60),
        };
        // 09:00 UTC is 17:00 in China: after the cut-off, received Saturday
        let f = fit(&cal, &cap, &Booked::new(), at(date!(2026 - 12 - 04), 9), 5).unwrap();
        assert_eq!(f.received, fri + 1);
        // two working days after Saturday: Monday, Tuesday
        assert_eq!(f.ready, fri + 4);
        assert!(f.meets(&cal, Some(Deadline::WorkingDays(2))));
        assert!(!f.meets(&cal, Some(Deadline::WorkingDays(1))));
        assert!(!f.meets(&cal, Some(Deadline::At(at(date!(2026 - 12 - 07), 0)))));
        assert_eq!(f.due_at(&cal, None), cal.end_of(fri + 4));
    }

    #[test]
    fn what_does_not_fit_in_a_year_does_not_fit() {
        let cal = Calendar::default();
        let cap = Capacity {
            units_per_day: Some(1),
            lead_days: 0,
            cut_off: None,
        };
        assert!(fit(&cal, &cap, &Booked::new(), 0, 100).is_some());
        assert!(fit(&cal, &cap, &Booked::new(), 0, 400).is_none());
        let idle = Calendar::new(&[], [], 0);
        assert!(fit(&idle, &Capacity::default(), &Booked::new(), 0, 1).is_none());
    }
}
