//! Reading a helpdesk's pages without trusting them: a `next` link seen before (a loop) or
//! more pages than any end user has ends the walk with an error, never an endless one; a
//! malformed record is set aside and said, never the whole page.

use std::collections::HashSet;

use url::Url;

use crate::{Error, Result};

/// The good records of a page's list; each malformed one is logged, and `skipped` counts them.
pub(crate) fn keep<T>(what: &str, list: helpline_protocol::Tolerant<T>, skipped: &mut usize) -> Vec<T> {
    for reason in &list.skipped {
        tracing::warn!("a malformed {what} set aside: {reason}");
    }
    *skipped += list.skipped.len();
    list.items
}

/// Pages one walk may take: 1,000 pages of 100 tickets, or of 1,000 articles.
pub(crate) const MAX_PAGES: usize = 1_000;

/// The pages of one walk so far.
#[derive(Default)]
pub(crate) struct Walk {
    seen: HashSet<Url>,
}

impl Walk {
    /// Records `url` as the next page to fetch; refuses a page already fetched, or one too many.
    pub(crate) fn next(&mut self, url: &Url) -> Result<()> {
        if self.seen.len() >= MAX_PAGES {
            return Err(Error::InvalidResponse { reason: format!("{}: more than {MAX_PAGES} pages", url.path()) });
        }
        if !self.seen.insert(url.clone()) {
            return Err(Error::InvalidResponse { reason: format!("{}: its `next` link repeats a page", url.path()) });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_page_or_one_too_many_ends_the_walk() {
        let mut walk = Walk::default();
        let page = |n: usize| Url::parse(&format!("https://h.example/api?page={n}")).unwrap();
        walk.next(&page(1)).unwrap();
        walk.next(&page(2)).unwrap();
        assert!(matches!(walk.next(&page(1)), Err(Error::InvalidResponse { reason }) if reason.contains("repeats")));
        for n in 3..=MAX_PAGES {
            walk.next(&page(n)).unwrap();
        }
        assert!(walk.next(&page(MAX_PAGES + 1)).is_err());
    }
}
