//! The picture rules applied to a picture's bytes: a real JPEG of the
//! right size, a white background for the main one, and what decoding it
//! would cost — each read from the header before anything is decoded.

use orderhub_domain::ValidationError;
use orderhub_domain::model::{MAX_IMAGE_PIXELS, check_image, check_white_background};
use orderhub_domain::proof::{ProofKind, check_file, sniff};

/// The image rule applied to a picture's bytes: its content, not its name,
/// must be a JPEG (`FF D8 FF`) of the right size.
pub fn jpeg(bytes: &[u8]) -> Result<(), ValidationError> {
    let size = match bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        true => imagesize::blob_size(bytes)
            .ok()
            .map(|s| (s.width, s.height)),
        false => None,
    };
    check_image("image", bytes.len(), size)
}

/// The proof file rule ([`orderhub_domain::proof::check_file`]) applied
/// to a file's bytes: a picture's size is read from its header, nothing is
/// decoded.
pub fn proof_file(field: &str, bytes: &[u8]) -> Result<ProofKind, ValidationError> {
    let size = match sniff(bytes) {
        Some(ProofKind::Jpeg | ProofKind::Png) => imagesize::blob_size(bytes)
            .ok()
            .map(|s| (s.width, s.height)),
        _ => None,
    };
    check_file(field, bytes, size)
}

/// The main picture's background rule applied to a JPEG: decoded at an
/// eighth of its size (a few milliseconds), its edge pixels' brightness
/// goes to [`check_white_background`]. A picture that cannot be decoded
/// here was refused by [`jpeg`] already; CMYK pictures are not judged.
pub fn white_background(bytes: &[u8]) -> Result<(), ValidationError> {
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    // The frame's size, read before anything is decoded: a picture over
    // the image rule's limits is never decoded, whatever called this.
    if decoder.read_info().is_err() {
        return Ok(());
    }
    if let Some(info) = decoder.info() {
        let size = (usize::from(info.width), usize::from(info.height));
        check_image("main_image", bytes.len(), Some(size))?;
    }
    decoder.set_max_decoding_buffer_size(MAX_IMAGE_PIXELS * 4);
    let Ok((w, h)) = decoder.scale(1, 1) else {
        return Ok(());
    };
    let (Ok(pixels), Some(info)) = (decoder.decode(), decoder.info()) else {
        return Ok(());
    };
    let luma: Vec<u8> = match info.pixel_format {
        jpeg_decoder::PixelFormat::L8 => pixels,
        jpeg_decoder::PixelFormat::L16 => pixels.chunks(2).map(|p| p[0]).collect(),
        jpeg_decoder::PixelFormat::RGB24 => pixels
            .chunks(3)
            .map(|p| {
                ((u32::from(p[0]) * 299 + u32::from(p[1]) * 587 + u32::from(p[2]) * 114) / 1000)
                    as u8
            })
            .collect(),
        jpeg_decoder::PixelFormat::CMYK32 => return Ok(()),
    };
    let (w, h) = (usize::from(w), usize::from(h));
    let (bw, bh) = ((w / 20).max(1), (h / 20).max(1));
    let edges: Vec<u8> = luma
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            let (x, y) = (i % w, i / w);
            x < bw || x >= w - bw || y < bh || y >= h - bh
        })
        .map(|(_, v)| *v)
        .collect();
    check_white_background("main_image", &edges)
}

/// The memory one [`white_background`] of `bytes` may take, in bytes, from
/// the frame header alone: a progressive JPEG keeps every coefficient of
/// the whole picture (2 bytes per pixel and channel) whatever the scale;
/// a baseline one decodes row by row at an eighth of its size.
pub fn decode_cost(bytes: &[u8]) -> usize {
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    let (Ok(()), Some(info)) = (decoder.read_info(), decoder.info()) else {
        return 0;
    };
    let pixels = usize::from(info.width) * usize::from(info.height);
    let channels = info.pixel_format.pixel_bytes();
    match info.coding_process {
        jpeg_decoder::CodingProcess::DctProgressive => pixels * channels * 2,
        _ => pixels * channels / 64 + 64 * 1024,
    }
}

/// A small copy of a stored JPEG for print, RGBA: decoded at the smallest
/// scale the decoder offers that is at least `side` pixels (an eighth of a
/// large picture), then fitted into `side`×`side`. `None` for a picture
/// that cannot be decoded, is over the image rule's limits, or is CMYK.
pub fn thumbnail(bytes: &[u8], side: u16) -> Option<(u32, u32, Vec<u8>)> {
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    decoder.read_info().ok()?;
    let info = decoder.info()?;
    // the image rule's bounds on decoding (stored pictures met it already)
    let (fw, fh) = (usize::from(info.width), usize::from(info.height));
    if fw * fh > MAX_IMAGE_PIXELS || fw.max(fh) > orderhub_domain::model::MAX_IMAGE_SIDE {
        return None;
    }
    decoder.set_max_decoding_buffer_size(MAX_IMAGE_PIXELS * 4);
    let (w, h) = decoder.scale(side, side).ok()?;
    let pixels = decoder.decode().ok()?;
    let format = decoder.info()?.pixel_format;
    let (w, h) = (usize::from(w), usize::from(h));
    let rgb = |x: usize, y: usize| -> Option<[u8; 3]> {
        let i = y * w + x;
        match format {
            jpeg_decoder::PixelFormat::L8 => pixels.get(i).map(|v| [*v; 3]),
            jpeg_decoder::PixelFormat::L16 => pixels.get(i * 2).map(|v| [*v; 3]),
            jpeg_decoder::PixelFormat::RGB24 => {
                pixels.get(i * 3..i * 3 + 3).map(|p| [p[0], p[1], p[2]])
            }
            jpeg_decoder::PixelFormat::CMYK32 => None,
        }
    };
    let scale = (f32::from(side) / w.max(h) as f32).min(1.0);
    let (tw, th) = (
        ((w as f32 * scale).round() as usize).max(1),
        ((h as f32 * scale).round() as usize).max(1),
    );
    let mut out = Vec::with_capacity(tw * th * 4);
    for ty in 0..th {
        for tx in 0..tw {
            let [r, g, b] = rgb(tx * w / tw, ty * h / th)?;
            out.extend_from_slice(&[r, g, b, 255]);
        }
    }
    Some((tw as u32, th as u32, out))
}

#[cfg(test)]
mod thumbnail_tests {
    #[test]
    fn a_picture_is_fitted_into_its_square() {
        let jpeg = super::super::tests::jpeg_of(1200, 600, false);
        let (w, h, rgba) = super::thumbnail(&jpeg, 120).unwrap();
        assert_eq!((w, h), (120, 60));
        assert_eq!(rgba.len(), 120 * 60 * 4);
        // white edges, the dark square in the middle
        assert!(rgba[0] > 240 && rgba[(30 * 120 + 60) * 4] < 80);
        assert!(super::thumbnail(b"not a jpeg", 120).is_none());
    }
}
