/// JSON string literals for headers written by hand, where the order of keys is part of the format's
/// convention (safetensors' `__metadata__` first) and `JSONSerialization` would not keep it.
enum JSONString {
    /// `text` in double quotes, with quotes, backslashes and control characters escaped as JSON requires.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
