/// Assigns every intermediate value a reusable GPU buffer ("slot") by liveness: a value's slot is
/// free again after the last step that reads it, and a later value of any size takes the best-fitting
/// free slot (growing it if none is large enough). Pinned values (graph outputs) get slots of their own.
struct MemoryPlan: Equatable {
    /// Bytes of each slot.
    var slotSizes: [Int]
    /// The slot of each planned value.
    var slotOf: [String: Int]

    struct Step {
        var reads: [String]
        var writes: [String]
    }

    /// - Parameters:
    ///   - steps: in execution order; reads/writes name values (aliases already resolved to roots).
    ///   - sizes: bytes of every value that needs a slot (values absent here are inputs or constants).
    ///   - pinned: values that must keep their buffer after the run (outputs).
    static func plan(steps: [Step], sizes: [String: Int], pinned: Set<String>) -> MemoryPlan {
        var lastUse: [String: Int] = [:]
        for (index, step) in steps.enumerated() {
            for value in step.reads + step.writes where sizes[value] != nil { lastUse[value] = index }
        }
        var plan = MemoryPlan(slotSizes: [], slotOf: [:])
        var free: [Int] = []
        for (index, step) in steps.enumerated() {
            for value in step.writes where sizes[value] != nil && plan.slotOf[value] == nil {
                let size = sizes[value]!
                if pinned.contains(value) {
                    plan.slotOf[value] = plan.slotSizes.count
                    plan.slotSizes.append(size)
                    continue
                }
                let fitting = free.filter { plan.slotSizes[$0] >= size }.min { plan.slotSizes[$0] < plan.slotSizes[$1] }
                let chosen = fitting ?? free.max { plan.slotSizes[$0] < plan.slotSizes[$1] }
                if let chosen {
                    free.removeAll { $0 == chosen }
                    plan.slotSizes[chosen] = max(plan.slotSizes[chosen], size)
                    plan.slotOf[value] = chosen
                } else {
                    plan.slotOf[value] = plan.slotSizes.count
                    plan.slotSizes.append(size)
                }
            }
            for value in Set(step.reads + step.writes) where lastUse[value] == index && !pinned.contains(value) {
                if let slot = plan.slotOf[value] { free.append(slot) }
            }
        }
        return plan
    }

    var totalBytes: Int { slotSizes.reduce(0, +) }
}
