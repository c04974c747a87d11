//! Identity (the Zendesk Support SDK's sign-in; revocation is Helpline's): anonymous and JWT
//! sign-in for an access token, who it is, refusals, and sign-out.

use helpline_protocol::{AuthResponse, JwtClaims, UserEnvelope, paths};
use serde_json::json;

use super::{Ctx, User, unique};
use crate::client::ensure;
use crate::report::{Failure, Group, Origin};

pub(crate) async fn run(ctx: &mut Ctx<'_>) -> Group {
    let mut group = Group::new("identity", Origin::Zendesk);
    let guid = unique("install");
    let first = anonymous(ctx, &guid, "Ana Conformance").await;
    group
        .record("anonymous sign-in answers 201 with an access token", first.as_ref().map(|_| ()).map_err(Clone::clone));
    let Ok(token) = first else {
        group.skip("the other identity checks", "anonymous sign-in failed");
        return group;
    };
    let me = who(ctx, &token).await;
    group.record(
        "users/me answers 200 with the user",
        me.as_ref().map_err(Clone::clone).and_then(|user| {
            ensure(user.name == "Ana Conformance", "the name given at sign-in", format!("name {:?}", user.name))
        }),
    );
    let again = async {
        let token = anonymous(ctx, &guid, "Ana Conformance").await?;
        let (first, second) = (me.clone()?, who(ctx, &token).await?);
        ensure(
            first.id == second.id,
            "the same sdk_guid signs in the same user",
            format!("{} then {}", first.id, second.id),
        )
    };
    group.record("the same sdk_guid is the same user", again.await);

    let no_token = ctx.client.get(paths::ME).send().await;
    group.record("no token answers 401 with an error body", unauthorized(&no_token));
    let bad_token = ctx.client.get(paths::ME).token("not-a-token-of-this-helpdesk").send().await;
    group.record("an unknown token answers 401", unauthorized(&bad_token));
    let blank = ctx.client.post(paths::ANONYMOUS_AUTH).json(json!({"authentication": {"sdk_guid": "  "}})).send().await;
    group.record("a blank sdk_guid answers 422 naming sdk_guid", invalid_field(&blank, "sdk_guid"));

    jwt(ctx, &mut group).await;
    revoke(ctx, &mut group).await;

    let bob = async {
        let token = anonymous(ctx, &unique("install"), "Bob Conformance").await?;
        let user = who(ctx, &token).await?;
        Ok::<_, Failure>(User { token, id: user.id })
    };
    match (me, bob.await) {
        (Ok(ana), Ok(bob)) => ctx.users = Some((User { token, id: ana.id }, bob)),
        (_, Err(e)) => group.record("a second user signs in", Err(e)),
        _ => {}
    }
    group
}

async fn anonymous(ctx: &Ctx<'_>, guid: &str, name: &str) -> Result<String, Failure> {
    let body = json!({"authentication": {"sdk_guid": guid, "identifier": {"name": name}}});
    let answer = ctx.client.post(paths::ANONYMOUS_AUTH).json(body).send().await;
    let token = answer.json::<AuthResponse>(201, "AuthResponse")?.authentication.access_token;
    ensure(!token.trim().is_empty(), "a non-empty access_token", "an empty one")?;
    Ok(token)
}

async fn who(ctx: &Ctx<'_>, token: &str) -> Result<helpline_protocol::User, Failure> {
    Ok(ctx.client.get(paths::ME).token(token).send().await.json::<UserEnvelope>(200, "UserEnvelope")?.user)
}

fn unauthorized(answer: &crate::client::Answer) -> Result<(), Failure> {
    answer.expect(401)?;
    ensure(answer.error().is_some(), "an error body {\"error\": ...}", answer.describe())
}

/// A 422 whose `details` name `field`.
pub(crate) fn invalid_field(answer: &crate::client::Answer, field: &str) -> Result<(), Failure> {
    answer.expect(422)?;
    let named = answer.error().is_some_and(|e| e.details.contains_key(field));
    ensure(named, format!("details naming {field:?}"), answer.describe())
}

/// JWT sign-in: a token signed with the secret works once; a replay or another secret fails.
async fn jwt(ctx: &Ctx<'_>, group: &mut Group) {
    const NAMES: [&str; 3] = [
        "a JWT signed with the secret answers 201",
        "the same JWT again (its jti replayed) answers 401",
        "a JWT signed with another secret answers 401",
    ];
    let Some(secret) = ctx.options.jwt_secret.as_deref() else {
        NAMES.iter().for_each(|name| group.skip(name, "needs --jwt-secret"));
        return;
    };
    let external_id = unique("conformance-user");
    let token = sign(&external_id, secret);
    let sign_in = |jwt: String| {
        let body = json!({"authentication": {"sdk_guid": unique("install"), "token": jwt}});
        ctx.client.post(paths::JWT_AUTH).json(body).send()
    };
    let first = sign_in(token.clone()).await;
    group.record(NAMES[0], first.json::<AuthResponse>(201, "AuthResponse").map(|_| ()));
    group.record(NAMES[1], sign_in(token).await.expect(401).map(|_| ()));
    group
        .record(NAMES[2], sign_in(sign(&external_id, "not-the-secret-of-this-helpdesk")).await.expect(401).map(|_| ()));
}

fn sign(external_id: &str, secret: &str) -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    let claims = JwtClaims {
        email: Some(format!("{external_id}@example.com")),
        name: Some("Jo Conformance".into()),
        external_id: Some(external_id.to_owned()),
        iat: now,
        jti: uuid::Uuid::new_v4().to_string(),
        exp: None,
    };
    let key = jsonwebtoken::EncodingKey::from_secret(secret.as_bytes());
    jsonwebtoken::encode(&jsonwebtoken::Header::default(), &claims, &key).unwrap_or_default()
}

/// Sign-out (Helpline): the caller's token stops working at once.
async fn revoke(ctx: &Ctx<'_>, group: &mut Group) {
    const NAME: &str = "DELETE /access/sdk/token answers 204 and the token then answers 401 (Helpline)";
    let token = match anonymous(ctx, &unique("install"), "Leaving").await {
        Ok(token) => token,
        Err(e) => return group.record(NAME, Err(e)),
    };
    let answer = ctx.client.delete(paths::ACCESS_TOKEN).token(&token).send().await;
    if answer.status == 404 {
        return group.skip(NAME, "Helpline addition absent: the SDK's sign-out lets the token expire instead");
    }
    let result = async {
        answer.expect(204)?;
        let after = ctx.client.get(paths::ME).token(&token).send().await;
        after.expect(401).map(|_| ())
    };
    group.record(NAME, result.await);
}
