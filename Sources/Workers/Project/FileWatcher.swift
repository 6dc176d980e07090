import Foundation
#if canImport(Glibc)
import Glibc

/// Watches a project folder tree with inotify and calls `onChange` with the changed paths, after a short
/// quiet period so an editor's burst of writes becomes one reload. A dedicated thread blocks in `poll`;
/// nothing runs while the folder is quiet.
public final class FileWatcher: @unchecked Sendable {
    private let root: String
    private let ignoredNames: Set<String>
    private let quietPeriodMs: Int32
    private let onChange: @Sendable ([String]) -> Void
    private let inotifyFD: Int32
    private var stopPipe: [Int32] = [-1, -1]
    private var watchedDirs: [Int32: String] = [:]
    private var thread: Thread?

    public struct WatchError: Error, CustomStringConvertible {
        public let description: String
    }

    /// - Parameter ignoredNames: folder names not watched (state, dependencies, VCS).
    public init(root: String, ignoredNames: Set<String> = [".kiln", ".git", "node_modules", ".wrangler"],
                quietPeriodMs: Int32 = 60, onChange: @escaping @Sendable ([String]) -> Void) throws {
        self.root = root
        self.ignoredNames = ignoredNames
        self.quietPeriodMs = quietPeriodMs
        self.onChange = onChange
        inotifyFD = inotify_init1(Int32(IN_CLOEXEC))
        guard inotifyFD >= 0 else { throw WatchError(description: "inotify_init1 failed: \(String(cString: strerror(errno)))") }
        guard pipe(&stopPipe) == 0 else {
            close(inotifyFD)
            throw WatchError(description: "pipe failed: \(String(cString: strerror(errno)))")
        }
        addTree(root)
        let thread = Thread { [unowned self] in self.loop() }
        thread.name = "kiln.watch"
        self.thread = thread
        thread.start()
    }

    /// Stops the watching thread and releases its descriptors.
    public func stop() {
        guard stopPipe[1] >= 0 else { return }
        var byte: UInt8 = 1
        _ = write(stopPipe[1], &byte, 1)
    }

    private static let mask = UInt32(IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO)

    private func addTree(_ dir: String) {
        let wd = inotify_add_watch(inotifyFD, dir, Self.mask | UInt32(IN_ONLYDIR))
        guard wd >= 0 else { return }
        watchedDirs[wd] = dir
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
        for name in entries where !ignoredNames.contains(name) {
            let path = dir + "/" + name
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue { addTree(path) }
        }
    }

    private func loop() {
        var changed: [String] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            var fds = [pollfd(fd: inotifyFD, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: stopPipe[0], events: Int16(POLLIN), revents: 0)]
            // Block indefinitely while nothing is pending; wait only the quiet period once something changed.
            let ready = poll(&fds, 2, changed.isEmpty ? -1 : quietPeriodMs)
            if ready < 0 && errno == EINTR { continue }
            if fds[1].revents != 0 || ready < 0 { break }
            if ready == 0 {
                onChange(changed)
                changed.removeAll()
                continue
            }
            let count = read(inotifyFD, &buffer, buffer.count)
            guard count > 0 else { continue }
            changed.append(contentsOf: parseEvents(buffer, count: count))
        }
        close(inotifyFD)
        close(stopPipe[0])
        close(stopPipe[1])
        stopPipe = [-1, -1]
    }

    private func parseEvents(_ buffer: [UInt8], count: Int) -> [String] {
        var paths: [String] = []
        var offset = 0
        let headerSize = MemoryLayout<inotify_event>.size
        buffer.withUnsafeBytes { raw in
            while offset + headerSize <= count {
                let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                let nameBytes = raw[(offset + headerSize)..<(offset + headerSize + Int(event.len))]
                let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
                offset += headerSize + Int(event.len)
                guard let dir = watchedDirs[event.wd], !ignoredNames.contains(name) else { continue }
                let path = name.isEmpty ? dir : dir + "/" + name
                if event.mask & UInt32(IN_ISDIR) != 0, event.mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                    addTree(path)
                }
                paths.append(path)
            }
        }
        return paths
    }
}
#endif
