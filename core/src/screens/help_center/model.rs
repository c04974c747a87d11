//! The help center screen's state: plain immutable records, the whole screen in one value.
//! Each part (the categories, the open section, the open article, the search, the cache) says
//! on its own whether it is loading or why it failed, so one failure hides nothing else.

use crate::{
    Article, ArticleSummary, CacheUsage, Category, Error, HelpCenterSyncReport, SearchResults, SearchSource, Section,
};

/// Everything the help center screen shows.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct HelpCenterState {
    /// The help center as a whole: `Disabled` when the helpdesk switched it off for the app
    /// (then nothing else is shown, and the actions answer `FeatureDisabled`).
    pub status: HelpCenterStatus,
    /// The locale of what is shown: the app's, or the fallback the helpdesk has.
    pub locale: String,
    /// Every category in the helpdesk's order, each with its sections, from the device.
    pub categories: Vec<CategoryEntry>,
    /// The category the user opened (its sections are listed in it).
    pub category: Option<CategoryEntry>,
    /// The section the user opened, and its articles.
    pub section: Option<OpenSection>,
    /// The article the user opened (from a section, a search or a related article).
    pub article: Option<OpenArticle>,
    pub search: HelpCenterSearch,
    pub cache: HelpCenterCache,
}

#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum HelpCenterStatus {
    /// The device's help center is being read.
    #[default]
    Loading,
    Ready,
    /// Switched off by the helpdesk's remote settings: say so, show nothing of it.
    Disabled,
    /// The device's help center could not be read (storage): the error says why.
    Failed {
        error: Error,
    },
}

/// Whether one part of the screen is still coming.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum HelpCenterLoad {
    /// Coming (what is shown meanwhile, if anything, is the device's copy).
    Loading,
    #[default]
    Ready,
    Failed {
        error: Error,
    },
}

/// A category and its sections (subsections included, each naming its parent).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CategoryEntry {
    pub category: Category,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct OpenSection {
    pub section: Section,
    /// Its articles in the helpdesk's order; each says whether it is readable offline.
    pub articles: Vec<ArticleSummary>,
    pub load: HelpCenterLoad,
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct OpenArticle {
    pub id: i64,
    /// The title as known when it was opened (for the header while the article loads); the
    /// article's own once it is there.
    pub title: String,
    /// The article (sanitized HTML, attachments, the user's vote): the device's copy at once
    /// when it has one, then the helpdesk's.
    pub article: Option<Article>,
    /// Where `article` came from.
    pub source: Option<SearchSource>,
    /// Set when the helpdesk could not be reached and the device's copy is shown instead.
    pub fallback_reason: Option<String>,
    /// `Loading` while the helpdesk's copy is awaited; `Failed` when there is nothing to show
    /// (an article not on the device while offline, or gone from the helpdesk).
    pub load: HelpCenterLoad,
    /// A few articles to read next: from the same section, then found by its title.
    pub related: Vec<ArticleSummary>,
}

/// The search as the user types: the device's results at once, the helpdesk's when they come.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct HelpCenterSearch {
    /// What the user typed (empty: no search, `results` is `None`).
    pub query: String,
    /// The latest results for `query`; `source` says which search gave them (the device's
    /// index, or the helpdesk's, or the index again with `fallback_reason` when it failed).
    pub results: Option<SearchResults>,
    /// `Loading` while the helpdesk's results are awaited; `Failed` when `query` cannot be
    /// searched (no letter or digit in it: `Validation` on `query`).
    pub load: HelpCenterLoad,
}

/// The help center kept on the device.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct HelpCenterCache {
    /// How many articles the device has, how many readable offline, against the budget.
    pub usage: Option<CacheUsage>,
    pub sync: HelpCenterSync,
}

impl HelpCenterCache {
    /// Whether the device holds a help center to browse (a sync has brought it once).
    pub fn has_content(&self) -> bool {
        self.usage.is_some_and(|u| u.articles > 0)
    }
}

/// This screen's sync with the helpdesk (one starts when the screen opens, and on `refresh`).
/// (The report is held inline: a record crossing the FFI as is.)
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum HelpCenterSync {
    #[default]
    NotYet,
    Syncing,
    Synced {
        report: HelpCenterSyncReport,
    },
    /// The device's copy is shown; `error` says why it could not be brought up to date.
    Failed {
        error: Error,
    },
}
