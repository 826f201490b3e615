import Testing

/// The pipelines that run every step end to end take minutes and block a thread while the binary
/// runs; run one at a time so they never hold every thread of the test process at once.
@Suite("example pipelines", .serialized)
enum ExamplePipelines {}
