// The help center, as a screen to put in the app's navigation: search as the user types (the
// device's results at once, the helpdesk's when they come, each saying which), categories,
// their sections, a section's articles, and the open article with "was this helpful?".
// Back closes the innermost thing open; `onLeave` is called when nothing is.

#if canImport(SwiftUI)
import SwiftUI

public struct HelplineHelpCenterView: View {
    @ObservedObject private var model: HelpCenterScreenModel
    private let articleId: Int64?
    private let onLeave: (() -> Void)?
    @Environment(\.helplineStrings) private var strings
    @State private var actions = ScreenActions()
    @State private var openedFirstArticle = false

    /// `articleId`: an article to open first (a promoted one tapped on the support home).
    /// `onLeave`: shows a back button while nothing is open, called when it is tapped.
    public init(model: HelpCenterScreenModel, articleId: Int64? = nil, onLeave: (() -> Void)? = nil) {
        self.model = model
        self.articleId = articleId
        self.onLeave = onLeave
    }

    public var body: some View {
        let state = model.state
        let screen = model.screen
        let nested = state.article != nil || searching(state) || state.section != nil || state.category != nil
        VStack(spacing: 0) {
            switch state.status {
            case .loading:
                ProgressView().frame(maxWidth: .infinity, maxHeight: .infinity)
            case .disabled:
                HelpNoteView(text: strings.helpCenterOff)
            case .failed:
                HelpNoteView(text: strings.helpCenterFailed)
            case .ready:
                if state.article == nil {
                    DraftField(strings.searchHint, kept: state.search.query) { query in
                        actions.post { try await screen.setQuery(query: query) }
                    }
                    .padding(.horizontal, 16)
                    .padding(.vertical, 8)
                }
                content(state, screen)
                    .frame(maxWidth: .infinity, maxHeight: .infinity)
            }
        }
        .navigationTitle(title(state))
        .toolbar {
            ToolbarItem(placement: .navigation) {
                if nested || onLeave != nil {
                    Button { back(state, screen) } label: {
                        Image(systemName: "chevron.backward").frame(minWidth: 44, minHeight: 44)
                    }
                    .accessibilityLabel(strings.back)
                }
            }
        }
        .ownBackButton(nested)
        .onAppear {
            if let articleId = articleId, !openedFirstArticle {
                openedFirstArticle = true
                actions.post { try await screen.openArticle(id: articleId) }
            }
        }
    }

    @ViewBuilder
    private func content(_ state: HelpCenterState, _ screen: HelpCenterScreen) -> some View {
        if let article = state.article {
            ArticlePageView(open: article) { value in
                actions.post { try await screen.vote(value: value) }
            }
        } else if searching(state) {
            SearchResultsView(search: state.search) { id in
                actions.post { try await screen.openArticle(id: id) }
            }
        } else if let section = state.section {
            if section.load == .loading && section.articles.isEmpty {
                ProgressView()
            } else {
                HelpListView(rows: section.articles.map { HelpRow(id: $0.id, title: $0.title) }) { id in
                    actions.post { try await screen.openArticle(id: id) }
                }
            }
        } else if let category = state.category {
            HelpListView(rows: category.sections.map { HelpRow(id: $0.id, title: $0.name) }) { id in
                actions.post { try await screen.openSection(id: id) }
            }
        } else {
            HelpListView(rows: state.categories.map { HelpRow(id: $0.category.id, title: $0.category.name) }) { id in
                actions.post { try await screen.openCategory(id: id) }
            }
            .refreshable { _ = try? await screen.refresh() }
        }
    }

    private func searching(_ state: HelpCenterState) -> Bool {
        state.article == nil && !state.search.query.isEmpty
    }

    private func title(_ state: HelpCenterState) -> String {
        state.article?.title ?? state.section?.section.name ?? state.category?.category.name ?? strings.helpCenter
    }

    /// The core closes the innermost thing open (the article, its search, the section, the
    /// category: a cheap state change); nothing open, the screen is left.
    private func back(_ state: HelpCenterState, _ screen: HelpCenterScreen) {
        if !screen.back() {
            onLeave?()
        }
    }
}

extension View {
    /// The system's back button would leave the whole help center; ours steps back inside it.
    @ViewBuilder
    fileprivate func ownBackButton(_ own: Bool) -> some View {
        #if os(iOS)
        navigationBarBackButtonHidden(own)
        #else
        self
        #endif
    }
}

