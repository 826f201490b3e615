import Foundation
import Networking
import Testing

@Suite struct RetryAfterTests {
    @Test func secondsAndHTTPDates() {
        #expect(RetryAfter.seconds("120") == 120)
        let now = Date(timeIntervalSince1970: 1_784_000_000)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let later = formatter.string(from: now.addingTimeInterval(30))
        #expect(RetryAfter.seconds(later, now: now) == 30)
        #expect(RetryAfter.seconds("soon") == nil)
        #expect(RetryAfter.seconds(nil) == nil)
        #expect(RetryAfter.seconds("-5") == nil)
    }
}
