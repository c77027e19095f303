//! A supplier's working calendar.

use crate::stats::DAY_MS;
use std::collections::BTreeSet;

vocabulary!(
    /// A day of the week.
    Weekday {
        Mon => "mon",
        Tue => "tue",
        Wed => "wed",
        Thu => "thu",
        Fri => "fri",
        Sat => "sat",
        Sun => "sun",
    }
);

impl Weekday {
    /// The weekday of day number `day` (1970-01-01 was a Thursday).
    pub fn of(day: i64) -> Weekday {
        Weekday::ALL[(day + 3).rem_euclid(7) as usize]
    }

    fn index(self) -> usize {
        Weekday::ALL.iter().position(|w| *w == self).unwrap_or(0)
    }
}

/// Holidays one calendar may list (about a year's worth, and then some).
pub const MAX_HOLIDAYS: usize = 400;

/// When a supplier works, on its own clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    work: [bool; 7],
    holidays: BTreeSet<i64>,
    /// Its clock's offset from UTC, in milliseconds (China: +8 h).
    offset_ms: i64,
}

impl Default for Calendar {
    /// Monday to Friday, no holidays, on UTC.
    fn default() -> Self {
        Calendar::new(&Weekday::ALL[..5], [], 0)
    }
}

impl Calendar {
    /// A calendar working on `days`, off on `holidays` (day numbers), with
    /// its clock `offset_minutes` east of UTC.
    pub fn new(
        days: &[Weekday],
        holidays: impl IntoIterator<Item = i64>,
        offset_minutes: i64,
    ) -> Self {
        let mut work = [false; 7];
        for d in days {
            work[d.index()] = true;
        }
        Calendar {
            work,
            holidays: holidays.into_iter().collect(),
            offset_ms: offset_minutes * 60_000,
        }
    }

    /// Its working weekdays, Monday first.
    pub fn work_days(&self) -> Vec<Weekday> {
        Weekday::ALL
            .iter()
            .copied()
            .filter(|d| self.work[d.index()])
            .collect()
    }

    /// Its holidays, in order.
    pub fn holidays(&self) -> impl Iterator<Item = i64> + '_ {
        self.holidays.iter().copied()
    }

    /// Its clock's offset from UTC, in minutes.
    pub fn offset_minutes(&self) -> i64 {
        self.offset_ms / 60_000
    }

    /// The day on the supplier's clock at `at_ms`.
    pub fn day_at(&self, at_ms: i64) -> i64 {
        (at_ms + self.offset_ms).div_euclid(DAY_MS)
    }

    /// Minutes since midnight on the supplier's clock at `at_ms`.
    pub fn minute_at(&self, at_ms: i64) -> i64 {
        (at_ms + self.offset_ms).rem_euclid(DAY_MS) / 60_000
    }

    /// The last second of `day` (23:59:59) on the supplier's clock, in
    /// UTC milliseconds.
    pub fn end_of(&self, day: i64) -> i64 {
        (day + 1) * DAY_MS - self.offset_ms - 1000
    }

    /// Whether the supplier works on `day`.
    pub fn works(&self, day: i64) -> bool {
        self.work[Weekday::of(day).index()] && !self.holidays.contains(&day)
    }

    /// The first working day on or after `day`, looking `within` days at
    /// most (a calendar of holidays only has none).
    pub fn working_from(&self, day: i64, within: i64) -> Option<i64> {
        (day..day + within).find(|d| self.works(*d))
    }

    /// The `n`-th working day after working day `day` (`day` itself for 0),
    /// looking `within` days at most.
    pub fn add_working(&self, day: i64, n: i64, within: i64) -> Option<i64> {
        if n <= 0 {
            return Some(day);
        }
        (day + 1..day + within)
            .filter(|d| self.works(*d))
            .nth(usize::try_from(n - 1).ok()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::day;
    use time::macros::date;

    #[test]
    fn weekdays_follow_the_calendar() {
        assert_eq!(Weekday::of(0), Weekday::Thu);
        assert_eq!(Weekday::of(day(date!(2026 - 12 - 05))), Weekday::Sat);
        assert_eq!(Weekday::of(-1), Weekday::Wed);
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        let fri = day(date!(2026 - 12 - 04));
        let christmas = day(date!(2026 - 12 - 25));
        let cal = Calendar::new(&Weekday::ALL[..5], [christmas], 480);
        assert!(cal.works(fri));
        assert!(!cal.works(fri + 1));
        assert_eq!(cal.working_from(fri + 1, 30), Some(fri + 3));
        assert_eq!(cal.add_working(fri, 1, 30), Some(fri + 3));
        assert_eq!(cal.add_working(fri, 0, 30), Some(fri));
        // Thursday 24th + 1 working day skips Christmas and the weekend
        assert_eq!(cal.add_working(christmas - 1, 1, 30), Some(christmas + 3));
        let none = Calendar::new(&[], [], 0);
        assert_eq!(none.working_from(fri, 30), None);
    }

    #[test]
    fn the_suppliers_clock_decides_the_day() {
        let cal = Calendar::new(Weekday::ALL, [], 480);
        // 2026-12-04 17:30 UTC is 01:30 on the 5th in China
        let at = day(date!(2026 - 12 - 04)) * DAY_MS + (17 * 60 + 30) * 60_000;
        assert_eq!(cal.day_at(at), day(date!(2026 - 12 - 05)));
        assert_eq!(cal.minute_at(at), 90);
        assert_eq!(cal.day_at(cal.end_of(cal.day_at(at))), cal.day_at(at));
        assert_eq!(
            cal.day_at(cal.end_of(cal.day_at(at)) + 1000),
            cal.day_at(at) + 1
        );
    }
}
