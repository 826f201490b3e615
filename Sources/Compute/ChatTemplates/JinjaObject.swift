/// A dict during rendering: values by key, with the keys' insertion order, which `tojson`, `items()` and
/// loops follow as Python's dicts do.
struct JinjaObject {
    private(set) var keys: [String] = []
    private var values: [String: JinjaValue] = [:]

    var count: Int { keys.count }
    var isEmpty: Bool { keys.isEmpty }

    subscript(key: String) -> JinjaValue? {
        get { values[key] }
        set {
            if let newValue {
                if values.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if values.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    var entries: [(key: String, value: JinjaValue)] { keys.map { ($0, values[$0]!) } }
}
