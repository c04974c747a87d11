//! Attachments benchmark: a ticket with one large file, uploaded over loopback to the
//! in-process reference server, at 10 MB and 50 MB (1 and 3 MB under `cargo test`). Prints the
//! upload's throughput and the process's peak memory (`VmHWM`, the SDK and the server together)
//! for each size: streamed on both sides, the peak does not grow with the file. Asserts nothing
//! about time. Run: `cargo bench -p helpline-e2e --bench uploads`.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use helpline_core::{Event, TicketDraft};
use helpline_e2e::Harness;
use serde_json::json;

const MB: u64 = 1_000_000;

/// `cargo bench` passes `--bench`; under `cargo test` the benchmark only smoke-runs small.
fn sizes() -> Vec<u64> {
    if std::env::args().any(|a| a == "--bench") { vec![10 * MB, 50 * MB] } else { vec![MB, 3 * MB] }
}

/// A field of /proc/self/status, in KiB (`VmHWM`: peak resident memory; `VmRSS`: now).
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Resets `VmHWM` to the current resident size (Linux >= 4.0), so each size gets its own peak.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Writes `size` bytes to `path` in 1 MiB pieces (never the whole file in memory).
fn write_file(path: &Path, size: u64) {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut chunk: Vec<u8> = (0..1024 * 1024).map(|i: u32| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    chunk[..8].copy_from_slice(b"\x89PNG\r\n\x1a\n");
    let mut left = size;
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        file.write_all(&chunk[..n]).unwrap();
        left -= n as u64;
    }
    file.flush().unwrap();
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

fn rate(bytes: u64, d: Duration) -> String {
    format!("{:.1} MB/s", bytes as f64 / MB as f64 / d.as_secs_f64().max(1e-9))
}

#[tokio::main]
async fn main() {
    let h = Harness::start().await;
    let sizes = sizes();
    let largest = *sizes.iter().max().unwrap();
    // Room for the largest file (the default limit is 20 MiB).
    h.agent_set_settings(json!({"support": {"attachments": {"max_attachment_size": largest + MB}}})).await;
    let sdk = h.sdk("Bench").await;
    sdk.refresh_settings().await.unwrap();
    let files = tempfile::tempdir().unwrap();

    // Warm-up: the first sign-in, connections and allocator arenas are not part of the figures.
    let warm = files.path().join("warm.png");
    write_file(&warm, 100_000);
    sdk.tickets()
        .create(TicketDraft { description: "warm-up".into(), attachments: vec![warm], ..Default::default() })
        .await
        .unwrap();
    assert_eq!(sdk.flush_outbox().await.unwrap(), 0);

    println!("attachments benchmark: one ticket with one file, uploaded over loopback (server in-process)");
    println!(
        "  {:>8}  {:>10}  {:>12}  {:>12}  {:>14}  {:>14}  {:>12}",
        "size", "queue", "upload", "download", "peak (VmHWM)", "peak - before", "progress"
    );
    let mut growths = Vec::new();
    for size in sizes {
        let path = files.path().join(format!("file-{size}.png"));
        write_file(&path, size);
        let measured = reset_peak();
        let before = status_kib("VmRSS:").unwrap_or(0);
        let mut events = sdk.subscribe();

        // Queue: the checks and the streamed copy into the SDK's data dir.
        let started = Instant::now();
        let draft = TicketDraft { description: format!("{size} bytes"), attachments: vec![path], ..Default::default() };
        let ticket = sdk.tickets().create(draft).await.unwrap();
        let queued = started.elapsed();

        // Upload and create, through the outbox.
        let started = Instant::now();
        assert_eq!(sdk.flush_outbox().await.unwrap(), 0);
        let uploaded = started.elapsed();
        let reports =
            std::iter::from_fn(|| events.try_recv().ok()).filter(|e| matches!(e, Event::UploadProgress { .. })).count();

        // And back: the requester downloads it, streamed into a file.
        let detail = sdk.tickets().refresh_ticket(&ticket.id).await.unwrap();
        let attachment = detail.comments[0].attachments[0].clone();
        assert_eq!(attachment.size, size as i64);
        let to = files.path().join(format!("back-{size}.png"));
        let started = Instant::now();
        assert_eq!(sdk.download_attachment(&attachment, &to).await.unwrap(), size as i64);
        let downloaded = started.elapsed();

        let peak = status_kib("VmHWM:").unwrap_or(0);
        let growth = peak.saturating_sub(before);
        growths.push((size, growth));
        println!(
            "  {:>5} MB  {:>7.0} ms  {:>12}  {:>12}  {:>14}  {:>14}  {:>5} events",
            size / MB,
            queued.as_secs_f64() * 1e3,
            rate(size, uploaded),
            rate(size, downloaded),
            mib(peak),
            if measured { mib(growth) } else { "n/a".into() },
            reports
        );
        let _ = std::fs::remove_file(&to);
    }
    if let [(small, a), .., (large, b)] = growths.as_slice() {
        println!(
            "  peak growth: {} at {} MB, {} at {} MB: the file is {}x larger, the memory is not",
            mib(*a),
            small / MB,
            mib(*b),
            large / MB,
            large / small
        );
    }
}
