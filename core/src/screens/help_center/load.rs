//! Reading the screen's parts from the device (blocking: called through `Kernel::blocking`),
//! and putting what was read into the state without losing what the user is looking at.

use super::model::{CategoryEntry, HelpCenterLoad, HelpCenterState, HelpCenterStatus, OpenArticle};
use crate::{Article, ArticleSummary, CacheUsage, Error, HelpCenter, Result, SearchSource, Section};

/// At most this many related articles under an article.
const MAX_RELATED: usize = 5;

/// What is open on the screen, to read again.
#[derive(Clone, Copy, Default)]
pub(super) struct Place {
    pub section: Option<i64>,
    pub article: Option<i64>,
}

impl Place {
    pub(super) fn of(state: &HelpCenterState) -> Self {
        Self { section: state.section.as_ref().map(|s| s.section.id), article: state.article.as_ref().map(|a| a.id) }
    }
}

/// The device's help center as the screen shows it at `place`.
pub(super) enum Read {
    /// The helpdesk switched the help center off.
    Disabled {
        usage: Option<CacheUsage>,
    },
    Failed {
        error: Error,
        usage: Option<CacheUsage>,
    },
    Ready(Box<Content>),
}

pub(super) struct Content {
    locale: String,
    categories: Vec<CategoryEntry>,
    sections: Vec<Section>,
    section_articles: Option<Result<Vec<ArticleSummary>>>,
    article: Option<(Result<Article>, Vec<ArticleSummary>)>,
    usage: Option<CacheUsage>,
}

/// Category `id` and its sections.
pub(super) fn category(hc: &HelpCenter, id: i64) -> Result<CategoryEntry> {
    let category = hc.categories()?.into_iter().find(|c| c.id == id);
    let category = category.ok_or_else(|| Error::not_found(format!("category {id}")))?;
    Ok(CategoryEntry { sections: hc.sections(Some(id))?, category })
}

/// The category section `id` is in, with its sections.
pub(super) fn category_of_section(hc: &HelpCenter, id: i64) -> Result<CategoryEntry> {
    let section = hc.sections(None)?.into_iter().find(|s| s.id == id);
    let section = section.ok_or_else(|| Error::not_found(format!("section {id}")))?;
    category(hc, section.category_id)
}

/// Reads everything shown at `place` (blocking).
pub(super) fn read(hc: &HelpCenter, place: Place) -> Read {
    let usage = hc.cache_usage().ok();
    let tree = hc.categories().and_then(|categories| Ok((categories, hc.sections(None)?, hc.locale()?)));
    let (categories, sections, locale) = match tree {
        Ok(tree) => tree,
        Err(Error::FeatureDisabled { .. }) => return Read::Disabled { usage },
        Err(error) => return Read::Failed { error, usage },
    };
    let categories = categories
        .into_iter()
        .map(|category| {
            let sections = sections.iter().filter(|s| s.category_id == category.id).cloned().collect();
            CategoryEntry { category, sections }
        })
        .collect();
    let section_articles = place.section.map(|id| hc.articles(Some(id)));
    let article = place.article.map(|id| {
        let article = hc.article(id);
        let related = article.as_ref().map(|a| related(hc, &a.summary)).unwrap_or_default();
        (article, related)
    });
    Read::Ready(Box::new(Content { locale, categories, sections, section_articles, article, usage }))
}

/// Articles to read after `article`: found by its title first (closest in subject), then its
/// section's, a few, never itself.
pub(super) fn related(hc: &HelpCenter, article: &ArticleSummary) -> Vec<ArticleSummary> {
    let found = hc.search_offline(&article.title, MAX_RELATED as i32 + 1).unwrap_or_default();
    let same_section = hc.articles(Some(article.section_id)).unwrap_or_default();
    let mut related: Vec<ArticleSummary> = Vec::new();
    for candidate in found.into_iter().map(|hit| hit.article).chain(same_section) {
        if related.len() == MAX_RELATED {
            break;
        }
        if candidate.id != article.id && !related.iter().any(|r| r.id == candidate.id) {
            related.push(candidate);
        }
    }
    related
}

/// Puts what was read into `state`: what is open stays open (or says it is gone).
pub(super) fn apply(state: &mut HelpCenterState, read: Read) {
    let content = match read {
        Read::Disabled { usage } => {
            *state = HelpCenterState {
                status: HelpCenterStatus::Disabled,
                cache: super::model::HelpCenterCache { usage, sync: state.cache.sync.clone() },
                ..Default::default()
            };
            return;
        }
        Read::Failed { error, usage } => {
            state.status = HelpCenterStatus::Failed { error };
            state.cache.usage = usage;
            return;
        }
        Read::Ready(content) => *content,
    };
    state.status = HelpCenterStatus::Ready;
    state.locale = content.locale;
    state.cache.usage = content.usage;
    if let Some(open) = &state.category {
        state.category = content.categories.iter().find(|c| c.category.id == open.category.id).cloned();
    }
    state.categories = content.categories;
    if let (Some(open), Some(articles)) = (&mut state.section, content.section_articles) {
        match (content.sections.into_iter().find(|s| s.id == open.section.id), articles) {
            (Some(section), Ok(articles)) => {
                open.section = section;
                open.articles = articles;
                open.load = HelpCenterLoad::Ready;
            }
            (None, _) => {
                open.articles.clear();
                open.load = HelpCenterLoad::Failed { error: Error::not_found(format!("section {}", open.section.id)) };
            }
            (_, Err(error)) => open.load = HelpCenterLoad::Failed { error },
        }
    }
    if let (Some(open), Some((article, related))) = (&mut state.article, content.article) {
        match article {
            Ok(cached) => show_cached(open, cached, related),
            // Gone from the device (deleted on the helpdesk, or another user's cache): unless
            // the helpdesk's copy is on its way, say so.
            Err(error) if open.load != HelpCenterLoad::Loading => {
                if open.article.is_some() {
                    open.article = None;
                    open.source = None;
                    open.load = HelpCenterLoad::Failed { error };
                }
            }
            Err(_) => {}
        }
    }
}

/// Shows the device's copy of the open article: its votes and the user's vote are the
/// device's; a body the cache budget dropped is kept if it was shown.
pub(super) fn show_cached(open: &mut OpenArticle, mut cached: Article, related: Vec<ArticleSummary>) {
    if cached.body_html.is_none()
        && let Some(shown) = open.article.as_ref().and_then(|a| a.body_html.clone())
    {
        cached.body_html = Some(shown);
    }
    if open.article.is_none() {
        open.source = Some(SearchSource::Offline);
    }
    if matches!(open.load, HelpCenterLoad::Failed { .. }) {
        open.load = HelpCenterLoad::Ready;
    }
    open.title = cached.summary.title.clone();
    open.article = Some(cached);
    open.related = related;
}
