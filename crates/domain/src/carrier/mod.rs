//! Carriers: the list orderhub knows, by code, with the names people type
//! for each, its public tracking page, the shape of its tracking numbers
//! ([`format`]) and the name each marketplace expects ([`platforms`]).
//!
//! A carrier not in the list is still accepted as typed: it gets no
//! tracking link and goes upstream as the marketplace's "other".
//!
//! Chinese domestic carriers are followed on Kuaidi100 (快递100), the
//! tracking site that covers all of them under one address scheme
//! (`?com=<code>&nu=<number>`); international ones on their own pages.

pub mod format;
pub mod platforms;
pub mod tracking;

pub use format::{TrackingRefused, check_tracking, checked_field, normalize_tracking, specimen};

vocabulary!(
    /// A carrier orderhub knows: its stable code.
    Carrier {
        Ups => "ups",
        Usps => "usps",
        Fedex => "fedex",
        Dhl => "dhl",
        RoyalMail => "royal_mail",
        CanadaPost => "canada_post",
        AustraliaPost => "australia_post",
        SfExpress => "sf_express",
        Zto => "zto",
        Yto => "yto",
        Sto => "sto",
        Yunda => "yunda",
        JdLogistics => "jd_logistics",
        Ems => "ems",
        ChinaPost => "china_post",
        Cainiao => "cainiao",
        YunExpress => "yunexpress",
        Yanwen => "yanwen",
        FourPx => "4px",
        Deppon => "deppon",
    }
);

/// What orderhub knows of one carrier.
struct Known {
    carrier: Carrier,
    /// Shown to people.
    name: &'static str,
    /// Its Chinese name, when it has one people use.
    name_zh: Option<&'static str>,
    /// Other names it goes by (lower case), besides its code and names.
    aliases: &'static [&'static str],
    /// The tracking page, with `{n}` where the number goes.
    url: &'static str,
}

const fn known(
    carrier: Carrier,
    name: &'static str,
    name_zh: Option<&'static str>,
    aliases: &'static [&'static str],
    url: &'static str,
) -> Known {
    Known {
        carrier,
        name,
        name_zh,
        aliases,
        url,
    }
}

const KUAIDI100: &str = "https://www.kuaidi100.com/chaxun?com=";

const KNOWN: &[Known] = &[
    known(
        Carrier::Ups,
        "UPS",
        None,
        &["united parcel service"],
        "https://www.ups.com/track?tracknum={n}",
    ),
    known(
        Carrier::Usps,
        "USPS",
        None,
        &["us postal service", "united states postal service"],
        "https://tools.usps.com/go/TrackConfirmAction?tLabels={n}",
    ),
    known(
        Carrier::Fedex,
        "FedEx",
        None,
        &["federal express"],
        "https://www.fedex.com/fedextrack/?trknbr={n}",
    ),
    known(
        Carrier::Dhl,
        "DHL",
        None,
        &["dhl express"],
        "https://www.dhl.com/global-en/home/tracking/tracking-express.html?submit=1&tracking-id={n}",
    ),
    known(
        Carrier::RoyalMail,
        "Royal Mail",
        None,
        &["royalmail"],
        "https://www.royalmail.com/track-your-item#/tracking-results/{n}",
    ),
    known(
        Carrier::CanadaPost,
        "Canada Post",
        None,
        &["canadapost", "postes canada"],
        "https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor={n}",
    ),
    known(
        Carrier::AustraliaPost,
        "Australia Post",
        None,
        &["auspost", "australiapost"],
        "https://auspost.com.au/mypost/track/details/{n}",
    ),
    known(
        Carrier::SfExpress,
        "SF Express",
        Some("顺丰速运"),
        &["sf", "sf-express", "shunfeng", "顺丰"],
        "https://www.kuaidi100.com/chaxun?com=shunfeng&nu={n}",
    ),
    known(
        Carrier::Zto,
        "ZTO Express",
        Some("中通快递"),
        &["zto", "zhongtong", "中通"],
        "https://www.kuaidi100.com/chaxun?com=zhongtong&nu={n}",
    ),
    known(
        Carrier::Yto,
        "YTO Express",
        Some("圆通速递"),
        &["yto", "yuantong", "圆通"],
        "https://www.kuaidi100.com/chaxun?com=yuantong&nu={n}",
    ),
    known(
        Carrier::Sto,
        "STO Express",
        Some("申通快递"),
        &["sto", "shentong", "申通"],
        "https://www.kuaidi100.com/chaxun?com=shentong&nu={n}",
    ),
    known(
        Carrier::Yunda,
        "Yunda Express",
        Some("韵达快递"),
        &["yunda", "韵达"],
        "https://www.kuaidi100.com/chaxun?com=yunda&nu={n}",
    ),
    known(
        Carrier::JdLogistics,
        "JD Logistics",
        Some("京东物流"),
        &["jd", "jingdong", "京东", "京东快递"],
        "https://www.kuaidi100.com/chaxun?com=jd&nu={n}",
    ),
    known(
        Carrier::Ems,
        "EMS",
        Some("邮政EMS"),
        &["china ems", "china post ems", "ems快递", "epacket"],
        "https://www.kuaidi100.com/chaxun?com=ems&nu={n}",
    ),
    known(
        Carrier::ChinaPost,
        "China Post",
        Some("中国邮政"),
        &["chinapost", "邮政", "邮政快递包裹"],
        "https://www.kuaidi100.com/chaxun?com=youzhengguonei&nu={n}",
    ),
    known(
        Carrier::Cainiao,
        "Cainiao",
        Some("菜鸟"),
        &[
            "cainiao network",
            "菜鸟裹裹",
            "aliexpress standard shipping",
        ],
        "https://global.cainiao.com/newDetail.htm?mailNoList={n}",
    ),
    known(
        Carrier::YunExpress,
        "YunExpress",
        Some("云途物流"),
        &["yun express", "云途"],
        "https://www.yuntrack.com/parcelTracking?id={n}",
    ),
    known(
        Carrier::Yanwen,
        "Yanwen",
        Some("燕文物流"),
        &["yanwen logistics", "燕文"],
        "https://track.yw56.com.cn/en/querydel?nums={n}",
    ),
    known(
        Carrier::FourPx,
        "4PX",
        Some("递四方"),
        &["4px express", "4px worldwide express"],
        "https://track.4px.com/#/result/0/{n}",
    ),
    known(
        Carrier::Deppon,
        "Deppon",
        Some("德邦快递"),
        &["debang", "德邦", "德邦物流"],
        "https://www.kuaidi100.com/chaxun?com=debangwuliu&nu={n}",
    ),
];

