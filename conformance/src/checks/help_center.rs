//! The help center (Zendesk's Help Center API, public reads): categories, sections, articles
//! and their pages, one article and its attachments, search, votes; the incremental export
//! (an agent's on Zendesk, the end user's too with Helpline, which adds the articles'
//! attachments and `deleted_article_ids`); and, as the agent, an article written and archived.

use helpline_protocol::{
    Article, ArticleAttachmentsPage, ArticleEnvelope, ArticlesPage, CategoriesPage, IncrementalArticlesPage,
    SearchResultsPage, SectionsPage, VoteEnvelope, paths,
};
use serde_json::json;

use super::{Ctx, User, absent, unique};
use crate::client::ensure;
use crate::report::{Failure, Group, Origin};

pub(crate) async fn run(ctx: &Ctx<'_>) -> Group {
    let mut group = Group::new("help center", Origin::Zendesk);
    let locale = ctx.options.locale.as_str();
    let categories = ctx.client.get(&paths::categories(locale)).send().await;
    if let Some(why) = absent(&categories) {
        group.absent = Some(why);
        return group;
    }
    let categories = categories.json::<CategoriesPage>(200, "CategoriesPage").map(|p| p.categories.items);
    group.record(
        "categories answer 200 in the locale asked",
        categories.as_ref().map_err(Clone::clone).and_then(|list| {
            let locales: Vec<&str> = list.iter().map(|c| c.locale.as_str()).collect();
            ensure(
                locales.iter().all(|l| l.eq_ignore_ascii_case(locale)),
                format!("locale {locale}"),
                locales.join(","),
            )
        }),
    );
    let Ok(categories) = categories else { return group };
    let Some(category) = categories.first() else {
        group.skip("the other help-center checks", format!("the help center has no category in {locale}: add one"));
        return group;
    };
    let sections = ctx.client.get(&paths::category_sections(locale, category.id)).send().await;
    let sections = sections.json::<SectionsPage>(200, "SectionsPage").map(|p| p.sections.items);
    group.record(
        "a category's sections answer 200, all of that category",
        sections.as_ref().map_err(Clone::clone).and_then(|list| {
            let owners: Vec<u64> = list.iter().map(|s| s.category_id).collect();
            ensure(
                owners.iter().all(|id| *id == category.id),
                format!("category_id {}", category.id),
                format!("{owners:?}"),
            )
        }),
    );
    let all_sections = ctx.client.get(&paths::sections(locale)).send().await;
    group.record("sections answer 200", all_sections.json::<SectionsPage>(200, "SectionsPage").map(|_| ()));
    let articles = list_articles(ctx, &format!("{}?per_page=100", paths::articles(locale))).await;
    group.record(
        "articles answer 200, none a draft",
        articles.as_ref().map_err(Clone::clone).and_then(|page| {
            ensure(!page.articles.is_empty(), "at least one article", "none")?;
            ensure(page.articles.iter().all(|a| !a.draft), "no drafts listed", "a draft among them")
        }),
    );
    let Ok(articles) = articles else { return group };
    let Some(article) = articles.articles.first().cloned() else { return group };
    group.record("pages of one article each follow `next` to other articles", pages(ctx, locale).await);
    let shown = ctx.client.get(&paths::article(locale, article.id)).send().await;
    group.record(
        "one article answers 200 with its body",
        shown.json::<ArticleEnvelope>(200, "ArticleEnvelope").and_then(|a| {
            ensure(a.article.id == article.id, format!("id {}", article.id), a.article.id.to_string())?;
            ensure(!a.article.body.is_empty(), "a body", "an empty one")
        }),
    );
    let missing = ctx.client.get(&paths::article(locale, 9_007_199_254_740_000)).send().await;
    group.record("an unknown article answers 404", missing.expect(404).map(|_| ()));
    let files = ctx.client.get(&paths::article_attachments(locale, article.id)).send().await;
    group.record(
        "an article's attachments answer 200",
        files.json::<ArticleAttachmentsPage>(200, "ArticleAttachmentsPage").map(|_| ()),
    );
    group.record(
        "search finds an article by a word of its title, with a snippet",
        search(ctx, &articles.articles).await,
    );
    match &ctx.users {
        Some((ana, _)) => group.record("a vote up, then down, then withdrawn", votes(ctx, ana, article.id).await),
        None => group.skip("a vote up, then down, then withdrawn", "needs a signed-in user"),
    }
    export(ctx, &mut group).await;
    authoring(ctx, articles.articles.first().map(|a| a.section_id), &mut group).await;
    group
}

