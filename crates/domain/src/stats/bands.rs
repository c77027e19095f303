//! The order amount distribution (订单金额分布). Orders are counted per
//! amount rounded down to two significant figures, so any bands whose
//! edges have at most two significant figures (50, 120, 1,500, 0.5) can be
//! summed exactly from the stored counts, whatever bands a user sets.

use crate::ErrorCode;
use crate::validate::ValidationError;
use rust_decimal::Decimal;

/// An amount in thousandths rounded down to two significant figures.
pub fn bucket(milli: i64) -> i64 {
    if milli <= 0 {
        return 0;
    }
    let mut scale = 1;
    while milli / scale >= 100 {
        scale *= 10;
    }
    milli / scale * scale
}

/// Most bands one distribution may have.
pub const MAX_BANDS: usize = 20;

/// The edges between bands, ascending, in thousandths: edges `[50, 100]`
/// make the bands under 50, 50 to under 100, and 100 and over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bands(pub Vec<i64>);

impl Bands {
    /// Bands for amounts in `currency` when the user set none: tens to
    /// thousands, a hundred times that for a currency without cents.
    pub fn default_for(currency: &str) -> Self {
        let scale = match crate::money::minor_unit(currency) {
            0 => 100,
            _ => 1,
        };
        Bands(
            [20, 50, 100, 200, 500, 1000]
                .iter()
                .map(|e| e * scale * 1000)
                .collect(),
        )
    }

    /// Reads edges written as `50,100,200` (in the currency's units).
    pub fn parse(field: &str, text: &str) -> Result<Self, ValidationError> {
        let refuse = |detail: &str| ValidationError::new(field, ErrorCode::StatBands, detail);
        let mut edges = Vec::new();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let value: Decimal = part
                .parse()
                .map_err(|_| refuse("band edges are numbers separated by commas: 50,100,200"))?;
            if value <= Decimal::ZERO || value > crate::money::MAX_AMOUNT {
                return Err(refuse(
                    "a band edge is more than 0 and at most 1,000,000,000",
                ));
            }
            let milli = super::milli(value);
            if bucket(milli) != milli || Decimal::from(milli) != value * Decimal::from(1000) {
                return Err(refuse(
                    "a band edge has at most two significant figures (50, 120, 1500, 0.5)",
                ));
            }
            if edges.last().is_some_and(|&l| l >= milli) {
                return Err(refuse("band edges go up: 50,100,200"));
            }
            edges.push(milli);
        }
        if edges.is_empty() || edges.len() >= MAX_BANDS {
            return Err(refuse("between 1 and 19 band edges"));
        }
        Ok(Bands(edges))
    }

    /// Each band (lower edge, upper edge or `None` for the last) with the
    /// orders in it, from `(bucket, orders)` counts.
    pub fn count(&self, buckets: &[(i64, i64)]) -> Vec<(i64, Option<i64>, i64)> {
        let mut lower = 0;
        let mut out = Vec::with_capacity(self.0.len() + 1);
        for upper in self.0.iter().copied().map(Some).chain([None]) {
            let n = buckets
                .iter()
                .filter(|(b, _)| *b >= lower && upper.is_none_or(|u| *b < u))
                .map(|(_, n)| n)
                .sum();
            out.push((lower, upper, n));
            lower = upper.unwrap_or(lower);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn amounts_fall_to_two_significant_figures() {
        assert_eq!(bucket(37_500), 37_000);
        assert_eq!(bucket(1_234_000), 1_200_000);
        assert_eq!(bucket(99), 99);
        assert_eq!(bucket(0), 0);
        assert_eq!(bucket(-5), 0);
    }

    #[test]
    fn bands_are_read_and_refused_with_a_reason() {
        assert_eq!(
            Bands::parse("b", "50, 100,1500,0.5").unwrap_err().field,
            "b"
        );
        assert_eq!(
            Bands::parse("b", "0.5,50,100,1500").unwrap().0,
            vec![500, 50_000, 100_000, 1_500_000]
        );
        for bad in ["125", "100,50", "x", "", "0", "-5", "0.0001"] {
            let e = Bands::parse("b", bad).unwrap_err();
            assert_eq!(e.code, ErrorCode::StatBands, "{bad}");
        }
        assert_eq!(Bands::default_for("JPY").0[0], 2_000_000);
    }

    proptest! {
        /// Counting stored buckets gives what counting the amounts gives.
        #[test]
        fn bands_count_exactly(amounts in proptest::collection::vec(0i64..5_000_000, 0..50)) {
            let bands = Bands(vec![20_000, 50_000, 120_000, 1_500_000]);
            let buckets: Vec<(i64, i64)> = amounts.iter().map(|a| (bucket(*a), 1)).collect();
            let counted = bands.count(&buckets);
            for (lo, hi, n) in counted {
                let plain = amounts.iter().filter(|a| **a >= lo && hi.is_none_or(|h| **a < h)).count();
                prop_assert_eq!(n as usize, plain);
            }
        }
    }
}
