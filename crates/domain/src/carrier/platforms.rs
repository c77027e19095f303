//! The name each marketplace expects for a carrier when a fulfilment is
//! reported: Amazon's `carrierCode` values, Etsy's `carrier_name`
//! slugs, Shopify's `tracking_company` names and the WooCommerce
//! Shipment Tracking extension's provider names. A carrier a platform
//! does not list goes as that platform's "other", with its name (and, on
//! Shopify and WooCommerce, the tracking link, so the buyer can follow it).

use super::Carrier;

/// A marketplace orderhub reports fulfilments to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marketplace {
    Amazon,
    Etsy,
    Shopify,
    WooCommerce,
}

/// How a carrier is named to one marketplace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Named {
    /// One of the platform's own carrier names.
    Listed(&'static str),
    /// Not in the platform's list: its "other", with this name.
    Other(String),
}

impl Named {
    /// The name to send, whichever kind it is.
    pub fn text(&self) -> &str {
        match self {
            Named::Listed(n) => n,
            Named::Other(n) => n,
        }
    }
}

/// The platform's name for `carrier` (as typed on the task).
pub fn name_for(platform: Marketplace, carrier: &str) -> Named {
    let Some(c) = Carrier::find(carrier) else {
        return Named::Other(carrier.trim().to_owned());
    };
    let listed = match platform {
        Marketplace::Amazon => amazon(c),
        Marketplace::Etsy => etsy(c),
        Marketplace::Shopify => shopify(c),
        Marketplace::WooCommerce => woocommerce(c),
    };
    match listed {
        Some(n) => Named::Listed(n),
        None => Named::Other(c.name().to_owned()),
    }
}

/// Amazon `packageDetail.carrierCode` (the values of Amazon's carrier
/// code list; "Other" needs `carrierName`).
fn amazon(c: Carrier) -> Option<&'static str> {
    use Carrier::*;
    Some(match c {
        Ups => "UPS",
        Usps => "USPS",
        Fedex => "FedEx",
        Dhl => "DHL",
        RoyalMail => "Royal Mail",
        CanadaPost => "Canada Post",
        AustraliaPost => "Australia Post",
        SfExpress => "SF Express",
        ChinaPost => "China Post",
        Ems => "EMS",
        Yanwen => "Yanwen",
        FourPx => "4PX",
        Cainiao => "Cainiao",
        YunExpress => "YunExpress",
        JdLogistics => "JD Logistics",
        Zto | Yto | Sto | Yunda | Deppon => return None,
    })
}

/// Etsy `createReceiptShipment`'s `carrier_name` (lower-case slugs).
fn etsy(c: Carrier) -> Option<&'static str> {
    use Carrier::*;
    Some(match c {
        Ups => "ups",
        Usps => "usps",
        Fedex => "fedex",
        Dhl => "dhl-express",
        RoyalMail => "royal-mail",
        CanadaPost => "canada-post",
        AustraliaPost => "australia-post",
        SfExpress => "sf-express",
        ChinaPost => "china-post",
        Ems => "china-ems",
        Yanwen => "yanwen",
        FourPx => "4px",
        Cainiao => "cainiao",
        YunExpress => "yunexpress",
        Zto | Yto | Sto | Yunda | JdLogistics | Deppon => return None,
    })
}

/// Shopify `tracking_info.company` (its list of supported carriers).
fn shopify(c: Carrier) -> Option<&'static str> {
    use Carrier::*;
    Some(match c {
        Ups => "UPS",
        Usps => "USPS",
        Fedex => "FedEx",
        Dhl => "DHL Express",
        RoyalMail => "Royal Mail",
        CanadaPost => "Canada Post",
        AustraliaPost => "Australia Post",
        SfExpress => "SF Express",
        Zto => "ZTO Express",
        Yto => "YTO Express",
        Sto => "STO Express",
        Yunda => "Yunda Express",
        JdLogistics => "JD Logistics",
        Ems => "China EMS (ePacket)",
        ChinaPost => "China Post",
        Cainiao => "Cainiao",
        YunExpress => "YunExpress",
        Yanwen => "Yanwen",
        FourPx => "4PX",
        Deppon => return None,
    })
}

/// WooCommerce Shipment Tracking's `tracking_provider` (its built-in
/// providers; the rest go as `custom_tracking_provider` with the link).
fn woocommerce(c: Carrier) -> Option<&'static str> {
    use Carrier::*;
    Some(match c {
        Ups => "UPS",
        Usps => "USPS",
        Fedex => "Fedex",
        Dhl => "DHL US",
        RoyalMail => "Royal Mail",
        CanadaPost => "Canada Post",
        AustraliaPost => "Australia Post",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_platform_gets_its_own_name_or_other() {
        assert_eq!(
            name_for(Marketplace::Amazon, "顺丰"),
            Named::Listed("SF Express")
        );
        assert_eq!(
            name_for(Marketplace::Etsy, "Royal Mail"),
            Named::Listed("royal-mail")
        );
        assert_eq!(
            name_for(Marketplace::Amazon, "中通"),
            Named::Other("ZTO Express".into())
        );
        assert_eq!(
            name_for(Marketplace::Shopify, " Bob's Van "),
            Named::Other("Bob's Van".into())
        );
        assert_eq!(name_for(Marketplace::WooCommerce, "fedex").text(), "Fedex");
        for c in Carrier::ALL {
            for p in [
                Marketplace::Amazon,
                Marketplace::Etsy,
                Marketplace::Shopify,
                Marketplace::WooCommerce,
            ] {
                assert!(!name_for(p, c.as_str()).text().is_empty());
            }
        }
    }
}
