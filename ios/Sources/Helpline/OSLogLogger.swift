// The SDK's records in the unified log (Console.app), for `setLogger`.

import Foundation

#if canImport(os)
import os

/// The SDK's records in the unified log, subsystem `dev.helpline.sdk` by default:
/// `setLogger(logger: OSLogLogger(), level: .info)`. Records never hold a token nor what the
/// user wrote; they are logged as public.
public final class OSLogLogger: HelplineLogger, @unchecked Sendable {
    private let logger: os.Logger

    public init(subsystem: String = "dev.helpline.sdk", category: String = "Helpline") {
        logger = os.Logger(subsystem: subsystem, category: category)
    }

    public func log(record: LogRecord) {
        let text = "\(record.target): \(record.message)"
        switch record.level {
        case .error: logger.error("\(text, privacy: .public)")
        case .warn: logger.warning("\(text, privacy: .public)")
        case .info: logger.info("\(text, privacy: .public)")
        case .debug: logger.debug("\(text, privacy: .public)")
        case .trace: logger.trace("\(text, privacy: .public)")
        }
    }
}
#endif
