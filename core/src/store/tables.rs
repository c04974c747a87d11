//! Which capability owns which table, and whose rows they hold.
//!
//! Each capability declares its tables at open. A table of the user's (their tickets, their
//! chat) is wiped when another user signs in; a table of the install (public articles, the
//! rating prompt's memory) stays. A test checks that every table of the schema is declared, so a
//! new capability cannot forget its wipe and leak one user's data to the next.

use std::sync::RwLock;

use rusqlite::Connection;

use crate::Result;

/// Whose rows a table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// The signed-in user's: wiped when the user changes. `before_sign_in`: rows may be
    /// written before any identity is set (a vote, a queued push token), so finding some does
    /// not mean that another user was here.
    User { before_sign_in: bool },
    /// The install's or public: kept across users.
    Install,
}

/// The tables one capability owns.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Owned {
    pub owner: &'static str,
    pub scope: Scope,
    pub tables: &'static [&'static str],
}

#[derive(Default)]
pub(crate) struct Tables {
    declared: RwLock<Vec<Owned>>,
}

impl Tables {
    pub(crate) fn declare(&self, owned: Owned) {
        self.declared.write().unwrap_or_else(|p| p.into_inner()).push(owned);
    }

    pub(crate) fn declared(&self) -> Vec<Owned> {
        self.declared.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The tables only a signed-in user writes.
    fn signed_in_only(&self) -> Vec<&'static str> {
        self.declared()
            .into_iter()
            .filter(|o| o.scope == Scope::User { before_sign_in: false })
            .flat_map(|o| o.tables.iter().copied())
            .collect()
    }

    /// Deletes every row of every user table.
    pub(crate) fn wipe_user_data(&self, conn: &Connection) -> Result<()> {
        for owned in self.declared().into_iter().filter(|o| matches!(o.scope, Scope::User { .. })) {
            tracing::debug!("wiping the user's rows of {}: {:?}", owned.owner, owned.tables);
            for table in owned.tables {
                conn.execute(&format!("DELETE FROM {table}"), [])?;
            }
        }
        Ok(())
    }

    /// Whether a table that only a signed-in user writes has a row: someone's data, found
    /// before an identity was set (a file the identity was lost from).
    pub(crate) fn has_user_data(&self, conn: &Connection) -> Result<bool> {
        for table in self.signed_in_only() {
            if conn.query_row(&format!("SELECT EXISTS(SELECT 1 FROM {table})"), [], |r| r.get(0))? {
                return Ok(true);
            }
        }
        Ok(false)
    }
}
