//! Supplier scorecards (绩效考核): what each supplier did with the work it
//! was given, from the task events — how fast it accepts, how often it
//! refuses, whether it ships by the due date, how long work takes from
//! assignment to shipment, and how often after-sales comes back to it.

use super::{bucket, from_milli};
use crate::lifecycle::TaskStatus;
use crate::model::EventKind;
use rust_decimal::Decimal;
use serde::Serialize;
use utoipa::ToSchema;

/// Fewest shipments with a due date in 30 days for a supplier's on-time
/// rate to judge it by (fewer: not enough to say).
pub const MIN_JUDGED: i64 = 5;

/// Hours in a millisecond count.
const HOUR_MS: i64 = 3_600_000;

/// A task event that counts on a supplier's scorecard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    Assigned,
    Accepted,
    Rejected,
    Shipped,
    CaseOpened,
}

impl Work {
    /// The work an event records, if any.
    pub fn of(kind: EventKind, to: Option<&str>) -> Option<Work> {
        match (kind, to.and_then(TaskStatus::parse)) {
            (EventKind::TaskRouted, _) => Some(Work::Assigned),
            (EventKind::TaskStatusChanged, Some(TaskStatus::Accepted)) => Some(Work::Accepted),
            (EventKind::TaskStatusChanged, Some(TaskStatus::Rejected)) => Some(Work::Rejected),
            (EventKind::TaskStatusChanged, Some(TaskStatus::Shipped)) => Some(Work::Shipped),
            (EventKind::CaseOpened, _) => Some(Work::CaseOpened),
            _ => None,
        }
    }

    /// What it adds to the sums ([`WorkSums`] order), for a task assigned
    /// at `assigned_ms` and due at `due_ms`, the event at `at_ms`.
    pub fn sums(self, at_ms: i64, assigned_ms: i64, due_ms: Option<i64>) -> WorkSums {
        let since = (at_ms - assigned_ms).max(0);
        let mut s = WorkSums::default();
        match self {
            Work::Assigned => s.assigned = 1,
            Work::Accepted => (s.accepted, s.accept_ms) = (1, since),
            Work::Rejected => s.rejected = 1,
            Work::Shipped => {
                (s.shipped, s.lead_ms) = (1, since);
                if let Some(due) = due_ms {
                    s.with_due = 1;
                    s.on_time = i64::from(at_ms <= due);
                }
            }
            Work::CaseOpened => s.cases = 1,
        }
        s
    }

    /// The lead-time bucket a shipment counts in: whole hours from
    /// assignment, down to two significant figures.
    pub fn lead_hours(at_ms: i64, assigned_ms: i64) -> i64 {
        bucket((at_ms - assigned_ms).max(0) / HOUR_MS)
    }
}

/// A supplier's sums (times in milliseconds).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct WorkSums {
    pub assigned: i64,
    pub accepted: i64,
    pub accept_ms: i64,
    pub rejected: i64,
    pub shipped: i64,
    pub with_due: i64,
    pub on_time: i64,
    pub lead_ms: i64,
    pub cases: i64,
}

impl WorkSums {
    /// The sums in their stored column order.
    pub fn values(&self) -> [i64; 9] {
        [
            self.assigned,
            self.accepted,
            self.accept_ms,
            self.rejected,
            self.shipped,
            self.with_due,
            self.on_time,
            self.lead_ms,
            self.cases,
        ]
    }

    /// Sums from their stored column order.
    pub fn from_values(v: [i64; 9]) -> Self {
        let [
            assigned,
            accepted,
            accept_ms,
            rejected,
            shipped,
            with_due,
            on_time,
            lead_ms,
            cases,
        ] = v;
        WorkSums {
            assigned,
            accepted,
            accept_ms,
            rejected,
            shipped,
            with_due,
            on_time,
            lead_ms,
            cases,
        }
    }

    /// The stored column names, in order.
    pub const COLUMNS: [&'static str; 9] = [
        "assigned",
        "accepted",
        "accept_ms",
        "rejected",
        "shipped",
        "with_due",
        "on_time",
        "lead_ms",
        "cases",
    ];