fn entry(carrier: Carrier) -> &'static Known {
    KNOWN
        .iter()
        .find(|k| k.carrier == carrier)
        .expect("every carrier has an entry (tested)")
}

impl Carrier {
    /// The carrier `text` names — its code, its name or a usual alias, in
    /// any case and spacing — if orderhub knows it.
    pub fn find(text: &str) -> Option<Carrier> {
        let wanted: String = text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        if wanted.is_empty() {
            return None;
        }
        KNOWN
            .iter()
            .find(|k| {
                k.carrier.as_str() == wanted
                    || k.name.to_lowercase() == wanted
                    || k.name_zh.is_some_and(|z| z.to_lowercase() == wanted)
                    || k.aliases.contains(&wanted.as_str())
            })
            .map(|k| k.carrier)
    }

    /// Its name for people ("SF Express").
    pub fn name(self) -> &'static str {
        entry(self).name
    }

    /// Its name in Chinese where people use one, else its name.
    pub fn name_zh(self) -> &'static str {
        entry(self).name_zh.unwrap_or(entry(self).name)
    }

    /// Its tracking page for `number` (already checked: letters and digits).
    fn page(self, number: &str) -> String {
        entry(self).url.replace("{n}", number)
    }

    /// Whether it is followed on Kuaidi100 (a Chinese domestic carrier).
    pub fn domestic_china(self) -> bool {
        entry(self).url.starts_with(KUAIDI100)
    }
}

/// The tracking page of waybill `number` with `carrier`, when the carrier
/// is known and the number is a plain waybill number (letters, digits,
/// dashes), so nothing the user typed can change the address.
pub fn tracking_url(carrier: &str, number: &str) -> Option<String> {
    let number = number.trim();
    let plain = !number.is_empty()
        && number.len() <= 40
        && number
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !plain {
        return None;
    }
    Carrier::find(carrier).map(|c| c.page(number))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_carriers_by_any_name_and_only_plain_numbers() {
        let sf = tracking_url("顺丰", "SF1234567890123").unwrap();
        assert_eq!(
            sf,
            "https://www.kuaidi100.com/chaxun?com=shunfeng&nu=SF1234567890123"
        );
        assert_eq!(tracking_url(" SF  Express ", "SF1234567890123"), Some(sf));
        assert_eq!(Carrier::find("sf_express"), Some(Carrier::SfExpress));
        assert_eq!(Carrier::find("4PX"), Some(Carrier::FourPx));
        assert_eq!(Carrier::find("中通快递"), Some(Carrier::Zto));
        assert!(
            tracking_url("DHL", "1234567890")
                .unwrap()
                .contains("tracking-id=1234567890")
        );
        assert_eq!(tracking_url("Bob's Van", "123"), None);
        assert_eq!(tracking_url("DHL", "12&x=<script>"), None);
        assert_eq!(tracking_url("DHL", ""), None);
    }

    #[test]
    fn every_carrier_has_one_entry_a_safe_page_and_no_shared_name() {
        let mut names = std::collections::HashSet::new();
        for c in Carrier::ALL {
            let k = entry(*c);
            assert_eq!(KNOWN.iter().filter(|k| k.carrier == *c).count(), 1);
            assert!(k.url.starts_with("https://") && k.url.contains("{n}"));
            for n in k.aliases {
                assert_eq!(*n, n.to_lowercase(), "aliases are matched in lower case");
            }
            let all = [c.as_str().to_owned(), k.name.to_lowercase()]
                .into_iter()
                .chain(k.name_zh.map(str::to_owned))
                .chain(k.aliases.iter().map(|a| a.to_string()));
            for n in all {
                assert!(
                    names.insert(n.clone()) || n == c.as_str(),
                    "{n} names two carriers"
                );
                assert_eq!(Carrier::find(&n), Some(*c), "{n}");
            }
        }
    }
}
