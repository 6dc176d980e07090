import CWebGPU

extension WGPUStringView {
    /// `WGPU_STRLEN` (SIZE_MAX): the view is NUL-terminated. size_t imports as Int, so it reads as -1.
    static let nullTerminated = Int(bitPattern: UInt.max)
}

extension String {
    /// Copies a webgpu.h string view (possibly null, possibly NUL-terminated) into a Swift string.
    init(_ view: WGPUStringView) {
        guard let data = view.data else {
            self = ""
            return
        }
        if view.length == WGPUStringView.nullTerminated {
            self = String(cString: data)
        } else {
            self = String(decoding: UnsafeRawBufferPointer(start: data, count: view.length), as: UTF8.self)
        }
    }
}
