// The SDK's credentials in the iOS Keychain: `Helpline.openWithSecretStore(config:secretStore:)`.

import Foundation

#if canImport(Security)
import Security

/// The access token and the install id as generic passwords of the app's Keychain, readable
/// after the device's first unlock (background refresh works) and never synced or restored
/// to another device (`ThisDeviceOnly`).
public final class KeychainSecretStore: SecretStore, @unchecked Sendable {
    private let service: String

    public init(service: String = "dev.helpline.secrets") {
        self.service = service
    }

    public func get(key: String) throws -> String? {
        var query = base(key)
        query[kSecReturnData as String] = true
        query[kSecMatchLimit as String] = kSecMatchLimitOne
        var item: CFTypeRef?
        let status = SecItemCopyMatching(query as CFDictionary, &item)
        if status == errSecItemNotFound {
            return nil
        }
        try check(status, "read \(key)")
        guard let data = item as? Data, let value = String(data: data, encoding: .utf8) else {
            throw SecretStoreError.Failed(reason: "Keychain: \(key) is not text")
        }
        return value
    }

    public func set(key: String, value: String) throws {
        let data = Data(value.utf8)
        let update: [String: Any] = [kSecValueData as String: data]
        let status = SecItemUpdate(base(key) as CFDictionary, update as CFDictionary)
        if status != errSecItemNotFound {
            return try check(status, "update \(key)")
        }
        var add = base(key)
        add[kSecValueData as String] = data
        add[kSecAttrAccessible as String] = kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly
        try check(SecItemAdd(add as CFDictionary, nil), "add \(key)")
    }

    public func delete(key: String) throws {
        let status = SecItemDelete(base(key) as CFDictionary)
        if status != errSecItemNotFound {
            try check(status, "delete \(key)")
        }
    }

    private func base(_ key: String) -> [String: Any] {
        [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrService as String: service,
            kSecAttrAccount as String: key,
        ]
    }

    private func check(_ status: OSStatus, _ what: String) throws {
        guard status == errSecSuccess else {
            throw SecretStoreError.Failed(reason: "Keychain could not \(what): OSStatus \(status)")
        }
    }
}
#endif
