//! Relevance of help-center search, ticket-draft suggestions and the chat bot's article
//! suggestions, measured on the demo help center with queries written as users type them
//! (sentences, misspellings, synonyms, not the titles' words), in English and French.
//! Prints Success@3 and MRR per language and use, and holds each to a floor. Queries that no
//! article answers must get no suggestion at all: nothing beats noise.

use std::collections::HashMap;

use helpline_core::{Helpline, Identity};
use helpline_e2e::{APP_ID, Harness};
use helpline_protocol::{self as wire, paths};

/// A query and the titles that answer it (any of them counts), in the query's language.
type Case = (&'static str, &'static [&'static str]);

const ENGLISH: &[Case] = &[
    ("send a screenshot with my ticket", &["Adding attachments to a request"]),
    ("nobody answers the chat", &["What happens when no agent is available"]),
    ("The app crashes when I add a photo", &["Adding attachments to a request"]),
    ("forgot my password", &["Resetting your password"]),
    ("pasword reset", &["Resetting your password"]),
    ("cant log in to my account", &["Resetting your password", "Signing in with your company account (SSO)"]),
    ("where do I download my invoices", &["Finding and downloading your invoices"]),
    ("invoice", &["Finding and downloading your invoices"]),
    ("cancel my subscription", &["Canceling your subscription"]),
    ("how do I stop paying", &["Canceling your subscription"]),
    ("my credit card expired", &["Updating your payment method"]),
    ("my card was declined", &["What happens when a payment fails"]),
    ("I want to talk to a person", &["Starting a live chat", "Calling our support line"]),
    ("phone number for support", &["Calling our support line"]),
    ("can you call me back", &["Requesting a callback"]),
    ("delete my account", &["Deleting your account and support history"]),
    ("export all my data", &["Downloading a copy of your data"]),
    ("change my email", &["Changing your name, email address or language"]),
    ("two factor authentication", &["Turning on two-step verification"]),
    ("2fa code by sms", &["Turning on two-step verification"]),
    (
        "my ticket was closed but the problem is back",
        &["Following up on a closed ticket", "Reopening a solved request"],
    ),
    ("what does pending mean", &["Understanding ticket statuses"]),
    ("where can I see my requests", &["Checking the status of your requests"]),
    ("I am not getting your emails", &["Not receiving our emails?"]),
    ("turn off notifications", &["Choosing which notifications you receive"]),
    ("stop sms messages", &["Stopping or restarting text messages"]),
    ("vat", &["Sales tax and VAT on your invoices"]),
    ("upgrade my plan", &["Changing your plan or number of seats", "Comparing Helpline plans"]),
    ("add more agents to my team", &["Changing your plan or number of seats"]),
    ("too many requests error 429", &["API rate limits"]),
    ("check the webhook signature", &["Verifying webhook signatures"]),
    ("install the sdk on android", &["Installing the Android SDK with Gradle"]),
    ("swift package", &["Installing the iOS SDK with Swift Package Manager"]),
    ("does it work without internet", &["How the SDK works offline"]),
    ("whatsapp", &["Contacting us on WhatsApp"]),
    ("chat transcript", &["Getting a copy of a chat conversation"]),
    ("rate the agent", &["Rating the support you received"]),
    ("leave a voicemail", &["Leaving a voicemail outside opening hours"]),
    ("what are your opening hours", &["Calling our support line", "Leaving a voicemail outside opening hours"]),
    ("attach a log file", &["Adding attachments to a request"]),
    ("reopen ticket", &["Reopening a solved request"]),
    ("log in with google workspace", &["Signing in with your company account (SSO)"]),
    ("who is logged into my account", &["Reviewing the devices signed in to your account"]),
    ("articles in spanish", &["Reading the help center in your language"]),
    ("was this article helpful", &["Telling us whether an article helped"]),
];

const FRENCH: &[Case] = &[
    ("j'ai oublié mon mot de passe", &["Réinitialiser votre mot de passe"]),
    ("résilier", &["Résilier votre abonnement"]),
    ("résiliation de l'abonnement", &["Résilier votre abonnement"]),
    ("mes factures", &["Retrouver et télécharger vos factures"]),
    ("télécharger une facture", &["Retrouver et télécharger vos factures"]),
    ("ma carte bancaire est refusée", &["Que se passe-t-il en cas d'échec de paiement ?"]),
    ("changer de carte bancaire", &["Modifier votre moyen de paiement"]),
    ("parler à quelqu'un", &["Démarrer un chat en direct", "Appeler notre ligne d'assistance"]),
    ("personne ne répond au chat", &["Que se passe-t-il quand aucun agent n'est disponible ?"]),
    ("envoyer une capture d'écran", &["Ajouter des pièces jointes à une demande"]),
    ("joindre une photo", &["Ajouter des pièces jointes à une demande"]),
    ("supprimer mon compte", &["Supprimer votre compte et votre historique d'assistance"]),
    ("récupérer mes données", &["Télécharger une copie de vos données"]),
    ("être rappelé par téléphone", &["Demander à être rappelé"]),
    ("numéro de téléphone", &["Appeler notre ligne d'assistance"]),
    (
        "mon ticket est fermé mais le problème est revenu",
        &["Donner suite à un ticket clôturé", "Réouvrir une demande résolue"],
    ),
    ("où en est ma demande", &["Suivre l'état de vos demandes", "Comprendre les statuts des tickets"]),
    ("je ne reçois pas vos emails", &["Vous ne recevez pas nos e-mails ?"]),
    ("désactiver les notifications", &["Choisir les notifications que vous recevez"]),
    ("tva", &["TVA et taxes sur vos factures"]),
    ("changer de formule", &["Changer de formule ou de nombre de postes"]),
    ("double authentification", &["Activer la validation en deux étapes"]),
    ("ça marche hors connexion ?", &["Fonctionnement du SDK hors ligne"]),
    ("installer le sdk android", &["Installer le SDK Android avec Gradle"]),
    ("whatsapp", &["Nous contacter sur WhatsApp"]),
    ("copie de la conversation", &["Obtenir une copie d'une conversation de chat"]),
    ("noter le support", &["Évaluer l'assistance reçue"]),
    ("laisser un message vocal", &["Laisser un message vocal en dehors des horaires d'ouverture"]),
    ("changer mon adresse mail", &["Modifier votre nom, votre adresse e-mail ou votre langue"]),
    ("limite de requêtes api", &["Limites de débit de l'API"]),
    ("rouvrir une demande", &["Réouvrir une demande résolue"]),
];

/// Ticket drafts as users write them, a subject and a longer description, and the article
/// their suggestions must open with (among the first three).
const DRAFTS: &[(&str, &str, &str, &str)] = &[
    ("en-us", "Call me back", "Can someone call me back about my order? I have tried twice.", "Requesting a callback"),
    (
        "en-us",
        "Screenshot upload",
        "The app crashes every time I add a photo to my ticket, what can I do? It worked last week.",
        "Adding attachments to a request",
    ),
    (
        "fr",
        "Facture introuvable",
        "Je ne trouve pas ma facture du mois dernier dans mon compte.",
        "Retrouver et télécharger vos factures",
    ),
];

/// Questions the help center does not answer: suggestions must stay empty.
const UNANSWERED: &[(&str, &str)] = &[
    ("en-us", "Has my order shipped?"),
    ("en-us", "my parcel never arrived"),
    ("en-us", "the delivery driver was rude"),
    ("fr", "Où est ma commande ?"),
    ("fr", "le livreur était impoli"),
];

#[derive(Default)]
struct Score {
    queries: usize,
    success_at_3: usize,
    reciprocal_ranks: f64,
}

impl Score {
    /// `ranked`: the articles found, best first.
    fn add(&mut self, ranked: &[i64], expected: &[i64]) {
        self.queries += 1;
        if let Some(rank) = ranked.iter().position(|id| expected.contains(id)) {
            self.success_at_3 += usize::from(rank < 3);
            self.reciprocal_ranks += 1.0 / (rank + 1) as f64;
        }
    }

    fn success(&self) -> f64 {
        self.success_at_3 as f64 / self.queries as f64
    }

    fn mrr(&self) -> f64 {
        self.reciprocal_ranks / self.queries as f64
    }
}

/// The bot's suggestions for a first chat message, as a new user writing in `locale`.
async fn bot_suggestions(h: &Harness, http: &reqwest::Client, locale: &str, text: &str) -> Vec<i64> {
    let token = h.anonymous_token().await;
    let started: wire::ConversationEnvelope = http
        .post(format!("{}{}", h.base_url(), paths::CONVERSATIONS))
        .bearer_auth(&token)
        .header("App-Identifier", APP_ID)
        .json(&serde_json::json!({"conversation": {"metadata": {"locale": locale}}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let messages_url = format!("{}{}", h.base_url(), paths::conversation_messages(started.conversation.id));
    let sent = http
        .post(&messages_url)
        .bearer_auth(&token)
        .json(&serde_json::json!({"message": {"client_id": "q", "text": text}}))
        .send()
        .await
        .unwrap();
    assert!(sent.status().is_success(), "{}", sent.status());
    let page: wire::MessagesPage =
        http.get(&messages_url).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    page.messages
        .iter()
        .filter(|m| m.kind == wire::MessageKind::Carousel)
        .flat_map(|m| m.articles.iter().map(|a| a.id as i64))
        .collect()
}

async fn reader(h: &Harness, locale: &str) -> Helpline {
    let mut config = h.config(&format!("reader-{locale}"));
    config.locale = locale.into();
    let sdk = Helpline::open(config).unwrap();
    sdk.set_identity(Identity::Anonymous { name: None, email: None }).await.unwrap();
    // The synonyms come with the settings.
    sdk.refresh_settings().await.unwrap();
    sdk.help_center().sync().await.unwrap();
    sdk
}

#[tokio::test]
async fn search_suggestions_and_the_bot_find_what_users_mean() {
    let h = Harness::start_with(|c| c.seed_demo = true).await;
    let http = reqwest::Client::new();
    let mut floors_missed = Vec::new();
    println!("relevance            queries  Success@3   MRR");
    for (locale, cases) in [("en-us", ENGLISH), ("fr", FRENCH)] {
        let sdk = reader(&h, locale).await;
        let hc = sdk.help_center();
        let ids: HashMap<String, i64> = hc.articles(None).unwrap().into_iter().map(|a| (a.title, a.id)).collect();
        let (mut search, mut suggestions, mut bot) = (Score::default(), Score::default(), Score::default());
        for (query, titles) in cases {
            let expected: Vec<i64> =
                titles.iter().map(|t| *ids.get(*t).unwrap_or_else(|| panic!("no article {t:?} in {locale}"))).collect();
            let found =
                |hits: Vec<helpline_core::SearchHit>| hits.into_iter().map(|h| h.article.id).collect::<Vec<_>>();
            let searched = found(hc.search_offline(query, 10).unwrap());
            let suggested = found(hc.suggestions(query, "", 10).unwrap());
            let answered = bot_suggestions(&h, &http, locale, query).await;
            if std::env::var_os("RELEVANCE_VERBOSE").is_some() {
                let rank = |r: &[i64]| r.iter().position(|id| expected.contains(id)).map_or(0, |p| p + 1);
                let titles: HashMap<i64, &str> = ids.iter().map(|(t, id)| (*id, t.as_str())).collect();
                let top = |r: &[i64]| r.iter().take(3).map(|id| titles[id]).collect::<Vec<_>>().join(" | ");
                println!(
                    "{locale} {query:?}: search #{}, suggestions #{}, bot #{}{}",
                    rank(&searched),
                    rank(&suggested),
                    rank(&answered),
                    if rank(&searched) == 1 { String::new() } else { format!("  [search: {}]", top(&searched)) }
                );
            }
            search.add(&searched, &expected);
            suggestions.add(&suggested, &expected);
            bot.add(&answered, &expected);
        }
        for (name, score, floor) in
            [("search", &search, 0.88), ("suggestions", &suggestions, 0.85), ("bot", &bot, 0.85)]
        {
            println!("{locale:6} {name:12} {:>6}  {:>8.2}  {:>5.2}", score.queries, score.success(), score.mrr());
            if score.success() < floor {
                floors_missed.push(format!("{locale} {name}: Success@3 {:.2} < {floor}", score.success()));
            }
        }
    }
    for (locale, subject, description, title) in DRAFTS {
        let sdk = reader(&h, locale).await;
        let hc = sdk.help_center();
        let suggested: Vec<String> =
            hc.suggestions(subject, description, 3).unwrap().into_iter().map(|hit| hit.article.title).collect();
        println!("draft {subject:?}: {suggested:?}");
        if !suggested.iter().any(|t| t == title) {
            floors_missed.push(format!("draft {subject:?} did not suggest {title:?}: {suggested:?}"));
        }
    }
    let mut noise = Vec::new();
    for (locale, query) in UNANSWERED {
        let sdk = reader(&h, locale).await;
        let suggested = sdk.help_center().suggestions(query, "", 3).unwrap();
        let answered = bot_suggestions(&h, &http, locale, query).await;
        if !suggested.is_empty() || !answered.is_empty() {
            noise.push(format!("{locale} {query:?}: {} suggestions, {} from the bot", suggested.len(), answered.len()));
        }
    }
    println!("unanswered questions with suggestions: {} of {}", noise.len(), UNANSWERED.len());
    assert!(
        floors_missed.is_empty() && noise.is_empty(),
        "below the floor: {floors_missed:#?}\nnoise where nothing fits: {noise:#?}"
    );
}
