import Foundation

/// A LoRA adapter as llama.cpp loads one (`--lora FILE`): a GGUF file with `general.type = adapter`,
/// `adapter.type = lora`, `adapter.lora.alpha`, and for every adapted weight `blk.N.attn_q.weight` the
/// pair `blk.N.attn_q.weight.lora_a` (dimensions `[in, r]`) and `.lora_b` (`[r, out]`), in F32. As
/// llama.cpp's converter does, `B` of a Llama model's query and key projections is permuted like the base
/// weights' rows, so that `W + scale · B·A` is the adapted weight in the file's row order.
public enum LoRAGGUFExport {
    /// Writes `adapter`, checked against `base`, to `url`. `adapterFile` names the adapter in errors.
    public static func write(_ adapter: LoRAAdapter, base: BaseModel, adapterFile: String, to url: URL) throws {
        try adapter.check(against: base.configuration, adapterFile: adapterFile, base: base.url.relativePath)
        let architecture = base.architecture
        var writer = GGUFWriter()
        writer.set("general.architecture", string: architecture)
        writer.set("general.type", string: "adapter")
        writer.set("general.name", string: url.deletingPathExtension().lastPathComponent)
        writer.set("general.file_type", uint32: GGMLType.f32.llamaFileType!)
        writer.set("adapter.type", string: "lora")
        writer.set("adapter.lora.alpha", float32: Float(adapter.configuration.alpha))
        for (layer, pairs) in adapter.layers.enumerated() {
            for target in adapter.configuration.targets {
                guard let pair = pairs[target] else { continue }
                let stored =
                    target.isPermuted(inGGUF: architecture)
                    ? pair.permutingOutputRows(heads: target.heads(in: base.configuration)) : pair
                let name = "blk.\(layer).\(target.ggufName).weight"
                writer.addFloats(name + ".lora_a", dimensions: [pair.inFeatures, pair.rank], as: .f32) { stored.a }
                writer.addFloats(name + ".lora_b", dimensions: [pair.rank, pair.outFeatures], as: .f32) { stored.b }
            }
        }
        try writer.write(to: url)
    }
}
