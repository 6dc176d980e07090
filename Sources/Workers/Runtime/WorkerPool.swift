import Foundation

/// The isolates that run the Worker itself (not its Durable Objects). A plain Worker may not rely on state
/// kept between requests — in production any isolate on any machine may answer — so, as Cloudflare does,
/// Kiln may run several copies and send each request to the one with the fewest requests open. Objects
/// stay one isolate per id. Each isolate has its own globals, `waitUntil` work and CPU limit.
final class WorkerPool: @unchecked Sendable {
    private let generation: WorkerGeneration
    private let lock = NSLock()
    private var hosts: [ScriptHost]
    /// Requests handed to each isolate whose response head is not out yet.
    private var open: [Int]
    private var isShutDown = false

    /// Starts `count` isolates with the project's code, side by side; if one fails to load, all are stopped.
    static func start(generation: WorkerGeneration, count: Int) async throws -> WorkerPool {
        let outcomes = await withTaskGroup(of: (Int, Result<ScriptHost, Error>).self) { group in
            for index in 0..<max(1, count) {
                group.addTask {
                    do { return (index, .success(try await ScriptHost.start(generation: generation, role: .worker))) }
                    catch { return (index, .failure(error)) }
                }
            }
            var outcomes: [(Int, Result<ScriptHost, Error>)] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes.sorted { $0.0 < $1.0 }.map(\.1)
        }
        let hosts = outcomes.compactMap { try? $0.get() }
        for outcome in outcomes {
            if case .failure(let error) = outcome {
                for host in hosts { await host.shutdown() }
                throw error
            }
        }
        return WorkerPool(generation: generation, hosts: hosts)
    }

    private init(generation: WorkerGeneration, hosts: [ScriptHost]) {
        self.generation = generation
        self.hosts = hosts
        open = Array(repeating: 0, count: hosts.count)
        for host in hosts { adopt(host) }
    }

    private func adopt(_ host: ScriptHost) {
        host.onRetire = { [weak self] in self?.replace($0) }
    }

    /// Starts a fresh isolate in place of `retired`, which keeps serving until the new one is ready (a load
    /// takes milliseconds) and is then shut down.
    private func replace(_ retired: ScriptHost) {
        generation.options.log("[kiln] replacing a Worker isolate after a CPU-limit stop inside a microtask")
        Task {
            let fresh: ScriptHost
            do {
                fresh = try await ScriptHost.start(generation: generation, role: .worker)
            } catch {
                generation.options.log("✘ [ERROR] the replacement isolate did not start (\(error)); the old one keeps serving")
                return
            }
            adopt(fresh)
            let swapped: Bool = lock.withLock {
                guard !isShutDown, let index = hosts.firstIndex(where: { $0 === retired }) else { return false }
                hosts[index] = fresh
                return true
            }
            await (swapped ? retired : fresh).shutdown()
        }
    }

    /// Hands `request` to the least busy isolate (the first of equals, so a lightly loaded server keeps
    /// using one warm isolate).
    func dispatch(_ request: WorkerRequest, reply: @escaping @Sendable (Result<WorkerResponse, ScriptFailure>) -> Void) {
        let (index, host): (Int, ScriptHost) = lock.withLock {
            var best = 0
            for i in open.indices.dropFirst() where open[i] < open[best] { best = i }
            open[best] += 1
            return (best, hosts[best])
        }
        host.dispatch(request) { [self] result in
            lock.withLock { open[index] -= 1 }
            reply(result)
        }
    }

    func shutdown() async {
        let current: [ScriptHost] = lock.withLock {
            isShutDown = true
            return hosts
        }
        for host in current { await host.shutdown() }
    }
}
