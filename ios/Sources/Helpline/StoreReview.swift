// The App Store review hook: asked by the app when the SDK's rating rules say it is a good moment.

import Foundation

/// Asks the platform for a store review. Returns whether a prompt was requested (the system
/// decides whether it shows, and never tells whether the user rated).
public protocol ReviewHook: Sendable {
    @MainActor func requestReview() async -> Bool
}

#if canImport(StoreKit) && canImport(UIKit)
import StoreKit
import UIKit

/// StoreKit's in-app review prompt, in the app's active window scene.
public struct StoreKitReviewHook: ReviewHook {
    public init() {}

    @MainActor
    public func requestReview() async -> Bool {
        let scenes = UIApplication.shared.connectedScenes.compactMap { $0 as? UIWindowScene }
        guard let scene = scenes.first(where: { $0.activationState == .foregroundActive }) else {
            return false
        }
        if #available(iOS 16.0, *) {
            AppStore.requestReview(in: scene)
        } else {
            SKStoreReviewController.requestReview(in: scene)
        }
        return true
    }
}
#endif
