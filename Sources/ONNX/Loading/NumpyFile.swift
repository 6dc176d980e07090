import Foundation

extension Tensor {
    /// Reads a NumPy `.npy` file (format 1.x–3.x, C order, little-endian float32/float16/int64/int32/bool).
    public init(npy data: Data) throws {
        let bytes = [UInt8](data)
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1...5]) == Array("NUMPY".utf8) else {
            throw ONNXError.invalidFeed("not a .npy file (magic number missing)")
        }
        let major = bytes[6]
        let headerLength = major == 1 ? Int(bytes[8]) | Int(bytes[9]) << 8
            : bytes.count >= 12 ? Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24 : -1
        let start = major == 1 ? 10 : 12
        guard headerLength >= 0, start + headerLength <= bytes.count else { throw ONNXError.invalidFeed(".npy header is truncated") }
        let header = String(decoding: bytes[start..<(start + headerLength)], as: UTF8.self)
        guard let descr = Self.field("descr", in: header), let shapeText = Self.field("shape", in: header) else {
            throw ONNXError.invalidFeed(".npy header lacks descr or shape: \(header)")
        }
        if header.contains("'fortran_order': True") { throw ONNXError.invalidFeed(".npy in Fortran order is not supported") }
        let shape = shapeText.trimmingCharacters(in: CharacterSet(charactersIn: "()"))
            .split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let count = shape.reduce(1, *)
        let payload = Data(bytes[(start + headerLength)...])
        func words<T: FixedWidthInteger>(_: T.Type) throws -> [T] {
            guard payload.count == count * MemoryLayout<T>.size else {
                throw ONNXError.invalidFeed(".npy has \(payload.count) data bytes for \(count) elements of \(descr)")
            }
            var values = [T](repeating: 0, count: count)
            _ = values.withUnsafeMutableBytes { payload.copyBytes(to: $0) }
            return values.map { T(littleEndian: $0) }
        }
        switch descr {
        case "<f4": self.init(shape: shape, floats: try words(UInt32.self).map { Float(bitPattern: $0) })
        case "<f2": self.init(shape: shape, float16Bits: try words(UInt16.self))
        case "<i8": self.init(shape: shape, int64s: try words(Int64.self))
        case "<i4": self.init(shape: shape, int64s: try words(Int32.self).map { Int64($0) }, type: .int32)
        case "|b1": self.init(shape: shape, bools: try words(UInt8.self).map { $0 != 0 })
        default: throw ONNXError.unsupportedType(".npy element type \(descr) (Kiln reads <f4, <f2, <i8, <i4, |b1)")
        }
    }

    /// The value of `'key': value` in a .npy header dictionary (a quoted string or a tuple).
    private static func field(_ key: String, in header: String) -> String? {
        guard let range = header.range(of: "'\(key)':") else { return nil }
        let rest = header[range.upperBound...].drop { $0 == " " }
        if rest.first == "'" {
            return rest.dropFirst().prefix { $0 != "'" }.description
        }
        if rest.first == "(" {
            return String(rest.prefix { $0 != ")" }) + ")"
        }
        return nil
    }
}
