import Foundation
import PlanService
import Testing

/// History timestamps: `Caller.isoTimestamp` writes exactly what `ISO8601DateFormatter` with fractional
/// seconds writes, without making a formatter per event.
@Suite struct CallerTimestampTests {
    /// The formatter `isoNow` used to make per call.
    func formatter() -> ISO8601DateFormatter {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f
    }

    @Test func aFixedInstantIsWrittenInUTCWithMilliseconds() {
        #expect(Caller.isoTimestamp(Date(timeIntervalSince1970: 1_796_000_000.123)) == "2026-11-30T00:53:20.123Z")
        #expect(Caller.isoTimestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
    }

    @Test func everyInstantIsWrittenAsTheFormatterWritesIt() {
        // Whole seconds, sub-millisecond fractions (rounded to the nearest), the end of a second, leap days,
        // before 1970 and the reference date's neighbourhood.
        var instants: [Double] = [0, 0.0005, 0.9999, 59.9995, 951_782_400.5, 978_307_200, 978_307_199.999,
                                  1_796_000_000.123, 1_796_000_000.9996, 4_102_444_799.999, -1.5, -86_400.25]
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<5_000 {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            instants.append(Double(x >> 11) / Double(1 << 53) * 4_000_000_000 - 100_000_000)
        }
        let formatter = formatter()
        for seconds in instants {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(Caller.isoTimestamp(date) == formatter.string(from: date), "\(seconds)")
        }
    }
}
