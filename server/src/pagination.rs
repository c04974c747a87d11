//! Offset (`page`/`per_page`) and cursor (`page[size]`/`page[after]`/`page[before]`) pagination
//! over an already filtered list. Items are ordered by a (value, id) key, so ties never make a
//! page skip or repeat an item.

use helpline_protocol::{CursorLinks, CursorMeta, Pagination};

use crate::errors::ApiError;
use crate::query::QueryParams;

/// Sort value (a timestamp or an id) and the record id breaking ties.
pub(crate) type SortKey = (i64, i64);

const MAX_PAGE: usize = 100;
const PAGE_PARAMS: &[&str] = &["page", "per_page", "page[size]", "page[after]", "page[before]"];

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PageRequest {
    Offset { page: usize, per_page: usize },
    Cursor { size: usize, after: Option<SortKey>, before: Option<SortKey> },
}

impl PageRequest {
    /// Cursor style as soon as any `page[...]` parameter is present, offset style otherwise;
    /// pages hold 100 items unless the client asks for fewer.
    pub(crate) fn from_query(q: &QueryParams) -> Result<Self, ApiError> {
        Self::from_query_sized(q, MAX_PAGE)
    }

    /// Like [`PageRequest::from_query`], with `default_size` items when the client names no size.
    pub(crate) fn from_query_sized(q: &QueryParams, default_size: usize) -> Result<Self, ApiError> {
        let cursor = |name: &str| -> Result<Option<SortKey>, ApiError> {
            match q.get(name) {
                None | Some("") => Ok(None),
                Some(c) => decode_cursor(c)
                    .map(Some)
                    .ok_or_else(|| ApiError::bad_param(format!("{name} is not a valid cursor"))),
            }
        };
        if q.get("page[size]").is_some() || q.get("page[after]").is_some() || q.get("page[before]").is_some() {
            let size = number(q, "page[size]", default_size)?.clamp(1, MAX_PAGE);
            return Ok(PageRequest::Cursor { size, after: cursor("page[after]")?, before: cursor("page[before]")? });
        }
        let (page, per_page) = offset_from_query(q, default_size)?;
        Ok(PageRequest::Offset { page, per_page })
    }
}

/// `page` (from 1) and `per_page` (1 to 100, `default_size` if absent), for lists that only
/// page by offset (ranked search results have no stable sort key for a cursor).
pub(crate) fn offset_from_query(q: &QueryParams, default_size: usize) -> Result<(usize, usize), ApiError> {
    Ok((number(q, "page", 1)?.max(1), number(q, "per_page", default_size)?.clamp(1, MAX_PAGE)))
}

fn number(q: &QueryParams, name: &str, default: usize) -> Result<usize, ApiError> {
    match q.get(name) {
        None | Some("") => Ok(default),
        Some(v) => v.parse::<usize>().map_err(|_| ApiError::bad_param(format!("{name} must be a number"))),
    }
}

/// Where a page's links point: the server's base URL, the list's path and its query.
pub(crate) struct LinkBase<'a> {
    pub base_url: &'a str,
    pub path: &'a str,
    pub query: &'a QueryParams,
}

impl LinkBase<'_> {
    fn url(&self, add: &[(&str, String)]) -> String {
        self.query.link(self.base_url, self.path, PAGE_PARAMS, add)
    }
}

/// Sorts `items` by `key` (descending if `desc`) and cuts the requested page out of them.
pub(crate) fn paginate<T>(
    mut items: Vec<T>,
    key: impl Fn(&T) -> SortKey,
    desc: bool,
    req: &PageRequest,
    links: &LinkBase<'_>,
) -> (Vec<T>, Pagination) {
    items.sort_by_key(&key);
    if desc {
        items.reverse();
    }
    // "a comes before b in this order", so a cursor can be placed even if its item is gone.
    let before = |a: SortKey, b: SortKey| if desc { a > b } else { a < b };
    let total = items.len();
    match *req {
        PageRequest::Offset { page, per_page } => {
            let (start, end) = offset_range(page, per_page, total);
            (items.drain(start..end).collect(), offset_pagination(page, per_page, total, links))
        }
        PageRequest::Cursor { size, after, before: until } => {
            let (start, end) = match (after, until) {
                (Some(c), _) => {
                    let start = items.partition_point(|i| !before(c, key(i)));
                    (start, (start + size).min(total))
                }
                (None, Some(c)) => {
                    let end = items.partition_point(|i| before(key(i), c));
                    (end.saturating_sub(size), end)
                }
                (None, None) => (0, size.min(total)),
            };
            let page: Vec<T> = items.drain(start..end).collect();
            let first = page.first().map(|i| encode_cursor(key(i)));
            let last = page.last().map(|i| encode_cursor(key(i)));
            let has_more = end < total;
            let size_param = ("page[size]", size.to_string());
            let links = CursorLinks {
                next: last.clone().filter(|_| has_more).map(|c| links.url(&[size_param.clone(), ("page[after]", c)])),
                prev: first
                    .clone()
                    .filter(|_| start > 0)
                    .map(|c| links.url(&[size_param.clone(), ("page[before]", c)])),
            };
            let meta = CursorMeta { has_more, after_cursor: last, before_cursor: first };
            (page, Pagination { meta: Some(meta), links: Some(links), ..Pagination::default() })
        }
    }
}

