//! A client's realtime frame into the reference server, over a real WebSocket.
#![no_main]

#[path = "../src/helpdesk.rs"]
#[allow(dead_code)] // the JWT target uses the rest
mod helpdesk;

libfuzzer_sys::fuzz_target!(|frame: &str| helpdesk::HELPDESK.client_frame(frame));
