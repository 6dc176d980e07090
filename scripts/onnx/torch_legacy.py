"""Reads torch's legacy (pre-1.6) serialization with pickle + numpy only, no torch.

The file is a sequence of pickles: magic number, protocol version, system info, the object (here a
state dict whose tensors reference storages by persistent id), the list of storage keys; then, per
key in that order, an int64 element count followed by the storage's raw little-endian bytes.
"""
import pickle
import struct
from collections import OrderedDict

import numpy as np

MAGIC = 0x1950A86A20F9469CFC6C

STORAGE_DTYPES = {
    "FloatStorage": np.float32, "DoubleStorage": np.float64, "HalfStorage": np.float16,
    "LongStorage": np.int64, "IntStorage": np.int32, "ShortStorage": np.int16,
    "CharStorage": np.int8, "ByteStorage": np.uint8, "BoolStorage": np.bool_,
}


class _StorageType:
    def __init__(self, name):
        self.dtype = np.dtype(STORAGE_DTYPES[name])


class _StorageRef:
    def __init__(self, key, dtype):
        self.key = key
        self.dtype = dtype


class _TensorRef:
    def __init__(self, storage, offset, size, stride):
        self.storage, self.offset, self.size, self.stride = storage, offset, tuple(size), tuple(stride)


def _rebuild_tensor(storage, offset, size, stride, *_):
    return _TensorRef(storage, offset, size, stride)


class _Unpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if module == "torch._utils" and name in ("_rebuild_tensor_v2", "_rebuild_tensor"):
            return _rebuild_tensor
        if module == "torch" and name in STORAGE_DTYPES:
            return _StorageType(name)
        if module == "collections" and name == "OrderedDict":
            return OrderedDict
        raise pickle.UnpicklingError(f"unexpected global {module}.{name} in a weights file")

    def persistent_load(self, pid):
        kind, storage_type, key, _location, _size = pid[:5]
        if kind != "storage":
            raise pickle.UnpicklingError(f"unexpected persistent id {pid!r}")
        return _StorageRef(key, storage_type.dtype)


def load_state_dict(path):
    """Returns an OrderedDict of name -> numpy array."""
    with open(path, "rb") as f:
        if pickle.load(f) != MAGIC:
            raise ValueError(f"{path}: not a legacy torch file (magic number mismatch)")
        pickle.load(f)  # protocol version
        pickle.load(f)  # system info
        state = _Unpickler(f).load()
        keys = pickle.load(f)
        storages = {}
        dtypes = {ref.storage.key: ref.storage.dtype for ref in state.values() if isinstance(ref, _TensorRef)}
        for key in keys:
            (count,) = struct.unpack("<q", f.read(8))
            dtype = dtypes.get(key, np.dtype(np.float32))
            storages[key] = np.frombuffer(f.read(count * dtype.itemsize), dtype=dtype)
    result = OrderedDict()
    for name, ref in state.items():
        if not isinstance(ref, _TensorRef):
            continue
        data = storages[ref.storage.key]
        itemsize = data.dtype.itemsize
        result[name] = np.lib.stride_tricks.as_strided(
            data[ref.offset:], shape=ref.size, strides=[s * itemsize for s in ref.stride]).copy()
    return result
