//! Orders from spreadsheets in the encodings and layouts sellers have.

use orderhub_channels::spreadsheet::columns::Field;
use orderhub_channels::spreadsheet::dates::DayOrder;
use orderhub_channels::spreadsheet::{Options, orders, orders_with};

const CSV_ZH: &str = "订单号,客户,邮箱,国家,城市,地址,产品,数量,单价,币种,定制信息,平台SKU\n\
A-1,张伟,zw@example.com,CN,上海,南京路 1 号,定制马克杯,2,12.50,CNY,刻字：张伟,MUG-01\n\
A-1,张伟,,,,,帆布袋,1,30,CNY,,\n\
A-2,Ada Lovelace,ada@example.com,GB,London,12 St James Sq,Mug,1,9.99,GBP,\"Ada, 1815\",\n";

#[test]
fn chinese_headers_group_rows_into_orders() {
    let bom = [b"\xEF\xBB\xBF".as_slice(), CSV_ZH.as_bytes()].concat();
    let sheet = orders("orders.csv", &bom, "csv").unwrap();
    assert!(sheet.errors.is_empty(), "{:?}", sheet.errors);
    assert_eq!(
        (sheet.rows, sheet.orders.len(), sheet.encoding),
        (3, 2, "UTF-8")
    );
    let (a1, rows) = &sheet.orders[0];
    assert_eq!(rows, &[2, 3]);
    assert_eq!(
        (
            a1.external_number.as_str(),
            a1.platform.as_str(),
            a1.currency.as_str()
        ),
        ("A-1", "csv", "CNY")
    );
    assert_eq!(a1.lines.len(), 2);
    assert_eq!(a1.lines[0].unit_price.to_string(), "12.50");
    assert_eq!(a1.lines[0].platform_sku.as_deref(), Some("MUG-01"));
    assert_eq!(
        a1.lines[0].customization.as_ref().unwrap()["text"],
        "刻字：张伟"
    );
    assert_eq!(
        a1.shipping_address.as_ref().unwrap().city.as_deref(),
        Some("上海")
    );
    assert_eq!(
        sheet.orders[1].0.lines[0].customization.as_ref().unwrap()["text"],
        "Ada, 1815"
    );
}

#[test]
fn encodings_are_detected() {
    // GBK (Excel in China), UTF-16 with BOM, Shift-JIS, Windows-1252
    let (gbk, _, _) = encoding_rs::GBK.encode(CSV_ZH);
    let sheet = orders("orders.csv", &gbk, "csv").unwrap();
    assert!(sheet.errors.is_empty(), "{:?}", sheet.errors);
    assert_eq!(sheet.orders[0].0.customer.name, "张伟");
    assert_eq!(sheet.encoding, "GBK");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(CSV_ZH.encode_utf16().flat_map(|u| u.to_le_bytes()))
        .collect();
    let sheet = orders("orders.csv", &utf16, "csv").unwrap();
    assert_eq!((sheet.encoding, sheet.orders.len()), ("UTF-16LE", 2));
    let jp = "Order number,Customer,Product,Quantity,Price,Currency\nJ-1,山田太郎,名入れマグカップ,1,1500,JPY\n";
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(jp);
    let sheet = orders("orders.csv", &sjis, "csv").unwrap();
    assert_eq!(
        sheet.orders[0].0.lines[0].title, "名入れマグカップ",
        "{}",
        sheet.encoding
    );
    let latin = "Order number,Customer,Product,Quantity,Price\nF-1,Zoë Dupré,Café mug,1,8.00\n";
    let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(latin);
    let sheet = orders("orders.csv", &cp1252, "csv").unwrap();
    assert_eq!(
        sheet.orders[0].0.customer.name, "Zoë Dupré",
        "{}",
        sheet.encoding
    );
}

#[test]
fn tsv_and_xlsx() {
    let tsv = "Order number\tCustomer\tProduct\tQty\tUnit price\nT-1\tGrace\tHat\t3\t5\n";
    let sheet = orders("orders.tsv", tsv.as_bytes(), "manual").unwrap();
    assert_eq!(sheet.orders[0].0.lines[0].quantity, 3);

    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in ["订单号", "客户", "产品", "数量", "单价", "平台"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "X-1").unwrap();
    ws.write_string(1, 1, "李雷").unwrap();
    ws.write_string(1, 2, "竹筷").unwrap();
    ws.write_number(1, 3, 4.0).unwrap();
    ws.write_number(1, 4, 2.5).unwrap();
    ws.write_string(1, 5, "shopee").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let sheet = orders("orders.xlsx", &bytes, "csv").unwrap();
    assert!(sheet.errors.is_empty(), "{:?}", sheet.errors);
    let o = &sheet.orders[0].0;
    assert_eq!(
        (
            o.platform.as_str(),
            o.lines[0].quantity,
            o.lines[0].unit_price.to_string().as_str()
        ),
        ("shopee", 4, "2.50")
    );
    assert_eq!(sheet.encoding, "xlsx");
}

