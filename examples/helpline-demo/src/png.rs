//! A tiny PNG writer for the tour's generated screenshot: 8-bit RGB, stored (uncompressed)
//! deflate blocks, CRC-32 and Adler-32 computed here. One small picture needs no image crate.

/// A `width` x `height` picture: a colour gradient with a darker frame, like a tiny screenshot.
pub fn screenshot(width: u32, height: u32) -> Vec<u8> {
    let (w, h) = (width.max(1), height.max(1));
    let mut raw = Vec::with_capacity(((w * 3 + 1) * h) as usize);
    for y in 0..h {
        raw.push(0); // Filter type 0: the row as is.
        for x in 0..w {
            let frame = x < 2 || y < 2 || x >= w - 2 || y >= h - 2;
            let pixel = if frame { [40, 40, 60] } else { [(x * 255 / w) as u8, (y * 255 / h) as u8, 200] };
            raw.extend(pixel);
        }
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::with_capacity(13);
    header.extend(w.to_be_bytes());
    header.extend(h.to_be_bytes());
    header.extend([8, 2, 0, 0, 0]); // 8 bits, RGB, deflate, no filter method, no interlace.
    chunk(&mut png, b"IHDR", &header);
    chunk(&mut png, b"IDAT", &zlib_stored(&raw));
    chunk(&mut png, b"IEND", &[]);
    png
}

/// A zlib stream of stored blocks (at most 65,535 bytes each).
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = if data.is_empty() { vec![&[]] } else { data.chunks(65_535).collect() };
    for (i, block) in blocks.iter().enumerate() {
        out.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        out.extend(len.to_le_bytes());
        out.extend((!len).to_le_bytes());
        out.extend(*block);
    }
    out.extend(adler32(data).to_be_bytes());
    out
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in data {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    (b << 16) | a
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// Length, type, data, and the CRC of type and data.
fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    png.extend((data.len() as u32).to_be_bytes());
    let start = png.len();
    png.extend(kind);
    png.extend(data);
    let crc = crc32(&png[start..]);
    png.extend(crc.to_be_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_well_formed_png() {
        let png = screenshot(96, 64);
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x60\0\0\0\x40\x08\x02"));
        // IEND's CRC is the same in every PNG.
        assert!(png.ends_with(b"\0\0\0\0IEND\xae\x42\x60\x82"), "{:02x?}", &png[png.len() - 12..]);
        assert_eq!(png.len(), 8 + 25 + (12 + 2 + 5 + (96 * 3 + 1) * 64 + 4) + 12);
        // Known check values.
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
    }
}
