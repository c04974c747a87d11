//! Formatting: every table and state the demo prints, in one place so the tour and the
//! commands show the same thing the same way. Plain text, aligned columns, no colors, so
//! that the output reads the same in a terminal, a log file or a test assertion.

use std::future::Future;
use std::io::IsTerminal;
use std::time::Duration;

use helpline_core::{
    Article, ArticleSummary, Category, DeliveryState, HelpCenterSyncReport, OutboxItem, OutboxKind, Satisfaction,
    SearchHit, SearchResults, SearchSource, Section, SyncProgress, SyncReport, Ticket, TicketComment, TicketDetail,
    VoteValue,
};
use indicatif::{ProgressBar, ProgressStyle};

/// Local ids are UUIDs: their first 8 characters are enough to tell tickets apart (and are
/// accepted back by the commands).
pub fn short_id(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

pub fn remote_id(id: Option<i64>) -> String {
    id.map_or_else(|| "-".to_owned(), |id| format!("#{id}"))
}

pub fn delivery(state: &DeliveryState) -> String {
    match state {
        DeliveryState::Pending => "pending".into(),
        DeliveryState::Sent => "sent".into(),
        DeliveryState::Failed { reason } => format!("failed: {reason}"),
    }
}

fn kind(kind: OutboxKind) -> &'static str {
    match kind {
        OutboxKind::CreateTicket => "create ticket",
        OutboxKind::AddComment => "add comment",
        OutboxKind::SolveTicket => "solve ticket",
        OutboxKind::Vote => "vote on article",
        OutboxKind::SendMessage => "chat message",
        OutboxKind::RegisterPush => "register push token",
        OutboxKind::UnregisterPush => "unregister push token",
        OutboxKind::RateSatisfaction => "satisfaction rating",
        _ => "written by a newer SDK",
    }
}

/// `2026-11-25T13:40:05Z` -> `2026-11-25 13:40`: minutes are enough to follow a conversation.
pub fn when(at: &std::time::SystemTime) -> String {
    let at = time::OffsetDateTime::from(*at);
    format!("{} {:02}:{:02}", at.date(), at.hour(), at.minute())
}

/// Left-aligned columns, two spaces apart, each `indent` from the margin.
pub fn table(indent: usize, headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let last = cells.len().saturating_sub(1);
        let mut out = " ".repeat(indent);
        for (i, (cell, w)) in cells.into_iter().zip(&widths).enumerate() {
            out.push_str(cell);
            if i < last {
                out.push_str(&" ".repeat(w - cell.chars().count() + 2));
            }
        }
        out.trim_end().to_owned()
    };
    let mut out = vec![line(headers.to_vec())];
    out.extend(rows.iter().map(|r| line(r.iter().map(String::as_str).collect())));
    out.join("\n")
}

/// The ticket list: the `*` in UNREAD is the badge an app would show.
pub fn tickets(indent: usize, tickets: &[Ticket]) -> String {
    if tickets.is_empty() {
        return format!("{}(no tickets yet)", " ".repeat(indent));
    }
    let rows: Vec<Vec<String>> = tickets
        .iter()
        .map(|t| {
            vec![
                short_id(&t.id).to_owned(),
                remote_id(t.remote_id),
                t.status.as_str().to_owned(),
                if t.unread { "*".into() } else { String::new() },
                delivery(&t.delivery),
                satisfaction(&t.satisfaction),
                t.subject.clone(),
            ]
        })
        .collect();
    table(indent, &["LOCAL ID", "HELPDESK", "STATUS", "UNREAD", "DELIVERY", "RATING", "SUBJECT"], &rows)
}

/// A satisfaction rating as a cell: `good`, `bad (pending)`, `offered` (solved, not rated yet),
/// or nothing.
pub fn satisfaction(s: &Satisfaction) -> String {
    match &s.rating {
        Some(rating) if rating.delivery == DeliveryState::Sent => rating.score.as_str().to_owned(),
        Some(rating) => format!("{} ({})", rating.score.as_str(), delivery(&rating.delivery)),
        None if s.offered => "offered".into(),
        None => String::new(),
    }
}

