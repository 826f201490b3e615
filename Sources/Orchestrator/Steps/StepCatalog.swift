/// The step types a pipeline can use, by name.
public struct StepCatalog: Sendable {
    private var steps: [String: any Step]

    public init(_ steps: [any Step]) {
        self.steps = Dictionary(steps.map { ($0.descriptor.type, $0) }, uniquingKeysWith: { _, last in last })
    }

    public func step(_ type: String) -> (any Step)? { steps[type] }

    public var types: [String] { steps.keys.sorted() }

    public var descriptors: [StepDescriptor] { types.compactMap { steps[$0]?.descriptor } }
}