/// The slice `[start, end)` of `total` items that offset page `page` covers.
pub(crate) fn offset_range(page: usize, per_page: usize, total: usize) -> (usize, usize) {
    let start = page.saturating_sub(1).saturating_mul(per_page).min(total);
    (start, start.saturating_add(per_page).min(total))
}

/// `next_page`, `previous_page` and `count` of offset page `page` out of `total` items.
pub(crate) fn offset_pagination(page: usize, per_page: usize, total: usize, links: &LinkBase<'_>) -> Pagination {
    let (_, end) = offset_range(page, per_page, total);
    let link = |page: usize| links.url(&[("page", page.to_string()), ("per_page", per_page.to_string())]);
    Pagination {
        next_page: (end < total).then(|| link(page + 1)),
        previous_page: (page > 1).then(|| link(page - 1)),
        count: Some(total as u64),
        meta: None,
        links: None,
    }
}

/// Opaque to clients: hex of `value:id`.
fn encode_cursor((value, id): SortKey) -> String {
    format!("{value}:{id}").bytes().map(|b| format!("{b:02x}")).collect()
}

fn decode_cursor(s: &str) -> Option<SortKey> {
    if s.len() > 128 {
        return None;
    }
    let bytes: Option<Vec<u8>> = s
        .as_bytes()
        .chunks(2)
        .map(|pair| {
            std::str::from_utf8(pair).ok().filter(|h| h.len() == 2).and_then(|h| u8::from_str_radix(h, 16).ok())
        })
        .collect();
    let text = String::from_utf8(bytes?).ok()?;
    let (value, id) = text.split_once(':')?;
    Some((value.parse().ok()?, id.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(req: PageRequest, desc: bool) -> (Vec<i64>, Pagination) {
        let q = QueryParams::default();
        let links = LinkBase { base_url: "http://h", path: "/l.json", query: &q };
        // Values tie in pairs so the id must break them.
        paginate((1..=5).collect(), |i| (i / 2, *i), desc, &req, &links)
    }

    #[test]
    fn offset_pages() {
        let (items, p) = page(PageRequest::Offset { page: 2, per_page: 2 }, false);
        assert_eq!(items, vec![3, 4]);
        assert_eq!(p.count, Some(5));
        assert_eq!(p.next_page.as_deref(), Some("http://h/l.json?page=3&per_page=2"));
        assert_eq!(p.previous_page.as_deref(), Some("http://h/l.json?page=1&per_page=2"));
        let (items, p) = page(PageRequest::Offset { page: 9, per_page: 2 }, true);
        assert!(items.is_empty() && p.next_page.is_none());
    }

    #[test]
    fn cursor_walks_both_ways() {
        let mut seen = vec![];
        let mut after = None;
        loop {
            let (items, p) = page(PageRequest::Cursor { size: 2, after, before: None }, true);
            seen.extend(items);
            let meta = p.meta.unwrap();
            if !meta.has_more {
                break;
            }
            after = meta.after_cursor.as_deref().and_then(decode_cursor);
        }
        assert_eq!(seen, vec![5, 4, 3, 2, 1]);
        let (items, p) = page(PageRequest::Cursor { size: 2, after: None, before: Some((1, 2)) }, true);
        assert_eq!(items, vec![4, 3]);
        assert!(p.links.unwrap().prev.is_some());
    }

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        assert_eq!(decode_cursor(&encode_cursor((-7, 42))), Some((-7, 42)));
        assert_eq!(decode_cursor("zz"), None);
        assert_eq!(decode_cursor("abc"), None);
    }
}
