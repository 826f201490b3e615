import Foundation

@testable import Compute

/// A Llama forward pass written as the equations read, in float64, straight from a folder's safetensors:
/// the reference the native decoder is checked against. Slow and obvious on purpose. An adapter is merged
/// in float64 too, `W + (alpha / r) · B·A`, as PEFT defines it.
struct NaiveLlama {
    let config: LlamaConfiguration
    private var weights: [String: [Double]] = [:]

    init(folder: URL, adapter: LoRAAdapter? = nil) throws {
        config = try LlamaConfiguration(contentsOf: folder.appendingPathComponent("config.json"), file: "config.json")
        let file = try SafetensorsFile(contentsOf: folder.appendingPathComponent("model.safetensors"))
        for name in file.names { weights[name] = try file.floats(name).map(Double.init) }
        guard let adapter else { return }
        let scale = adapter.configuration.alpha / Double(adapter.configuration.rank)
        for (layer, pairs) in adapter.layers.enumerated() {
            for (target, pair) in pairs {
                let name = "model.layers.\(layer).\(target.modulePath).weight"
                var w = weights[name]!
                for row in 0..<pair.outFeatures {
                    for column in 0..<pair.inFeatures {
                        var sum = 0.0
                        for k in 0..<pair.rank {
                            sum += Double(pair.b[row * pair.rank + k]) * Double(pair.a[k * pair.inFeatures + column])
                        }
                        w[row * pair.inFeatures + column] += scale * sum
                    }
                }
                weights[name] = w
            }
        }
    }

    /// `w [out, in] · x`.
    private func linear(_ name: String, _ x: [Double]) -> [Double] {
        let w = weights[name]!
        let columns = x.count
        return (0..<(w.count / columns)).map { row in (0..<columns).reduce(0) { $0 + w[row * columns + $1] * x[$1] } }
    }

    private func rmsNorm(_ x: [Double], _ name: String) -> [Double] {
        let scale = 1 / (x.reduce(0) { $0 + $1 * $1 } / Double(x.count) + config.rmsNormEpsilon).squareRoot()
        return zip(x, weights[name]!).map { $0 * scale * $1 }
    }

    /// `rotate_half` rotary embedding of every head of `x` at `position`.
    private func rotated(_ x: [Double], heads: Int, position: Int) -> [Double] {
        let size = config.headSize
        let half = size / 2
        var result = x
        for head in 0..<heads {
            for pair in 0..<half {
                let angle = Double(position) * pow(config.ropeTheta, -Double(2 * pair) / Double(size))
                let (first, second) = (x[head * size + pair], x[head * size + pair + half])
                result[head * size + pair] = first * cos(angle) - second * sin(angle)
                result[head * size + pair + half] = second * cos(angle) + first * sin(angle)
            }
        }
        return result
    }

    /// The logits at every position of `tokens`.
    func logits(_ tokens: [Int]) -> [[Double]] {
        let hidden = config.hiddenSize
        let size = config.headSize
        let embeddings = weights["model.embed_tokens.weight"]!
        var states = tokens.map { Array(embeddings[($0 * hidden)..<(($0 + 1) * hidden)]) }
        for layer in 0..<config.layers {
            let p = "model.layers.\(layer)."
            var keys: [[Double]] = []
            var values: [[Double]] = []
            var queries: [[Double]] = []
            for (position, state) in states.enumerated() {
                let normed = rmsNorm(state, p + "input_layernorm.weight")
                queries.append(
                    rotated(linear(p + "self_attn.q_proj.weight", normed), heads: config.attentionHeads, position: position))
                keys.append(
                    rotated(linear(p + "self_attn.k_proj.weight", normed), heads: config.keyValueHeads, position: position))
                values.append(linear(p + "self_attn.v_proj.weight", normed))
            }
            for position in states.indices {
                var attended = [Double](repeating: 0, count: config.queryWidth)
                for head in 0..<config.attentionHeads {
                    let kv = head / (config.attentionHeads / config.keyValueHeads)
                    let scores = (0...position).map { other in
                        (0..<size).reduce(0) { $0 + queries[position][head * size + $1] * keys[other][kv * size + $1] }
                            / Double(size).squareRoot()
                    }
                    let top = scores.max()!
                    let weights = scores.map { exp($0 - top) }
                    let total = weights.reduce(0, +)
                    for (other, weight) in weights.enumerated() {
                        for i in 0..<size { attended[head * size + i] += weight / total * values[other][kv * size + i] }
                    }
                }
                states[position] = zip(states[position], linear(p + "self_attn.o_proj.weight", attended)).map(+)
                let normed = rmsNorm(states[position], p + "post_attention_layernorm.weight")
                let gate = linear(p + "mlp.gate_proj.weight", normed)
                let up = linear(p + "mlp.up_proj.weight", normed)
                let inner = zip(gate, up).map { g, u in g / (1 + exp(-g)) * u }
                states[position] = zip(states[position], linear(p + "mlp.down_proj.weight", inner)).map(+)
            }
        }
        let head = config.tiesWordEmbeddings ? "model.embed_tokens.weight" : "lm_head.weight"
        return states.map { linear(head, rmsNorm($0, "model.norm.weight")) }
    }
}
