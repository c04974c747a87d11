//! SDK identity (Helpline): anonymous and JWT sign-in, exchanged for an access token.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Identifier {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnonymousAuthRequest {
    pub authentication: AnonymousAuthentication,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnonymousAuthentication {
    /// Stable per-install id: the same guid always maps to the same end user.
    pub sdk_guid: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<Identifier>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JwtAuthRequest {
    pub authentication: JwtAuthentication,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JwtAuthentication {
    pub sdk_guid: String,
    pub token: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthResponse {
    pub authentication: AccessToken,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccessToken {
    pub access_token: String,
}

/// Claims of the JWT an app's backend signs (HS256, the account's shared secret).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JwtClaims {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    pub iat: i64,
    pub jti: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exp: Option<i64>,
}
