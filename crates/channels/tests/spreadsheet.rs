//! Orders from spreadsheets in the encodings and layouts sellers have.

use orderhub_channels::spreadsheet::orders;

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
            (5, "Customer", "required")
        ]
    );
    assert_eq!(sheet.orders.len(), 1, "B-5 is fine");
    let missing = orders("orders.csv", b"Customer,Product\nAnn,Mug\n", "csv").unwrap();
    let columns: Vec<&str> = missing.errors.iter().map(|e| e.column.as_str()).collect();
    assert_eq!(columns, ["order number", "quantity", "unit price"]);
    assert!(orders("orders.xlsx", b"PK\x03\x04 not really", "csv").is_err());
}
