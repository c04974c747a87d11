//! The fuzz targets' corpus and past findings, replayed on stable in every test run: each
//! input that once found a bug, or reached new code, goes through the same entry point again.
//! Inputs are decoded as libfuzzer-sys decodes them (arbitrary's `take_rest`).

use std::path::{Path, PathBuf};

use arbitrary::{Arbitrary, Unstructured};
use helpline_core::fuzz;

/// Every input of `target`: its corpus (fuzz/corpus) and its findings (fuzz/regressions).
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let fuzz_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut found = Vec::new();
    for kind in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(fuzz_dir.join(kind).join(target)) else { continue };
        for entry in entries.flatten() {
            found.push((entry.path(), std::fs::read(entry.path()).unwrap()));
        }
    }
    assert!(!found.is_empty(), "no inputs for {target}");
    found
}

/// Runs `each` on every input of `target` that decodes as `T`.
fn replay<'a, T: Arbitrary<'a>>(target: &str, inputs: &'a [(PathBuf, Vec<u8>)], each: impl Fn(T)) -> usize {
    let mut ran = 0;
    for (path, bytes) in inputs {
        let Ok(input) = T::arbitrary_take_rest(Unstructured::new(bytes)) else { continue };
        eprintln!("{target}: {}", path.display());
        each(input);
        ran += 1;
    }
    ran
}

#[test]
fn article_html() {
    let inputs = inputs("article_html");
    assert!(replay("article_html", &inputs, fuzz::article_html) > 0);
}

#[test]
fn push_payload() {
    let inputs = inputs("push_payload");
    assert!(replay("push_payload", &inputs, fuzz::push_payload) > 0);
}

#[test]
fn error_answer() {
    let inputs = inputs("error_answer");
    let ran = replay("error_answer", &inputs, |(status, retry_after, attempts, body): (u16, &str, u32, &[u8])| {
        fuzz::error_answer(status, retry_after, body, attempts)
    });
    assert!(ran > 0);
}

#[test]
fn server_frame() {
    let device = fuzz::Device::new();
    let inputs = inputs("server_frame");
    assert!(replay("server_frame", &inputs, |frame: &str| device.server_frame(frame)) > 0);
}

#[test]
fn export_page() {
    let device = fuzz::Device::new();
    let inputs = inputs("export_page");
    assert!(replay("export_page", &inputs, |page: &[u8]| device.export_page(page)) > 0);
}
