import Orchestrator
import Testing

@testable import Steps

@Suite("prompt templates")
struct PromptTemplateTests {
    @Test("placeholders are filled once, so an extract that contains braces stays as written")
    func render() throws {
        let template = try PromptTemplate(
            "By {{author}}: {{extract}} ({{count}}) [{\"instruction\": \"...\"}]", parameter: "prompt", requires: ["extract"],
            allows: ["extract", "author", "count"])
        #expect(
            template.render(["author": "Ada", "extract": "uses {{author}} literally", "count": "3"])
                == "By Ada: uses {{author}} literally (3) [{\"instruction\": \"...\"}]")
    }

    @Test("a prompt without the extract is refused: the model would invent the data")
    func requiresExtract() {
        #expect(
            throws: StepFailure(
                "parameter 'prompt' must contain {{extract}}, where the extract goes; placeholders: {{extract}}, {{author}}")
        ) {
            try PromptTemplate("Write 3 questions.", parameter: "prompt", requires: ["extract"], allows: ["extract", "author"])
        }
    }

    @Test("an unknown placeholder is named")
    func unknownPlaceholder() {
        #expect(throws: StepFailure("parameter 'prompt' has an unknown placeholder {{extrakt}}; placeholders: {{extract}}")) {
            try PromptTemplate("{{extract}} {{extrakt}}", parameter: "prompt", requires: ["extract"], allows: ["extract"])
        }
    }
}
