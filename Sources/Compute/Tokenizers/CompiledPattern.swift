import Foundation

/// A regular expression compiled once and shared between threads. `NSRegularExpression` is immutable and
/// documented as safe to use from several threads at once, which the compiler cannot see.
struct CompiledPattern: @unchecked Sendable {
    let regex: NSRegularExpression
    let source: String

    init(_ source: String) throws {
        self.source = source
        regex = try NSRegularExpression(pattern: source)
    }
}
