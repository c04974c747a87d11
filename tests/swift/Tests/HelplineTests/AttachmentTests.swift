import Foundation
import Helpline
import XCTest

/// Files on tickets: upload, listing with the helpdesk's URL, download, the size limit
/// (mirrors HelplineTest.kt).
final class AttachmentTests: ReferenceServerTestCase {
    func testATicketWithAScreenshotUploadsItListsItsURLAndDownloadsItBack() async throws {
        let helpline = try await identified()
        let events = Recorder()
        let subscription = try helpline.subscribe(listener: events)
        defer { subscription.cancel() }
        let tickets = helpline.tickets()
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data((0..<40_000).map { UInt8($0 % 251) })
        let shot = directory.appendingPathComponent("shot.png")
        try png.write(to: shot)

        let ticket = try await tickets.create(
            draft: TicketDraft(subject: "Crash", description: "See the screenshot", attachments: [shot.path])
        )
        try FileManager.default.removeItem(at: shot) // The SDK copied it: the app's file may go at once.
        let pending = try onlyAttachment(of: tickets.get(id: ticket.id))
        XCTAssertEqual(pending.fileName, "shot.png")
        XCTAssertEqual(pending.contentType, "image/png")
        XCTAssertNil(pending.contentUrl)

        let left = try await helpline.flushOutbox()
        XCTAssertEqual(left, 0)
        XCTAssertTrue(events.wait { event in
            if case let .uploadProgress(_, fileName, sentBytes, _) = event {
                return fileName == "shot.png" && sentBytes == Int64(png.count)
            }
            return false
        })
        let refreshed = try await tickets.refreshTicket(id: ticket.id)
        let listed = try onlyAttachment(of: refreshed)
        XCTAssertNotNil(listed.id)
        let url = try XCTUnwrap(listed.contentUrl)
        XCTAssertTrue(url.hasPrefix(server.baseURL), url)
        let back = directory.appendingPathComponent("back.png")
        let downloaded = try await helpline.downloadAttachment(attachment: listed, to: back.path)
        XCTAssertEqual(downloaded, Int64(png.count))
        XCTAssertEqual(try Data(contentsOf: back), png)

        let big = directory.appendingPathComponent("recording.mp4")
        XCTAssertTrue(FileManager.default.createFile(atPath: big.path, contents: nil))
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: 30_000_000)
        try handle.close()
        await assertThrowsAsync(try await tickets.create(draft: TicketDraft(description: "Watch this", attachments: [big.path]))) { error in
            guard case let .AttachmentTooLarge(file, size, limit) = error as? HelplineError else {
                return XCTFail("not AttachmentTooLarge: \(error)")
            }
            XCTAssertEqual(file, "recording.mp4")
            XCTAssertEqual(size, 30_000_000)
            XCTAssertEqual(limit, 20 * 1024 * 1024)
        }
    }

    /// The one attachment of a ticket's first comment (its description).
    private func onlyAttachment(of detail: TicketDetail) throws -> Attachment {
        let attachments = try XCTUnwrap(detail.comments.first).attachments
        XCTAssertEqual(attachments.count, 1)
        return try XCTUnwrap(attachments.first)
    }
}
