//! The help center left out of this build (the `help-center` feature is off): its data types
//! remain (the support home's and the contact form's states name articles); the support home
//! neither offers nor promotes it, and the contact form suggests nothing. Its tables stay
//! declared, so a change of user still wipes the votes.

#![allow(dead_code)]

#[path = "model.rs"]
mod model;
/// The URL policy rich chat messages share with articles (their types remain too).
#[path = "sanitize.rs"]
pub(crate) mod sanitize;

use std::sync::Arc;

use crate::kernel::Kernel;
use crate::settings::Feature;
use crate::store::{Owned, Scope};
use crate::{Error, Result};

pub use model::{
    Article, ArticleAttachment, ArticleSummary, CacheUsage, Category, FetchedArticle, HelpCenterSyncReport, SearchHit,
    SearchResults, SearchSource, Section, SyncProgress, VoteValue,
};

const TABLES: [Owned; 2] = [
    Owned {
        owner: "help_center",
        scope: Scope::Install,
        tables: &[
            "hc_categories",
            "hc_sections",
            "hc_articles",
            "hc_articles_fts",
            "hc_articles_vocab",
            "hc_attachments",
            "hc_sync",
        ],
    },
    Owned { owner: "help_center", scope: Scope::User { before_sign_in: true }, tables: &["hc_votes"] },
];

pub(crate) fn register(hc: &Arc<HelpCenterCore>) {
    TABLES.into_iter().for_each(|owned| hc.kernel.store.tables.declare(owned));
}

pub(crate) struct HelpCenterCore {
    kernel: Arc<Kernel>,
}

impl HelpCenterCore {
    pub(crate) fn new(kernel: Arc<Kernel>) -> Arc<Self> {
        Arc::new(Self { kernel })
    }
}

pub(crate) fn locale_changed(_hc: &Arc<HelpCenterCore>) {}

/// What the support home and the contact form ask of the help center: nothing to show.
#[derive(Clone)]
pub struct HelpCenter;

impl HelpCenter {
    pub(crate) fn new(_hc: Arc<HelpCenterCore>) -> Self {
        Self
    }

    pub async fn sync(&self) -> Result<HelpCenterSyncReport> {
        Err(Error::FeatureDisabled { feature: Feature::HelpCenter })
    }

    pub fn promoted_articles(&self) -> Result<Vec<ArticleSummary>> {
        Ok(Vec::new())
    }

    pub fn suggestions(&self, _subject: &str, _description: &str, _limit: i32) -> Result<Vec<SearchHit>> {
        Ok(Vec::new())
    }
}
