//! A JWT sign-in into the reference server, over real HTTP: either any token as sent, or
//! any claims signed with the right secret (so the claim checks run, not only the signature's).
//! The server answers 201 or 401 (422/400 for a body it refuses); never a 5xx.
#![no_main]

#[path = "../src/helpdesk.rs"]
mod helpdesk;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use helpdesk::{HELPDESK, JWT_SECRET};
use jsonwebtoken::{Algorithm, EncodingKey};

libfuzzer_sys::fuzz_target!(|input: (bool, &[u8])| {
    let (signed, bytes) = input;
    let token = if signed {
        let message = format!("{}.{}", URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#), URL_SAFE_NO_PAD.encode(bytes));
        let key = EncodingKey::from_secret(JWT_SECRET.as_bytes());
        let signature = jsonwebtoken::crypto::sign(message.as_bytes(), &key, Algorithm::HS256).unwrap();
        format!("{message}.{signature}")
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    };
    let body = serde_json::json!({"authentication": {"sdk_guid": "fuzz-jwt", "token": token}});
    let status = HELPDESK.runtime.block_on(async {
        HELPDESK.http.post(format!("{}/access/sdk/jwt", HELPDESK.base_url)).json(&body).send().await.unwrap().status()
    });
    assert!(matches!(status.as_u16(), 201 | 400 | 401 | 422), "a JWT sign-in answered {status}");
});