/// One ticket and its conversation, oldest first; unsent comments come last; then the files of
/// the conversation, with their URLs.
pub fn ticket_detail(indent: usize, detail: &TicketDetail) -> String {
    let t = &detail.ticket;
    let pad = " ".repeat(indent);
    let header = format!(
        "{pad}Ticket {} ({}), status {}, {}{}\n{pad}Subject: {}",
        short_id(&t.id),
        remote_id(t.remote_id),
        t.status.as_str(),
        delivery(&t.delivery),
        if t.unread { ", unread" } else { "" },
        t.subject,
    );
    let header = match (satisfaction(&t.satisfaction), t.satisfaction.rating.as_ref().and_then(|r| r.comment.as_ref()))
    {
        (rating, _) if rating.is_empty() => header,
        (rating, Some(comment)) => format!("{header}\n{pad}Rating: {rating}, \"{comment}\""),
        (rating, None) => format!("{header}\n{pad}Rating: {rating}"),
    };
    let files = attachments(indent, &detail.comments);
    format!("{header}\n{}{}", comments(indent, &detail.comments), files.map(|f| format!("\n{f}")).unwrap_or_default())
}

/// The files of a conversation: name, type, size, and the URL the helpdesk serves it at
/// (with the user's token), or that it still waits on the device. `None` without files.
pub fn attachments(indent: usize, comments: &[TicketComment]) -> Option<String> {
    let rows: Vec<Vec<String>> = comments
        .iter()
        .flat_map(|c| c.attachments.iter().map(move |a| (c, a)))
        .map(|(c, a)| {
            vec![
                when(&c.created_at),
                a.file_name.clone(),
                a.content_type.clone(),
                size(a.size),
                a.content_url.clone().unwrap_or_else(|| "(on this device, not sent yet)".into()),
            ]
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    let pad = " ".repeat(indent);
    Some(format!("{pad}Attachments:\n{}", table(indent + 2, &["WHEN", "FILE", "TYPE", "SIZE", "URL"], &rows)))
}

pub fn comments(indent: usize, comments: &[TicketComment]) -> String {
    let rows: Vec<Vec<String>> = comments
        .iter()
        .map(|c| {
            let author = match (c.author.name.as_str(), c.is_mine) {
                ("", true) => "you".to_owned(),
                ("", false) => "?".to_owned(),
                (name, true) => format!("{name} (you)"),
                (name, false) => name.to_owned(),
            };
            vec![
                when(&c.created_at),
                author,
                if c.author.is_agent { "yes".into() } else { "no".into() },
                delivery(&c.delivery),
                c.body.replace('\n', " / ")
                    + &c.attachments.iter().map(|a| format!(" [{}]", a.file_name)).collect::<String>(),
            ]
        })
        .collect();
    table(indent, &["WHEN", "AUTHOR", "AGENT", "DELIVERY", "TEXT"], &rows)
}

/// The queued writes; REASON is why a pending write waits (or why a failed one was refused).
pub fn outbox(indent: usize, items: &[OutboxItem]) -> String {
    if items.is_empty() {
        return format!("{}outbox: empty, everything reached the helpdesk", " ".repeat(indent));
    }
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|i| {
            let reason = match &i.state {
                DeliveryState::Failed { reason } => reason.clone(),
                _ => i.last_error.clone().unwrap_or_default(),
            };
            let state = match i.state {
                DeliveryState::Failed { .. } => "failed".to_owned(),
                ref s => delivery(s),
            };
            vec![
                i.id.to_string(),
                kind(i.kind).into(),
                short_id(&i.target_id).into(),
                state,
                i.attempts.to_string(),
                reason,
            ]
        })
        .collect();
    table(indent, &["#", "WRITE", "TARGET", "STATE", "TRIES", "REASON"], &rows)
}

pub fn sync_report(report: &SyncReport) -> String {
    format!("tickets changed: {}, writes still pending: {}", report.tickets_changed, report.outbox_pending)
}

/// Article bodies and snippets are wrapped to this many columns.
const TEXT_WIDTH: usize = 80;

pub fn help_center_sync_report(report: &HelpCenterSyncReport) -> String {
    format!(
        "locale {}, {} sync, articles changed: {}, deleted: {}, requests: {}",
        report.locale,
        if report.full { "full" } else { "incremental" },
        report.articles_changed,
        report.articles_deleted,
        report.requests
    )
}

pub fn sync_progress_message(progress: SyncProgress) -> String {
    format!("{} article(s) received, {} page(s)", progress.articles, progress.pages)
}

pub fn vote(vote: VoteValue) -> &'static str {
    match vote {
        VoteValue::Up => "up",
        VoteValue::Down => "down",
    }
}

