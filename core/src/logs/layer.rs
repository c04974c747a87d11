//! The `tracing` layer that hands the SDK's records to the hub (see `mod.rs`).

use std::fmt::Write;

use tracing::field::{Field, Visit};
use tracing::{Event, Metadata, Subscriber};
use tracing_subscriber::filter::filter_fn;
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::registry::LookupSpan;

use super::{LogLevel, LogRecord, record, redact, wanted};

/// What a Rust app with its own `tracing` subscriber adds to it, so that the SDK's logger and
/// its ticket log file work: `registry().with(fmt::layer()).with(helpline_core::log_layer())`.
/// Its filter is its own (a per-layer filter): the app's other layers see what they saw.
pub fn log_layer<S>() -> impl Layer<S>
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    // The level wanted may change at any time (`set_logger`): decided per record.
    LogLayer(()).with_filter(filter_fn(|metadata| is_ours(metadata) && LogLevel::of(metadata.level()) <= wanted()))
}

/// The SDK's records, to the app's logger and the ring; other crates' records are left alone.
pub struct LogLayer(());

const TARGET: &str = "helpline_core";

fn is_ours(metadata: &Metadata<'_>) -> bool {
    metadata.target() == TARGET || metadata.target().starts_with("helpline_core::")
}

impl<S: Subscriber> Layer<S> for LogLayer {
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let metadata = event.metadata();
        if !is_ours(metadata) {
            return;
        }
        let mut text = Text::default();
        event.record(&mut text);
        record(LogRecord {
            level: LogLevel::of(metadata.level()),
            target: metadata.target().to_owned(),
            message: redact(&text.0),
            at: crate::clock::now_rfc3339(),
        });
    }
}

/// The message, then any other field as ` name=value`.
#[derive(Default)]
struct Text(String);

impl Visit for Text {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.0, "{value:?}");
        } else {
            let _ = write!(self.0, " {}={value:?}", field.name());
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.0.push_str(value);
        } else {
            let _ = write!(self.0, " {}={value}", field.name());
        }
    }
}
