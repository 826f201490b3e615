import Foundation

enum ReferenceFixtures {
    static let bpe = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/bpe")
}