    /// On-time shipments in percent, when at least [`MIN_JUDGED`] had a
    /// due date.
    pub fn on_time_percent(&self) -> Option<i64> {
        (self.with_due >= MIN_JUDGED).then(|| self.on_time * 100 / self.with_due)
    }
}

impl std::ops::AddAssign for WorkSums {
    fn add_assign(&mut self, o: Self) {
        let mut v = self.values();
        for (a, b) in v.iter_mut().zip(o.values()) {
            *a += b;
        }
        *self = WorkSums::from_values(v);
    }
}

/// The `p`-th percentile (0–100) of `(hours, count)` counts: the bucket
/// it falls in (within a tenth of the true figure).
pub fn percentile(counts: &[(i64, i64)], p: i64) -> Option<i64> {
    let total: i64 = counts.iter().map(|(_, n)| n).sum();
    if total == 0 {
        return None;
    }
    let mut sorted = counts.to_vec();
    sorted.sort();
    let rank = ((total * p + 99) / 100).max(1);
    let mut seen = 0;
    for (hours, n) in sorted {
        seen += n;
        if seen >= rank {
            return Some(hours);
        }
    }
    None
}

fn percent(part: i64, whole: i64) -> Option<Decimal> {
    (whole > 0)
        .then(|| (Decimal::from(part) * Decimal::from(100) / Decimal::from(whole)).round_dp(1))
}

/// One month (or day, for short periods) of a supplier's trend.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ScorePoint {
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    pub shipped: i64,
    /// On-time rate in percent; none without shipments with a due date.
    #[schema(value_type = Option<String>)]
    pub on_time_rate: Option<Decimal>,
}

/// A supplier's scorecard for a period (or one category of its work).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Scorecard {
    pub supplier_id: String,
    pub supplier: String,
    /// The category, for a per-category row; none for the whole supplier.
    pub category_id: Option<String>,
    pub category: Option<String>,
    pub assigned: i64,
    pub accepted: i64,
    pub rejected: i64,
    pub shipped: i64,
    /// Average hours from assignment to acceptance.
    #[schema(value_type = Option<String>)]
    pub acceptance_hours: Option<Decimal>,
    /// Refused of all answered (accepted or refused), percent.
    #[schema(value_type = Option<String>)]
    pub rejection_rate: Option<Decimal>,
    /// Shipped by the due date, of those shipped that had one, percent.
    #[schema(value_type = Option<String>)]
    pub on_time_rate: Option<Decimal>,
    /// Hours from assignment to shipment: median and 90th percentile
    /// (to two significant figures).
    pub lead_hours_p50: Option<i64>,
    pub lead_hours_p90: Option<i64>,
    /// After-sales cases per 100 shipments.
    #[schema(value_type = Option<String>)]
    pub after_sales_rate: Option<Decimal>,
    /// Open tasks now.
    pub open_tasks: i64,
    /// 0–100: on time 40 %, answering without refusing 25 %, no
    /// after-sales 20 %, accepting within four hours 15 % (less as it
    /// takes longer, nothing past three days); none without shipments.
    pub score: Option<i64>,
    pub trend: Vec<ScorePoint>,
}