/// A category, a section or an article, as a row.
private struct HelpRow: Identifiable {
    let id: Int64
    let title: String
}

/// Rows to tap, each a title: categories, sections or articles.
private struct HelpListView: View {
    let rows: [HelpRow]
    let onOpen: (Int64) -> Void

    var body: some View {
        List(rows) { row in
            Button { onOpen(row.id) } label: {
                Text(row.title)
                    .frame(maxWidth: .infinity, minHeight: 44, alignment: .leading)
                    .contentShape(Rectangle())
            }
            .buttonStyle(.plain)
        }
        .listStyle(.plain)
    }
}

/// The latest results, saying where they came from, each with its snippet.
private struct SearchResultsView: View {
    let search: HelpCenterSearch
    let onOpen: (Int64) -> Void
    @Environment(\.helplineStrings) private var strings

    var body: some View {
        VStack(alignment: .leading, spacing: 0) {
            if search.load == .loading {
                ProgressView().progressViewStyle(.linear)
            }
            if let results = search.results {
                Text(strings.resultsFrom(results.source == .online))
                    .font(.caption)
                    .foregroundColor(.secondary)
                    .padding(.horizontal, 16)
                    .padding(.vertical, 4)
                if results.hits.isEmpty {
                    HelpNoteView(text: strings.noResults)
                } else {
                    List(results.hits, id: \.article.id) { hit in
                        Button { onOpen(hit.article.id) } label: {
                            VStack(alignment: .leading, spacing: 2) {
                                Text(hit.article.title).font(.headline)
                                ArticleText.snippet(hit.snippet)
                                    .font(.subheadline)
                                    .foregroundColor(.secondary)
                                    .lineLimit(2)
                            }
                            .frame(maxWidth: .infinity, minHeight: 44, alignment: .leading)
                            .contentShape(Rectangle())
                        }
                        .buttonStyle(.plain)
                        .accessibilityElement(children: .combine)
                    }
                    .listStyle(.plain)
                }
            }
            Spacer(minLength: 0)
        }
    }
}

/// The open article: its body (the device's copy at once), then "was this helpful?".
private struct ArticlePageView: View {
    let open: OpenArticle
    let onVote: (VoteValue) -> Void
    @Environment(\.helplineStrings) private var strings

    var body: some View {
        if let article = open.article, let html = article.bodyHtml {
            ScrollView {
                VStack(alignment: .leading, spacing: 16) {
                    if open.load == .loading {
                        ProgressView().progressViewStyle(.linear)
                    }
                    ArticleBodyView(html: html)
                    Divider()
                    VoteRowView(myVote: article.myVote, onVote: onVote)
                }
                .padding(16)
            }
        } else if open.load == .loading {
            ProgressView()
        } else {
            HelpNoteView(text: strings.articleUnavailable)
        }
    }
}

/// "Was this article helpful?" Yes / No; the user's vote shown selected.
private struct VoteRowView: View {
    let myVote: VoteValue?
    let onVote: (VoteValue) -> Void
    @Environment(\.helplineStrings) private var strings

    var body: some View {
        VStack(alignment: .leading, spacing: 8) {
            Text(myVote == nil ? strings.helpfulQuestion : strings.voted).font(.subheadline.weight(.semibold))
            HStack(spacing: 8) {
                voteButton(strings.helpfulYes, "hand.thumbsup", .up)
                voteButton(strings.helpfulNo, "hand.thumbsdown", .down)
            }
        }
        .padding(.bottom, 24)
    }

    private func voteButton(_ title: String, _ icon: String, _ value: VoteValue) -> some View {
        let chosen = myVote == value
        return Button { onVote(value) } label: {
            Label(title, systemImage: chosen ? icon + ".fill" : icon).frame(minWidth: 44, minHeight: 44)
        }
        .buttonStyle(.bordered)
        .tint(chosen ? .accentColor : .secondary)
        .accessibilityAddTraits(chosen ? .isSelected : [])
    }
}

/// A line in the middle of the screen: switched off, failed, nothing found.
private struct HelpNoteView: View {
    let text: String

    var body: some View {
        Text(text)
            .foregroundColor(.secondary)
            .multilineTextAlignment(.center)
            .padding(24)
            .frame(maxWidth: .infinity, maxHeight: .infinity)
    }
}
#endif
