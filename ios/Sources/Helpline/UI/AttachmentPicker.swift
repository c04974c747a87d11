// The attach button of the contact form and the composers: a photo (PhotosPicker) or a file
// (the Files app). The picked bytes are kept by the SDK (`helpline.importFile`) off the main
// actor, then handed to `attach` (the form's, the reply's, the chat's), in the screen's
// actions queue so they keep their place among the user's other actions. A file larger than
// the helpdesk takes is refused before it is read; a file that cannot be read is told in an alert.

#if canImport(SwiftUI)
import Foundation
import SwiftUI
#if canImport(PhotosUI)
import PhotosUI
import UniformTypeIdentifiers
#endif

/// The attach button where the pickers exist (iOS 16) and the helpdesk takes attachments;
/// nil otherwise, so the views show none.
enum AttachButton {
    static func make(_ helpline: Helpline?, _ actions: ScreenActions, labeled: Bool = false,
                     attach: @escaping @Sendable (String) async throws -> Void) -> AnyView? {
        guard let helpline = helpline, helpline.settings().support.attachments.enabled else { return nil }
        #if canImport(PhotosUI)
        if #available(iOS 16, macOS 13, *) {
            return AnyView(AttachmentPicker(helpline: helpline, actions: actions, labeled: labeled, attach: attach))
        }
        #endif
        return nil
    }
}

#if canImport(PhotosUI)
@available(iOS 16, macOS 13, *)
struct AttachmentPicker: View {
    let helpline: Helpline
    let actions: ScreenActions
    let labeled: Bool
    let attach: @Sendable (String) async throws -> Void
    @State private var choosingFile = false
    @State private var choosingPhoto = false
    @State private var failed = false
    @Environment(\.helplineStrings) private var strings

    var body: some View {
        Menu {
            Button { choosingPhoto = true } label: { Label(strings.attachPhoto, systemImage: "photo") }
            Button { choosingFile = true } label: { Label(strings.attachFile, systemImage: "doc") }
        } label: {
            if labeled {
                Label(strings.attach, systemImage: "paperclip").frame(minHeight: 44)
            } else {
                Image(systemName: "paperclip").font(.title3).frame(minWidth: 44, minHeight: 44)
            }
        }
        .accessibilityLabel(strings.attach)
        .fileImporter(isPresented: $choosingFile, allowedContentTypes: [.item]) { result in
            if case let .success(url) = result { importFile(url) }
        }
        .photosPicker(isPresented: $choosingPhoto, selection: photoSelection, matching: .any(of: [.images, .videos]))
        .alert(strings.attachFailed, isPresented: $failed) {
            Button(strings.close, role: .cancel) {}
        }
    }

    /// A file from the Files app: its size checked, then read inside its security scope, off
    /// the main actor.
    private func importFile(_ url: URL) {
        let helpline = self.helpline
        let attach = self.attach
        let maxSize = self.maxSize
        let report = reportFailure
        actions.post {
            let path: String
            do {
                let scoped = url.startAccessingSecurityScopedResource()
                defer { if scoped { url.stopAccessingSecurityScopedResource() } }
                if let size = try url.resourceValues(forKeys: [.fileSizeKey]).fileSize, Self.tooLarge(Int64(size), maxSize) {
                    throw AttachRefused.tooLarge
                }
                let bytes = try Data(contentsOf: url)
                path = try await helpline.importFile(fileName: url.lastPathComponent, bytes: bytes)
            } catch {
                await report()
                return
            }
            try await attach(path)
        }
    }

    /// A photo or a video picked: its bytes as the library keeps them (JPEG, HEIC, MOV...),
    /// named by their type.
    private var photoSelection: Binding<PhotosPickerItem?> {
        Binding(get: { nil }, set: { item in
            guard let item = item else { return }
            let helpline = self.helpline
            let attach = self.attach
            let maxSize = self.maxSize
            let report = reportFailure
            let type = item.supportedContentTypes.first
            let video = type?.conforms(to: .movie) ?? false
            let ext = type?.preferredFilenameExtension ?? (video ? "mov" : "jpg")
            let name = "\(video ? "video" : "photo")-\(Int(Date().timeIntervalSince1970)).\(ext)"
            actions.post {
                let path: String
                do {
                    guard let bytes = try await item.loadTransferable(type: Data.self) else { throw AttachRefused.unreadable }
                    if Self.tooLarge(Int64(bytes.count), maxSize) { throw AttachRefused.tooLarge }
                    path = try await helpline.importFile(fileName: name, bytes: bytes)
                } catch {
                    await report()
                    return
                }
                try await attach(path)
            }
        })
    }

    /// The helpdesk's limit (0 when it sets none).
    private var maxSize: Int64 {
        helpline.settings().support.attachments.maxAttachmentSize
    }

    static func tooLarge(_ size: Int64, _ maxSize: Int64) -> Bool {
        maxSize > 0 && size > maxSize
    }

    /// Shows the "could not be attached" alert, from the actions queue.
    private var reportFailure: @MainActor @Sendable () -> Void {
        let failed = $failed
        return { failed.wrappedValue = true }
    }
}

/// Why a picked file was not imported; the user is told the same either way.
private enum AttachRefused: Error {
    case tooLarge
    case unreadable
}
#endif

/// The files added to a request or a reply, each with where it stands and a remove button.
struct StagedAttachmentsView: View {
    let attachments: [StagedAttachment]
    let onRemove: (String) -> Void
    @Environment(\.helplineStrings) private var strings

    var body: some View {
        if !attachments.isEmpty {
            VStack(alignment: .leading, spacing: 4) {
                ForEach(attachments, id: \.path) { file in
                    HStack(spacing: 8) {
                        Image(systemName: "doc").accessibilityHidden(true)
                        VStack(alignment: .leading, spacing: 0) {
                            Text(file.fileName).font(.callout).lineLimit(1)
                            if let line = status(file.state) {
                                Text(line.text).font(.caption).foregroundColor(line.refused ? .red : .secondary)
                            }
                        }
                        .frame(maxWidth: .infinity, alignment: .leading)
                        .accessibilityElement(children: .combine)
                        Button { onRemove(file.path) } label: {
                            Image(systemName: "xmark.circle.fill")
                                .foregroundColor(.secondary)
                                .frame(minWidth: 44, minHeight: 44)
                        }
                        .buttonStyle(.plain)
                        .accessibilityLabel(strings.removeAttachment(file.fileName))
                    }
                }
            }
            .padding(.horizontal, 12)
        }
    }

    private func status(_ state: AttachmentState) -> (text: String, refused: Bool)? {
        switch state {
        case .ready, .uploaded: return nil
        case let .refused(reason): return (reason, true)
        case let .uploading(sentBytes, totalBytes):
            let percent = totalBytes > 0 ? Int(sentBytes * 100 / totalBytes) : 0
            return (strings.uploading(percent), false)
        }
    }
}
#endif
