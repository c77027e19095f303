//! Statistics (source document 001, 统计): what each order adds to the
//! seller's figures, and how a period is cut into stored sums.
//!
//! The figures are never a scan of the orders. Every change to an order
//! restates its [`OrderFacts`]; the store subtracts what the order added
//! before and adds what it adds now ([`diff`]), in the same transaction,
//! to sums kept per day and per month ([`Grain`]). A period then reads
//! whole months plus the days at its edges ([`Range::spans`]).
//!
//! Money is summed as integer thousandths of the currency's unit
//! ([`milli`]): exact for every ISO 4217 minor unit (yen has none, the
//! dinar three), and summable in a BIGINT.

mod bands;
mod delta;
mod facts;
mod period;
mod report;
mod scorecard;

pub use bands::{Bands, bucket};
pub use delta::{CustomerDay, Delta, Deltas, LineKey, SalesKey, diff};
pub use facts::{CustomerKind, LineFact, LineView, OrderFacts, OrderView, identity};
pub use period::{Grain, MAX_DAYS, Period, Range, Span, date, day, month_of, month_start};
pub use report::{
    Band, Customers, GoodsRow, LineSums, MAX_RATES, Money, Point, Rates, Report, SalesRow,
    SalesSums, Summary, change, iso, largest_first,
};
pub use scorecard::{MIN_JUDGED, ScorePoint, ScoreReport, Scorecard, Work, WorkSums, percentile};

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;

/// `amount` in thousandths of its unit, rounded half away from zero
/// (saturating: amounts are capped far below, see [`crate::money::MAX_AMOUNT`]).
pub fn milli(amount: Decimal) -> i64 {
    (amount * Decimal::from(1000))
        .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        .to_i64()
        .unwrap_or(if amount.is_sign_negative() {
            i64::MIN
        } else {
            i64::MAX
        })
}

/// A sum in thousandths back as a decimal amount.
pub fn from_milli(milli: i64) -> Decimal {
    Decimal::new(milli, 3).normalize()
}

/// The UTC day (days since 1970-01-01) of a time in milliseconds.
pub fn day_of(ms: i64) -> i64 {
    ms.div_euclid(DAY_MS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_summed_in_thousandths() {
        assert_eq!(milli(Decimal::new(1250, 2)), 12_500);
        assert_eq!(milli(Decimal::new(2900, 0)), 2_900_000);
        assert_eq!(milli(Decimal::new(12345, 4)), 1_235);
        assert_eq!(from_milli(12_500), Decimal::new(125, 1));
        assert_eq!(day_of(-1), -1);
        assert_eq!(day_of(DAY_MS), 1);
    }
}
