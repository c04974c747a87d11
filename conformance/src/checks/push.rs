//! Push devices (modelled on Zendesk's mobile SDK): a device registered for the user (again:
//! no error), a bad platform refused by name, the device removed.

use helpline_protocol::{PushDeviceEnvelope, paths};
use serde_json::json;

use super::identity::invalid_field;
use super::{Ctx, absent, unique};
use crate::client::ensure;
use crate::report::{Group, Origin};

pub(crate) async fn run(ctx: &Ctx<'_>) -> Group {
    let mut group = Group::new("push", Origin::Zendesk);
    let Some((ana, _)) = ctx.users_or_skip(&mut group) else { return group };
    let identifier = unique("conformance-device");
    let device = |device_type: &str| json!({"push_notification_device": {"identifier": identifier, "device_type": device_type, "locale": "en-us"}});
    let register = || ctx.client.post(paths::PUSH_DEVICES).token(&ana.token).json(device("android")).send();
    let first = register().await;
    if let Some(why) = absent(&first) {
        group.absent = Some(why);
        return group;
    }
    group.record(
        "POST /api/mobile/push_notification_devices.json answers 201 with the device",
        first.json::<PushDeviceEnvelope>(201, "PushDeviceEnvelope").and_then(|d| {
            let got = d.push_notification_device.identifier;
            ensure(got == identifier, format!("identifier {identifier}"), got)
        }),
    );
    group.record("the same device again answers 2xx", register().await.expect_any(&[200, 201]).map(|_| ()));
    let bad = ctx.client.post(paths::PUSH_DEVICES).token(&ana.token).json(device("windows_phone")).send().await;
    group.record("an unknown device_type answers 422 naming it", invalid_field(&bad, "device_type"));
    let removed = ctx.client.delete(&paths::push_device(&identifier)).token(&ana.token).send().await;
    group.record("DELETE of the device answers 204", removed.expect(204).map(|_| ()));
    group
}
