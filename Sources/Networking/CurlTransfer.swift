import CCurl
import Foundation

/// One blocking libcurl GET. `perform()` runs on the calling thread; `cancel()` may be called from
/// any thread and makes the transfer stop at libcurl's next progress callback.
final class CurlTransfer: @unchecked Sendable {
    private let url: URL
    private let limits: HTTPLimits
    private let headerLines: [String]
    private let requestBody: Data?
    /// The request method when it is not what the body implies (GET without one, POST with one).
    private let method: String?
    /// Receives the body as it arrives (a streamed answer); the body is still collected as well.
    private let onData: (@Sendable (Data) -> Void)?
    // Written only by libcurl's callbacks, which run on the thread inside perform().
    private var body = Data()
    private var headers: [String: String] = [:]
    private var exceededSize = false
    private let cancellation = NSLock()
    private var cancelRequested = false

    init(
        url: URL, limits: HTTPLimits, headers: [String: String], body: Data? = nil, method: String? = nil,
        onData: (@Sendable (Data) -> Void)? = nil
    ) {
        self.url = url
        self.method = method
        self.limits = limits
        self.headerLines = headers.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
        self.requestBody = body
        self.onData = onData
    }

    func cancel() {
        cancellation.withLock { cancelRequested = true }
    }

    var isCancelled: Bool { cancellation.withLock { cancelRequested } }

    func perform() throws(HTTPFetchError) -> HTTPResponse {
        CurlGlobal.initialize()
        guard let handle = curl_easy_init() else { throw .transport("libcurl could not create a transfer") }
        defer { curl_easy_cleanup(handle) }
        var headerList: UnsafeMutablePointer<curl_slist>?
        for line in headerLines { headerList = curl_slist_append(headerList, line) }
        defer { curl_slist_free_all(headerList) }
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)

        let context = Unmanaged.passUnretained(self).toOpaque()
        let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { buffer in
            orchestrate_curl_set_string(handle, CURLOPT_URL, url.absoluteString)
            orchestrate_curl_set_pointer(handle, CURLOPT_ERRORBUFFER, buffer.baseAddress)
            orchestrate_curl_set_long(handle, CURLOPT_NOSIGNAL, 1)
            orchestrate_curl_set_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
            orchestrate_curl_set_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
            orchestrate_curl_set_long(handle, CURLOPT_FOLLOWLOCATION, 1)
            orchestrate_curl_set_long(handle, CURLOPT_MAXREDIRS, limits.maxRedirects)
            orchestrate_curl_set_long(handle, CURLOPT_TIMEOUT_MS, Int(limits.timeout * 1000))
            orchestrate_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(limits.connectTimeout * 1000))
            orchestrate_curl_set_off(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(limits.maxBytes))
            orchestrate_curl_set_string(handle, CURLOPT_USERAGENT, limits.userAgent)
            // An empty string asks for every encoding this libcurl can decode (gzip, deflate, ...).
            orchestrate_curl_set_string(handle, CURLOPT_ACCEPT_ENCODING, "")
            orchestrate_curl_set_slist(handle, CURLOPT_HTTPHEADER, headerList)
            if method == "HEAD" {
                orchestrate_curl_set_long(handle, CURLOPT_NOBODY, 1)
            } else if let method {
                orchestrate_curl_set_string(handle, CURLOPT_CUSTOMREQUEST, method)
            }
            if let requestBody {
                // COPYPOSTFIELDS copies the bytes, so they need not outlive this call's buffer.
                orchestrate_curl_set_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(requestBody.count))
                if requestBody.isEmpty {
                    orchestrate_curl_set_string(handle, CURLOPT_COPYPOSTFIELDS, "")
                } else {
                    _ = requestBody.withUnsafeBytes { bytes in
                        orchestrate_curl_set_pointer(
                            handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
                    }
                }
            }
            orchestrate_curl_set_data_callback(
                handle, CURLOPT_WRITEFUNCTION,
                { data, size, count, context in
                    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
                    return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
                })
            orchestrate_curl_set_pointer(handle, CURLOPT_WRITEDATA, context)
            orchestrate_curl_set_data_callback(
                handle, CURLOPT_HEADERFUNCTION,
                { data, size, count, context in
                    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
                    transfer.receiveHeader(UnsafeRawBufferPointer(start: data, count: size * count))
                    return size * count
                })
            orchestrate_curl_set_pointer(handle, CURLOPT_HEADERDATA, context)
            orchestrate_curl_set_long(handle, CURLOPT_NOPROGRESS, 0)
            orchestrate_curl_set_progress_callback(
                handle,
                { context, _, _, _, _ in
                    Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue().isCancelled ? 1 : 0
                })
            orchestrate_curl_set_pointer(handle, CURLOPT_XFERINFODATA, context)
            return curl_easy_perform(handle)
        }
        let message = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        try check(code, message: message.isEmpty ? String(cString: curl_easy_strerror(code)) : message)

        var status = 0
        orchestrate_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var effective: UnsafeMutablePointer<CChar>?
        orchestrate_curl_get_string(handle, CURLINFO_EFFECTIVE_URL, &effective)
        let finalURL = effective.flatMap { URL(string: String(cString: $0)) } ?? url
        return HTTPResponse(url: finalURL, status: status, headers: headers, body: body)
    }

    private func check(_ code: CURLcode, message: String) throws(HTTPFetchError) {
        switch code {
        case CURLE_OK: return
        case CURLE_OPERATION_TIMEDOUT: throw .timedOut(seconds: limits.timeout)
        case CURLE_TOO_MANY_REDIRECTS: throw .tooManyRedirects(limit: limits.maxRedirects)
        case CURLE_FILESIZE_EXCEEDED: throw .tooLarge(limit: limits.maxBytes)
        case CURLE_WRITE_ERROR where exceededSize: throw .tooLarge(limit: limits.maxBytes)
        case CURLE_ABORTED_BY_CALLBACK: throw .cancelled
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            throw .connectionFailed(message)
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT: throw .unsupportedURL(url.absoluteString)
        default: throw .transport(message)
        }
    }

    private func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        // Without a Content-Length libcurl cannot apply MAXFILESIZE up front; stop reading here instead.
        guard body.count + bytes.count <= limits.maxBytes else {
            exceededSize = true
            return 0
        }
        body.append(contentsOf: bytes)
        onData?(Data(bytes))
        return bytes.count
    }

    private func receiveHeader(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        // Every response of a redirect chain starts with a status line; keep only the last one's headers.
        if line.hasPrefix("HTTP/") {
            headers = [:]
            body = Data()
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
}

/// libcurl's process-wide set-up, done once before the first transfer (it is not thread-safe itself).
enum CurlGlobal {
    private static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK

    static func initialize() {
        _ = initialized
    }
}
