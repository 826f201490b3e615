import ArgumentParser
import ArtifactStore
import Compute
import Foundation

extension ModelsCommand {
    struct Export: ParsableCommand, UsesGlobalOptions {
        static let configuration = CommandConfiguration(
            abstract: "Write an adapter as a PEFT folder, a llama.cpp LoRA GGUF, or a model with the adapter merged in.",
            discussion: """
                Formats:
                  peft                the adapter folder as it is (PEFT, vLLM, Unsloth)
                  gguf-lora           a llama.cpp LoRA adapter: llama-cli -m BASE --lora DEST
                  merged-safetensors  a transformers folder with the merged weights;
                                      --dtype f32 (default), f16 or bf16; the base
                                      must be a model folder
                  merged-gguf         a GGUF model with the merged weights; --dtype
                                      f16 (default), f32, bf16, q8_0, q4_0, q4_1, or
                                      base (the base GGUF's types; k-quants as f16)
                The base is the one model.json names, or --base.
                  orchestrate models export twin.model --format gguf-lora \\
                      --output twin-lora.gguf
                  orchestrate models export runs/adapter --format merged-gguf \\
                      --dtype q8_0 --output twin.gguf
                """)

        @Argument(
            help: ArgumentHelp(
                "The adapter: a PEFT folder, a model artifact or a registered model (twin@production).",
                valueName: "ref-or-folder"))
        var reference: String

        @Option(name: .long, help: "peft, gguf-lora, merged-safetensors or merged-gguf.")
        var format: String

        @Option(name: .long, help: ArgumentHelp("Where to write the folder or file.", valueName: "dest"))
        var output: String

        @Option(name: .long, help: ArgumentHelp("The base model, instead of the one model.json names.", valueName: "path"))
        var base: String?

        @Option(name: .long, help: "The merged weights' type (see the formats above).")
        var dtype: String?

        @Flag(name: .long, help: "Replace what is already at the destination.")
        var force = false

        @OptionGroup var global: GlobalOptions

        static let safetensorsTypes = ["f32": SafetensorsDType.f32, "f16": .f16, "bf16": .bf16]
        static let ggufTypes: [String: MergedGGUFExport.Precision] = [
            "f32": .type(.f32), "f16": .type(.f16), "bf16": .type(.bf16), "q8_0": .type(.q8_0), "q4_0": .type(.q4_0),
            "q4_1": .type(.q4_1), "base": .base,
        ]

        func validate() throws {
            guard let kind = ModelExportFormat(rawValue: format) else {
                let names = ModelExportFormat.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("--format must be one of \(names), got '\(format)'")
            }
            guard let dtype else { return }
            switch kind {
            case .mergedSafetensors:
                guard Self.safetensorsTypes[dtype] != nil else {
                    throw ValidationError("--dtype for merged-safetensors must be f32, f16 or bf16, got '\(dtype)'")
                }
            case .mergedGGUF:
                guard Self.ggufTypes[dtype] != nil else {
                    throw ValidationError(
                        "--dtype for merged-gguf must be f16, f32, bf16, q8_0, q4_0, q4_1 or base, got '\(dtype)'")
                }
            case .peft, .ggufLoRA:
                throw ValidationError("--dtype applies to merged-safetensors and merged-gguf only; \(format) is written as it is")
            }
        }

        func run() throws {
            let kind = ModelExportFormat(rawValue: format)!
            let location = try AdapterLocation.resolve(reference, options: global)
            let destination = URL(fileURLWithPath: output)
            if FileManager.default.fileExists(atPath: destination.path) {
                guard force else { throw CLIFailure(message: "\(output) already exists (use --force to replace it)") }
                try FileSystem.removeTree(destination)
            }
            var notes: [String] = []
            do {
                let adapter = try LoRAAdapter(contentsOf: location.folder)
                let adapterFile = location.name + "/" + LoRAAdapter.weightsFileName
                if kind == .peft {
                    try FileSystem.copy(location.folder, to: destination)
                } else {
                    let baseURL = try location.base(base, option: "--base")
                    if let warning = location.baseDigestWarning(baseURL) { Terminal.error("warning: " + warning, plain: true) }
                    let base = try BaseModel(contentsOf: baseURL)
                    switch kind {
                    case .ggufLoRA:
                        try LoRAGGUFExport.write(adapter, base: base, adapterFile: adapterFile, to: destination)
                    case .mergedSafetensors:
                        try MergedSafetensorsExport.write(
                            adapter, adapterFile: adapterFile, base: base, dtype: Self.safetensorsTypes[dtype ?? "f32"]!,
                            to: destination)
                    default:
                        notes = try MergedGGUFExport.write(
                            adapter, adapterFile: adapterFile, base: base, precision: Self.ggufTypes[dtype ?? "f16"]!,
                            to: destination)
                    }
                }
            } catch let error as CLIFailure {
                throw error
            } catch {
                throw CLIFailure(message: "\(error)", code: 1)
            }
            for note in notes { Terminal.print("note: \(note)") }
            Terminal.print("exported \(location.name) as \(format) to \(output)")
        }
    }
}