async fn list_articles(ctx: &Ctx<'_>, path: &str) -> Result<ArticlesPage, Failure> {
    ctx.client.get(path).send().await.json(200, "ArticlesPage")
}

async fn pages(ctx: &Ctx<'_>, locale: &str) -> Result<(), Failure> {
    let first = list_articles(ctx, &format!("{}?per_page=1", paths::articles(locale))).await?;
    let Some(next) = first.pagination.next_url() else {
        return ensure(first.articles.len() <= 1, "one article a page", first.articles.len().to_string());
    };
    let second = list_articles(ctx, next).await?;
    let ids = |p: &ArticlesPage| p.articles.iter().map(|a| a.id).collect::<Vec<_>>();
    ensure(
        first.articles.len() == 1 && second.articles.len() == 1,
        "one article a page",
        format!("{:?} then {:?}", ids(&first), ids(&second)),
    )?;
    ensure(ids(&first) != ids(&second), "another article on the next page", format!("{:?} twice", ids(&first)))
}

async fn search(ctx: &Ctx<'_>, articles: &[Article]) -> Result<(), Failure> {
    let word =
        |a: &Article| a.title.split(|c: char| !c.is_alphanumeric()).find(|w| w.chars().count() >= 5).map(str::to_owned);
    let Some((article, word)) = articles.iter().find_map(|a| word(a).map(|w| (a, w))) else {
        return Err(Failure::new("an article titled with a word of 5 letters or more", "none"));
    };
    let path = format!("{}?query={word}&locale={}", paths::ARTICLE_SEARCH, ctx.options.locale);
    let page: SearchResultsPage = ctx.client.get(&path).send().await.json(200, "SearchResultsPage")?;
    let hit = page.results.iter().find(|r| r.article.id == article.id);
    let found: Vec<u64> = page.results.iter().map(|r| r.article.id).collect();
    let Some(hit) = hit else {
        return Err(Failure::new(format!("article {} for {word:?}", article.id), format!("{found:?}")));
    };
    ensure(hit.snippet.contains("<em>"), "a snippet with the match in <em>", hit.snippet.clone())
}

async fn votes(ctx: &Ctx<'_>, user: &User, article: u64) -> Result<(), Failure> {
    let mut vote_id = 0;
    for (up, value) in [(true, 1), (false, -1)] {
        let answer = ctx.client.post(&paths::article_vote(article, up)).token(&user.token).json(json!({})).send().await;
        let vote = answer.expect_any(&[200, 201])?.decode::<VoteEnvelope>("VoteEnvelope")?.vote;
        ensure(
            vote.value == value && vote.item_id == article,
            format!("value {value} on {article}"),
            format!("{vote:?}"),
        )?;
        vote_id = vote.id;
    }
    ctx.client.delete(&paths::vote(vote_id)).token(&user.token).send().await.expect(204).map(|_| ())
}

