import Compute
import Crawler
import Foundation
import Testing

@Suite struct TextDecodingTests {
    /// "café “quoted”" in windows-1252.
    private let windows1252Bytes: [UInt8] = [0x63, 0x61, 0x66, 0xE9, 0x20, 0x93, 0x71, 0x75, 0x6F, 0x74, 0x65, 0x64, 0x94]

    private func decode(_ bytes: [UInt8], charset: String? = nil, html: Bool = false) -> DecodedText {
        TextDecoding.decode(Data(bytes), declaredCharset: charset, isHTML: html)
    }

    private func html(_ head: String, body: [UInt8]) -> [UInt8] {
        Array("<html><head>\(head)</head><body>".utf8) + body + Array("</body></html>".utf8)
    }

    @Test func byteOrderMarksWinOverEveryLabel() {
        let utf8 = decode([0xEF, 0xBB, 0xBF] + Array("naïve".utf8), charset: "iso-8859-1")
        #expect(utf8 == DecodedText(text: "naïve", charset: "utf-8", source: .byteOrderMark))
        let littleEndian = decode([0xFF, 0xFE, 0x68, 0x00, 0xE9, 0x00, 0x3D, 0xD8, 0x00, 0xDE])
        #expect(littleEndian == DecodedText(text: "hé😀", charset: "utf-16le", source: .byteOrderMark))
        let bigEndian = decode([0xFE, 0xFF, 0x00, 0x68, 0x00, 0xE9], charset: "utf-8")
        #expect(bigEndian == DecodedText(text: "hé", charset: "utf-16be", source: .byteOrderMark))
    }

