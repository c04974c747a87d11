//! Files (Zendesk's Uploads API): upload, a second file on the same token, attach to a
//! comment, download as the requester and not as anyone else, delete an unclaimed upload,
//! and the size limit.

use helpline_protocol::{CommentsPage, SettingsEnvelope, UploadEnvelope, paths};
use serde_json::json;

use super::identity::invalid_field;
use super::{Ctx, User, absent, create_request, unique};
use crate::client::{Answer, ensure};
use crate::report::{Failure, Group, Origin};

/// A 1x1 PNG: a real file of a known type.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d,
    0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];
/// Zendesk's default attachment limit, when the helpdesk's settings do not say.
const DEFAULT_LIMIT: u64 = 20 * 1024 * 1024;
/// The size check sends limit + 1 bytes: not past this.
const MAX_LIMIT_CHECKED: u64 = 50 * 1024 * 1024;

pub(crate) async fn run(ctx: &Ctx<'_>) -> Group {
    let mut group = Group::new("uploads", Origin::Zendesk);
    let Some((ana, bob)) = ctx.users_or_skip(&mut group) else { return group };
    let first = upload(ctx, ana, "shot.png", PNG.to_vec(), None).await;
    if let Some(why) = absent(&first) {
        group.absent = Some(why);
        return group;
    }
    let token = first.json::<UploadEnvelope>(201, "UploadEnvelope").map(|u| u.upload);
    group.record(
        "POST /api/v2/uploads.json answers 201 with a token and the file",
        token.as_ref().map_err(Clone::clone).and_then(|u| {
            let size = u.attachment.as_ref().map(|a| a.size);
            ensure(!u.token.is_empty(), "a token", "an empty one")?;
            ensure(size == Some(PNG.len() as u64), format!("attachment.size {}", PNG.len()), format!("{size:?}"))
        }),
    );
    let Ok(first) = token else { return group };
    let second = upload(ctx, ana, "notes.txt", b"Steps: open, tap, crash.".to_vec(), Some(&first.token)).await;
    group.record(
        "a second file with the same token joins the upload",
        second.json::<UploadEnvelope>(201, "UploadEnvelope").and_then(|u| {
            ensure(u.upload.token == first.token, "the same token", u.upload.token.clone())?;
            ensure(u.upload.attachments.len() == 2, "2 attachments", u.upload.attachments.len().to_string())
        }),
    );
    let attached = attach(ctx, ana, &first.token).await;
    group.record("a comment naming the token carries both files", attached.as_ref().map(|_| ()).map_err(Clone::clone));
    if let Ok(url) = &attached {
        let mine = ctx.client.get(url).token(&ana.token).send().await;
        group.record(
            "the requester downloads the file as it was sent",
            mine.expect(200).and_then(|a| ensure(a.body == PNG, format!("{} bytes", PNG.len()), a.describe())),
        );
        let theirs = ctx.client.get(url).token(&bob.token).send().await;
        group.record("another user gets 404 for it", theirs.expect(404).map(|_| ()));
    }
    group.record("an unclaimed upload is deleted (204), then refused by name (422 uploads)", dropped(ctx, ana).await);
    size_limit(ctx, ana, &mut group).await;
    group
}

async fn upload(ctx: &Ctx<'_>, user: &User, name: &str, bytes: Vec<u8>, token: Option<&str>) -> Answer {
    let mut path = format!("{}?filename={name}", paths::UPLOADS);
    if let Some(token) = token {
        path.push_str(&format!("&token={token}"));
    }
    let content_type = if name.ends_with(".png") { "image/png" } else { "application/octet-stream" };
    let app = ctx.options.app_id.as_str();
    let call = ctx.client.post(&path).token(&user.token).header("content-type", content_type);
    call.header("app-identifier", app).bytes(bytes).send().await
}

/// Attaches the upload to a new request's comment; the PNG's `content_url`.
async fn attach(ctx: &Ctx<'_>, user: &User, token: &str) -> Result<String, Failure> {
    let request = create_request(ctx, user, &unique("With files")).await?;
    let body = json!({"request": {"comment": {"body": "Files attached.", "uploads": [token]}}});
    ctx.client.put(&paths::request(request.id)).token(&user.token).json(body).send().await.expect(200)?;
    let path = format!("{}?sort_order=asc", paths::request_comments(request.id));
    let page: CommentsPage = ctx.client.get(&path).token(&user.token).send().await.json(200, "CommentsPage")?;
    let files = page.comments.last().map(|c| c.attachments.clone()).unwrap_or_default();
    let names: Vec<&str> = files.iter().map(|f| f.file_name.as_str()).collect();
    ensure(files.len() == 2, "the last comment with 2 attachments", format!("{names:?}"))?;
    let png = files.iter().find(|f| f.file_name == "shot.png");
    png.map(|f| f.content_url.clone()).ok_or_else(|| Failure::new("shot.png among them", format!("{names:?}")))
}

async fn dropped(ctx: &Ctx<'_>, user: &User) -> Result<(), Failure> {
    let upload: UploadEnvelope = upload(ctx, user, "gone.png", PNG.to_vec(), None).await.json(201, "UploadEnvelope")?;
    let token = upload.upload.token;
    ctx.client.delete(&paths::upload(&token)).token(&user.token).send().await.expect(204)?;
    let request = create_request(ctx, user, &unique("Deleted upload")).await?;
    let body = json!({"request": {"comment": {"body": "This file is gone.", "uploads": [token]}}});
    let refused = ctx.client.put(&paths::request(request.id)).token(&user.token).json(body).send().await;
    invalid_field(&refused, "uploads")
}

/// One byte past the limit (the app's settings, else Zendesk's 20 MiB) answers 413.
async fn size_limit(ctx: &Ctx<'_>, user: &User, group: &mut Group) {
    let settings = ctx.client.get(&paths::sdk_settings(&ctx.options.app_id)).send().await;
    let limit = settings
        .decode::<SettingsEnvelope>("SettingsEnvelope")
        .ok()
        .filter(|_| settings.status == 200)
        .map_or(DEFAULT_LIMIT, |s| s.settings.support.attachments.max_attachment_size);
    let name = format!("a file of {limit} + 1 bytes (the limit) answers 413");
    if limit > MAX_LIMIT_CHECKED {
        return group.skip(&name, format!("the limit is over {MAX_LIMIT_CHECKED} bytes"));
    }
    let answer = upload(ctx, user, "big.bin", vec![0u8; limit as usize + 1], None).await;
    group.record(&name, answer.expect(413).map(|_| ()));
}
