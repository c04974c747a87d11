//! A realtime frame from the helpdesk through the SDK's handler, on a real store.
#![no_main]

use std::sync::LazyLock;

use helpline_core::fuzz::Device;

static DEVICE: LazyLock<Device> = LazyLock::new(Device::new);

libfuzzer_sys::fuzz_target!(|frame: &str| DEVICE.server_frame(frame));
