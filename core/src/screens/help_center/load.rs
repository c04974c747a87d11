//! Reading the screen's parts from the device (blocking: called through `Kernel::blocking`),
//! and putting what was read into the state without losing what the user is looking at.

use super::model::{CategoryEntry, HelpCenterLoad, HelpCenterState, HelpCenterStatus, OpenArticle};
use crate::{Article, ArticleSummary, CacheUsage, Error, HelpCenter, Result, SearchSource, Section};

/// At most this many related articles under an article.
const MAX_RELATED: usize = 5;

/// What is open on the screen, to read again.
#[derive(Clone, Copy, Default, PartialEq, Debug)]
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
    /// What was open when this was read: only what is still open takes its part.
    place: Place,
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
    Read::Ready(Box::new(Content { place, locale, categories, sections, section_articles, article, usage }))
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

/// Puts what was read into `state`: what is open stays open (or says it is gone). A section or
/// an article read for what was open then, but closed since, is left out: never shown under
/// another.
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
    let now = Place::of(state);
    let section_articles = content.section_articles.filter(|_| content.place.section == now.section);
    let article = content.article.filter(|_| content.place.article == now.article);
    if let (Some(open), Some(articles)) = (&mut state.section, section_articles) {
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
    if let (Some(open), Some((article, related))) = (&mut state.article, article) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(id: i64, section_id: i64) -> ArticleSummary {
        ArticleSummary {
            id,
            section_id,
            title: format!("Article {id}"),
            promoted: false,
            vote_sum: 0,
            vote_count: 0,
            updated_at: std::time::SystemTime::UNIX_EPOCH,
            html_url: String::new(),
            body_cached: true,
        }
    }

    fn section(id: i64) -> Section {
        Section {
            id,
            category_id: 1,
            parent_section_id: None,
            name: format!("Section {id}"),
            description: String::new(),
            position: 0,
            html_url: String::new(),
        }
    }

    fn open_article(id: i64) -> OpenArticle {
        OpenArticle {
            id,
            title: format!("Article {id}"),
            article: None,
            source: None,
            fallback_reason: None,
            load: HelpCenterLoad::Loading,
            related: vec![],
        }
    }

    #[test]
    fn a_read_for_what_was_open_before_never_lands_under_what_is_open_now() {
        let article_a = Article {
            summary: summary(1, 10),
            body_html: Some("<p>A</p>".into()),
            label_names: vec![],
            outdated: false,
            created_at: std::time::SystemTime::UNIX_EPOCH,
            attachments: vec![],
            my_vote: None,
        };
        // Read while section 10 and article 1 were open...
        let read = |article: Article| {
            Read::Ready(Box::new(Content {
                place: Place { section: Some(10), article: Some(1) },
                locale: "en-us".into(),
                categories: vec![],
                sections: vec![section(10), section(20)],
                section_articles: Some(Ok(vec![summary(1, 10)])),
                article: Some((Ok(article), vec![])),
                usage: None,
            }))
        };
        // ...applied once the user opened section 20 and article 2.
        let mut state = HelpCenterState {
            section: Some(super::super::OpenSection {
                section: section(20),
                articles: vec![],
                load: HelpCenterLoad::Loading,
            }),
            article: Some(open_article(2)),
            ..Default::default()
        };
        apply(&mut state, read(article_a.clone()));
        let (open_section, article) = (state.section.clone().unwrap(), state.article.clone().unwrap());
        assert!(open_section.articles.is_empty() && open_section.load == HelpCenterLoad::Loading, "{open_section:?}");
        assert_eq!((article.id, article.article, article.load), (2, None, HelpCenterLoad::Loading));
        assert_eq!(state.status, HelpCenterStatus::Ready, "what is not open still shows");

        // Still open: it shows.
        state.section.as_mut().unwrap().section = section(10);
        state.article = Some(open_article(1));
        apply(&mut state, read(article_a));
        assert_eq!(state.section.unwrap().articles.len(), 1);
        assert_eq!(state.article.unwrap().article.and_then(|a| a.body_html).as_deref(), Some("<p>A</p>"));
    }
}
