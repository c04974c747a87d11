//! SDK settings (Helpline): one public document per app, conditional on its ETag.

use helpline_protocol::{SettingsEnvelope, paths};

use super::{Ctx, absent};
use crate::client::ensure;
use crate::report::{Group, Origin};

pub(crate) async fn run(ctx: &Ctx<'_>) -> Group {
    let mut group = Group::new("settings", Origin::Helpline);
    let path = paths::sdk_settings(&ctx.options.app_id);
    let first = ctx.client.get(&path).send().await;
    if let Some(why) = absent(&first) {
        group.absent = Some(format!("{why} (the SDK uses its defaults)"));
        return group;
    }
    group.record(
        "the settings answer 200 without a token, as SettingsEnvelope",
        first.json::<SettingsEnvelope>(200, "SettingsEnvelope").map(|_| ()),
    );
    let Some(etag) = first.header("etag").map(str::to_owned) else {
        group.record("the answer carries an ETag", ensure(false, "an ETag header", "none"));
        return group;
    };
    group.record("the answer carries an ETag", Ok(()));
    let same = ctx.client.get(&path).header("if-none-match", &etag).send().await;
    group.record(
        "If-None-Match with that ETag answers 304 without a body",
        same.expect(304).and_then(|a| ensure(a.body.is_empty(), "no body", a.describe())),
    );
    let other = ctx.client.get(&path).header("if-none-match", "\"not-the-current-one\"").send().await;
    group.record(
        "If-None-Match with another ETag answers 200 with the document",
        other.json::<SettingsEnvelope>(200, "SettingsEnvelope").map(|_| ()),
    );
    group
}
