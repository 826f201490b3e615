import Testing

@testable import Crawler

@Suite struct CSVReaderTests {
    @Test func quotedFieldsHoldCommasLineBreaksAndDoubledQuotes() {
        let text = "a,b,c\r\n1,\"two, with comma\",\"three\nlines \"\"quoted\"\"\"\r\n,,\nlast,row,\"\"\n"
        #expect(
            CSVReader.rows(text) == [
                ["a", "b", "c"], ["1", "two, with comma", "three\nlines \"quoted\""], ["", "", ""], ["last", "row", ""],
            ])
    }

    @Test func aFinalRowWithoutNewlineIsKept() {
        #expect(CSVReader.rows("x,y\n1,2") == [["x", "y"], ["1", "2"]])
        #expect(CSVReader.rows("") == [])
    }
}
