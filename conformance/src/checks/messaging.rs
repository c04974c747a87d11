//! Live messaging over REST (Helpline): the user's active conversation resumed, messages
//! numbered by a growing seq, sent once per client id, paged after a seq, nobody else's; then
//! several conversations and rich answers (`several`).

use helpline_protocol::{
    ConversationEnvelope, ConversationStatus, ConversationsPage, MessageEnvelope, MessagesPage, paths,
};
use serde_json::json;

use super::{Ctx, User, absent};
use crate::client::{Answer, ensure};
use crate::report::{Failure, Group, Origin};

pub(crate) async fn run(ctx: &Ctx<'_>) -> Group {
    let mut group = Group::new("messaging", Origin::Helpline);
    let Some((ana, bob)) = ctx.users_or_skip(&mut group) else { return group };
    let started = start(ctx, ana).await;
    if let Some(why) = absent(&started) {
        group.absent = Some(format!("{why} (the SDK reports chat as switched off)"));
        return group;
    }
    let conversation =
        started.expect_any(&[200, 201]).and_then(|a| a.decode::<ConversationEnvelope>("ConversationEnvelope"));
    group.record(
        "POST /api/v2/conversations.json answers an active conversation",
        conversation.as_ref().map_err(Clone::clone).and_then(|c| {
            let status = c.conversation.status;
            ensure(status == ConversationStatus::Active, "status active", status.as_str().to_owned())
        }),
    );
    let Ok(ConversationEnvelope { conversation }) = conversation else { return group };
    let again = start(ctx, ana).await;
    group.record(
        "starting again resumes the same active conversation",
        again.expect_any(&[200, 201]).and_then(|a| a.decode::<ConversationEnvelope>("ConversationEnvelope")).and_then(
            |c| {
                ensure(
                    c.conversation.id == conversation.id,
                    format!("id {}", conversation.id),
                    c.conversation.id.to_string(),
                )
            },
        ),
    );
    let list = ctx.client.get(paths::CONVERSATIONS).token(&ana.token).send().await;
    group.record(
        "the user's conversations list it",
        list.json::<ConversationsPage>(200, "ConversationsPage").and_then(|p| {
            let ids: Vec<u64> = p.conversations.iter().map(|c| c.id).collect();
            ensure(ids.contains(&conversation.id), format!("id {}", conversation.id), format!("{ids:?}"))
        }),
    );
    let client_id = uuid::Uuid::new_v4().to_string();
    let sent = send(ctx, ana, conversation.id, &client_id).await;
    let message = sent.json::<MessageEnvelope>(201, "MessageEnvelope").map(|m| m.message);
    group.record(
        "a message answers 201 with its seq and client id",
        message.as_ref().map_err(Clone::clone).and_then(|m| {
            ensure(m.seq > 0, "seq from 1", m.seq.to_string())?;
            ensure(
                m.client_id.as_deref() == Some(client_id.as_str()),
                format!("client_id {client_id}"),
                format!("{:?}", m.client_id),
            )
        }),
    );
    let Ok(message) = message else { return group };
    let resent = send(ctx, ana, conversation.id, &client_id).await;
    group.record(
        "the same client id again answers the same message",
        resent.expect_any(&[200, 201]).and_then(|a| a.decode::<MessageEnvelope>("MessageEnvelope")).and_then(|m| {
            let (id, seq) = (m.message.id, m.message.seq);
            ensure(
                (id, seq) == (message.id, message.seq),
                format!("id {} seq {}", message.id, message.seq),
                format!("id {id} seq {seq}"),
            )
        }),
    );
    group.record("messages after seq 0 hold it, in seq order", history(ctx, ana, conversation.id, message.seq).await);
    let theirs = ctx.client.get(&paths::conversation_messages(conversation.id)).token(&bob.token).send().await;
    group.record("another user's conversation answers 404", theirs.expect(404).map(|_| ()));
    super::several::run(ctx, &mut group, ana, bob, &message).await;
    group
}

pub(crate) async fn start(ctx: &Ctx<'_>, user: &User) -> Answer {
    let body = json!({"conversation": {"metadata": {"source": "helpline-conformance"}}});
    let call = ctx.client.post(paths::CONVERSATIONS).token(&user.token).header("app-identifier", &ctx.options.app_id);
    call.json(body).send().await
}

async fn send(ctx: &Ctx<'_>, user: &User, conversation: u64, client_id: &str) -> Answer {
    let body = json!({"message": {"client_id": client_id, "text": "Hello from the conformance kit."}});
    ctx.client.post(&paths::conversation_messages(conversation)).token(&user.token).json(body).send().await
}

async fn history(ctx: &Ctx<'_>, user: &User, conversation: u64, seq: u64) -> Result<(), Failure> {
    let path = format!("{}?after_seq=0&limit=500", paths::conversation_messages(conversation));
    let page: MessagesPage = ctx.client.get(&path).token(&user.token).send().await.json(200, "MessagesPage")?;
    let seqs: Vec<u64> = page.messages.iter().map(|m| m.seq).collect();
    ensure(seqs.contains(&seq), format!("seq {seq} among them"), format!("{seqs:?}"))?;
    ensure(seqs.windows(2).all(|w| w[0] < w[1]), "seqs growing", format!("{seqs:?}"))?;
    let path = format!("{}?after_seq={seq}", paths::conversation_messages(conversation));
    let later: MessagesPage = ctx.client.get(&path).token(&user.token).send().await.json(200, "MessagesPage")?;
    let early: Vec<u64> = later.messages.iter().map(|m| m.seq).filter(|s| *s <= seq).collect();
    ensure(early.is_empty(), format!("after_seq={seq}: only later seqs"), format!("{early:?}"))
}
