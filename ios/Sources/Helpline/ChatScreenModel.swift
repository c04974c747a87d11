// The chat screen for SwiftUI: `ScreenModel(chat)`, `ObservedScreen(chat)` or `chat.states()`;
// the actions are the screen's own.

import Foundation

extension StateRelay: ChatListener where State == ChatState {
    public func onState(state: ChatState) { relay(state) }
}

extension ChatScreen: ObservableScreen {
    public func subscribe(relay: StateRelay<ChatState>) -> ScreenSubscription { subscribe(listener: relay) }
}

extension Helpline {
    /// The chat screen, its days in the device's time zone now; `start()` opens the chat.
    public func chatScreen() throws -> ChatScreen {
        try chatScreen(utcOffsetSeconds: Int32(TimeZone.current.secondsFromGMT()))
    }
}

public typealias ChatModel = ScreenModel<ChatScreen>
