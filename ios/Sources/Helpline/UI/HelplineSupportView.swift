// The whole support experience in one view: the support home, and from it the help center,
// the contact form, the user's requests and each request, and the chat, in a navigation stack.
// `HelplineSupportView(helpline: helpline)`; UIKit apps use `HelplineSupportViewController`.
// An article the chat's bot suggests opens in the help center. Where the user was comes back
// after the app is relaunched (the scene's storage).

#if canImport(SwiftUI)
import SwiftUI

/// Where the support home leads.
enum SupportRoute: Hashable {
    case helpCenter(articleId: Int64?)
    case contact
    case tickets
    case ticket(id: String)
    case chat
}

@available(iOS 16, macOS 13, *)
public struct HelplineSupportView: View {
    private let helpline: Helpline
    private let onClose: (() -> Void)?
    @State private var path: [SupportRoute] = []
    @SceneStorage("helpline.support.path") private var storedPath = ""
    @State private var restored = false
    @Environment(\.helplineStrings) private var strings

    /// `onClose`: shows a close button on the home (when presented), called when it is tapped.
    public init(helpline: Helpline, onClose: (() -> Void)? = nil) {
        self.helpline = helpline
        self.onClose = onClose
    }

    public var body: some View {
        NavigationStack(path: $path) {
            ScreenHost({ try helpline.supportHome() }) { model in
                HelplineSupportHomeView(
                    model: model,
                    onHelpCenter: { path.append(.helpCenter(articleId: nil)) },
                    onContact: { path.append(.contact) },
                    onTickets: { path.append(.tickets) },
                    onChat: { path.append(.chat) },
                    onArticle: { id in path.append(.helpCenter(articleId: id)) },
                    onTicket: { id in path.append(.ticket(id: id)) }
                )
            }
            .toolbar {
                ToolbarItem(placement: .cancellationAction) {
                    if let onClose = onClose {
                        Button(strings.close, action: onClose).frame(minWidth: 44, minHeight: 44)
                    }
                }
            }
            .navigationDestination(for: SupportRoute.self) { route in
                destination(route)
            }
        }
        .onAppear {
            guard !restored else { return }
            restored = true
            if path.isEmpty { path = SupportRoute.restore(storedPath) }
        }
        .onChange(of: path) { path in storedPath = SupportRoute.store(path) }
    }

    @ViewBuilder
    private func destination(_ route: SupportRoute) -> some View {
        switch route {
        case let .helpCenter(articleId):
            ScreenHost({ helpline.helpCenterScreen() }) { model in
                HelplineHelpCenterView(model: model, articleId: articleId)
            }
        case .contact:
            ScreenHost({ try helpline.contactForm() }) { model in
                HelplineContactFormView(model: model, helpline: helpline).navigationTitle(strings.contactUs)
            }
        case .tickets:
            ScreenHost({ try helpline.ticketListScreen() }) { model in
                HelplineTicketListView(model: model) { id in path.append(.ticket(id: id)) }
            }
        case let .ticket(id):
            ScreenHost({ try helpline.ticketScreen(ticketId: id) }) { model in
                HelplineTicketView(model: model, helpline: helpline)
            }
        case .chat:
            ScreenHost({ try helpline.chatScreen() }) { model in
                HelplineChatView(model: model, helpline: helpline, onOpenArticle: { article in
                    path.append(.helpCenter(articleId: article.id))
                })
                .navigationTitle(strings.chat)
            }
        }
    }
}
#endif