/// The export from time 0, as the end user (Helpline) and as the agent (Zendesk).
async fn export(ctx: &Ctx<'_>, group: &mut Group) {
    const USER: &str = "the article export answers the end user (Helpline)";
    const FILES: &str = "exported articles carry their attachments (Helpline)";
    const AGENT: &str = "the article export answers the agent, end_time and articles";
    let path = format!("{}?start_time=0&locale={}", paths::INCREMENTAL_ARTICLES, ctx.options.locale);
    let user = match &ctx.users {
        Some((ana, _)) => ctx.client.get(&path).token(&ana.token).send().await,
        None => ctx.client.get(&path).send().await,
    };
    if matches!(user.status, 401 | 403 | 404) {
        let why = format!(
            "{} answered {}: Helpline addition absent (Zendesk keeps the export for agents; the SDK lists the articles instead)",
            user.what, user.status
        );
        group.skip(USER, &why);
        group.skip(FILES, "the end user has no export");
    } else {
        let page = user.json::<IncrementalArticlesPage>(200, "IncrementalArticlesPage");
        group.record(USER, page.as_ref().map(|_| ()).map_err(Clone::clone));
        match page {
            Ok(page) if page.articles.iter().all(|a| a.attachments.is_some()) => group.record(FILES, Ok(())),
            Ok(_) => group.skip(FILES, "Helpline addition absent: attachments come when an article is fetched"),
            Err(_) => group.skip(FILES, "the export failed"),
        }
    }
    let Some(agent) = ctx.agent() else { return group.skip(AGENT, "needs --agent-token") };
    let page =
        ctx.client.get(&path).token(agent).send().await.json::<IncrementalArticlesPage>(200, "IncrementalArticlesPage");
    group.record(
        AGENT,
        page.and_then(|p| {
            ensure(p.end_time > 0, "end_time, unix seconds", p.end_time.to_string())?;
            ensure(!p.articles.is_empty() || p.next_page.is_some(), "articles from time 0", "none")
        }),
    );
}

/// The agent writes an article, finds it listed, archives it: gone, and reported as deleted
/// by the export (Helpline) or no longer listed (what the SDK sweeps on Zendesk).
async fn authoring(ctx: &Ctx<'_>, section: Option<u64>, group: &mut Group) {
    const WRITTEN: &str = "the agent's new article answers 201 and is listed";
    const ARCHIVED: &str = "an archived article answers 404 and leaves the listing";
    const DELETED: &str = "the export names the archived article in deleted_article_ids (Helpline)";
    let (Some(agent), Some(section)) = (ctx.agent(), section) else {
        [WRITTEN, ARCHIVED, DELETED].iter().for_each(|name| group.skip(name, "needs --agent-token and a section"));
        return;
    };
    let locale = ctx.options.locale.as_str();
    let since = now_unix() - 1;
    let title = unique("Conformance article");
    let draft =
        json!({"article": {"title": title, "body": "<p>Written by the conformance kit.</p>", "locale": locale}});
    let created = ctx.client.post(&paths::agent_section_articles(section)).token(agent).json(draft).send().await;
    let created = created.json::<ArticleEnvelope>(201, "ArticleEnvelope").map(|a| a.article);
    let listed = |id: u64| async move {
        let page =
            list_articles(ctx, &format!("{}?sort_by=created_at&sort_order=desc&per_page=100", paths::articles(locale)))
                .await?;
        Ok::<_, Failure>(page.articles.iter().any(|a| a.id == id))
    };
    let article = match created {
        Ok(article) => article,
        Err(e) => {
            group.record(WRITTEN, Err(e));
            return [ARCHIVED, DELETED].iter().for_each(|name| group.skip(name, "writing an article failed"));
        }
    };
    group.record(WRITTEN, listed(article.id).await.and_then(|yes| ensure(yes, "listed", "not in the newest 100")));
    let archived = async {
        ctx.client.delete(&paths::agent_article(article.id)).token(agent).send().await.expect_any(&[200, 204])?;
        ctx.client.get(&paths::article(locale, article.id)).send().await.expect(404)?;
        ensure(!listed(article.id).await?, "not listed any more", "still listed")
    };
    group.record(ARCHIVED, archived.await);
    let path = format!("{}?start_time={since}&locale={locale}", paths::INCREMENTAL_ARTICLES);
    let export =
        ctx.client.get(&path).token(agent).send().await.json::<IncrementalArticlesPage>(200, "IncrementalArticlesPage");
    match export {
        Ok(page) => match page.deleted_article_ids {
            Some(ids) => group.record(
                DELETED,
                ensure(ids.contains(&article.id), format!("id {} among them", article.id), format!("{ids:?}")),
            ),
            None => group.skip(DELETED, "Helpline addition absent: the SDK finds removals by listing"),
        },
        Err(e) => group.record(DELETED, Err(e)),
    }
}

fn now_unix() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}
