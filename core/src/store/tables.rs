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
    /// The signed-in user's: wiped when the user changes.
    User,
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

    fn of_users(&self) -> Vec<&'static str> {
        self.declared().into_iter().filter(|o| o.scope == Scope::User).flat_map(|o| o.tables.iter().copied()).collect()
    }

    /// Deletes every row of every user table.
    pub(crate) fn wipe_user_data(&self, conn: &Connection) -> Result<()> {
        for owned in self.declared().into_iter().filter(|o| o.scope == Scope::User) {
            tracing::debug!("wiping the user's rows of {}: {:?}", owned.owner, owned.tables);
            for table in owned.tables {
                conn.execute(&format!("DELETE FROM {table}"), [])?;
            }
        }
        Ok(())
    }

    /// Whether any user table has a row (data of someone, even before an identity was set).
    pub(crate) fn has_user_data(&self, conn: &Connection) -> Result<bool> {
        for table in self.of_users() {
            if conn.query_row(&format!("SELECT EXISTS(SELECT 1 FROM {table})"), [], |r| r.get(0))? {
                return Ok(true);
            }
        }
        Ok(false)
    }
}
