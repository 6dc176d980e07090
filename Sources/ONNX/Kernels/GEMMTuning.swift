import Foundation

/// How the GPU GEMM template (`TiledGEMM`, behind Conv, Gemm and MatMul) sizes its grid. Both knobs trade
/// parallelism against work per workgroup, which only timing on the GPU at hand can settle; the
/// environment variables let a benchmark run A/B them without a rebuild.
public struct GEMMTuning: Sendable, Equatable {
    /// A GEMM whose output tiles make fewer workgroups than this splits K across workgroups and sums
    /// the parts in a second pass (`SplitKGEMM`); nil never splits.
    public var splitKWorkgroups: Int?
    /// The GEMM takes the largest tile (up to 128×128) whose grid has at least this many workgroups,
    /// else the smallest tiles that reach it.
    public var largeTileWorkgroups: Int

    public init(splitKWorkgroups: Int? = GEMMTuning.standard.splitKWorkgroups,
                largeTileWorkgroups: Int = GEMMTuning.standard.largeTileWorkgroups) {
        self.splitKWorkgroups = splitKWorkgroups
        self.largeTileWorkgroups = largeTileWorkgroups
    }

    /// Split below two workgroups per compute unit of an H100 (132 SMs); large tiles from a few per unit.
    public static let standard = GEMMTuning(splitKWorkgroups: 264, largeTileWorkgroups: 512)

    /// `standard`, overridden by `KILN_ONNX_SPLIT_K` (workgroups; `0` or `off`: never split) and
    /// `KILN_ONNX_LARGE_TILE_GRID` (workgroups) where set to a valid value.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> GEMMTuning {
        var tuning = standard
        if let text = environment["KILN_ONNX_SPLIT_K"]?.trimmingCharacters(in: .whitespaces).lowercased() {
            if text == "off" || text == "0" { tuning.splitKWorkgroups = nil } else if let value = Int(text), value > 0 { tuning.splitKWorkgroups = value }
        }
        if let text = environment["KILN_ONNX_LARGE_TILE_GRID"], let value = Int(text.trimmingCharacters(in: .whitespaces)), value > 0 {
            tuning.largeTileWorkgroups = value
        }
        return tuning
    }
}