#[test]
fn every_bad_row_is_reported_with_its_number_and_reason() {
    let csv = "Order number,Customer,Product,Quantity,Price\n\
B-1,Ann,Mug,two,5\n\
,Bob,Mug,1,5\n\
B-3,Cy,Mug,1,abc\n\
B-4,,Mug,1,5\n\
B-5,Dee,Mug,1,5\n";
    let sheet = orders("orders.csv", csv.as_bytes(), "csv").unwrap();
    let got: Vec<(usize, &str, &str)> = sheet
        .errors
        .iter()
        .map(|e| (e.row, e.column.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (2, "Quantity", "invalid_number"),
            (3, "Order number", "required"),
            (4, "Price", "invalid_number"),
        ]
    );
    assert_eq!(
        sheet.orders.len(),
        2,
        "B-4 (no customer, as a POS order) and B-5 are fine"
    );
    assert_eq!(sheet.orders[0].0.customer.name, "csv customer");
    let missing = orders("orders.csv", b"Customer,Product\nAnn,Mug\n", "csv").unwrap();
    let columns: Vec<&str> = missing.errors.iter().map(|e| e.column.as_str()).collect();
    assert_eq!(columns, ["order number", "quantity", "unit price"]);
    assert!(orders("orders.xlsx", b"PK\x03\x04 not really", "csv").is_err());
}

/// A Taobao order export as 千牛 writes it: GBK, numbers wrapped as Excel
/// text (`="…"`), headers with trailing spaces, the address in one cell.
#[test]
fn a_taobao_export_is_read_as_taobao_writes_it() {
    let text = "订单编号,买家会员名,买家实际支付金额,收货人姓名,收货地址 ,联系手机,订单创建时间,宝贝标题 ,宝贝总数量,订单备注\n\
=\"3160012345678901\",tb_zhang,\"59.80\",张伟,浙江省 杭州市 西湖区 文三路 1 号,13800000000,2025-03-14 09:30:15,定制马克杯,2,请刻字：张\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let sheet = orders("ExportOrderList202503.csv", &gbk, "csv").unwrap();
    assert!(sheet.errors.is_empty(), "{:?}", sheet.errors);
    let o = &sheet.orders[0].0;
    assert_eq!(
        (
            o.platform.as_str(),
            o.external_number.as_str(),
            o.currency.as_str()
        ),
        ("taobao", "3160012345678901", "CNY")
    );
    assert_eq!(o.customer.name, "张伟", "the recipient ships");
    let a = o.shipping_address.as_ref().unwrap();
    assert_eq!(
        (a.country.as_str(), a.line1.as_deref()),
        ("CN", Some("浙江省 杭州市 西湖区 文三路 1 号"))
    );
    assert_eq!(o.total_amount.unwrap().to_string(), "59.80");
    assert_eq!(
        o.placed_at.unwrap().to_string(),
        "2025-03-14 9:30:15.0 +00:00:00"
    );
    let note = o.note.as_deref().unwrap();
    assert!(
        note.contains("请刻字：张") && note.contains("Buyer: tb_zhang"),
        "{note}"
    );
    assert_eq!(o.lines[0].quantity, 2);
}

/// Shopify's orders export: "Name" is the order, one row per line item
/// with the order's columns on its first row only.
#[test]
fn a_shopify_export_groups_its_line_items() {
    let csv = "Name,Email,Financial Status,Currency,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Shipping Name,Shipping Address1,Shipping City,Shipping Zip,Shipping Country,Notes\n\
#1001,ada@example.com,paid,EUR,49.00,2025-10-07 09:50:26 +0200,1,Oak board - Large,39.00,OAK-L,Ada Lovelace,12 Rue X,Paris,'75008,FR,Gift wrap please\n\
#1001,,,,,,2,Gift note,5.00,NOTE,,,,,,\n";
    let sheet = orders("orders_export.csv", csv.as_bytes(), "csv").unwrap();
    assert!(sheet.errors.is_empty(), "{:?}", sheet.errors);
    let o = &sheet.orders[0].0;
    assert_eq!(
        (o.platform.as_str(), o.external_number.as_str()),
        ("shopify", "#1001")
    );
    assert_eq!(o.lines.len(), 2);
    assert_eq!(
        o.shipping_address.as_ref().unwrap().postal_code.as_deref(),
        Some("75008")
    );
    assert_eq!(
        o.placed_at.unwrap().to_offset(time::UtcOffset::UTC).hour(),
        7
    );
    assert_eq!(o.note.as_deref(), Some("Gift wrap please"));
}

