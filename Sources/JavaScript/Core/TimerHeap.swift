/// A min-heap of timer deadlines for one isolate (setTimeout/setInterval). Used only on the isolate thread.
///
/// Cancelled timers are removed from `timers` at once and their heap entries are skipped lazily;
/// the heap is rebuilt when stale entries outnumber live ones, so clearTimeout-heavy code stays O(log n).
final class TimerHeap {
    struct Timer {
        let callback: JSValue
        let arguments: [JSValue]
        let interval: UInt64?
        var deadline: UInt64
        var sequence: UInt64
    }

    private struct Entry {
        let deadline: UInt64
        let sequence: UInt64
        let id: Int
    }

    private var heap: [Entry] = []
    private(set) var timers: [Int: Timer] = [:]
    private var nextID = 1
    private var nextSequence: UInt64 = 0

    /// Adds a timer and returns its id (ids start at 1, as in browsers, so 0 is never a valid id).
    func add(callback: JSValue, arguments: [JSValue], delayNanoseconds: UInt64, repeats: Bool) -> Int {
        let id = nextID
        nextID += 1
        let deadline = MonotonicClock.nowNanoseconds() &+ delayNanoseconds
        let timer = Timer(callback: callback, arguments: arguments, interval: repeats ? delayNanoseconds : nil,
                          deadline: deadline, sequence: nextSequence)
        timers[id] = timer
        push(Entry(deadline: deadline, sequence: nextSequence, id: id))
        nextSequence += 1
        return id
    }

    func cancel(_ id: Int) {
        guard timers.removeValue(forKey: id) != nil else { return }
        if heap.count > 64 && heap.count > 2 * timers.count { rebuild() }
    }

    func removeAll() {
        timers.removeAll()
        heap.removeAll()
    }

    /// The earliest live deadline, dropping stale entries on the way.
    var nextDeadline: UInt64? {
        while let top = heap.first {
            if let timer = timers[top.id], timer.sequence == top.sequence { return top.deadline }
            popTop()
        }
        return nil
    }

    /// Ids of the timers due at `now` that were scheduled before this call, earliest first. A timer added by
    /// a firing callback waits for the next turn of the loop, so a zero-delay setTimeout chain cannot starve
    /// queued tasks. Each id is then passed to `fire`, which skips timers cleared in the meantime.
    func dueIDs(now: UInt64) -> [Int] {
        let sequenceLimit = nextSequence
        var due: [Int] = []
        while let deadline = nextDeadline, deadline <= now, let top = heap.first, top.sequence < sequenceLimit {
            popTop()
            due.append(top.id)
        }
        return due
    }

    /// Takes a due timer: one-shot timers are removed, intervals rescheduled (at least 1 ms apart, so a
    /// zero-interval setInterval cannot keep the thread busy). Returns nil if the timer was cleared.
    func fire(_ id: Int, now: UInt64) -> Timer? {
        guard var timer = timers[id] else { return nil }
        guard let interval = timer.interval else {
            timers.removeValue(forKey: id)
            return timer
        }
        timer.deadline = now &+ max(interval, 1_000_000)
        timer.sequence = nextSequence
        nextSequence += 1
        timers[id] = timer
        push(Entry(deadline: timer.deadline, sequence: timer.sequence, id: id))
        return timer
    }

    private func rebuild() {
        heap = heap.filter { timers[$0.id]?.sequence == $0.sequence }
        heap.sort { less($0, $1) }  // a sorted array is a valid heap
    }

    private func less(_ a: Entry, _ b: Entry) -> Bool {
        a.deadline != b.deadline ? a.deadline < b.deadline : a.sequence < b.sequence
    }

    private func push(_ entry: Entry) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private func popTop() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count && less(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count && less(heap[right], heap[smallest]) { smallest = right }
            if smallest == parent { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
