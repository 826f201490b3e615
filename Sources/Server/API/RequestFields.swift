import Foundation

/// Typed reads of a request's JSON object that fail with the field's name and the type it should have.
/// `null` counts as absent, as it does for OpenAI.
struct RequestFields {
    let object: [String: Any]
    /// Put before field names in errors, for nested objects (`stream_options.`).
    var prefix = ""

    init(_ object: [String: Any], prefix: String = "") {
        self.object = object
        self.prefix = prefix
    }

    func string(_ key: String) throws(APIError) -> String? {
        guard let value = present(key) else { return nil }
        guard let text = value as? String else { throw wrongType(key, "a string") }
        return text
    }

    func number(_ key: String) throws(APIError) -> Double? {
        guard let value = present(key) else { return nil }
        guard let number = value as? NSNumber, !isBool(number) else { throw wrongType(key, "a number") }
        return number.doubleValue
    }

    func integer(_ key: String) throws(APIError) -> Int? {
        guard let value = present(key) else { return nil }
        guard let number = value as? NSNumber, !isBool(number), number.doubleValue == number.doubleValue.rounded(),
            abs(number.doubleValue) < 9.2e18
        else { throw wrongType(key, "an integer") }
        return number.intValue
    }

    func bool(_ key: String) throws(APIError) -> Bool? {
        guard let value = present(key) else { return nil }
        guard let number = value as? NSNumber, isBool(number) else { throw wrongType(key, "true or false") }
        return number.boolValue
    }

    func object(_ key: String) throws(APIError) -> [String: Any]? {
        guard let value = present(key) else { return nil }
        guard let object = value as? [String: Any] else { throw wrongType(key, "an object") }
        return object
    }

    private func present(_ key: String) -> Any? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        return value
    }

    /// JSON's `true` and `false` arrive as NSNumbers too; only their type code (`c`) tells them from `1`.
    private func isBool(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    private func wrongType(_ key: String, _ expected: String) -> APIError {
        APIError.invalid(prefix + key, "'\(prefix + key)' must be \(expected)")
    }
}
