/// A `Completion` counted by a device's `EventPump` while its C call is in flight.
///
/// Life cycle: `begin()` registers it (false: the device is already lost), the C call gets
/// `retainedPointer()` as userdata1, the C callback calls `PumpOperation.take(...).finish(...)`.
/// If the device is lost first, the pump settles it with `WebGPUError.deviceLost`.
final class PumpOperation<Value>: @unchecked Sendable {
    let completion = Completion<Value>()
    private let pump: EventPump
    private var id: UInt64 = 0

    init(pump: EventPump) {
        self.pump = pump
    }

    func begin(_ what: String) -> Bool {
        let completion = completion
        guard let id = pump.begin(abandon: {
            completion.resolve(.failure(WebGPUError.deviceLost("\(what): the device was lost")))
        }) else { return false }
        self.id = id
        return true
    }

    func finish(_ result: Result<Value, any Error>) {
        completion.resolve(result)
        pump.end(id)
    }

    func retainedPointer() -> UnsafeMutableRawPointer {
        Unmanaged.passRetained(self).toOpaque()
    }

    static func take(_ pointer: UnsafeMutableRawPointer?) -> PumpOperation<Value> {
        Unmanaged<PumpOperation<Value>>.fromOpaque(pointer!).takeRetainedValue()
    }
}
