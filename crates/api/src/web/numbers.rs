//! Numbers and money as the reader's language writes them, through
//! ICU4X's CLDR data rather than by hand: grouping ("12,340"), the
//! currency's symbol in that language (¥ for CNY in Chinese, CN¥ in
//! English; JP¥ / ¥ the other way round) and its digits (JPY none, KWD
//! three). The stored amounts stay exact decimals; this is display only.

use super::i18n::Lang;
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal as IcuDecimal;
use icu_experimental::dimension::currency::{CurrencyType, formatter::CurrencyFormatter};
use icu_locale_core::{Locale, locale};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use writeable::Writeable;

fn locale_of(lang: Lang) -> Locale {
    match lang {
        Lang::En => locale!("en"),
        Lang::Zh => locale!("zh-CN"),
    }
}

static COUNTS: LazyLock<[DecimalFormatter; 2]> = LazyLock::new(|| {
    Lang::ALL.map(|lang| {
        DecimalFormatter::try_new(locale_of(lang).into(), Default::default())
            .expect("decimal data for both languages is compiled in")
    })
});

/// A whole number, grouped: 12,340.
pub fn count(lang: Lang, n: i64) -> String {
    COUNTS[lang as usize]
        .format(&IcuDecimal::from(n))
        .write_to_string()
        .into_owned()
}

type Formatter = Arc<CurrencyFormatter<DecimalFormatter>>;

/// One formatter per language and currency, made on first use: making one
/// resolves CLDR data (and, for a currency without a symbol in that
/// language, notes the fallback to its code once rather than per amount).
static MONEY: LazyLock<Mutex<HashMap<(Lang, String), Formatter>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

fn formatter(lang: Lang, currency: &str) -> Option<Formatter> {
    let key = (lang, currency.to_ascii_uppercase());
    let mut cache = MONEY
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(f) = cache.get(&key) {
        return Some(f.clone());
    }
    let code = CurrencyType::try_from_str(&key.1.to_ascii_lowercase()).ok()?;
    let made = CurrencyFormatter::try_new_symbol(locale_of(lang).into(), code, Default::default())
        .ok()
        .map(Arc::new)?;
    cache.insert(key, made.clone());
    Some(made)
}

/// An amount in its currency as the reader's language writes it:
/// "$1,234.50", "¥2,900" / "JP¥2,900", "€12.00". An amount carrying
/// more digits than the currency has (a unit price quoted to a tenth of a
/// cent) is not rounded away: it is written in full after the currency's
/// code, "USD 0.125", since CLDR's pattern would round it.
pub fn money(lang: Lang, amount: Decimal, currency: &str) -> String {
    let exact = amount.normalize();
    let digits = orderhub_domain::money::minor_unit(currency);
    let Ok(value) = exact.to_string().parse::<IcuDecimal>() else {
        return format!("{currency} {exact}");
    };
    match formatter(lang, currency) {
        Some(f) if exact.scale() <= digits => f.format_fixed_decimal(&value).to_string(),
        _ => {
            let mut value = value;
            value.pad_end(-(digits as i16));
            let digits = COUNTS[lang as usize]
                .format(&value)
                .write_to_string()
                .into_owned();
            format!("{} {digits}", currency.to_ascii_uppercase())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn m(lang: Lang, amount: &str, currency: &str) -> String {
        money(lang, Decimal::from_str(amount).unwrap(), currency)
    }

    #[test]
    fn currencies_in_each_language() {
        assert_eq!(m(Lang::En, "1234.5", "USD"), "$1,234.50");
        assert_eq!(m(Lang::Zh, "1234.5", "USD"), "US$1,234.50");
        assert_eq!(m(Lang::Zh, "1234.5", "CNY"), "¥1,234.50");
        assert_eq!(m(Lang::En, "1234.5", "CNY"), "CN¥1,234.50");
        assert_eq!(m(Lang::En, "2900", "JPY"), "¥2,900");
        assert_eq!(m(Lang::Zh, "2900", "JPY"), "JP¥2,900");
        assert_eq!(m(Lang::En, "12", "EUR"), "€12.00");
        assert_eq!(m(Lang::En, "0", "GBP"), "£0.00");
    }

    #[test]
    fn digits_come_from_the_currency() {
        // KWD has three digits and no symbol in either language's data
        assert!(
            m(Lang::En, "1.25", "KWD").ends_with("1.250"),
            "{}",
            m(Lang::En, "1.25", "KWD")
        );
        assert_eq!(m(Lang::En, "1234567.891", "USD"), "USD 1,234,567.891");
        assert_eq!(m(Lang::En, "0.125", "USD"), "USD 0.125");
        assert_eq!(
            m(Lang::En, "0.10", "USD"),
            "$0.10",
            "trailing zeros are not digits"
        );
    }

    #[test]
    fn counts_are_grouped() {
        assert_eq!(count(Lang::En, 12_340), "12,340");
        assert_eq!(count(Lang::Zh, 1_000_000), "1,000,000");
        assert_eq!(count(Lang::En, 7), "7");
    }
}
