//! A push payload, as the app hands it to `handle_push`.
#![no_main]

libfuzzer_sys::fuzz_target!(|payload: &str| helpline_core::fuzz::push_payload(payload));