/// `vote_sum` is ups minus downs, `vote_count` all votes.
fn votes(article: &ArticleSummary) -> (i64, i64) {
    let up = (article.vote_count + article.vote_sum) / 2;
    (up, article.vote_count - up)
}

fn title(article: &ArticleSummary) -> String {
    if article.promoted { format!("{} (promoted)", article.title) } else { article.title.clone() }
}

/// Categories > sections (subsections deeper) > article titles, in the helpdesk's order.
/// Sections show their id, for `articles list --section ID`.
pub fn help_center_tree(
    indent: usize,
    categories: &[Category],
    sections: &[Section],
    articles: &[ArticleSummary],
) -> String {
    fn section_lines(
        out: &mut Vec<String>,
        depth: usize,
        parent: &Section,
        sections: &[Section],
        articles: &[ArticleSummary],
    ) {
        let pad = " ".repeat(depth);
        out.push(format!("{pad}{}  (section {})", parent.name, parent.id));
        for article in articles.iter().filter(|a| a.section_id == parent.id) {
            out.push(format!("{pad}  - {}", title(article)));
        }
        for child in sections.iter().filter(|s| s.parent_section_id == Some(parent.id)) {
            section_lines(out, depth + 2, child, sections, articles);
        }
    }
    let known = |id: Option<i64>| id.is_some_and(|id| sections.iter().any(|s| s.id == id));
    let mut out = Vec::new();
    for category in categories {
        out.push(format!("{}{}", " ".repeat(indent), category.name));
        for section in sections.iter().filter(|s| s.category_id == category.id && !known(s.parent_section_id)) {
            section_lines(&mut out, indent + 2, section, sections, articles);
        }
    }
    // Not expected after a complete sync, but never hide an article.
    let orphans: Vec<&ArticleSummary> = articles.iter().filter(|a| !known(Some(a.section_id))).collect();
    if !orphans.is_empty() {
        out.push(format!("{}(in a section not on this device)", " ".repeat(indent)));
        out.extend(orphans.into_iter().map(|a| format!("{}  - {}", " ".repeat(indent), title(a))));
    }
    out.join("\n")
}

/// One section's articles: OFFLINE says whether the body is on the device.
pub fn articles(indent: usize, articles: &[ArticleSummary]) -> String {
    if articles.is_empty() {
        return format!("{}(no articles)", " ".repeat(indent));
    }
    let rows: Vec<Vec<String>> = articles
        .iter()
        .map(|a| {
            let (up, down) = votes(a);
            vec![
                a.id.to_string(),
                up.to_string(),
                down.to_string(),
                if a.body_cached { "yes".into() } else { "no".into() },
                title(a),
            ]
        })
        .collect();
    table(indent, &["ID", "UP", "DOWN", "OFFLINE", "TITLE"], &rows)
}

/// An article for the terminal: a header, the body as text, attachments.
pub fn article(indent: usize, article: &Article) -> String {
    let pad = " ".repeat(indent);
    let a = &article.summary;
    let (up, down) = votes(a);
    let mut out = vec![
        format!("{pad}{}", a.title),
        format!("{pad}{}", "=".repeat(a.title.chars().count())),
        format!("{pad}Article {}, section {}, updated {}", a.id, a.section_id, when(&a.updated_at)),
        format!(
            "{pad}Votes: {up} up, {down} down; yours: {}",
            article.my_vote.map_or("none yet (`article vote ID up|down`)", vote)
        ),
    ];
    if !article.label_names.is_empty() {
        out.push(format!("{pad}Labels: {}", article.label_names.join(", ")));
    }
    if article.outdated {
        out.push(format!("{pad}Note: the support team marked this article as outdated."));
    }
    out.push(String::new());
    match &article.body_html {
        Some(html) => {
            out.extend(html_to_text(html, TEXT_WIDTH).lines().map(|l| format!("{pad}{l}").trim_end().to_owned()))
        }
        None => out.push(format!(
            "{pad}(The body is not on this device: the cache budget dropped it. Online, it is fetched again.)"
        )),
    }
    out.push(String::new());
    if article.attachments.is_empty() {
        out.push(format!("{pad}Attachments: none"));
    } else {
        let rows: Vec<Vec<String>> = article
            .attachments
            .iter()
            .map(|f| {
                vec![
                    f.file_name.clone(),
                    f.content_type.clone(),
                    size(f.size),
                    if f.inline { "in the body".into() } else { "attached".into() },
                    f.content_url.clone(),
                ]
            })
            .collect();
        out.push(format!("{pad}Attachments:"));
        out.push(table(indent + 2, &["FILE", "TYPE", "SIZE", "SHOWN", "URL"], &rows));
    }
    out.join("\n")
}

