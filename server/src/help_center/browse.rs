//! End-user reads (public: with or without a token): categories, sections and published
//! articles of one locale, offset or cursor pages. Drafts and archived articles never show.

use axum::extract::State;
use axum::http::Uri;
use axum::routing::get;
use axum::{Json, Router};
use helpline_protocol::{ArticleEnvelope, ArticlesPage, CategoriesPage, SectionsPage};

use super::locale::Locale;
use super::rows::{self, ArticleOrder};
use super::{DEFAULT_PAGE_SIZE, LOCALE_PREFIXES};
use crate::errors::ApiError;
use crate::pagination::{LinkBase, PageRequest, paginate};
use crate::query::QueryParams;
use crate::record_id::RecordId;
use crate::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    LOCALE_PREFIXES.iter().fold(Router::new(), |router, prefix| {
        router
            .route(&format!("{prefix}/categories.json"), get(categories))
            .route(&format!("{prefix}/categories/{{id}}/sections.json"), get(category_sections))
            .route(&format!("{prefix}/sections.json"), get(sections))
            .route(&format!("{prefix}/sections/{{id}}/articles.json"), get(section_articles))
            .route(&format!("{prefix}/articles.json"), get(articles))
            .route(&format!("{prefix}/articles/{{id}}"), get(show))
    })
}

/// `GET .../categories.json`, by position.
async fn categories(
    State(state): State<AppState>,
    Locale(locale): Locale,
    uri: Uri,
    query: QueryParams,
) -> Result<Json<CategoriesPage>, ApiError> {
    let page = PageRequest::from_query_sized(&query, DEFAULT_PAGE_SIZE)?;
    let rows = state.db.call(move |conn| rows::categories(conn, locale)).await?;
    let links = LinkBase { base_url: &state.base_url, path: uri.path(), query: &query };
    let (rows, pagination) = paginate(rows, |c| (c.position, c.id), false, &page, &links);
    Ok(Json(CategoriesPage { categories: rows.iter().map(|c| c.to_wire(&state.base_url)).collect(), pagination }))
}

/// `GET .../sections.json`, by position.
async fn sections(
    State(state): State<AppState>,
    Locale(locale): Locale,
    uri: Uri,
    query: QueryParams,
) -> Result<Json<SectionsPage>, ApiError> {
    list_sections(state, locale, None, uri, query).await
}

/// `GET .../categories/{id}/sections.json`: an unknown category (in this locale) is a 404.
async fn category_sections(
    State(state): State<AppState>,
    Locale(locale): Locale,
    RecordId(category_id): RecordId,
    uri: Uri,
    query: QueryParams,
) -> Result<Json<SectionsPage>, ApiError> {
    list_sections(state, locale, Some(category_id), uri, query).await
}

async fn list_sections(
    state: AppState,
    locale: &'static str,
    category_id: Option<i64>,
    uri: Uri,
    query: QueryParams,
) -> Result<Json<SectionsPage>, ApiError> {
    let page = PageRequest::from_query_sized(&query, DEFAULT_PAGE_SIZE)?;
    let rows = state
        .db
        .call(move |conn| {
            let known = match category_id {
                Some(id) => rows::category_exists(conn, id, locale)?,
                None => true,
            };
            if !known {
                return Err(ApiError::NotFound);
            }
            rows::sections(conn, locale, category_id)
        })
        .await?;
    let links = LinkBase { base_url: &state.base_url, path: uri.path(), query: &query };
    let (rows, pagination) = paginate(rows, |s| (s.position, s.id), false, &page, &links);
    Ok(Json(SectionsPage { sections: rows.iter().map(|s| s.to_wire(&state.base_url)).collect(), pagination }))
}

/// `GET .../articles.json[?sort_by=position|created_at|updated_at&sort_order=asc|desc]`.
async fn articles(
    State(state): State<AppState>,
    Locale(locale): Locale,
    uri: Uri,
    query: QueryParams,
) -> Result<Json<ArticlesPage>, ApiError> {
    list_articles(state, locale, None, uri, query).await
}

/// `GET .../sections/{id}/articles.json`: an unknown section (in this locale) is a 404.
async fn section_articles(
    State(state): State<AppState>,
    Locale(locale): Locale,
    RecordId(section_id): RecordId,
    uri: Uri,
    query: QueryParams,
) -> Result<Json<ArticlesPage>, ApiError> {
    list_articles(state, locale, Some(section_id), uri, query).await
}

async fn list_articles(
    state: AppState,
    locale: &'static str,
    section_id: Option<i64>,
    uri: Uri,
    query: QueryParams,
) -> Result<Json<ArticlesPage>, ApiError> {
    let order = match query.get("sort_by").unwrap_or("position") {
        "position" => ArticleOrder::Position,
        "created_at" => ArticleOrder::CreatedAt,
        "updated_at" => ArticleOrder::UpdatedAt,
        other => {
            return Err(ApiError::bad_param(format!(
                "sort_by must be position, created_at or updated_at, not {other:?}"
            )));
        }
    };
    // Zendesk's defaults: manual order ascending, dates newest first.
    let desc = match query.get("sort_order") {
        None | Some("") => order != ArticleOrder::Position,
        Some("asc") => false,
        Some("desc") => true,
        Some(other) => return Err(ApiError::bad_param(format!("sort_order must be asc or desc, not {other:?}"))),
    };
    let page = PageRequest::from_query_sized(&query, DEFAULT_PAGE_SIZE)?;
    let base_url = state.base_url.clone();
    let path = uri.path().to_owned();
    let (rows, pagination) = state
        .db
        .call(move |conn| {
            let known = match section_id {
                Some(id) => rows::section_exists(conn, id, Some(locale))?,
                None => true,
            };
            if !known {
                return Err(ApiError::NotFound);
            }
            // Page over the keys, then read only the page's articles (bodies can be large).
            let keys = rows::published_article_keys(conn, locale, section_id, order)?;
            let links = LinkBase { base_url: &base_url, path: &path, query: &query };
            let (keys, pagination) = paginate(keys, |k| *k, desc, &page, &links);
            let mut rows = Vec::with_capacity(keys.len());
            for (_, id) in keys {
                rows.extend(rows::published_article(conn, id, locale)?);
            }
            Ok((rows, pagination))
        })
        .await?;
    Ok(Json(ArticlesPage { articles: rows.iter().map(|a| a.to_wire(&state.base_url)).collect(), pagination }))
}

/// `GET .../articles/{id}.json`: drafts and archived articles are 404s, like unknown ids.
async fn show(
    State(state): State<AppState>,
    Locale(locale): Locale,
    RecordId(id): RecordId,
) -> Result<Json<ArticleEnvelope>, ApiError> {
    let row = state.db.call(move |conn| rows::published_article(conn, id, locale)?.ok_or(ApiError::NotFound)).await?;
    Ok(Json(ArticleEnvelope { article: row.to_wire(&state.base_url) }))
}
