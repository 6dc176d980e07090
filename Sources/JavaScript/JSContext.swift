import CJavaScriptCore
import Foundation

/// The global context of an isolate. Handed to closures that run on the isolate thread; use it only there.
public final class JSContext {
    /// The underlying JSC context, for C API calls this layer does not wrap.
    public let ref: JSGlobalContextRef
    let group: JSContextGroupRef
    /// The isolate that owns this context (to queue work from async callbacks).
    public let isolate: Isolate
    /// False once the isolate has released the context; JSValues released later skip JSValueUnprotect.
    private(set) var isValid = true
    let functionClass: JSClassRef
    private var helperCache: [String: JSValue] = [:]
    var pendingAwaits: [Int: (Error) -> Void] = [:]
    var nextAwaitID = 0
    var moduleLoader: ModuleLoader?

    init(isolate: Isolate) throws {
        self.isolate = isolate
        group = JSContextGroupCreate()
        ref = JSGlobalContextCreateInGroup(group, nil)
        functionClass = NativeFunctionBox.makeClass()
    }

    /// The global object (`globalThis`).
    public var global: JSValue { JSValue(self, JSContextGetGlobalObject(ref)) }

    /// Evaluates a classic script and returns its completion value.
    /// - Parameters:
    ///   - sourceURL: shown in stacks and error locations.
    ///   - line: line number of the first line of `source` (1-based), for code cut out of a larger file.
    @discardableResult
    public func evaluate(_ source: String, sourceURL: String? = nil, line: Int = 1) throws -> JSValue {
        let script = makeJSString(source)
        defer { JSStringRelease(script) }
        let url = sourceURL.map(makeJSString)
        defer { url.map(JSStringRelease) }
        let result = try check { JSEvaluateScript(ref, script, nil, url, Int32(clamping: line), $0) }
        return JSValue(self, result ?? JSValueMakeUndefined(ref))
    }

    /// Parses `source` without running it; throws a `SyntaxError` JSError with its location.
    public func checkSyntax(_ source: String, sourceURL: String? = nil, line: Int = 1) throws {
        let script = makeJSString(source)
        defer { JSStringRelease(script) }
        let url = sourceURL.map(makeJSString)
        defer { url.map(JSStringRelease) }
        _ = try check { JSCheckScriptSyntax(ref, script, url, Int32(clamping: line), $0) }
    }

    /// Runs a C API call that reports exceptions through an out parameter, turning one into a thrown `JSError`.
    public func check<T>(_ body: (UnsafeMutablePointer<JSValueRef?>) -> T) throws -> T {
        var exception: JSValueRef?
        let result = body(&exception)
        if let exception { throw JSError(thrown: JSValue(self, exception)) }
        return result
    }

    /// A JS function compiled once per context from `source` (an expression), used for the operations the C API
    /// lacks (accessors, Symbol.toStringTag, instanceof on any value...).
    func helper(_ source: String) -> JSValue {
        if let cached = helperCache[source] { return cached }
        // The helpers are fixed, valid expressions; a failure here is a bug in this module.
        let value = try! evaluate("(\(source))", sourceURL: "kiln:internal")
        helperCache[source] = value
        return value
    }

    func release(_ value: JSValueRef) {
        if isolate.isCurrentThread {
            if isValid { JSValueUnprotect(ref, value) }
        } else {
            isolate.queue.pushRelease(value)
        }
    }

    func failPendingAwaits(_ error: Error) {
        let waiting = pendingAwaits
        pendingAwaits.removeAll()
        for fail in waiting.values { fail(error) }
    }

    /// Releases the context and its group; called once, on the isolate thread, at shutdown.
    func invalidate() {
        helperCache.removeAll()
        moduleLoader = nil
        isValid = false
        JSGlobalContextRelease(ref)
        JSContextGroupRelease(group)
        JSClassRelease(functionClass)
    }

    func assertOnThread() {
        assert(isolate.isCurrentThread, "JSContext/JSValue used off the isolate thread")
    }
}

extension JSContext {
    /// Asks JSC for a full collection. It only hastens one: JSC's full-GC timer (run from the isolate's loop)
    /// performs it, after a delay that is long for small heaps; allocation triggers collections sooner.
    public func collectGarbage() { JSGarbageCollect(ref) }
}
