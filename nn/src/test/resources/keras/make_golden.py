#!/usr/bin/python3
"""Writes the Keras golden fixtures with h5py and numpy only (no TensorFlow).

golden_full.h5     a Keras 2 full-model file (model.save layout: model_config + model_weights)
golden_weights.h5  the same weights in the save_weights layout (no config)
golden_expected.h5 inputs and the outputs computed here with an independent NHWC forward pass

The network uses every layer kind the importer converts, with Keras' own class and weight names:
  input (16,16,1) -> conv1 Conv2D 3x3/2 same + bias -> bn1 (eps 1.001e-5) -> ReLU
  -> sep1 SeparableConv2D 3x3 same no bias -> bn2 (eps 1e-3) -> ReLU = t
  -> conv2 Conv2D 3x3 valid (6x6x5) -> Flatten -> Dropout -> dense_7 (2, relu)
  -> conv3 Conv2D 3x3/2 same (4x4x3) -> Flatten -> Dropout -> dense_8 (2, relu)
  concat -> dense_9 (2, softmax)
Dense names are deliberately not dense_1.. (Keras numbers them per session).
Run: /usr/bin/python3 make_golden.py (deterministic: seed 20210527).
"""
import json
import os

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20210527)


def rand(*shape, scale=1.0):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def tf_pad(size, k, stride, padding):
    """(before, after, out) as TensorFlow computes them."""
    if padding == "valid":
        return 0, 0, (size - k) // stride + 1
    out = -(-size // stride)
    total = max((out - 1) * stride + k - size, 0)
    return total // 2, total - total // 2, out


def conv2d(x, kernel, bias, stride, padding):
    """x (N,H,W,C), kernel (kh,kw,C,O) HWIO, float64 accumulate."""
    n, h, w, c = x.shape
    kh, kw, _, o = kernel.shape
    t, b_, oh = tf_pad(h, kh, stride, padding)
    l, r, ow = tf_pad(w, kw, stride, padding)
    xp = np.pad(x.astype(np.float64), ((0, 0), (t, b_), (l, r), (0, 0)))
    y = np.zeros((n, oh, ow, o))
    for i in range(kh):
        for j in range(kw):
            patch = xp[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :]
            y += np.einsum("nhwc,co->nhwo", patch, kernel[i, j].astype(np.float64))
    if bias is not None:
        y += bias
    return y


def depthwise(x, kernel, padding):
    """kernel (kh,kw,C,1), stride 1."""
    n, h, w, c = x.shape
    kh, kw, _, m = kernel.shape
    t, b_, oh = tf_pad(h, kh, 1, padding)
    l, r, ow = tf_pad(w, kw, 1, padding)
    xp = np.pad(x, ((0, 0), (t, b_), (l, r), (0, 0)))
    y = np.zeros((n, oh, ow, c * m))
    for i in range(kh):
        for j in range(kw):
            patch = xp[:, i:i + oh, j:j + ow, :]
            for q in range(m):
                y[..., q::m] += patch * kernel[i, j, :, q]
    return y


def bn(x, g, b, mean, var, eps):
    return (x - mean) / np.sqrt(var.astype(np.float64) + eps) * g + b


relu = lambda v: np.maximum(v, 0)

W = {}
W["conv1"] = [("kernel", rand(3, 3, 1, 4, scale=0.5)), ("bias", rand(4, scale=0.1))]
W["bn1"] = [("gamma", 1 + rand(4, scale=0.1)), ("beta", rand(4, scale=0.1)),
            ("moving_mean", rand(4, scale=0.2)), ("moving_variance", rng.uniform(0.5, 2, 4).astype(np.float32))]
W["sep1"] = [("depthwise_kernel", rand(3, 3, 4, 1, scale=0.4)), ("pointwise_kernel", rand(1, 1, 4, 6, scale=0.5))]
W["bn2"] = [("gamma", 1 + rand(6, scale=0.1)), ("beta", rand(6, scale=0.1)),
            ("moving_mean", rand(6, scale=0.2)), ("moving_variance", rng.uniform(0.5, 2, 6).astype(np.float32))]
W["conv2"] = [("kernel", rand(3, 3, 6, 5, scale=0.3)), ("bias", rand(5, scale=0.1))]
W["conv3"] = [("kernel", rand(3, 3, 6, 3, scale=0.3)), ("bias", rand(3, scale=0.1))]
W["dense_7"] = [("kernel", rand(180, 2, scale=0.2)), ("bias", rand(2, scale=0.1))]
W["dense_8"] = [("kernel", rand(48, 2, scale=0.2)), ("bias", rand(2, scale=0.1))]
W["dense_9"] = [("kernel", rand(4, 2, scale=0.5)), ("bias", rand(2, scale=0.1))]
EPS = {"bn1": 1.001e-5, "bn2": 1e-3}


def forward(x):
    w = {k: dict(v) for k, v in W.items()}
    t = conv2d(x, w["conv1"]["kernel"], w["conv1"]["bias"], 2, "same")
    t = relu(bn(t, *[w["bn1"][k] for k in ("gamma", "beta", "moving_mean", "moving_variance")], EPS["bn1"]))
    t = depthwise(t, w["sep1"]["depthwise_kernel"], "same")
    t = conv2d(t, w["sep1"]["pointwise_kernel"], None, 1, "valid")
    t = relu(bn(t, *[w["bn2"][k] for k in ("gamma", "beta", "moving_mean", "moving_variance")], EPS["bn2"]))
    a = conv2d(t, w["conv2"]["kernel"], w["conv2"]["bias"], 1, "valid")
    b = conv2d(t, w["conv3"]["kernel"], w["conv3"]["bias"], 2, "same")
    fa = a.reshape(len(x), -1)  # Flatten runs over (h, w, c)
    fb = b.reshape(len(x), -1)
    ha = relu(fa @ w["dense_7"]["kernel"] + w["dense_7"]["bias"])
    hb = relu(fb @ w["dense_8"]["kernel"] + w["dense_8"]["bias"])
    logits = np.concatenate([ha, hb], axis=1) @ w["dense_9"]["kernel"] + w["dense_9"]["bias"]
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return logits, e / e.sum(axis=1, keepdims=True), a, b


def conv_cfg(name, filters, k, stride, padding, bias):
    return {"name": name, "trainable": True, "dtype": "float32", "filters": filters, "kernel_size": [k, k],
            "strides": [stride, stride], "padding": padding, "data_format": "channels_last",
            "dilation_rate": [1, 1], "activation": "linear", "use_bias": bias}


def bn_cfg(name, eps):
    return {"name": name, "trainable": True, "dtype": "float32", "axis": -1, "momentum": 0.99, "epsilon": eps,
            "center": True, "scale": True}


def layer(cls, cfg, *inputs):
    return {"name": cfg["name"], "class_name": cls, "config": cfg,
            "inbound_nodes": [[[i, 0, 0, {}] for i in inputs]] if inputs else []}


LAYERS = [
    layer("InputLayer", {"batch_input_shape": [None, 16, 16, 1], "dtype": "float32", "sparse": False, "name": "input_1"}),
    layer("Conv2D", conv_cfg("conv1", 4, 3, 2, "same", True), "input_1"),
    layer("BatchNormalization", bn_cfg("bn1", EPS["bn1"]), "conv1"),
    layer("Activation", {"name": "relu1", "activation": "relu"}, "bn1"),
    layer("SeparableConv2D", dict(conv_cfg("sep1", 6, 3, 1, "same", False), depth_multiplier=1), "relu1"),
    layer("BatchNormalization", bn_cfg("bn2", EPS["bn2"]), "sep1"),
    layer("Activation", {"name": "relu2", "activation": "relu"}, "bn2"),
    layer("Conv2D", conv_cfg("conv2", 5, 3, 1, "valid", True), "relu2"),
    layer("Conv2D", conv_cfg("conv3", 3, 3, 2, "same", True), "relu2"),
    layer("Flatten", {"name": "flatten_3", "data_format": "channels_last"}, "conv2"),
    layer("Flatten", {"name": "flatten_4", "data_format": "channels_last"}, "conv3"),
    layer("Dropout", {"name": "dropout_3", "rate": 0.5}, "flatten_3"),
    layer("Dropout", {"name": "dropout_4", "rate": 0.5}, "flatten_4"),
    # creation order puts the conv3 head first in the layer list: matching must not rely on list order
    layer("Dense", {"name": "dense_8", "units": 2, "activation": "relu", "use_bias": True}, "dropout_4"),
    layer("Dense", {"name": "dense_7", "units": 2, "activation": "relu", "use_bias": True}, "dropout_3"),
    layer("Concatenate", {"name": "concatenate_2", "axis": 1}, "dense_7", "dense_8"),
    layer("Dense", {"name": "dense_9", "units": 2, "activation": "softmax", "use_bias": True}, "concatenate_2"),
]
MODEL_CONFIG = {"class_name": "Model", "config": {"name": "golden", "layers": LAYERS,
                                                  "input_layers": [["input_1", 0, 0]],
                                                  "output_layers": [["dense_9", 0, 0]]}}


def write_layers(root):
    """The part Keras' save_weights_to_hdf5_group writes."""
    names = [l["name"] for l in LAYERS]
    root.attrs["layer_names"] = np.array([n.encode("utf8") for n in names])
    root.attrs["backend"] = b"tensorflow"
    root.attrs["keras_version"] = b"2.3.0"
    for name in names:
        g = root.create_group(name)
        weights = W.get(name, [])
        if weights:
            g.attrs["weight_names"] = np.array([f"{name}/{w}:0".encode("utf8") for w, _ in weights])
        else:
            g.attrs["weight_names"] = np.asarray([])  # what Keras writes for a weightless layer
        for w, value in weights:
            g.create_dataset(f"{name}/{w}:0", data=value)


with h5py.File(os.path.join(HERE, "golden_full.h5"), "w") as f:
    f.attrs["keras_version"] = b"2.3.0"
    f.attrs["backend"] = b"tensorflow"
    f.attrs["model_config"] = json.dumps(MODEL_CONFIG).encode("utf8")
    write_layers(f.create_group("model_weights"))

with h5py.File(os.path.join(HERE, "golden_weights.h5"), "w") as f:
    write_layers(f)

x = (rng.standard_normal((3, 16, 16, 1)) * 2).astype(np.float32)
logits, probs, a, b = forward(x)
with h5py.File(os.path.join(HERE, "golden_expected.h5"), "w") as f:
    f.create_dataset("input_nhwc", data=x)
    f.create_dataset("logits", data=logits.astype(np.float64))
    f.create_dataset("probabilities", data=probs.astype(np.float64))
    f.create_dataset("conv2_nhwc", data=a.astype(np.float64))
print("logits", logits)
