import Compute
import Foundation

/// Perplexity of a base model and of the base with an adapter on held-out conversations: the mean negative
/// log-likelihood of the assistant's tokens (rendered with the model's chat template, as `sft` trains),
/// exponentiated. The figure BENCHMARKS.md records for "the fine-tuned twin fits the author's text better".
///
/// usage: orchestrate-bench perplexity MODEL ADAPTER_FOLDER CHAT_JSONL [MAX_LENGTH] [TOKENS_OUT]
///
/// TOKENS_OUT, when given, receives the scored sequences as JSON lines of `input_ids` and `labels` (−100: not
/// scored), so that `Benchmarks/peft_perplexity.py` scores exactly the same tokens with transformers + PEFT.
enum PerplexityBenchmark {
    static func run(_ arguments: [String]) throws {
        guard arguments.count >= 3 else {
            throw GenerateBenchmark.Usage(
                "usage: orchestrate-bench perplexity MODEL ADAPTER_FOLDER CHAT_JSONL [MAX_LENGTH] [TOKENS_OUT]")
        }
        let maxLength = arguments.count > 3 ? Int(arguments[3]) ?? 256 : 256
        let model = try LanguageModel(contentsOf: URL(fileURLWithPath: arguments[0]))
        let adapter = try LoRAAdapter(contentsOf: URL(fileURLWithPath: arguments[1]))
        let encoder = try ConversationEncoder(model: model, scope: .assistant, maxLength: maxLength)
        let text = try String(contentsOf: URL(fileURLWithPath: arguments[2]), encoding: .utf8)
        let sequences = try text.split(separator: "\n").compactMap { line -> TrainingSequence? in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let messages = object["messages"] as? [[String: String]]
            else { return nil }
            let sequence = try encoder.sequence(
                messages.map { ChatMessage(role: $0["role"] ?? "", content: $0["content"] ?? "") })
            return sequence.labelCount > 0 ? sequence : nil
        }
        if arguments.count > 4 {
            let lines = sequences.map { sequence in
                let labels = zip(sequence.tokens, sequence.isLabel).map { $1 ? $0 : -100 }
                return "{\"input_ids\": \(sequence.tokens), \"labels\": \(labels)}\n"
            }
            try Data(lines.joined().utf8).write(to: URL(fileURLWithPath: arguments[4]))
        }
        let base = try HeldOutPerplexity.measure(sequences, model: model, adapter: nil).reduce(HeldOutPerplexity(), +)
        let adapted = try HeldOutPerplexity.measure(sequences, model: model, adapter: adapter).reduce(HeldOutPerplexity(), +)
        print(
            String(
                format: "%d held-out conversations, %d assistant tokens: base perplexity %.4f, with the adapter %.4f",
                sequences.count, base.tokens, base.perplexity, adapted.perplexity))
    }
}
