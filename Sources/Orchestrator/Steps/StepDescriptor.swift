import ArtifactStore

/// Everything the engine and `steps show` need to know about a step type.
public struct StepDescriptor: Sendable {
    /// The name pipelines use in `uses:`.
    public var type: String
    /// Part of every cache key: bump it when the step's output for the same input changes.
    public var version: Int
    public var summary: String
    public var parameters: [ParameterDescriptor]
    public var inputs: [PortDescriptor]
    public var outputs: [PortDescriptor]
    /// Steps that bring data in from outside (crawl, import): `reproduce` reuses their recorded outputs.
    public var isSource: Bool
    /// Inputs are named freely in the pipeline (the `command` step).
    public var acceptsAnyInputs: Bool
    /// Outputs are declared in the pipeline with `outputs:` (the `command` step).
    public var declaresOutputs: Bool
    /// The step takes a `run:` script.
    public var takesRun: Bool

    public init(
        type: String, version: Int, summary: String, parameters: [ParameterDescriptor] = [],
        inputs: [PortDescriptor] = [], outputs: [PortDescriptor] = [], isSource: Bool = false,
        acceptsAnyInputs: Bool = false, declaresOutputs: Bool = false, takesRun: Bool = false
    ) {
        self.type = type
        self.version = version
        self.summary = summary
        self.parameters = parameters
        self.inputs = inputs
        self.outputs = outputs
        self.isSource = isSource
        self.acceptsAnyInputs = acceptsAnyInputs
        self.declaresOutputs = declaresOutputs
        self.takesRun = takesRun
    }

    public func parameter(_ name: String) -> ParameterDescriptor? {
        parameters.first { $0.name == name }
    }
}

/// A typed parameter with its default. A parameter without a default is required.
public struct ParameterDescriptor: Sendable {
    public enum Kind: String, Sendable {
        case string, int, number, bool, list, map, duration, any

        /// Whether a value fits; ints are accepted where numbers are expected.
        public func accepts(_ value: JSONValue) -> Bool {
            switch (self, value) {
            case (.any, _), (.string, .string), (.int, .int), (.number, .int), (.number, .double), (.bool, .bool),
                (.list, .array), (.map, .object):
                return true
            case (.int, .double(let number)):
                return number.rounded() == number
            case (.duration, .int), (.duration, .double):
                return true
            case (.duration, .string(let text)):
                return DurationParser.seconds(text) != nil
            default:
                return false
            }
        }
    }

    /// Whether a parameter's value joins the step's cache key.
    public enum Keying: Sendable {
        /// Always: the value changes the work.
        case always
        /// Only when it differs from the default, so that a parameter added to a step with its old
        /// behaviour as the default leaves every existing cache key, and so every cached output, as it was.
        case exceptDefault
        /// Never: the value says where or how the work runs on this machine (an interpreter's path),
        /// not what it computes.
        case never
    }

    public var name: String
    public var kind: Kind
    public var defaultValue: JSONValue?
    public var summary: String
    public var keying: Keying

    public init(
        _ name: String, _ kind: Kind, default defaultValue: JSONValue? = nil, _ summary: String, keying: Keying = .always
    ) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.summary = summary
        self.keying = keying
    }

    /// Whether `value`, this parameter's resolved value, is part of the cache key.
    public func isKeyed(_ value: JSONValue) -> Bool {
        switch keying {
        case .always: true
        case .exceptDefault: value != defaultValue
        case .never: false
        }
    }

    public var isRequired: Bool { defaultValue == nil }
}

/// A named input or output of a step type and the artifact type that flows through it.
public struct PortDescriptor: Sendable {
    public var name: String
    public var type: String
    public var summary: String
    public var optional: Bool

    public init(_ name: String, type: String, _ summary: String, optional: Bool = false) {
        self.name = name
        self.type = type
        self.summary = summary
        self.optional = optional
    }
}
