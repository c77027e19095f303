//! Periods a user picks, and how a period is cut into stored sums.

use crate::ErrorCode;
use crate::validate::ValidationError;
use time::{Date, Month};

vocabulary!(
    /// How long a stored sum runs.
    Grain {
        Day => "d",
        Month => "m",
    }
);

vocabulary!(
    /// A period on the statistics page.
    Period {
        Today => "today",
        Last7 => "7d",
        Last30 => "30d",
        Last90 => "90d",
        /// This calendar month so far.
        Month => "month",
        Quarter => "quarter",
        Year => "year",
        /// From one date to another, both included.
        Custom => "custom",
    }
);

/// Longest custom period, in days (ten years).
pub const MAX_DAYS: i64 = 3660;

/// Days, both ends included, as UTC days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub from: i64,
    pub to: i64,
}

/// A run of stored sums of one grain: days or months (`year * 12 +
/// month - 1`), both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub grain: Grain,
    pub from: i64,
    pub to: i64,
}

const EPOCH_JULIAN: i32 = 2_440_588;

/// The calendar date of a day number.
pub fn date(day: i64) -> Date {
    let julian = i32::try_from(day).unwrap_or(0).saturating_add(EPOCH_JULIAN);
    Date::from_julian_day(julian).unwrap_or(Date::MIN)
}

/// The day number of a date.
pub fn day(date: Date) -> i64 {
    i64::from(date.to_julian_day() - EPOCH_JULIAN)
}

/// The month number (`year * 12 + month - 1`) a day falls in.
pub fn month_of(d: i64) -> i64 {
    let date = date(d);
    i64::from(date.year()) * 12 + i64::from(u8::from(date.month())) - 1
}

/// The first day of a month number.
pub fn month_start(m: i64) -> i64 {
    let year = i32::try_from(m.div_euclid(12)).unwrap_or(1970);
    let month =
        Month::try_from(u8::try_from(m.rem_euclid(12) + 1).unwrap_or(1)).unwrap_or(Month::January);
    Date::from_calendar_date(year, month, 1).map_or(0, day)
}

impl Period {
    /// The days `self` covers when today is `today`; `custom` reads
    /// `from` and `to`.
    pub fn range(self, today: i64, custom: Option<Range>) -> Result<Range, ValidationError> {
        let back = |n: i64| {
            Ok(Range {
                from: today - n + 1,
                to: today,
            })
        };
        match self {
            Period::Today => back(1),
            Period::Last7 => back(7),
            Period::Last30 => back(30),
            Period::Last90 => back(90),
            Period::Month => Ok(Range {
                from: month_start(month_of(today)),
                to: today,
            }),
            Period::Quarter => {
                let m = month_of(today);
                Ok(Range {
                    from: month_start(m - m.rem_euclid(12) % 3),
                    to: today,
                })
            }
            Period::Year => {
                let m = month_of(today);
                Ok(Range {
                    from: month_start(m - m.rem_euclid(12)),
                    to: today,
                })
            }
            Period::Custom => {
                let r = custom.ok_or_else(|| {
                    ValidationError::new(
                        "from",
                        ErrorCode::Required,
                        "a custom period needs from and to dates",
                    )
                })?;
                if r.to < r.from {
                    return Err(ValidationError::new(
                        "to",
                        ErrorCode::OutOfRange,
                        "to is on or after from",
                    ));
                }
                if r.to - r.from >= MAX_DAYS {
                    return Err(ValidationError::new(
                        "to",
                        ErrorCode::OutOfRange,
                        "a period is at most ten years",
                    ));
                }
                Ok(r)
            }
        }
    }

    /// The period compared with `current`: as many days just before it,
    /// or for a calendar period the same days of the one before (1–5
    /// December against 1–5 November), cut at that period's end.
    pub fn previous(self, current: Range) -> Range {
        let months = match self {
            Period::Month => 1,
            Period::Quarter => 3,
            Period::Year => 12,
            _ => {
                let len = current.to - current.from + 1;
                return Range {
                    from: current.from - len,
                    to: current.from - 1,
                };
            }
        };
        let from = month_start(month_of(current.from) - months);
        let to = (from + current.to - current.from).min(current.from - 1);
        Range { from, to }
    }
}

impl Range {
    /// Days in the range.
    pub fn days(self) -> i64 {
        self.to - self.from + 1
    }

