import CLibXML2

/// libxml2 must initialize its global tables once, from one thread, before parsers run concurrently;
/// parsing initializes lazily otherwise, which races when the first two parses overlap.
enum LibXMLSetup {
    static let initialized: Void = xmlInitParser()
}
