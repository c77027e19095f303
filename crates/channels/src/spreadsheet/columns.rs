//! Which column is which: the headers orderhub knows (English, Chinese, and
//! those of real marketplace and ERP exports), the presets that recognise
//! a whole export by its headers (Shopify, Etsy, Amazon, WooCommerce,
//! Taobao/Tmall, JD, Pinduoduo), and the mapping a user gives for anything
//! else. Header names follow the exports as sellers download them; see
//! docs/channels.md.

use std::collections::HashMap;

/// A column orderhub reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Number,
    Platform,
    /// Who bought (a name or a marketplace user name).
    Customer,
    /// Who receives the parcel.
    Recipient,
    Email,
    Phone,
    Country,
    Region,
    City,
    District,
    Line1,
    Line2,
    Postal,
    /// An address in one cell (`收货地址`, "Ship To").
    AddressText,
    Currency,
    Title,
    /// The variant or spec (`商品规格`, "Variations"), after the title.
    Variant,
    Quantity,
    Price,
    /// What the line costs in all (Amazon `item-price`, Etsy "Item Total").
    LineTotal,
    Sku,
    Category,
    Custom,
    PlacedAt,
    Note,
    /// The order's total.
    Total,
}

impl Field {
    /// The name a refusal gives the column when the file has none.
    pub fn label(self) -> &'static str {
        use Field::*;
        match self {
            Number => "order number",
            Platform => "platform",
            Customer => "customer",
            Recipient => "recipient",
            Email => "email",
            Phone => "phone",
            Country => "country",
            Region => "region",
            City => "city",
            District => "district",
            Line1 => "address",
            Line2 => "address line 2",
            Postal => "postal code",
            AddressText => "shipping address",
            Currency => "currency",
            Title => "product",
            Variant => "variant",
            Quantity => "quantity",
            Price => "unit price",
            LineTotal => "line total",
            Sku => "sku",
            Category => "category",
            Custom => "personalisation",
            PlacedAt => "order date",
            Note => "note",
            Total => "order total",
        }
    }

    /// A field by the name a user gives it in a column mapping
    /// (`订单编号=order`): its label or a short name.
    pub fn named(name: &str) -> Option<Field> {
        let k = key(name);
        let short: &[(&str, Field)] = &[
            ("order", Field::Number),
            ("number", Field::Number),
            ("product", Field::Title),
            ("title", Field::Title),
            ("qty", Field::Quantity),
            ("price", Field::Price),
            ("total", Field::Total),
            ("date", Field::PlacedAt),
            ("sku", Field::Sku),
            ("address", Field::AddressText),
        ];
        short
            .iter()
            .find(|(n, _)| *n == k)
            .map(|(_, f)| *f)
            .or_else(|| ALL.iter().copied().find(|f| key(f.label()) == k))
    }
}

/// The field names a mapping most often needs, as a user types them (the
/// import form lists these; [`Field::named`] reads each).
pub const COMMON_NAMES: &[&str] = &[
    "order", "product", "quantity", "price", "customer", "address", "date", "note", "total", "sku",
];

const ALL: &[Field] = &[
    Field::Number,
    Field::Platform,
    Field::Customer,
    Field::Recipient,
    Field::Email,
    Field::Phone,
    Field::Country,
    Field::Region,
    Field::City,
    Field::District,
    Field::Line1,
    Field::Line2,
    Field::Postal,
    Field::AddressText,
    Field::Currency,
    Field::Title,
    Field::Variant,
    Field::Quantity,
    Field::Price,
    Field::LineTotal,
    Field::Sku,
    Field::Category,
    Field::Custom,
    Field::PlacedAt,
    Field::Note,
    Field::Total,
];

