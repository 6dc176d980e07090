import Foundation

/// Default exports of non-JS modules, per wrangler's module types.
enum NonJavaScriptModule {
    static func value(_ kind: ModuleRule.Kind, data: Data, path: String, in context: JSContext) throws -> JSValue {
        switch kind {
        case .esModule, .commonJS:
            throw JSError.typeError("'\(path)' is a JavaScript module, not a value")
        case .text:
            guard let text = String(data: data, encoding: .utf8) else {
                throw JSError.typeError("Text module '\(path)' is not valid UTF-8")
            }
            return context.string(text)
        case .data:
            return try data.withUnsafeBytes { try context.arrayBuffer(copying: $0) }
        case .json:
            guard let text = String(data: data, encoding: .utf8) else {
                throw JSError.syntaxError("JSON module '\(path)' is not valid UTF-8")
            }
            do {
                return try context.helper("JSON.parse").call([context.string(text)])
            } catch var error as JSError {
                error.value = nil
                error.message = "\(error.message) in JSON module \(path)"
                throw error
            }
        case .compiledWasm:
            let bytes = try data.withUnsafeBytes { try context.arrayBuffer(copying: $0) }
            do {
                return try context.helper("bytes => new WebAssembly.Module(bytes)").call([bytes])
            } catch var error as JSError {
                error.value = nil
                error.message = "\(error.message) in WebAssembly module \(path)"
                throw error
            }
        }
    }
}
