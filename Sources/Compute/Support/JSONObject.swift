import Foundation

/// A JSON object read from a model's configuration file, with typed accessors whose errors name the file
/// and the key (`config.json: 'num_hidden_layers' must be an integer, not "6"`).
struct JSONObject {
    let values: [String: Any]
    /// The file, for error messages.
    let file: String
    /// The keys leading to this object inside the file (`normalizer.`), for error messages.
    let path: String

    init(_ values: [String: Any], file: String, path: String = "") {
        self.values = values
        self.file = file
        self.path = path
    }

    /// Reads and parses `url`; a missing file or one that is not a JSON object throws `ModelFileError`.
    static func load(_ url: URL, file: String) throws -> JSONObject {
        guard let value = try JSONFile.value(at: url, file: file) as? [String: Any] else {
            throw ModelFileError(.malformed, file: file, message: "is not a JSON object")
        }
        return JSONObject(value, file: file)
    }

    func has(_ key: String) -> Bool { values[key] != nil && !(values[key] is NSNull) }

    func malformed(_ key: String, _ expected: String) -> ModelFileError {
        ModelFileError(
            .malformed, file: file, message: "'\(path)\(key)' must be \(expected), not \(JSONFile.describe(values[key]))")
    }

    func missing(_ key: String, _ expected: String) -> ModelFileError {
        ModelFileError(.malformed, file: file, message: "'\(path)\(key)' is missing (\(expected) expected)")
    }

    func int(_ key: String) throws -> Int {
        guard has(key) else { throw missing(key, "an integer") }
        guard let value = JSONFile.integer(values[key]) else { throw malformed(key, "an integer") }
        return value
    }

    func int(_ key: String, default fallback: Int) throws -> Int {
        has(key) ? try int(key) : fallback
    }

    func positiveInt(_ key: String) throws -> Int {
        let value = try int(key)
        guard value > 0 else { throw malformed(key, "a positive integer") }
        return value
    }

    func bool(_ key: String, default fallback: Bool) throws -> Bool {
        try optionalBool(key) ?? fallback
    }

    /// nil when the key is absent or null.
    func optionalBool(_ key: String) throws -> Bool? {
        guard has(key) else { return nil }
        guard let value = JSONFile.boolean(values[key]) else { throw malformed(key, "true or false") }
        return value
    }

    func string(_ key: String) throws -> String {
        guard has(key) else { throw missing(key, "a string") }
        guard let value = values[key] as? String else { throw malformed(key, "a string") }
        return value
    }

    func optionalString(_ key: String) throws -> String? {
        has(key) ? try string(key) : nil
    }

    func object(_ key: String) throws -> JSONObject {
        guard has(key) else { throw missing(key, "an object") }
        guard let value = values[key] as? [String: Any] else { throw malformed(key, "an object") }
        return JSONObject(value, file: file, path: "\(path)\(key).")
    }

    func optionalObject(_ key: String) throws -> JSONObject? {
        has(key) ? try object(key) : nil
    }

    func array(_ key: String) throws -> [Any] {
        guard has(key) else { throw missing(key, "an array") }
        guard let value = values[key] as? [Any] else { throw malformed(key, "an array") }
        return value
    }
}

/// Reading JSON files and telling JSON's numbers and booleans apart, which `JSONSerialization` hands out
/// alike as `NSNumber`.
enum JSONFile {
    static func value(at url: URL, file: String) throws -> Any {
        let data = try read(url, file: file)
        do {
            return try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw ModelFileError(.malformed, file: file, message: "is not valid JSON")
        }
    }

    static func read(_ url: URL, file: String) throws -> Data {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw ModelFileError(.missing, file: file, message: "is missing")
        }
        guard !isFolder.boolValue else { throw ModelFileError(.malformed, file: file, message: "is a folder, not a file") }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw ModelFileError(.missing, file: file, message: "cannot be read (\(error.localizedDescription))")
        }
    }

    /// An integer, refusing booleans and numbers written with a fraction or exponent.
    static func integer(_ value: Any?) -> Int? {
        guard let number = value as? NSNumber, !["c", "d", "f"].contains(String(cString: number.objCType)) else { return nil }
        return value as? Int
    }

    static func boolean(_ value: Any?) -> Bool? {
        guard let number = value as? NSNumber, String(cString: number.objCType) == "c" else { return nil }
        return number.boolValue
    }

    /// A short rendering of a JSON value for error messages.
    static func describe(_ value: Any?) -> String {
        switch value {
        case nil, is NSNull: return "null"
        case let string as String: return "\"\(string.prefix(40))\(string.count > 40 ? "..." : "")\""
        case let number as NSNumber:
            if String(cString: number.objCType) == "c" { return number.boolValue ? "true" : "false" }
            return "\(number)"
        case is [Any]: return "an array"
        case is [String: Any]: return "an object"
        default: return "\(value!)"
        }
    }
}

extension JSONObject {
    /// A JSON number (integer or not), refusing booleans.
    func double(_ key: String) throws -> Double {
        guard has(key) else { throw missing(key, "a number") }
        guard let number = values[key] as? NSNumber, String(cString: number.objCType) != "c" else {
            throw malformed(key, "a number")
        }
        return number.doubleValue
    }

    func positiveDouble(_ key: String) throws -> Double {
        let value = try double(key)
        guard value > 0, value.isFinite else { throw malformed(key, "a positive number") }
        return value
    }
}