/// The headers that name each field (compared by [`key`]).
#[rustfmt::skip]
pub const COLUMNS: &[(Field, &[&str])] = &[
    (Field::Number, &["order number", "order no", "order", "order id", "order #",
        "amazon-order-id", "order-id", "订单号", "订单编号", "订单"]),
    (Field::Platform, &["platform", "channel", "平台", "渠道"]),
    (Field::Customer, &["customer", "customer name", "buyer", "buyer name", "buyer-name",
        "billing name", "full name", "name", "客户", "客户名称", "买家", "买家姓名", "买家会员名", "客户网名", "下单帐号",
        "下单账号", "姓名"]),
    (Field::Recipient, &["recipient", "recipient-name", "recipient name", "ship name",
        "shipping name", "ship to name", "full name (shipping)", "收件人", "收货人", "收货人姓名", "收件人姓名",
        "客户姓名"]),
    (Field::Email, &["email", "e-mail", "customer email", "buyer-email", "buyer email",
        "email (billing)", "billing email", "邮箱", "电子邮件", "邮箱地址"]),
    (Field::Phone, &["phone", "telephone", "mobile", "shipping phone", "buyer-phone-number",
        "ship-phone-number", "phone (billing)", "billing phone", "电话", "手机", "手机号", "联系电话",
        "联系手机", "收件人手机", "收件人电话", "收货人手机", "用户购买手机号"]),
    (Field::Country, &["country", "country code", "ship country", "ship-country",
        "shipping country", "country code (shipping)", "国家", "国家代码"]),
    (Field::Region, &["region", "state", "province", "ship state", "ship-state",
        "shipping province", "state code (shipping)", "省", "省份", "州"]),
    (Field::City, &["city", "ship city", "ship-city", "shipping city", "city (shipping)", "城市",
        "市"]),
    (Field::District, &["district", "区", "区县", "县区"]),
    (Field::Line1, &["address1", "address line 1", "street", "street 1", "ship address1",
        "ship-address-1", "shipping address1", "shipping street", "address 1&2 (shipping)",
        "详细地址", "街道", "街道/镇"]),
    (Field::Line2, &["address2", "address line 2", "street 2", "ship address2", "ship-address-2",
        "shipping address2", "地址2"]),
    (Field::AddressText, &["address", "ship to", "shipping address", "收货地址", "客户地址", "地址",
        "收件地址"]),
    (Field::Postal, &["postal code", "postcode", "zip", "zipcode", "ship zipcode",
        "ship-postal-code", "shipping zip", "postcode (shipping)", "邮编", "邮政编码"]),
    (Field::Currency, &["currency", "币种", "货币"]),
    (Field::Title, &["product", "title", "item", "product title", "product name", "item name",
        "lineitem name", "product-name", "产品", "商品", "商品名称", "产品名称", "品名", "宝贝标题", "标题", "货品名称"]),
    (Field::Variant, &["variant", "variations", "variation", "product variation", "商品规格", "商品属性",
        "规格名称", "规格"]),
    (Field::Quantity, &["quantity", "qty", "lineitem quantity", "quantity-purchased", "数量",
        "订购数量", "购买数量", "商品数量(件)", "商品数量", "下单数量", "宝贝总数量"]),
    (Field::Price, &["unit price", "price", "lineitem price", "item cost", "单价", "价格", "京东价",
        "成交价"]),
    (Field::LineTotal, &["item-price", "item total", "line total", "order line total", "小计"]),
    (Field::Sku, &["sku", "platform sku", "seller sku", "lineitem sku", "平台sku", "商品编码", "商家编码",
        "货号", "商家编码-规格维度", "外部系统编号", "商家skuid"]),
    (Field::Category, &["category", "品类", "类目", "分类"]),
    (Field::Custom, &["personalization", "personalisation", "customization", "customisation",
        "engraving", "定制", "定制信息", "个性化", "刻字"]),
    (Field::PlacedAt, &["date", "order date", "created at", "sale date", "purchase-date",
        "placed at", "下单时间", "订单创建时间", "交易时间", "订单成交时间", "创建时间"]),
    (Field::Note, &["note", "notes", "order notes", "customer note", "buyer note", "订单备注", "备注",
        "买家留言", "商家备注", "客服备注", "卖家备注"]),
    (Field::Total, &["total", "order total", "grand total", "order total amount", "实付金额", "订单金额",
        "买家实际支付金额", "用户实付金额(元)", "应收金额", "订单支付金额", "实收金额"]),
];

/// A marketplace's export, recognised by its headers.
pub struct Preset {
    pub name: &'static str,
    /// The platform its orders come from (unless the caller names one).
    pub platform: &'static str,
    /// Headers (keys) any one of which marks the export.
    signature: &'static [&'static str],
    /// Headers that mean something else in this export than in general.
    overrides: &'static [(&'static str, Field)],
    /// Money without a currency column, addresses without a country.
    pub currency: Option<&'static str>,
    pub country: Option<&'static str>,
    /// Dates written month first (`03/14/25`).
    pub month_first: bool,
}

/// The exports orderhub knows (docs/channels.md lists their headers).
pub const PRESETS: &[Preset] = &[
    Preset {
        name: "Shopify orders export",
        platform: "shopify",
        signature: &["lineitem name", "lineitem quantity"],
        // Shopify's "Name" is the order's name (#1001), not the buyer's
        overrides: &[("name", Field::Number)],
        currency: None,
        country: None,
        month_first: false,
    },
    Preset {
        name: "Etsy orders export",
        platform: "etsy",
        signature: &["sale date"],
        overrides: &[("buyer", Field::Customer)],
        currency: None,
        country: None,
        month_first: true,
    },
    Preset {
        name: "Amazon order report",
        platform: "amazon",
        signature: &["amazon-order-id", "quantity-purchased", "order-item-id"],
        overrides: &[],
        currency: None,
        country: None,
        month_first: false,
    },
    Preset {
        name: "WooCommerce order export",
        platform: "woocommerce",
        signature: &["order line total", "order total amount", "item #"],
        // the plugin's "Name" is the product's
        overrides: &[("name", Field::Title)],
        currency: None,
        country: None,
        month_first: false,
    },
    Preset {
        name: "Taobao/Tmall order export",
        platform: "taobao",
        signature: &["宝贝标题", "买家会员名", "宝贝总数量"],
        overrides: &[],
        currency: Some("CNY"),
        country: Some("CN"),
        month_first: false,
    },
    Preset {
        name: "JD order export",
        platform: "jd",
        signature: &["京东价", "下单帐号"],
        overrides: &[],
        currency: Some("CNY"),
        country: Some("CN"),
        month_first: false,
    },
    Preset {
        name: "Pinduoduo order export",
        platform: "pinduoduo",
        signature: &["商品数量(件)", "商家实收金额(元)", "商家编码-规格维度"],
        overrides: &[],
        currency: Some("CNY"),
        country: Some("CN"),
        month_first: false,
    },
];

