import CJavaScriptCore
import Foundation

/// The GLib main context of one isolate thread.
///
/// JavaScriptCore's GTK port runs part of its work on WTF's RunLoop: FinalizationRegistry cleanup and other
/// deferred work, the GC activity timers, work posted from its helper threads. On Linux that RunLoop wraps the
/// thread-default GMainContext of the thread that creates the VM — or, when there is none, a private context
/// that nothing ever iterates. So the isolate thread makes this context its default before its first JSC call,
/// and its loop iterates it along with its own jobs and timers.
final class GLibMainContext: @unchecked Sendable {
    private let context: OpaquePointer
    /// GLib's poll set, reused between iterations (isolate thread only).
    private var fds = [pollfd](repeating: pollfd(), count: 8)

    init() {
        context = g_main_context_new()
    }

    deinit {
        g_main_context_unref(context)
    }

    /// Makes this the calling thread's default context and acquires it (GLib lets only its owner iterate it).
    func enter() {
        g_main_context_push_thread_default(context)
    }

    /// Undoes `enter`, on the same thread.
    func leave() {
        g_main_context_pop_thread_default(context)
    }

    /// Makes a `wait` in progress (or the next one) return at once. Safe from any thread; GLib does the same
    /// when a source is attached or made ready from another thread.
    func wakeUp() {
        g_main_context_wakeup(context)
    }

    /// One GLib iteration on the owning thread: collects GLib's file descriptors and its next timeout, lets
    /// `wait` poll them — with that timeout, or a shorter one until `deadline` (monotonic ns) — and then
    /// dispatches the sources that are ready. `wait` decides whether to block at all (poll with timeout 0).
    func iterate(deadline: UInt64?, wait: (_ fds: UnsafeMutablePointer<pollfd>, _ count: Int, _ timeoutMs: Int32) -> Void) {
        var priority: Int32 = 0
        _ = g_main_context_prepare(context, &priority)
        var timeout: Int32 = -1
        var count = Int(g_main_context_query(context, priority, &timeout, &fds, Int32(fds.count)))
        if count > fds.count {  // more descriptors than room: grow and ask again
            fds = [pollfd](repeating: pollfd(), count: count)
            count = Int(g_main_context_query(context, priority, &timeout, &fds, Int32(fds.count)))
        }
        if let deadline {
            let now = MonotonicClock.nowNanoseconds()
            // Rounded up: waking before the deadline would find nothing due and poll again with timeout 0.
            let untilDeadline = deadline <= now ? 0 : Int32(clamping: (deadline - now + 999_999) / 1_000_000)
            timeout = timeout < 0 ? untilDeadline : min(timeout, untilDeadline)
        }
        fds.withUnsafeMutableBufferPointer { wait($0.baseAddress!, count, timeout) }
        if g_main_context_check(context, priority, &fds, Int32(count)) != 0 {
            g_main_context_dispatch(context)
        }
    }
}
