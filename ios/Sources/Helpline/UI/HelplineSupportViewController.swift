// The support experience for UIKit apps: push `HelplineSupportViewController(helpline:)`, or
// `HelplineSupportViewController.present(helpline:from:)` to show it modally with a close button.

#if canImport(SwiftUI) && canImport(UIKit)
import SwiftUI
import UIKit

@available(iOS 16, *)
public final class HelplineSupportViewController: UIHostingController<AnyView> {
    /// `strings`: the texts, when the app gives its own (the kit's otherwise).
    public init(helpline: Helpline, strings: HelplineStrings? = nil, closable: Bool = false) {
        super.init(rootView: AnyView(EmptyView()))
        let close: (() -> Void)? = closable ? { [weak self] in self?.dismiss(animated: true) } : nil
        let support = HelplineSupportView(helpline: helpline, onClose: close)
        if let strings = strings {
            rootView = AnyView(support.helplineStrings(strings))
        } else {
            rootView = AnyView(support)
        }
    }

    @available(*, unavailable)
    required init?(coder: NSCoder) {
        fatalError("HelplineSupportViewController is made in code: init(helpline:)")
    }

    /// Shows support over `presenter`, with a close button; returns the controller shown.
    @discardableResult
    public static func present(helpline: Helpline, from presenter: UIViewController, strings: HelplineStrings? = nil,
                               animated: Bool = true) -> HelplineSupportViewController {
        let controller = HelplineSupportViewController(helpline: helpline, strings: strings, closable: true)
        presenter.present(controller, animated: animated)
        return controller
    }
}
#endif
