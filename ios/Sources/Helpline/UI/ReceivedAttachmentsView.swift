// The files of a message or a comment from the agent or the bot: each by its name, opening
// outside the app once the helpdesk has it (it has a URL).

#if canImport(SwiftUI)
import SwiftUI

struct ReceivedAttachmentsView: View {
    let attachments: [Attachment]
    @Environment(\.openURL) private var openURL

    var body: some View {
        ForEach(Array(attachments.enumerated()), id: \.offset) { _, file in
            let url = file.contentUrl.flatMap(URL.init(string:))
            Button {
                if let url = url { openURL(url) }
            } label: {
                Label(file.fileName, systemImage: "paperclip")
                    .lineLimit(2)
                    .frame(minHeight: 44)
            }
            .disabled(url == nil)
        }
    }
}
#endif
