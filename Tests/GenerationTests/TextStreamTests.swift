import Testing

@testable import Generation

/// What a streamed answer shows: whole characters only, and nothing of a stop sequence.
struct TextStreamTests {
    @Test func aCharacterSplitAcrossTokensIsShownOnceComplete() {
        var stream = TextStream(stops: [])
        let euro = Array("€".utf8)
        #expect(stream.append(Array("price: ".utf8) + euro.prefix(1)) == "price: ")
        #expect(stream.append(Array(euro[1...1])) == "")
        #expect(stream.append(Array(euro[2...2]) + Array("5".utf8)) == "€5")
        #expect(stream.finish() == "")
        #expect(stream.text == "price: €5")
    }

    @Test func aTruncatedCharacterAtTheEndBecomesAReplacementCharacter() {
        var stream = TextStream(stops: [])
        #expect(stream.append([0x61, 0xF0, 0x9F]) == "a")
        #expect(stream.finish() == "\u{FFFD}")
        #expect(stream.text == "a\u{FFFD}")
    }

    @Test func textEndsBeforeAStopSequenceAndItsStartIsHeldBack() {
        var stream = TextStream(stops: ["\nUser:"])
        #expect(stream.append(Array("Paris.\nUs".utf8)) == "Paris.")
        #expect(stream.append(Array("er: next".utf8)) == "")
        #expect(stream.stopped)
        #expect(stream.append(Array("more".utf8)) == "")
        #expect(stream.text == "Paris.")
    }

    @Test func heldTextIsReleasedWhenTheStopSequenceDoesNotFollow() {
        var stream = TextStream(stops: ["###"])
        #expect(stream.append(Array("a #".utf8)) == "a ")
        #expect(stream.append(Array("# b".utf8)) == "## b")
        #expect(stream.append(Array("#".utf8)) == "")
        #expect(stream.finish() == "#")
        #expect(stream.text == "a ## b#")
        #expect(!stream.stopped)
    }
}
