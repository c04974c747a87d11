//! A page of the help center's article export through the article upsert and its index.
#![no_main]

use std::sync::LazyLock;

use helpline_core::fuzz::Device;

static DEVICE: LazyLock<Device> = LazyLock::new(Device::new);

libfuzzer_sys::fuzz_target!(|page: &[u8]| DEVICE.export_page(page));