pub fn size(bytes: i64) -> String {
    match bytes {
        ..1024 => format!("{bytes} B"),
        1024..1_048_576 => format!("{:.1} KB", bytes as f64 / 1024.0),
        _ => format!("{:.1} MB", bytes as f64 / 1_048_576.0),
    }
}

/// Where search results came from, in one line.
pub fn search_summary(query: &str, results: &SearchResults) -> String {
    let from = match results.source {
        SearchSource::Online => "from the helpdesk (online search)",
        SearchSource::Offline => "from this device (offline index)",
    };
    format!("{} result(s) for {query:?}, {from}.", results.hits.len())
}

/// Each hit: its id and title, then its snippet with the matched words in `[brackets]`.
pub fn search_hits(indent: usize, hits: &[SearchHit]) -> String {
    let width = hits.iter().map(|h| h.article.id.to_string().len()).max().unwrap_or(0);
    let text_pad = " ".repeat(indent + width + 2);
    let mut out = Vec::new();
    for hit in hits {
        out.push(format!("{}{:>width$}  {}", " ".repeat(indent), hit.article.id, title(&hit.article)));
        out.extend(wrap(&snippet(&hit.snippet), &text_pad, &text_pad, TEXT_WIDTH));
    }
    out.join("\n")
}

/// A search snippet (text with the matches in `<em>`, HTML-escaped) for the terminal.
pub fn snippet(html: &str) -> String {
    let text = decode_entities(&html.replace("<em>", "[").replace("</em>", "]"));
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An article body (sanitized HTML) as terminal text: headings, paragraphs, list items and
/// table rows on their own lines, wrapped to `width`; other tags dropped, entities decoded.
/// Enough for reading in a terminal; an app shows the HTML in a WebView instead.
pub fn html_to_text(html: &str, width: usize) -> String {
    let mut text = TextWriter::default();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push(&decode_entities(&rest[..open]));
        let Some(close) = rest[open..].find('>') else {
            rest = &rest[open..];
            break;
        };
        text.tag(&rest[open + 1..open + close]);
        rest = &rest[open + close + 1..];
    }
    text.push(&decode_entities(rest));
    text.finish(width)
}

/// `&amp;`, `&#233;`, `&eacute;`... back to characters; unknown ones stay as they are.
fn decode_entities(text: &str) -> String {
    html_escape::decode_html_entities(text).into_owned()
}

#[derive(Debug, PartialEq)]
enum Block {
    Blank,
    /// A paragraph, heading or list item: wrapped, `first` before its first row, `rest`
    /// before the others.
    Text {
        first: String,
        rest: String,
        text: String,
    },
    /// Preformatted text: kept as is, indented.
    Pre(String),
}

#[derive(Default)]
struct TextWriter {
    blocks: Vec<Block>,
    line: String,
    first: String,
    rest: String,
    /// Open lists, innermost last: `None` for bullets, `Some(next number)` when ordered.
    lists: Vec<Option<u32>>,
    pre: bool,
    cells: usize,
}

impl TextWriter {
    fn push(&mut self, text: &str) {
        if self.pre {
            self.line.push_str(text);
            return;
        }
        for c in text.chars() {
            if c.is_whitespace() {
                if !self.line.is_empty() && !self.line.ends_with(' ') {
                    self.line.push(' ');
                }
            } else {
                self.line.push(c);
            }
        }
    }

