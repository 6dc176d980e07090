// The ONNX layer of Kiln; see ARCHITECTURE.md.
