//! The two figures of a stock item and every way they may move.

use super::MovementKind;
use crate::ErrorCode;
use std::fmt;

/// Units on hand and reserved at one location. `0 <= reserved <= on_hand`
/// always: each method below refuses what would break it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Level {
    pub on_hand: i64,
    pub reserved: i64,
}

/// Why a movement was refused, with the figures the sentence needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Short {
    /// Fewer units are available than asked for.
    Available { asked: i64, available: i64 },
    /// A count below what is reserved: the reservations must be let go
    /// (or shipped) first.
    BelowReserved { counted: i64, reserved: i64 },
    /// Fewer units are reserved than the release or shipment names.
    Reserved { asked: i64, reserved: i64 },
    /// The location would hold more than [`super::MAX_UNITS`].
    TooMany,
}

impl Short {
    /// The problem code a refusal carries.
    pub fn code(&self) -> ErrorCode {
        match self {
            Short::Available { .. } | Short::Reserved { .. } => ErrorCode::ShortStock,
            Short::BelowReserved { .. } => ErrorCode::BelowReserved,
            Short::TooMany => ErrorCode::OutOfRange,
        }
    }
}

impl fmt::Display for Short {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Short::Available { asked, available } => {
                write!(f, "{asked} asked, {available} available")
            }
            Short::BelowReserved { counted, reserved } => write!(
                f,
                "{counted} counted, but {reserved} are reserved for orders; release or ship reservations first"
            ),
            Short::Reserved { asked, reserved } => {
                write!(f, "{asked} asked, {reserved} reserved")
            }
            Short::TooMany => write!(f, "at most {} units per location", super::MAX_UNITS),
        }
    }
}

impl Level {
    /// What a new reservation or issue can have.
    pub fn available(&self) -> i64 {
        self.on_hand - self.reserved
    }

    /// Available is at or below the threshold.
    pub fn is_low(&self, low_at: Option<i64>) -> bool {
        low_at.is_some_and(|t| self.available() <= t)
    }

    /// The level after `quantity` units move by `kind` (a stocktake is
    /// [`Level::count`]; an adjustment replays its difference).
    pub fn apply(self, kind: MovementKind, quantity: i64) -> Result<Level, Short> {
        use MovementKind::*;
        let Level { on_hand, reserved } = self;
        let asked = quantity;
        let free = |l: Level| {
            if asked > self.available() {
                Err(Short::Available {
                    asked,
                    available: self.available(),
                })
            } else {
                Ok(l)
            }
        };
        let held = |l: Level| {
            if asked > reserved {
                Err(Short::Reserved { asked, reserved })
            } else {
                Ok(l)
            }
        };
        let next = match kind {
            Receipt | TransferIn => {
                if on_hand + asked > super::MAX_UNITS {
                    return Err(Short::TooMany);
                }
                Level {
                    on_hand: on_hand + asked,
                    reserved,
                }
            }
            Issue | TransferOut => free(Level {
                on_hand: on_hand - asked,
                reserved,
            })?,
            Reservation => free(Level {
                on_hand,
                reserved: reserved + asked,
            })?,
            Release => held(Level {
                on_hand,
                reserved: reserved - asked,
            })?,
            Shipment => held(Level {
                on_hand: on_hand - asked,
                reserved: reserved - asked,
            })?,
            Adjustment => {
                // a replayed difference: `asked` is signed here
                let on_hand = on_hand + asked;
                if on_hand < reserved {
                    return Err(Short::BelowReserved {
                        counted: on_hand,
                        reserved,
                    });
                }
                Level { on_hand, reserved }
            }
        };
        Ok(next)
    }

    /// A stocktake found `counted` units: the signed difference to record
    /// as an adjustment (0: the shelf agrees), refused below what is
    /// reserved.
    pub fn count(self, counted: i64) -> Result<i64, Short> {
        if counted < self.reserved {
            return Err(Short::BelowReserved {
                counted,
                reserved: self.reserved,
            });
        }
        if counted > super::MAX_UNITS {
            return Err(Short::TooMany);
        }
        Ok(counted - self.on_hand)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use MovementKind::*;

    fn level(on_hand: i64, reserved: i64) -> Level {
        Level { on_hand, reserved }
    }

    #[test]
    fn receipts_reservations_and_shipments_keep_the_figures() {
        let l = Level::default().apply(Receipt, 10).unwrap();
        let l = l.apply(Reservation, 4).unwrap();
        assert_eq!((l.on_hand, l.reserved, l.available()), (10, 4, 6));
        let l = l.apply(Shipment, 3).unwrap();
        assert_eq!(l, level(7, 1));
        let l = l.apply(Release, 1).unwrap();
        assert_eq!(l, level(7, 0));
        assert_eq!(l.apply(Issue, 7).unwrap(), level(0, 0));
    }

    #[test]
    fn nothing_goes_below_zero_or_reserves_what_is_not_there() {
        let l = level(5, 3);
        let short = Short::Available {
            asked: 3,
            available: 2,
        };
        assert_eq!(l.apply(Reservation, 3), Err(short));
        assert_eq!(l.apply(Issue, 3), Err(short));
        assert_eq!(l.apply(TransferOut, 3), Err(short));
        assert_eq!(
            l.apply(Release, 4),
            Err(Short::Reserved {
                asked: 4,
                reserved: 3
            })
        );
        assert_eq!(
            l.apply(Shipment, 4).unwrap_err().code(),
            ErrorCode::ShortStock
        );
        assert_eq!(l.apply(Reservation, 2).unwrap(), level(5, 5));
        assert_eq!(l.apply(Receipt, MAX_UNITS), Err(Short::TooMany));
    }

    #[test]
    fn a_count_records_the_difference_and_never_goes_below_reserved() {
        let l = level(10, 4);
        assert_eq!(l.count(12), Ok(2));
        assert_eq!(l.count(10), Ok(0));
        assert_eq!(l.count(4), Ok(-6));
        let refused = l.count(3).unwrap_err();
        assert_eq!(refused.code(), ErrorCode::BelowReserved);
        assert!(refused.to_string().contains("4 are reserved"));
        assert_eq!(l.apply(Adjustment, -6).unwrap(), level(4, 4));
        assert!(l.apply(Adjustment, -7).is_err());
    }

    #[test]
    fn low_is_available_at_or_below_the_threshold() {
        assert!(level(10, 6).is_low(Some(4)));
        assert!(!level(10, 5).is_low(Some(4)));
        assert!(!level(0, 0).is_low(None));
    }

    use super::super::MAX_UNITS;
}
