// The kit's own translations (Resources/<language>.lproj: Localizable.strings for texts,
// Localizable.stringsdict for counts), read in one language. `HelplineStrings` is built from
// them; an app still overrides any text there.

#if canImport(SwiftUI)
import Foundation

struct KitTexts {
    /// The language's texts; English where a text is missing from it.
    let bundle: Bundle
    /// For counts (plural rules) and dates.
    let locale: Locale

    /// The device's language among the kit's (English when the kit does not have it).
    static var device: KitTexts {
        let language = Bundle.module.preferredLocalizations.first ?? "en"
        let current = Locale.current
        let sameLanguage = current.identifier.hasPrefix(language)
        return KitTexts(bundle: .module, locale: sameLanguage ? current : Locale(identifier: language))
    }

    /// One language's texts ("fr"); English when the kit does not have it.
    init(language: String) {
        self.init(bundle: Self.bundle(language) ?? Self.bundle("en") ?? .module, locale: Locale(identifier: language))
    }

    init(bundle: Bundle, locale: Locale) {
        self.bundle = bundle
        self.locale = locale
    }

    /// The `<language>.lproj` folder of the kit's resources, if the kit has that language.
    static func bundle(_ language: String) -> Bundle? {
        Bundle.module.path(forResource: language, ofType: "lproj").flatMap(Bundle.init(path:))
    }

    private static let missing = "\u{0}missing"

    func callAsFunction(_ key: String) -> String {
        let text = bundle.localizedString(forKey: key, value: Self.missing, table: nil)
        guard text == Self.missing else { return text }
        return (Self.bundle("en") ?? .module).localizedString(forKey: key, value: key, table: nil)
    }

    /// A text with values put in (`%@` a text, `%d` an Int32, `%lld` an Int64), its plural form
    /// chosen by this language's rules where it counts something.
    func callAsFunction(_ key: String, _ values: CVarArg...) -> String {
        String(format: self(key), locale: locale, arguments: values)
    }
}
#endif
