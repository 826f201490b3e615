import Foundation
import OrchestrateTesting

@testable import Compute

/// The tiny chat model written as GGUF by the project's own converter (merging an adapter whose `B` is
/// zero, which leaves every weight as it is): the GGUF variant of the fixture.
enum TinyGGUF {
    static func write(in folder: TemporaryFolder, type: GGMLType, name: String? = nil) throws -> URL {
        let url = folder.url.appendingPathComponent(name ?? "tiny-\(type.description.lowercased()).gguf")
        _ = try MergedGGUFExport.write(
            try TinyChatModel.adapter(zeroB: true), adapterFile: "adapter", base: try BaseModel(contentsOf: TinyChatModel.folder),
            precision: .type(type), to: url)
        return url
    }
}