/// Etsy writes dates month first (`03/14/25`); Amazon's report is
/// tab-separated and its `item-price` is the line's total.
#[test]
fn etsy_and_amazon_reports() {
    let etsy = "Sale Date,Item Name,Buyer,Quantity,Price,Currency,Ship Name,Ship Address1,Ship City,Ship Zipcode,Ship Country,Order ID,Variations\n\
03/14/25,Name necklace,meihua,1,24.50,USD,Mei-Hua Lin,1 Oak St,Oakland,94610,US,3561829407,Chain:16in\n";
    let sheet = orders("EtsySoldOrderItems2025.csv", etsy.as_bytes(), "csv").unwrap();
    assert!(sheet.errors.is_empty(), "{:?}", sheet.errors);
    let o = &sheet.orders[0].0;
    assert_eq!(
        (o.platform.as_str(), o.customer.name.as_str()),
        ("etsy", "Mei-Hua Lin")
    );
    assert_eq!(o.placed_at.unwrap().date().to_string(), "2025-03-14");
    assert_eq!(o.lines[0].title, "Name necklace — Chain:16in");
    let amazon = "order-id\torder-item-id\tpurchase-date\tbuyer-email\tsku\tproduct-name\tquantity-purchased\tcurrency\titem-price\trecipient-name\tship-address-1\tship-city\tship-postal-code\tship-country\n\
113-1234567-1234567\t1\t2025-03-14T18:10:33+00:00\tx@marketplace.amazon.com\tMUG-1\tCustom mug\t3\tJPY\t2900\tYamada\t1-1 Chiyoda\tTokyo\t100-0001\tJP\n";
    let sheet = orders("report.txt", amazon.as_bytes(), "csv").unwrap();
    assert!(sheet.errors.is_empty(), "{:?}", sheet.errors);
    let l = &sheet.orders[0].0.lines[0];
    assert_eq!(
        (
            l.unit_price.to_string().as_str(),
            l.line_total.map(|t| t.to_string())
        ),
        ("966.67", Some("2900".into()))
    );
}

/// European Excel: semicolons, decimal commas, day-first dates; a file
/// whose dates could be either way is refused until told.
#[test]
fn european_files_and_ambiguous_dates() {
    let csv = "Order;Product;Qty;Price;Date\nE-1;Tasse;2;12,50;14/03/2025\n";
    let sheet = orders("bestellungen.csv", csv.as_bytes(), "csv").unwrap();
    assert!(sheet.errors.is_empty(), "{:?}", sheet.errors);
    let o = &sheet.orders[0].0;
    assert_eq!(o.lines[0].unit_price.to_string(), "12.50");
    assert_eq!(o.placed_at.unwrap().date().to_string(), "2025-03-14");
    assert_eq!(
        o.total_amount.unwrap().to_string(),
        "25.00",
        "from the lines"
    );
    let unclear = "Order;Product;Qty;Price;Date\nE-1;Tasse;2;12,50;03/04/2025\n";
    let sheet = orders("b.csv", unclear.as_bytes(), "csv").unwrap();
    assert_eq!(
        (
            sheet.errors[0].code.as_str(),
            sheet.errors[0].column.as_str()
        ),
        ("ambiguous_dates", "Date")
    );
    let told = Options {
        platform: "csv".into(),
        day_order: Some(DayOrder::MonthFirst),
        ..Default::default()
    };
    let sheet = orders_with("b.csv", unclear.as_bytes(), &told).unwrap();
    assert_eq!(
        sheet.orders[0].0.placed_at.unwrap().date().to_string(),
        "2025-03-04"
    );
}

/// Headers orderhub does not know are mapped by the user; a missing
/// column is named in the refusal.
#[test]
fn a_mapping_for_other_headers() {
    let csv = "Bestellung,Artikel,Menge,Einzelpreis\nD-1,Tasse,1,9\n";
    let missing = orders("d.csv", csv.as_bytes(), "csv").unwrap();
    let columns: Vec<&str> = missing.errors.iter().map(|e| e.column.as_str()).collect();
    assert_eq!(
        columns,
        ["order number", "product", "quantity", "unit price"]
    );
    assert!(missing.errors[0].reason.contains("order number"));
    let mapping = vec![
        ("Bestellung".to_owned(), Field::Number),
        ("Artikel".to_owned(), Field::Title),
        ("Menge".to_owned(), Field::Quantity),
        ("Einzelpreis".to_owned(), Field::Price),
    ];
    let options = Options {
        platform: "csv".into(),
        mapping,
        ..Default::default()
    };
    let sheet = orders_with("d.csv", csv.as_bytes(), &options).unwrap();
    assert!(sheet.errors.is_empty(), "{:?}", sheet.errors);
    assert_eq!(sheet.orders[0].0.lines[0].title, "Tasse");
}
