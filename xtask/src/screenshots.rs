//! `cargo xtask screenshots`: one contact sheet of every UI test screenshot, to look at.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, bail};
use image::imageops::{self, FilterType};
use image::{Rgba, RgbaImage};

use crate::util::target_dir;

/// The looks each screen is taken in (tests/compose's `Look`), one column each, in this order.
const LOOKS: [&str; 5] = ["light", "dark", "fr", "font200", "rtl"];
/// Each screenshot is shrunk this many times.
const SHRINK: u32 = 4;
const GAP: u32 = 12;

/// Reads target/screenshots/<screen>-<look>.png and writes target/screenshots/contact-sheet.png:
/// a row per screen (sorted by name), a column per look, and contact-sheet.txt naming the rows.
pub fn contact_sheet() -> Result<()> {
    let dir = target_dir().join("screenshots");
    let rows = screens(&dir)?;
    if rows.is_empty() {
        bail!("no screenshots in {}: run `cargo xtask test` first", dir.display());
    }
    let first = rows.values().flatten().flatten().next().context("no complete screenshot")?;
    let (width, height) = image::image_dimensions(first).with_context(|| format!("reading {}", first.display()))?;
    let (cell_w, cell_h) = (width / SHRINK, height / SHRINK);
    let columns = LOOKS.len() as u32;
    let mut sheet = RgbaImage::from_pixel(
        columns * (cell_w + GAP) + GAP,
        rows.len() as u32 * (cell_h + GAP) + GAP,
        Rgba([128, 128, 128, 255]),
    );
    for (row, looks) in rows.values().enumerate() {
        for (column, file) in looks.iter().enumerate() {
            let Some(file) = file else { continue };
            let shot = image::open(file).with_context(|| format!("reading {}", file.display()))?.to_rgba8();
            let thumb = imageops::resize(&shot, cell_w, cell_h, FilterType::Triangle);
            let x = GAP + column as u32 * (cell_w + GAP);
            let y = GAP + row as u32 * (cell_h + GAP);
            imageops::overlay(&mut sheet, &thumb, x.into(), y.into());
        }
    }
    let out = dir.join("contact-sheet.png");
    sheet.save(&out).with_context(|| format!("writing {}", out.display()))?;
    let index: String = rows.keys().enumerate().map(|(i, name)| format!("{:>2} {name}\n", i + 1)).collect();
    std::fs::write(dir.join("contact-sheet.txt"), format!("columns: {}\n{index}", LOOKS.join(", ")))?;
    println!("contact sheet: {} ({} screens x {} looks)", out.display(), rows.len(), LOOKS.len());
    Ok(())
}

/// Screen name -> its file in each look (None where that look is missing).
fn screens(dir: &Path) -> Result<BTreeMap<String, Vec<Option<std::path::PathBuf>>>> {
    let mut rows: BTreeMap<String, Vec<Option<std::path::PathBuf>>> = BTreeMap::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(rows),
        Err(e) => return Err(e).with_context(|| format!("reading {}", dir.display())),
    };
    for entry in entries {
        let path = entry?.path();
        let Some(stem) =
            path.file_stem().and_then(|s| s.to_str()).filter(|_| path.extension().is_some_and(|e| e == "png"))
        else {
            continue;
        };
        let Some((column, look)) = LOOKS.iter().enumerate().find(|(_, look)| stem.ends_with(&format!("-{look}")))
        else {
            continue;
        };
        let name = stem.trim_end_matches(&format!("-{look}")).to_string();
        rows.entry(name).or_insert_with(|| vec![None; LOOKS.len()])[column] = Some(path.clone());
    }
    Ok(rows)
}
