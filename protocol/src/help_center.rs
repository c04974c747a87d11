//! Help Center: categories, sections, articles, search and votes (Zendesk's Help Center API),
//! plus Helpline's `deleted_article_ids` in the incremental export.

use crate::tolerant::Tolerant;
use serde::{Deserialize, Serialize};

use crate::Pagination;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Category {
    pub id: u64,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub locale: String,
    #[serde(default)]
    pub position: i64,
    #[serde(default)]
    pub updated_at: String,
    #[serde(default)]
    pub html_url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub id: u64,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub locale: String,
    #[serde(default)]
    pub position: i64,
    #[serde(default)]
    pub updated_at: String,
    #[serde(default)]
    pub html_url: String,
    pub category_id: u64,
    #[serde(default)]
    pub parent_section_id: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: u64,
    #[serde(default)]
    pub title: String,
    /// HTML as the helpdesk stores it: the SDK sanitizes it before showing it.
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub locale: String,
    pub section_id: u64,
    #[serde(default)]
    pub author_id: Option<u64>,
    #[serde(default)]
    pub position: i64,
    #[serde(default)]
    pub promoted: bool,
    /// An archived or unpublished article: the SDK treats it as deleted.
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub vote_sum: i64,
    #[serde(default)]
    pub vote_count: i64,
    #[serde(default)]
    pub label_names: Vec<String>,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
    #[serde(default)]
    pub edited_at: Option<String>,
    #[serde(default)]
    pub html_url: String,
    #[serde(default)]
    pub outdated: bool,
    /// Helpline, in the incremental export only: the article's attachments, so a device that
    /// synced knows them offline. Absent elsewhere (and from Zendesk): not known, not empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachments: Option<Vec<ArticleAttachment>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleAttachment {
    pub id: u64,
    #[serde(default)]
    pub article_id: u64,
    #[serde(default)]
    pub file_name: String,
    #[serde(default)]
    pub content_url: String,
    #[serde(default)]
    pub content_type: String,
    #[serde(default)]
    pub size: u64,
    /// Shown inside the body (an image) rather than listed under it.
    #[serde(default)]
    pub inline: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoriesPage {
    pub categories: Tolerant<Category>,
    #[serde(flatten)]
    pub pagination: Pagination,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionsPage {
    pub sections: Tolerant<Section>,
    #[serde(flatten)]
    pub pagination: Pagination,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticlesPage {
    /// One malformed article is set aside (see `Tolerant`), never the page.
    pub articles: Tolerant<Article>,
    #[serde(flatten)]
    pub pagination: Pagination,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleEnvelope {
    pub article: Article,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleAttachmentsPage {
    pub article_attachments: Vec<ArticleAttachment>,
}

/// One page of the incremental export: the articles changed since `start_time`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncrementalArticlesPage {
    /// One malformed article is set aside (see `Tolerant`), never the page.
    pub articles: Tolerant<Article>,
    /// Where the next export starts (unix seconds).
    pub end_time: i64,
    #[serde(default)]
    pub next_page: Option<String>,
    #[serde(default)]
    pub count: Option<u64>,
    /// Helpline: articles removed since `start_time` (on the first page). Absent from a
    /// helpdesk that does not report removals (Zendesk): `None`, not known, rather than none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_article_ids: Option<Vec<u64>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResult {
    #[serde(flatten)]
    pub article: Article,
    /// Text around the match, the matched words inside `<em>`.
    #[serde(default)]
    pub snippet: String,
    #[serde(default)]
    pub result_type: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResultsPage {
    pub results: Vec<SearchResult>,
    #[serde(flatten)]
    pub pagination: Pagination,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vote {
    pub id: u64,
    /// 1 (up) or -1 (down).
    pub value: i8,
    pub item_id: u64,
    #[serde(default)]
    pub item_type: String,
    #[serde(default)]
    pub user_id: u64,
    #[serde(default)]
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoteEnvelope {
    pub vote: Vote,
}

/// Agent authoring: a new article, or the fields of an existing one to change.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ArticleDraft {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section_id: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promoted: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_names: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleDraftEnvelope {
    pub article: ArticleDraft,
}
