import Orchestrator

/// Escaping for text put into HTML and SVG by hand (templates escape their own values): the same five
/// characters the engine's SVG plots escape, so one function serves both.
public enum HTML {
    public static func escape(_ text: String) -> String { SVGWriter.escape(text) }
}