    @Test func headerCharsetIsUsed() {
        #expect(
            decode(windows1252Bytes, charset: "windows-1252")
                == DecodedText(text: "café “quoted”", charset: "windows-1252", source: .header))
        #expect(
            decode([0xA4, 0x20, 0x35], charset: "ISO-8859-15")
                == DecodedText(text: "€ 5", charset: "iso-8859-15", source: .header))
        #expect(
            decode([0x93, 0xFA, 0x96, 0x7B], charset: "Shift_JIS")
                == DecodedText(text: "日本", charset: "shift_jis", source: .header))
    }

    @Test func latin1AndASCIILabelsMeanWindows1252() {
        // WHATWG: iso-8859-1 and us-ascii are decoded as windows-1252, so 0x80 is the euro sign.
        #expect(decode([0x80, 0x31], charset: "iso-8859-1") == DecodedText(text: "€1", charset: "windows-1252", source: .header))
        #expect(decode([0x93, 0x78, 0x94], charset: "\"latin1\"").text == "“x”")
        #expect(decode([0x41, 0x81], charset: "us-ascii").text == "A\u{81}")
    }

    @Test func metaCharsetIsFoundInHTML() {
        let bytes = html(#"<meta charset="windows-1252">"#, body: windows1252Bytes)
        let decoded = decode(bytes, html: true)
        #expect(decoded.charset == "windows-1252")
        #expect(decoded.source == .meta)
        #expect(decoded.text.contains("café “quoted”"))
    }

    @Test func selfClosingUnquotedMetaCharset() {
        let decoded = decode(html("<meta charset=windows-1252/>", body: [0x80]), html: true)
        #expect(decoded.source == .meta)
        #expect(decoded.text.contains("<body>€</body>"))
    }

    @Test func metaHTTPEquivContentTypeIsFound() {
        let bytes = html(
            #"<!-- <meta charset="koi8-r"> --><META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=ISO-8859-15'>"#,
            body: [0xA4])
        let decoded = decode(bytes, html: true)
        #expect(decoded.charset == "iso-8859-15")
        #expect(decoded.source == .meta)
        #expect(decoded.text.contains("<body>€</body>"))
    }

    @Test func metaIsIgnoredOutsideHTMLAndAfterAHeader() {
        let bytes = html(#"<meta charset="iso-8859-15">"#, body: [0xA4])
        #expect(decode(bytes, html: false).source == .fallback)
        let withHeader = decode(bytes, charset: "windows-1252", html: true)
        #expect(withHeader.source == .header)
        #expect(withHeader.text.contains("<body>¤</body>"))
    }

    @Test func metaDeclaringUTF16MeansUTF8() {
        let decoded = decode(html(#"<meta charset="utf-16">"#, body: Array("ü".utf8)), html: true)
        #expect(decoded.charset == "utf-8")
        #expect(decoded.source == .meta)
        #expect(decoded.text.contains("<body>ü</body>"))
    }

    @Test func declaredUTF8ThatIsNotUTF8FallsBackToWindows1252() {
        #expect(
            decode(windows1252Bytes, charset: "utf-8")
                == DecodedText(text: "café “quoted”", charset: "windows-1252", source: .detected))
        let viaMeta = decode(html(#"<meta charset="UTF-8">"#, body: windows1252Bytes), html: true)
        #expect(viaMeta.charset == "windows-1252")
        #expect(viaMeta.source == .detected)
    }

    @Test func latin1LabelOnUTF8BytesIsOverruled() {
        #expect(
            decode(Array("Zürich – “Grüezi”".utf8), charset: "iso-8859-1")
                == DecodedText(text: "Zürich – “Grüezi”", charset: "utf-8", source: .detected))
        // Pure ASCII is the same either way, so the label stands.
        #expect(decode(Array("plain".utf8), charset: "iso-8859-1").source == .header)
    }

    @Test func unlabeledBytesAreDetected() {
        #expect(decode(Array("Grüße".utf8)) == DecodedText(text: "Grüße", charset: "utf-8", source: .detected))
        #expect(
            decode(windows1252Bytes)
                == DecodedText(text: "café “quoted”", charset: "windows-1252", source: .fallback))
    }

    @Test func unknownLabelFallsBackToDetection() {
        #expect(
            decode(Array("Grüße".utf8), charset: "x-no-such-charset")
                == DecodedText(text: "Grüße", charset: "utf-8", source: .detected))
    }

    @Test func utf16WithoutByteOrderMark() {
        let littleEndian: [UInt8] = [0x48, 0x00, 0x69, 0x00, 0x20, 0x00, 0xE9, 0x00]
        #expect(decode(littleEndian, charset: "utf-16") == DecodedText(text: "Hi é", charset: "utf-16le", source: .header))
        let bigEndian: [UInt8] = [0x00, 0x48, 0x00, 0x69, 0x00, 0x21]
        #expect(decode(bigEndian, charset: "utf-16") == DecodedText(text: "Hi!", charset: "utf-16be", source: .header))
        #expect(decode(bigEndian) == DecodedText(text: "Hi!", charset: "utf-16be", source: .detected))
        // A UTF-16 label on bytes without a single zero is a wrong label.
        #expect(decode(Array("ok ü".utf8), charset: "utf-16le") == DecodedText(text: "ok ü", charset: "utf-8", source: .detected))
    }

    @Test func utf8WithAStrayByteKeepsUTF8() {
        let bytes = Array("Grüße aus Zürich, schön".utf8) + [0xE9] + Array(" – mehr".utf8)
        let decoded = decode(bytes, charset: "utf-8")
        #expect(decoded.charset == "utf-8")
        #expect(decoded.source == .detected)
        #expect(decoded.text == "Grüße aus Zürich, schön\u{FFFD} – mehr")
    }

    @Test func arbitraryBytesNeverFail() {
        var generator = SplitMix64(seed: 7)
        let labels: [String?] = [
            nil, "utf-8", "utf-16", "utf-16be", "windows-1252", "iso-8859-15", "shift_jis", "euc-jp",
            "gb18030", "koi8-r", "bogus", "",
        ]
        for length in [1, 2, 3, 17, 400] {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            for label in labels {
                for isHTML in [false, true] {
                    let decoded = decode(bytes, charset: label, html: isHTML)
                    #expect(!decoded.text.isEmpty, "label \(label ?? "none"), \(length) bytes")
                    #expect(!decoded.charset.isEmpty)
                }
            }
        }
        #expect(decode([]) == DecodedText(text: "", charset: "utf-8", source: .detected))
    }
}
