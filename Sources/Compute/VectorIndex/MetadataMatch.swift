/// A `VectorFilter` resolved against one index: for each field with an allowed set, which of the field's
/// codes it allows, so that checking a vector is four lookups instead of string comparisons.
struct MetadataMatch: NodeAdmission {
    let codes: UnsafePointer<UInt32>
    /// Per field, nil when any value passes, else one flag per code.
    let allowed: [[Bool]?]

    init(_ filter: VectorFilter, index: VectorIndex) {
        codes = index.codes
        allowed = zip(filter.fieldSets, index.fieldCodes).map { set, codes in
            set.map { values in
                var flags = Array(repeating: false, count: codes.count)
                for value in values { if let code = codes[value] { flags[Int(code)] = true } }
                return flags
            }
        }
    }

    /// Whether no vector can pass, because some field allows none of the values the index holds.
    var excludesEverything: Bool { allowed.contains { $0.map { !$0.contains(true) } ?? false } }

    @inline(__always)
    func admits(_ node: Int) -> Bool {
        let row = codes + node * VectorIndexFormat.metadataFields
        for field in 0..<VectorIndexFormat.metadataFields {
            if let flags = allowed[field], !flags[Int(row[field])] { return false }
        }
        return true
    }

    /// The positions of all vectors that pass, in order.
    func matches(count: Int) -> [Int] {
        (0..<count).filter(admits)
    }
}