    fn tag(&mut self, tag: &str) {
        let closing = tag.starts_with('/');
        let name = tag.trim_start_matches('/').split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or("");
        match (name.to_ascii_lowercase().as_str(), closing) {
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", false) => {
                self.blank();
                let level = name[1..].parse().unwrap_or(2);
                self.line = format!("{} ", "#".repeat(level));
            }
            ("p" | "blockquote" | "table" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6", _) if self.lists.is_empty() => {
                self.blank();
            }
            (
                "p" | "blockquote" | "table" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "div" | "tr" | "br" | "dt"
                | "dd",
                _,
            ) => {
                self.flush();
                self.cells = 0;
            }
            ("hr", _) => self.blank(),
            ("ul" | "ol", false) => {
                if self.lists.is_empty() {
                    self.blank()
                } else {
                    self.flush()
                }
                self.lists.push(if name.eq_ignore_ascii_case("ol") { Some(1) } else { None });
            }
            ("ul" | "ol", true) => {
                self.flush();
                self.lists.pop();
                self.nest();
                if self.lists.is_empty() {
                    self.blank();
                }
            }
            ("li", false) => {
                self.flush();
                let pad = "  ".repeat(self.lists.len().saturating_sub(1));
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}. ", *n - 1)
                    }
                    _ => "- ".to_owned(),
                };
                self.rest = format!("{pad}{}", " ".repeat(marker.len()));
                self.first = format!("{pad}{marker}");
            }
            ("li", true) => {
                self.flush();
                self.nest();
            }
            ("pre", false) => {
                if self.lists.is_empty() {
                    self.blank()
                } else {
                    self.flush()
                }
                self.pre = true;
            }
            ("pre", true) => {
                let text = std::mem::take(&mut self.line);
                self.pre = false;
                self.blocks.extend(text.trim_matches('\n').lines().map(|l| Block::Pre(l.trim_end().to_owned())));
                if self.lists.is_empty() {
                    self.blank()
                }
            }
            ("td" | "th", false) => {
                if self.cells > 0 {
                    self.line.push_str(" | ");
                }
                self.cells += 1;
            }
            ("img", _) => match attribute(tag, "alt").filter(|alt| !alt.trim().is_empty()) {
                Some(alt) => self.push(&format!(" [image: {}] ", alt.trim())),
                None => self.push(" [image] "),
            },
            _ => {}
        }
    }

    /// Ends the current line, if it has any text.
    fn flush(&mut self) {
        let text = std::mem::take(&mut self.line);
        let text = text.trim();
        if !text.is_empty() && text.chars().any(|c| c != '#') {
            self.blocks.push(Block::Text { first: self.first.clone(), rest: self.rest.clone(), text: text.to_owned() });
            self.first = self.rest.clone();
        }
    }

    /// Ends the current line and leaves an empty one (once).
    fn blank(&mut self) {
        self.flush();
        if !matches!(self.blocks.last(), None | Some(Block::Blank)) {
            self.blocks.push(Block::Blank);
        }
    }

    /// Text after a list item goes under the enclosing item's text.
    fn nest(&mut self) {
        self.first = "  ".repeat(self.lists.len());
        self.rest = self.first.clone();
    }

    fn finish(mut self, width: usize) -> String {
        self.flush();
        while matches!(self.blocks.last(), Some(Block::Blank)) {
            self.blocks.pop();
        }
        let mut out = Vec::new();
        for block in &self.blocks {
            match block {
                Block::Blank => out.push(String::new()),
                Block::Text { first, rest, text } => out.extend(wrap(text, first, rest, width)),
                Block::Pre(line) => out.push(format!("    {line}").trim_end().to_owned()),
            }
        }
        out.join("\n")
    }
}

/// Words into rows of at most `width` columns (a longer word gets a row of its own).
fn wrap(text: &str, first: &str, rest: &str, width: usize) -> Vec<String> {
    let mut rows = Vec::new();
    let mut row = first.to_owned();
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && row.chars().count() + 1 + word.chars().count() > width {
            rows.push(std::mem::replace(&mut row, rest.to_owned()));
            empty = true;
        }
        if !empty {
            row.push(' ');
        }
        row.push_str(word);
        empty = false;
    }
    if !empty {
        rows.push(row);
    }
    rows
}

/// The value of `name="..."` in a tag (the sanitizer always quotes with `"`).
fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[start..].find('"')?;
    Some(decode_entities(&tag[start..start + end]))
}

/// Runs `fut` behind a spinner, so a slow network does not look like a hang. The spinner
/// draws on stderr and only when both streams are terminals: piped output stays clean.
pub async fn waiting<F: Future>(message: &str, fut: F) -> F::Output {
    let spinner = spinner("{spinner} {msg}", &format!("{message}..."));
    let out = fut.await;
    spinner.finish_and_clear();
    out
}

