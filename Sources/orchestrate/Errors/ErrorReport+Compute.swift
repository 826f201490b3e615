import Compute

extension ErrorReport {
    /// Model files, vector indexes and the decoder: each names its file, so the hint says what to do with it.
    static func compute(_ error: any Error) -> ErrorReport? {
        switch error {
        case let failure as ModelFileError:
            let hint: String
            switch failure.kind {
            case .missing: hint = "run ./scripts/setup to fetch the default models, or pass --model with another one"
            case .malformed, .mismatch: hint = "the model's files may be incomplete or mixed up: fetch the model again"
            case .unsupported:
                hint = "sentence-transformers BERT folders embed, and Llama-family models (folder or .gguf) generate"
            }
            return ErrorReport(message: failure.description, hint: hint)
        case let failure as SafetensorsError:
            return ErrorReport(message: failure.description, hint: "the file may be truncated or damaged: fetch the model again")
        case let failure as GGUFError:
            let hint: String
            switch failure.kind {
            case .unsupportedVersion: hint = "convert it again with a current llama.cpp (GGUF versions 2 and 3 are read)"
            case .unknownTensorType: hint = "quantize it to Q8_0, Q4_0, Q4_1, Q4_K, Q5_K or Q6_K, or use F16"
            case .missingTensor: hint = "is it a Llama-family model (Llama, Mistral, Qwen2, SmolLM)?"
            default: hint = "the file may be truncated or damaged: download it again"
            }
            return ErrorReport(message: failure.description, hint: hint)
        case let failure as WeightMatrixError:
            return ErrorReport(
                message: failure.description, hint: "quantize the model to Q8_0, Q4_0, Q4_1, Q4_K, Q5_K or Q6_K, or use F16")
        case let failure as VectorIndexError:
            switch failure.kind {
            case .dimensionMismatch, .invalidParameter, .invalidVector:
                return ErrorReport(message: failure.description)
            default:
                return ErrorReport(
                    message: failure.description, hint: "run `orchestrate artifacts verify` to check the stored content")
            }
        case let failure as DecoderError:
            return ErrorReport(
                message: failure.description,
                hint: failure.kind == .cacheFull ? "shorten the prompt, or lower --max-tokens" : nil,
                exitCode: ExitStatus.failed)
        case let failure as ChatTemplateError:
            return ErrorReport(
                message: "the model's chat template: \(failure.description)",
                hint: "--raw sends the prompt without the template")
        default:
            return nil
        }
    }
}
