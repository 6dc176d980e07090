// Public signatures use a few C types (JSValueRef, JSTypedArrayType); clients get them with `import JavaScript`.
@_exported import CJavaScriptCore