impl Scorecard {
    /// The scorecard of `sums` and lead-time `counts`.
    pub fn new(
        (supplier_id, supplier): (&str, &str),
        category: Option<(&str, &str)>,
        s: WorkSums,
        counts: &[(i64, i64)],
        open_tasks: i64,
    ) -> Self {
        let acceptance_hours = (s.accepted > 0).then(|| {
            (from_milli(s.accept_ms) / Decimal::from(3600) / Decimal::from(s.accepted)).round_dp(1)
        });
        let on_time = percent(s.on_time, s.with_due);
        let rejection = percent(s.rejected, s.accepted + s.rejected);
        let after_sales = percent(s.cases, s.shipped);
        let score = (s.shipped > 0).then(|| {
            let hours = acceptance_hours.unwrap_or_default();
            let speed = if hours <= Decimal::from(4) {
                Decimal::ONE
            } else {
                (Decimal::from(72) - hours).max(Decimal::ZERO) / Decimal::from(68)
            };
            let hundred = Decimal::from(100);
            let part = |rate: Option<Decimal>, good_when_high: bool| {
                let r = rate
                    .unwrap_or(if good_when_high {
                        hundred
                    } else {
                        Decimal::ZERO
                    })
                    .min(hundred);
                if good_when_high {
                    r / hundred
                } else {
                    (hundred - r) / hundred
                }
            };
            let total = Decimal::from(40) * part(on_time, true)
                + Decimal::from(25) * part(rejection, false)
                + Decimal::from(20) * part(after_sales, false)
                + Decimal::from(15) * speed;
            total.round().to_string().parse().unwrap_or(0)
        });
        Scorecard {
            supplier_id: supplier_id.to_owned(),
            supplier: supplier.to_owned(),
            category_id: category.map(|c| c.0.to_owned()),
            category: category.map(|c| c.1.to_owned()),
            assigned: s.assigned,
            accepted: s.accepted,
            rejected: s.rejected,
            shipped: s.shipped,
            acceptance_hours,
            rejection_rate: rejection,
            on_time_rate: on_time,
            lead_hours_p50: percentile(counts, 50),
            lead_hours_p90: percentile(counts, 90),
            after_sales_rate: after_sales,
            open_tasks,
            score,
            trend: Vec::new(),
        }
    }
}

/// Suppliers' scorecards for a period.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ScoreReport {
    pub period: super::Period,
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day, included.
    pub to: String,
    /// One per supplier, best score first.
    pub suppliers: Vec<Scorecard>,
    /// One per supplier and category it worked in.
    pub categories: Vec<Scorecard>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = HOUR_MS;

    #[test]
    fn events_count_as_work() {
        assert_eq!(Work::of(EventKind::TaskRouted, None), Some(Work::Assigned));
        assert_eq!(
            Work::of(EventKind::TaskStatusChanged, Some("shipped")),
            Some(Work::Shipped)
        );
        assert_eq!(
            Work::of(EventKind::TaskStatusChanged, Some("produced")),
            None
        );
        let late = Work::Shipped.sums(50 * H, 0, Some(48 * H));
        assert_eq!(
            (late.shipped, late.with_due, late.on_time, late.lead_ms),
            (1, 1, 0, 50 * H)
        );
        let undated = Work::Shipped.sums(5 * H, 0, None);
        assert_eq!((undated.with_due, undated.on_time), (0, 0));
        assert_eq!(Work::lead_hours(123 * H + 5, 0), 120);
    }

    #[test]
    fn percentiles_come_from_the_counts() {
        let counts = [(24, 5), (48, 4), (120, 1)];
        assert_eq!(percentile(&counts, 50), Some(24));
        assert_eq!(percentile(&counts, 90), Some(48));
        assert_eq!(percentile(&counts, 100), Some(120));
        assert_eq!(percentile(&[], 50), None);
    }

    #[test]
    fn a_good_supplier_scores_high_and_a_late_one_lower() {
        let good = WorkSums {
            assigned: 10,
            accepted: 10,
            accept_ms: 10 * H,
            shipped: 10,
            with_due: 10,
            on_time: 10,
            ..Default::default()
        };
        let card = Scorecard::new(("s", "S"), None, good, &[(24, 10)], 2);
        assert_eq!(
            (card.score, card.on_time_rate, card.acceptance_hours),
            (Some(100), Some(Decimal::from(100)), Some(Decimal::from(1)))
        );
        let late = WorkSums {
            on_time: 5,
            rejected: 2,
            cases: 1,
            accept_ms: 10 * 24 * H,
            ..good
        };
        let card = Scorecard::new(("s", "S"), None, late, &[], 0);
        assert_eq!(card.rejection_rate, Some(Decimal::new(167, 1)));
        assert!(card.score.unwrap() < 70, "{:?}", card.score);
        assert_eq!(late.on_time_percent(), Some(50));
        assert_eq!(
            WorkSums {
                with_due: 4,
                on_time: 4,
                ..good
            }
            .on_time_percent(),
            None,
            "too few to judge"
        );
    }
}
