//! A helpdesk's error answer (status, Retry-After, body) through the outbox's retry plan.
#![no_main]

libfuzzer_sys::fuzz_target!(|answer: (u16, &str, u32, &[u8])| {
    let (status, retry_after, attempts, body) = answer;
    helpline_core::fuzz::error_answer(status, retry_after, body, attempts);
});
