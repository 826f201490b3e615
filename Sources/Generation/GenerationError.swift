/// Why no answer came back, in words meant for the person running the pipeline.
public struct GenerationError: Error, CustomStringConvertible, Equatable, Sendable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
