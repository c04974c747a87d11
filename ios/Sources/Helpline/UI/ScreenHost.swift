// Makes a screen of the core when its view first shows, and keeps its model while the view
// lives: a screen that cannot be made (the SDK closed, storage failing) says so in place.

#if canImport(SwiftUI)
import SwiftUI

struct ScreenHost<Screen: ObservableScreen, Content: View>: View {
    let make: () throws -> Screen
    let content: (ScreenModel<Screen>) -> Content
    @State private var model: ScreenModel<Screen>?
    @State private var failed = false
    @Environment(\.helplineStrings) private var strings

    init(_ make: @escaping () throws -> Screen, @ViewBuilder content: @escaping (ScreenModel<Screen>) -> Content) {
        self.make = make
        self.content = content
    }

    var body: some View {
        Group {
            if let model = model {
                content(model)
            } else if failed {
                Text(strings.screenUnavailable)
                    .foregroundColor(.secondary)
                    .multilineTextAlignment(.center)
                    .padding(24)
            } else {
                ProgressView()
            }
        }
        .onAppear {
            guard model == nil, !failed else { return }
            do {
                model = ScreenModel(try make())
            } catch {
                failed = true
            }
        }
    }
}
#endif
