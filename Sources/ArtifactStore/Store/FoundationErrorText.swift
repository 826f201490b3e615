import Foundation

/// The sentence a Foundation error stands for, with the file it is about. On Linux, Foundation often
/// describes a failed file operation as "The operation could not be completed" and keeps the cause in
/// the underlying POSIX error ("Not a directory"), so that one is preferred.
public enum FoundationErrorText {
    /// The text of one of Foundation's file or POSIX errors; nil for any other error.
    public static func describe(_ error: any Error) -> String? {
        let object = error as NSError
        // Every Swift error bridges to NSError; only Foundation's own have these domains.
        guard object.domain == NSCocoaErrorDomain || object.domain == NSPOSIXErrorDomain else { return nil }
        var text = object.localizedDescription
        if let underlying = object.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            text = underlying.localizedDescription
        }
        let path = (object.userInfo[NSFilePathErrorKey] as? String) ?? (object.userInfo[NSURLErrorKey] as? URL)?.path
        guard let path, !text.contains(path) else { return text }
        return "\(path): \(text)"
    }
}
