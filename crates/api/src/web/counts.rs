//! "51–100 of 12,340": where a page is in its list, and how many the
//! list's filter matches. A count reads at most [`COUNT_CAP`] + 1 index
//! entries (exact below the cap, whatever the table's size). Past the cap,
//! an unfiltered list or one status (for staff, who see everything) is
//! "about" the figure the dashboard last took (kept in the database; the
//! dashboard refreshes it while someone looks at it, a list only reads it);
//! any other filter says "more than 1,000".

use super::i18n::Lang;
use crate::AppState;
use orderhub_store::{Count, Dashboard};

/// Lists count what their filter matches up to this many: exact below it,
/// estimated or "more than" above, so a count costs at most this many
/// index reads.
pub(super) const COUNT_CAP: i64 = 1_000;

/// What a list's heading says of its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Total {
    Exact(i64),
    /// Past the cap, from the dashboard's last figures.
    About(i64),
    /// Past the cap, with no figure to estimate from.
    MoreThan(i64),
}

/// A capped count made a [`Total`]: past the cap, `about` reads the
/// dashboard's last figures (when there are any; they are never computed
/// here, as that takes seconds on a large database).
pub(super) async fn total(
    s: &AppState,
    count: Count,
    about: impl FnOnce(&Dashboard) -> Option<i64>,
) -> Total {
    if !count.more {
        return Total::Exact(count.n);
    }
    match s.dashboard.last(s).await.as_ref().and_then(about) {
        // older figures than the cap itself are no estimate
        Some(n) if n > count.n => Total::About(n),
        _ => Total::MoreThan(count.n),
    }
}

/// The dashboard's count of `status` in `by_status`, or of all of them.
pub(super) fn of_status(by_status: &[(String, i64)], status: Option<&str>) -> i64 {
    by_status
        .iter()
        .filter(|(st, _)| status.is_none_or(|want| want == st))
        .map(|(_, n)| n)
        .sum()
}

/// "51–100 of 12,340", "1–50 of about 12,300", "1–50 of more than 1,000",
/// or "1–50" when the list is not counted: where a page of a list starts
/// (`at`, counted from 0), how many rows it shows, and its total.
pub(super) fn range_text(lang: Lang, at: usize, shown: usize, total: Option<Total>) -> String {
    if shown == 0 {
        return String::new();
    }
    let (from, to) = ((at + 1) as i64, (at + shown) as i64);
    let (key, n) = match total {
        Some(Total::Exact(n)) => ("list-range", n),
        Some(Total::About(n)) => ("list-range_about", n),
        Some(Total::MoreThan(n)) => ("list-range_more", n),
        None => ("list-range_open", 0),
    };
    lang.fill(
        key,
        &[
            ("from", from.into()),
            ("to", to.into()),
            ("total", n.into()),
        ],
    )
}

/// The `at` of a list's query: where its page starts (it comes from the
/// URL: anything not a plausible row number is the start).
pub(super) fn at_of(at: &str) -> usize {
    at.trim()
        .parse()
        .ok()
        .filter(|n| *n < 1_000_000_000)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_says_where_it_is_in_its_list() {
        let exact = Some(Total::Exact(12_340));
        assert_eq!(range_text(Lang::En, 50, 50, exact), "51–100 of 12,340");
        assert_eq!(
            range_text(Lang::En, 0, 50, Some(Total::MoreThan(1_000))),
            "1–50 of more than 1,000"
        );
        assert_eq!(
            range_text(Lang::En, 0, 50, Some(Total::About(12_345))),
            "1–50 of about 12,345"
        );
        assert_eq!(
            range_text(Lang::Zh, 0, 50, Some(Total::About(12_345))),
            "第 1–50 条，共约 12,345 条"
        );
        assert_eq!(
            range_text(Lang::Zh, 0, 7, Some(Total::Exact(7))),
            "第 1–7 条，共 7 条"
        );
        assert_eq!(range_text(Lang::En, 0, 3, None), "1–3");
        assert_eq!(range_text(Lang::En, 0, 0, exact), "");
        assert_eq!(
            range_text(Lang::En, 1_000_000, 50, None),
            "1,000,001–1,000,050"
        );
    }

    #[test]
    fn a_status_or_all_of_them() {
        let by = vec![("pending".to_owned(), 3), ("shipped".to_owned(), 4)];
        assert_eq!(of_status(&by, Some("shipped")), 4);
        assert_eq!(of_status(&by, None), 7);
        assert_eq!(of_status(&by, Some("cancelled")), 0);
    }
}
