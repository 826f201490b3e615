/// Which nodes a graph search may return. Nodes that are not admitted are still walked through, so a
/// filter never cuts the graph apart; they just never enter the results.
protocol NodeAdmission {
    func admits(_ node: Int) -> Bool
}

/// Every node: unfiltered searches and graph construction.
struct AdmitAll: NodeAdmission {
    @inline(__always)
    func admits(_ node: Int) -> Bool { true }
}
