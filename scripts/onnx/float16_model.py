"""A float16 copy of a float32 ONNX model: every float32 initializer, graph input, output and value type
becomes float16, as `model.half()` before export would make it. onnxruntime runs such a model on the CPU with
its float16 kernels, which makes it a reference for Kiln's float16 support."""
import numpy as np
import onnx
from onnx import numpy_helper

FLOAT, FLOAT16 = onnx.TensorProto.FLOAT, onnx.TensorProto.FLOAT16


def to_float16(model):
    converted = onnx.ModelProto()
    converted.CopyFrom(model)
    graph = converted.graph
    for initializer in graph.initializer:
        if initializer.data_type == FLOAT:
            half = numpy_helper.to_array(initializer).astype(np.float16)
            initializer.CopyFrom(numpy_helper.from_array(half, initializer.name))
    for value in list(graph.input) + list(graph.output) + list(graph.value_info):
        if value.type.tensor_type.elem_type == FLOAT:
            value.type.tensor_type.elem_type = FLOAT16
    for node in graph.node:
        for attribute in node.attribute:
            if attribute.type == onnx.AttributeProto.TENSOR and attribute.t.data_type == FLOAT:
                half = numpy_helper.to_array(attribute.t).astype(np.float16)
                attribute.t.CopyFrom(numpy_helper.from_array(half, attribute.t.name))
    return converted
