/// What the inference loop reports about one request, in order. A request's stream ends after every
/// choice has finished, or after `failed`.
enum InferenceEvent: Sendable, Equatable {
    /// More text of answer `choice` (never empty).
    case text(choice: Int, String)
    /// Answer `choice` ended: `stop` or `length`, after `completionTokens` tokens.
    case finished(choice: Int, reason: String, completionTokens: Int)
    /// The request cannot go on; the answers so far are all there will be.
    case failed(APIError)
}
