//! A last guard on what a record says: the SDK's log lines never name a token nor quote what
//! the user wrote, but an error from elsewhere (a helpdesk's description, a decoder's message)
//! might. What looks like a credential, and any long quoted text, is blanked.

/// The longest text a record keeps, in characters.
pub(crate) const MAX_MESSAGE_CHARS: usize = 1_024;
/// A run of token characters this long, with letters and digits, reads as a credential.
const TOKEN_CHARS: usize = 20;
/// Quoted text longer than this is blanked: it may be what someone wrote.
const QUOTE_CHARS: usize = 24;

/// `text`, cut to 1,024 characters, with credentials and long quotes blanked.
pub(crate) fn redact(text: &str) -> String {
    let cut: String = text.chars().take(MAX_MESSAGE_CHARS).collect();
    blank_quotes(&blank_tokens(&cut))
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+' | '/' | '=')
}

fn blank_tokens(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        let looks_secret = run.chars().count() >= TOKEN_CHARS
            && run.chars().any(|c| c.is_ascii_digit())
            && run.chars().any(|c| c.is_ascii_alphabetic());
        out.push_str(if looks_secret { "[redacted]" } else { run });
        run.clear();
    };
    for c in text.chars() {
        if is_token_char(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

fn blank_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('"') {
        out.push_str(&rest[..=open]);
        let after = &rest[open + 1..];
        match after.find('"') {
            Some(close) => {
                let quoted = &after[..close];
                out.push_str(if quoted.chars().count() > QUOTE_CHARS { "[redacted]" } else { quoted });
                out.push('"');
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(if after.chars().count() > QUOTE_CHARS { "[redacted]" } else { after });
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_and_long_quotes_are_blanked_the_rest_kept() {
        let token = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";
        assert_eq!(redact(&format!("Bearer {token} refused")), "Bearer [redacted] refused");
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJlbWFpbCI6ImFuYUBleGFtcGxlLmNvbSJ9.c2ln";
        assert!(!redact(jwt).contains("eyJlbWFpbCI6ImFuYUBleGFtcGxlLmNvbSJ9"), "{}", redact(jwt));
        let serde = r#"invalid type: string "my card number is 4111 and it fails", expected u64"#;
        assert_eq!(redact(serde), r#"invalid type: string "[redacted]", expected u64"#);
        let kept = r#"outbox #3: helpdesk error 503: unavailable; ignoring frame "typing""#;
        assert_eq!(redact(kept), kept, "ordinary words, numbers and short quotes stay");
        assert_eq!(redact("chat message 6f1c2a0e-9d7b-4e8f-a1b2-c3d4e5f60718 sent"), "chat message [redacted] sent");
        assert_eq!(redact(&"é".repeat(2_000)).chars().count(), MAX_MESSAGE_CHARS);
        assert_eq!(redact(r#"unclosed "short"#), r#"unclosed "short"#);
    }
}
