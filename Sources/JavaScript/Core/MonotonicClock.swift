import Foundation

/// Nanoseconds on CLOCK_MONOTONIC: timer deadlines must not jump with wall-clock changes.
enum MonotonicClock {
    static func nowNanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}