/// A spinner for a sync, `{prefix}: {message}`: the caller sets the message from the sync's
/// progress (`sync_progress_message`) and finishes it. Drawn like `waiting`'s.
pub fn sync_progress(prefix: &str) -> ProgressBar {
    spinner(&format!("{{spinner}} {prefix}: {{msg}}"), "starting...")
}

/// A progress bar for uploads, `{message} [bar] sent/total`: the caller sets length, position
/// and message from `Event::UploadProgress`. Drawn like `waiting`'s spinner.
pub fn upload_progress() -> ProgressBar {
    let bar = if drawn() { ProgressBar::new(0) } else { ProgressBar::hidden() };
    if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes}") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// Progress is drawn (on stderr) only when both streams are terminals: piped output stays clean.
fn drawn() -> bool {
    std::io::stdout().is_terminal() && std::io::stderr().is_terminal()
}

fn spinner(template: &str, message: &str) -> ProgressBar {
    let spinner = if drawn() { ProgressBar::new_spinner() } else { ProgressBar::hidden() };
    if let Ok(style) = ProgressStyle::with_template(template) {
        spinner.set_style(style);
    }
    spinner.set_message(message.to_owned());
    spinner.enable_steady_tick(Duration::from_millis(80));
    spinner
}

/// A chat transcript: who, the text, and the seq (or the delivery state while unconfirmed).
pub fn chat(indent: usize, messages: &[helpline_core::ChatMessage]) -> String {
    let rows: Vec<Vec<String>> = messages
        .iter()
        .map(|m| {
            let place = m.seq.map_or_else(|| delivery(&m.delivery), |seq| format!("#{seq}"));
            let mut text = m.text.clone();
            let rich = crate::rich::summary(m);
            if !rich.is_empty() {
                // A carousel's cards name the articles already.
                text.push_str(&format!(" {rich}"));
            } else {
                for article in &m.articles {
                    text.push_str(&format!(" [{}]", article.title));
                }
            }
            text = text.replace('\n', " / ");
            vec![place, m.author.name.clone(), text]
        })
        .collect();
    table(indent, &["SEQ", "FROM", "MESSAGE"], &rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_aligns_columns_and_trims_the_last_one() {
        let rows = vec![vec!["a".to_owned(), "long cell".to_owned()], vec!["bbb".to_owned(), String::new()]];
        assert_eq!(table(2, &["X", "Y"], &rows), "  X    Y\n  a    long cell\n  bbb");
    }

    #[test]
    fn short_forms() {
        assert_eq!(short_id("0123456789abcdef"), "01234567");
        assert_eq!(short_id("abc"), "abc");
        assert_eq!(remote_id(Some(42)), "#42");
        assert_eq!(remote_id(None), "-");
        let at = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_795_614_005); // 2026-11-25T13:40:05Z
        assert_eq!(when(&at), "2026-11-25 13:40");
    }

    #[test]
    fn article_bodies_read_as_text_with_headings_bullets_and_rows_on_their_own_lines() {
        let html = "<h2>Reset</h2>\n<p>Tap <strong>Forgot</strong>&nbsp;&amp; wait &#8250; done.</p>\
            <ul><li>One</li><li>Two<ul><li>Nested</li></ul></li></ul><ol><li>First</li><li>Second</li></ol>\
            <pre><code>curl -X GET\n  /api</code></pre><table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr>\
            </table><p>See <img src=\"x.png\" alt=\"the form\"> &lt;here&gt;</p>";
        let expected = "## Reset\n\nTap Forgot & wait \u{203a} done.\n\n- One\n- Two\n  - Nested\n\n1. First\n2. Second\n\n\
                        \x20   curl -X GET\n      /api\n\nA | B\n1 | 2\n\nSee [image: the form] <here>";
        assert_eq!(html_to_text(html, 80), expected);
    }

    #[test]
    fn long_paragraphs_and_items_wrap_under_their_text() {
        let html = "<ul><li>aaaa bbbb cccc dddd</li></ul><p>eeee ffff gggg</p>";
        assert_eq!(html_to_text(html, 12), "- aaaa bbbb\n  cccc dddd\n\neeee ffff\ngggg");
    }

    #[test]
    fn snippets_show_matches_in_brackets() {
        assert_eq!(snippet("Forgot your <em>password</em>?\n It &amp; &lt;b&gt;"), "Forgot your [password]? It & <b>");
        assert_eq!(decode_entities("&bogus; & &#x41;&#66;"), "&bogus; & AB");
    }
}
