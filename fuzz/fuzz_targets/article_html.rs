//! An article body through the search index's text extraction and the WebView sanitizer.
#![no_main]

libfuzzer_sys::fuzz_target!(|html: &str| helpline_core::fuzz::article_html(html));
