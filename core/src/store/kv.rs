//! Small named values: the access token and the signed-in user's id.

use rusqlite::{Connection, OptionalExtension, params};

use crate::Result;

#[derive(Debug, Clone, Copy)]
pub(crate) enum Key {
    AccessToken,
    /// The helpdesk's id of the signed-in user.
    UserId,
    /// When the help center, synced in a fallback locale, last asked for the preferred ones,
    /// and which: `"<unix ms> <locale>,<locale>..."`.
    LocaleProbe,
    /// When the background integrity check last passed (Unix ms).
    IntegrityChecked,
    /// Present when the helpdesk answered that it has no live messaging (a stock Zendesk):
    /// chat reads as switched off until its settings say otherwise.
    ChatUnavailable,
    /// The chat conversation the user opened (or started) last: what `Messaging::messages`
    /// reads and the realtime link follows, across restarts.
    OpenConversation,
}

impl Key {
    fn name(self) -> &'static str {
        match self {
            Key::AccessToken => "access_token",
            Key::UserId => "user_id",
            Key::LocaleProbe => "hc_locale_probe",
            Key::IntegrityChecked => "integrity_checked_ms",
            Key::ChatUnavailable => "chat_unavailable",
            Key::OpenConversation => "chat_open_conversation",
        }
    }

    pub(crate) fn get(self, conn: &Connection) -> Result<Option<String>> {
        let mut stmt = conn.prepare_cached("SELECT value FROM kv WHERE key = ?1")?;
        Ok(stmt.query_row([self.name()], |r| r.get(0)).optional()?)
    }

    pub(crate) fn set(self, conn: &Connection, value: &str) -> Result<()> {
        conn.execute(
            "INSERT INTO kv(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![self.name(), value],
        )?;
        Ok(())
    }

    pub(crate) fn delete(self, conn: &Connection) -> Result<()> {
        conn.execute("DELETE FROM kv WHERE key = ?1", [self.name()])?;
        Ok(())
    }
}
