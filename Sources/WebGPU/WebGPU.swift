import CWebGPU
public func _probe() -> UInt32 { wgpuGetVersion() }
