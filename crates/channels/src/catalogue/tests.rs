use super::*;
use std::io::Write;
use zip::write::SimpleFileOptions;

/// A real JPEG: `w`×`h`, noisy when `noisy` (noise does not compress,
/// so a big noisy picture is over 1 MB).
pub fn jpeg_of(w: u16, h: u16, noisy: bool) -> Vec<u8> {
    let mut seed = 7u32;
    let pixels: Vec<u8> = (0..w as usize * h as usize * 3)
        .map(|i| match noisy {
            true => {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (seed >> 16) as u8
            }
            // white, with a dark square in the middle third
            false => {
                let (x, y) = ((i / 3) % w as usize, (i / 3) / w as usize);
                let inside = |v: usize, n: u16| v > n as usize / 3 && v < 2 * n as usize / 3;
                if inside(x, w) && inside(y, h) {
                    40
                } else {
                    255
                }
            }
        })
        .collect();
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 90)
        .encode(&pixels, w, h, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    out
}

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in files {
        zip.start_file(*name, SimpleFileOptions::default()).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn a_good_upload_in_chinese() {
    let big = jpeg_of(640, 640, false);
    let side = jpeg_of(800, 600, false);
    let sheet = "货号,标题,类目,规格,供货价,建议零售价,主图,附加图\n\
        MUG-11,陶瓷杯,Mugs,330ml 白色,¥4.20,12.90,mug.jpg,\"images/side.jpg，mug.jpg\"\n\
        MUG-12,大杯,Mugs,,5,,images/mug.jpg,\n";
    let zip = zip_of(&[
        ("products/产品.csv", sheet.as_bytes()),
        ("products/images/mug.jpg", &big),
        ("products/images/side.jpg", &side),
        ("__MACOSX/products/._mug.jpg", b"junk"),
    ]);
    let up = upload(&zip, "CNY").unwrap();
    assert_eq!(up.errors, vec![]);
    assert_eq!(up.sheet, "products/产品.csv");
    assert_eq!(up.rows.len(), 2);
    let first = &up.rows[0];
    assert_eq!(first.product.code, "MUG-11");
    assert_eq!(first.product.supplier_price.to_string(), "4.20");
    assert_eq!(first.product.currency.as_deref(), Some("CNY"));
    assert_eq!(first.main_image, "products/images/mug.jpg");
    assert_eq!(
        first.extra_images,
        ["products/images/side.jpg", "products/images/mug.jpg"]
    );
    assert_eq!(up.images.len(), 2, "each picture kept once");
}

#[test]
fn every_violation_is_reported_by_row() {
    let ok = jpeg_of(600, 600, false);
    let small = jpeg_of(599, 800, false);
    let heavy = jpeg_of(1200, 1200, true);
    assert!(heavy.len() > MAX_IMAGE_BYTES);
    let png = b"\x89PNG\r\n\x1a\n rest of a png";
    let sheet = "code,title,category,supplier_price,main_image,extra_images\n\
        A,Mug,Mugs,4,ok.jpg,\n\
        B,Mug,Mugs,4,small.jpg,heavy.jpg\n\
        C,Mug,Mugs,abc,,logo.gif\n\
        D,Mug,Mugs,4,fake.jpg,missing.jpg\n\
        A,Mug,Mugs,4,ok.jpg,\n\
        E,,Mugs,4,ok.jpg,\n";
    let zip = zip_of(&[
        ("sheet.csv", sheet.as_bytes()),
        ("ok.jpg", &ok),
        ("small.jpg", &small),
        ("heavy.jpg", &heavy),
        ("fake.jpg", png),
    ]);
    let up = upload(&zip, "USD").unwrap();
    let got: Vec<(usize, &str, &str)> = up
        .errors
        .iter()
        .map(|e| (e.row, e.column.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (3, "main_image", "image_too_small"),
            (3, "extra_images", "image_too_large"),
            (4, "supplier_price", "invalid_number"),
            (4, "main_image", "required"),
            (4, "extra_images", "not_jpeg"),
            (5, "main_image", "not_jpeg"),
            (5, "extra_images", "image_not_found"),
            (6, "code", "duplicate_code"),
            (7, "title", "required"),
        ]
    );
    assert_eq!(up.rows.len(), 1);
    assert!(
        up.errors[0].reason.contains("599×800"),
        "{}",
        up.errors[0].reason
    );
}

#[test]
fn unsafe_names_and_links_refuse_the_upload() {
    for name in [
        "../evil.jpg",
        "/etc/cron.d/x.jpg",
        "a/../../b.jpg",
        "..\\..\\x.jpg",
    ] {
        let zip = zip_of(&[("s.csv", b"code\n"), (name, b"x")]);
        let e = upload(&zip, "USD").map(|u| u.sheet);
        assert_eq!(e.map_err(|e| e.code), Err(ErrorCode::UnsafePath), "{name}");
    }
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.add_symlink("link.jpg", "/etc/passwd", SimpleFileOptions::default())
        .unwrap();
    zip.start_file("s.csv", SimpleFileOptions::default())
        .unwrap();
    zip.write_all(b"code\n").unwrap();
    let zip = zip.finish().unwrap().into_inner();
    assert_eq!(upload(&zip, "USD").unwrap_err().code, "unsafe_path");
}

#[test]
fn zip_bombs_are_not_unpacked() {
    // 40 MB of zeros packs to about 40 KB; reads stop at the caps
    let zeros = vec![0u8; 40 * 1024 * 1024];
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let deflate = SimpleFileOptions::default().large_file(true);
    zip.start_file("sheet.csv", deflate).unwrap();
    zip.write_all(&zeros).unwrap();
    let zip = zip.finish().unwrap().into_inner();
    assert!(zip.len() < 1024 * 1024, "{}", zip.len());
    assert_eq!(upload(&zip, "USD").unwrap_err().code, "unreadable_file");

    // a picture that unpacks to 40 MB is read to 1 MB + 1 and refused
    let sheet = "code,title,category,supplier_price,main_image\nA,Mug,Mugs,4,bomb.jpg\n";
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("sheet.csv", SimpleFileOptions::default())
        .unwrap();
    zip.write_all(sheet.as_bytes()).unwrap();
    zip.start_file("bomb.jpg", deflate).unwrap();
    zip.write_all(&[0xFF, 0xD8, 0xFF]).unwrap();
    zip.write_all(&zeros).unwrap();
    let zip = zip.finish().unwrap().into_inner();
    let up = upload(&zip, "USD").unwrap();
    assert_eq!(up.errors[0].code, "image_too_large");
}

#[test]
fn the_zip_needs_exactly_one_sheet() {
    let code = |files: &[(&str, &[u8])]| upload(&zip_of(files), "USD").unwrap_err().code;
    assert_eq!(code(&[("a.jpg", b"x")]), "no_sheet");
    assert_eq!(code(&[("a.csv", b"x"), ("b.tsv", b"y")]), "several_sheets");
    assert_eq!(upload(b"not a zip", "USD").unwrap_err().code, "not_a_zip");
    let up = upload(&zip_of(&[("a.csv", b"title,price\n")]), "USD").unwrap();
    let missing: Vec<_> = up.errors.iter().map(|e| e.column.as_str()).collect();
    assert_eq!(
        missing,
        ["code (货号)", "category (类目)", "main image (主图)"]
    );
}

#[test]
fn the_main_picture_needs_a_white_background() {
    let grey: Vec<u8> = {
        let pixels = vec![150u8; 640 * 640 * 3];
        let mut out = Vec::new();
        jpeg_encoder::Encoder::new(&mut out, 90)
            .encode(&pixels, 640, 640, jpeg_encoder::ColorType::Rgb)
            .unwrap();
        out
    };
    assert!(white_background(&jpeg_of(640, 640, false)).is_ok());
    assert_eq!(white_background(&grey).unwrap_err().code, "main_not_white");
    // as an extra picture a grey backdrop is fine
    let sheet = "code,title,category,supplier_price,main_image,extra_images\n\
        A,Mug,Mugs,4,grey.jpg,\n\
        B,Mug,Mugs,4,white.jpg,grey.jpg\n";
    let white = jpeg_of(640, 640, false);
    let zip = zip_of(&[
        ("s.csv", sheet.as_bytes()),
        ("grey.jpg", &grey),
        ("white.jpg", &white),
    ]);
    let up = upload(&zip, "USD").unwrap();
    let got: Vec<(usize, &str)> = up.errors.iter().map(|e| (e.row, e.code.as_str())).collect();
    assert_eq!(got, [(2, "main_not_white")]);
    assert_eq!(up.rows.len(), 1);
}

#[test]
fn the_template_reads_back() {
    let jpg = jpeg_of(600, 600, false);
    let zip = zip_of(&[
        ("template.csv", TEMPLATE_CSV.as_bytes()),
        ("images/mug-11.jpg", &jpg),
        ("images/mug-11-side.jpg", &jpg),
        ("images/mug-11-box.jpg", &jpg),
    ]);
    let up = upload(&zip, "USD").unwrap();
    assert_eq!((up.rows.len(), up.errors.len()), (1, 0), "{:?}", up.errors);
}