/// The export a header row belongs to, if orderhub knows it.
pub fn preset(header: &[String]) -> Option<&'static Preset> {
    let keys: Vec<String> = header.iter().map(|h| key(h)).collect();
    PRESETS
        .iter()
        .find(|p| p.signature.iter().any(|s| keys.contains(&key(s))))
}

/// Where each field is: the user's mapping first, then the preset's
/// meaning of its headers, then the known headers. The first column a
/// field is found in wins.
pub fn locate(
    header: &[String],
    preset: Option<&Preset>,
    mapping: &[(String, Field)],
) -> HashMap<Field, usize> {
    let mut at = HashMap::new();
    for (i, h) in header.iter().enumerate() {
        let k = key(h);
        let mapped = mapping.iter().find(|(m, _)| key(m) == k).map(|(_, f)| *f);
        let preset_says = preset.and_then(|p| {
            p.overrides
                .iter()
                .find(|(name, _)| key(name) == k)
                .map(|(_, f)| *f)
        });
        let known = || {
            COLUMNS
                .iter()
                .find(|(_, names)| names.iter().any(|n| key(n) == k))
                .map(|(f, _)| *f)
        };
        if let Some(f) = mapped.or(preset_says).or_else(known) {
            at.entry(f).or_insert(i);
        }
    }
    at
}

/// A column mapping as typed: `订单编号=order, 宝贝标题=product` (or `;` or
/// lines between pairs); a field name orderhub does not know is refused.
pub fn parse_mapping(text: &str) -> Result<Vec<(String, Field)>, String> {
    let mut out = Vec::new();
    for pair in text.split([',', ';', '\n', '，']) {
        let pair = pair.trim();
        if pair.is_empty() {
            continue;
        }
        let Some((header, field)) = pair.rsplit_once('=') else {
            return Err(format!("{pair:?}: write header=field"));
        };
        let f = Field::named(field)
            .ok_or_else(|| format!("{field:?} is not a field orderhub reads"))?;
        out.push((header.trim().to_owned(), f));
    }
    Ok(out)
}

/// A header compared without case, spaces, `_`, `-` or `.`, and with a
/// BOM or a spreadsheet's text marks around it dropped.
pub fn key(header: &str) -> String {
    header
        .trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-' && *c != '.')
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_common_names_are_fields() {
        for name in super::COMMON_NAMES {
            assert!(super::Field::named(name).is_some(), "{name}");
        }
    }

    use super::*;

    fn header(names: &str) -> Vec<String> {
        names.split(',').map(str::to_owned).collect()
    }

    #[test]
    fn exports_are_recognised_and_read_their_way() {
        let shopify = header(
            "Name,Email,Financial Status,Lineitem quantity,Lineitem name,Lineitem price,Shipping Name",
        );
        let p = preset(&shopify).unwrap();
        assert_eq!(p.platform, "shopify");
        let at = locate(&shopify, Some(p), &[]);
        assert_eq!(at[&Field::Number], 0, "Shopify's Name is the order");
        assert_eq!(at[&Field::Recipient], 6);
        let taobao = header(
            "订单编号,买家会员名,买家实际支付金额,收货人姓名,收货地址 ,联系手机,订单创建时间,宝贝标题 ,订单备注",
        );
        let p = preset(&taobao).unwrap();
        assert_eq!((p.platform, p.currency), ("taobao", Some("CNY")));
        let at = locate(&taobao, Some(p), &[]);
        for f in [
            Field::Number,
            Field::Customer,
            Field::Total,
            Field::Recipient,
            Field::AddressText,
            Field::Phone,
            Field::PlacedAt,
            Field::Title,
            Field::Note,
        ] {
            assert!(at.contains_key(&f), "{f:?}");
        }
        assert!(preset(&header("order,product,quantity,price")).is_none());
    }

    #[test]
    fn a_users_mapping_wins() {
        let m = parse_mapping("Artikel=product; Menge = quantity, Bestellung=order").unwrap();
        let at = locate(&header("Bestellung,Artikel,Menge"), None, &m);
        assert_eq!(
            (at[&Field::Number], at[&Field::Title], at[&Field::Quantity]),
            (0, 1, 2)
        );
        assert!(parse_mapping("Artikel=colour").is_err());
        assert!(parse_mapping("Artikel").is_err());
    }
}