    /// The range as whole months plus the days at its edges, so a year
    /// reads twelve monthly sums and not 365 daily ones.
    pub fn spans(self) -> Vec<Span> {
        let first = match month_start(month_of(self.from)) == self.from {
            true => month_of(self.from),
            false => month_of(self.from) + 1,
        };
        let last = match month_start(month_of(self.to) + 1) - 1 == self.to {
            true => month_of(self.to),
            false => month_of(self.to) - 1,
        };
        if first > last {
            return vec![Span {
                grain: Grain::Day,
                from: self.from,
                to: self.to,
            }];
        }
        let mut spans = Vec::with_capacity(3);
        if self.from < month_start(first) {
            spans.push(Span {
                grain: Grain::Day,
                from: self.from,
                to: month_start(first) - 1,
            });
        }
        spans.push(Span {
            grain: Grain::Month,
            from: first,
            to: last,
        });
        let after = month_start(last + 1);
        if after <= self.to {
            spans.push(Span {
                grain: Grain::Day,
                from: after,
                to: self.to,
            });
        }
        spans
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn r(from: Date, to: Date) -> Range {
        Range {
            from: day(from),
            to: day(to),
        }
    }

    #[test]
    fn calendar_periods_start_on_their_first_day() {
        let today = day(date!(2026 - 12 - 05));
        assert_eq!(
            Period::Month.range(today, None).unwrap(),
            r(date!(2026 - 12 - 01), date!(2026 - 12 - 05))
        );
        assert_eq!(
            Period::Quarter.range(today, None).unwrap(),
            r(date!(2026 - 10 - 01), date!(2026 - 12 - 05))
        );
        assert_eq!(
            Period::Year.range(today, None).unwrap(),
            r(date!(2026 - 01 - 01), date!(2026 - 12 - 05))
        );
        assert_eq!(
            Period::Last7.range(today, None).unwrap(),
            r(date!(2026 - 11 - 29), date!(2026 - 12 - 05))
        );
        assert!(Period::Custom.range(today, None).is_err());
        assert!(
            Period::Custom
                .range(today, Some(Range { from: 5, to: 4 }))
                .is_err()
        );
    }

    #[test]
    fn the_comparison_is_the_same_days_before() {
        let cur = r(date!(2026 - 12 - 01), date!(2026 - 12 - 05));
        assert_eq!(
            Period::Month.previous(cur),
            r(date!(2026 - 11 - 01), date!(2026 - 11 - 05))
        );
        assert_eq!(
            Period::Last7.previous(cur),
            r(date!(2026 - 11 - 26), date!(2026 - 11 - 30))
        );
        let march = r(date!(2026 - 03 - 01), date!(2026 - 03 - 31));
        assert_eq!(
            Period::Month.previous(march),
            r(date!(2026 - 02 - 01), date!(2026 - 02 - 28))
        );
        let q = r(date!(2026 - 01 - 01), date!(2026 - 02 - 10));
        assert_eq!(
            Period::Quarter.previous(q),
            r(date!(2025 - 10 - 01), date!(2025 - 11 - 10))
        );
    }

    #[test]
    fn a_range_reads_whole_months_and_edge_days() {
        let s = r(date!(2025 - 12 - 20), date!(2026 - 03 - 04)).spans();
        assert_eq!(s.len(), 3);
        assert_eq!(
            (s[0].grain, s[0].from, s[0].to),
            (
                Grain::Day,
                day(date!(2025 - 12 - 20)),
                day(date!(2025 - 12 - 31))
            )
        );
        assert_eq!(
            (s[1].grain, s[1].from, s[1].to),
            (Grain::Month, 2026 * 12, 2026 * 12 + 1)
        );
        assert_eq!(
            (s[2].grain, s[2].from, s[2].to),
            (
                Grain::Day,
                day(date!(2026 - 03 - 01)),
                day(date!(2026 - 03 - 04))
            )
        );
        let whole = r(date!(2026 - 01 - 01), date!(2026 - 12 - 31)).spans();
        assert_eq!(
            whole,
            vec![Span {
                grain: Grain::Month,
                from: 2026 * 12,
                to: 2026 * 12 + 11
            }]
        );
        let inside = r(date!(2026 - 01 - 03), date!(2026 - 01 - 30)).spans();
        assert_eq!(inside[0].grain, Grain::Day);
        // every day is covered once
        for (a, b) in [
            (date!(2024 - 02 - 29), date!(2026 - 11 - 30)),
            (date!(2026 - 01 - 31), date!(2026 - 02 - 01)),
        ] {
            let days: i64 = r(a, b)
                .spans()
                .iter()
                .map(|s| match s.grain {
                    Grain::Day => s.to - s.from + 1,
                    Grain::Month => month_start(s.to + 1) - month_start(s.from),
                })
                .sum();
            assert_eq!(days, r(a, b).days());
        }
    }
}
