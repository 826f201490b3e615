import Testing

@testable import Steps

@Suite("language guess")
struct LanguageGuessTests {
    @Test(
        "common languages are told apart by their function words",
        arguments: [
            ("The model is trained on the data that we collected, and it is evaluated with care.", "en"),
            ("Der Autor sagt, dass die Daten und die Modelle immer wieder geprüft werden müssen.", "de"),
            ("Le modèle est entraîné sur les données que nous avons collectées pour la tâche.", "fr"),
            ("El modelo se entrena con los datos que hemos recogido para la tarea de la empresa.", "es"),
        ])
    func languages(text: String, language: String) {
        #expect(LanguageGuess.language(of: text) == language)
    }

    @Test("short texts and code say nothing")
    func unknown() {
        #expect(LanguageGuess.language(of: "Good.") == nil)
        #expect(LanguageGuess.language(of: "let x = foo(bar, baz) + qux(1, 2) * 3") == nil)
    }
}
