//! One TLS set-up shared by HTTP (reqwest) and the WebSocket (tokio-tungstenite): rustls
//! with ring, so the app carries one TLS stack and one crypto provider.

use std::sync::Arc;

use crate::{Error, Result};

/// Certificates are checked by the platform's verifier (Keychain, Windows, the system store
/// on Linux). On Android that verifier needs a JNI initialisation with the app's Context,
/// which a library loaded through JNA cannot do: there, Mozilla's root certificates are built in.
pub(crate) fn client_config() -> Result<rustls::ClientConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(setup_error)?;
    #[cfg(not(target_os = "android"))]
    let builder = {
        use rustls_platform_verifier::BuilderVerifierExt;
        builder.with_platform_verifier().map_err(setup_error)?
    };
    #[cfg(target_os = "android")]
    let builder = builder.with_root_certificates(bundled_roots());
    Ok(builder.with_no_client_auth())
}

#[cfg(any(target_os = "android", test))]
fn bundled_roots() -> rustls::RootCertStore {
    rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() }
}

fn setup_error(e: rustls::Error) -> Error {
    Error::Tls { reason: e.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_verifiers_build_a_client_config() {
        let platform = client_config().unwrap();
        reqwest::Client::builder().tls_backend_preconfigured(platform).build().unwrap();
        assert!(bundled_roots().len() > 100, "Mozilla's root program has well over 100 roots");
    }
}
