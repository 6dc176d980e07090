import CImageCodecs
public func _probe() -> UInt32 { png_access_version_number() }
