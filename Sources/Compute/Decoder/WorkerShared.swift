/// Values, typically pointers into buffers, handed to the workers of one parallel loop. Each worker writes
/// a disjoint part of what they point to and the loop waits for all of them, so no access overlaps.
struct WorkerShared<Value>: @unchecked Sendable {
    let value: Value

    init(_ value: Value) { self.value = value }
}
