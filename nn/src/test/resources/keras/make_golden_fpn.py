#!/usr/bin/python3
"""Writes a Keras 2 full-model file with the structure of the paper's published ResNet50V2-FPN, and the
outputs an independent numpy forward pass gives on real CT slices. h5py and numpy only (no TensorFlow).

golden_fpn.h5           model.save layout: model_config (every layer, Keras 2.3 naming, the custom
                        UpsampleLike layer of keras-retinanet) + model_weights, at width 1/32 of the
                        published channel counts (max(1, round(c / 32))) so the file stays small; input
                        512x512x1 as published
golden_fpn_expected.h5  for each real slice: file name, logits and P(covid), from the numpy NHWC forward

The layer structure follows keras.applications ResNet50V2 (preact blocks, ZeroPadding2D + valid convs,
stride in the last block of conv2..conv4) and the FPN cell of COVID_Train&Validation.ipynb (taps
conv4_block1_preact_relu, conv5_block1_preact_relu, post_relu; concatenations; P4 and P3 valid; P6/P7
stride-2 same; Flatten/Dropout/Dense(2, relu) heads on P3..P7; Dense(2, softmax) on their concatenation).
The dense layers are named dense_7..dense_12 (as in a Keras session that had already built six), so the
importer must find them through the graph, not by name.

Run: /usr/bin/python3 make_golden_fpn.py SLICE_DIR   (SLICE_DIR = shared/data/real/covid-ctset-format)
"""
import json
import os
import sys

import cv2
import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
WIDTH = 1 / 32
rng = np.random.default_rng(20210601)


def ch(c):
    return max(1, int(round(c * WIDTH)))


LAYERS = []      # model_config entries in creation order
WEIGHTS = {}     # layer name -> [(weight name, float32 array)]
counters = {}


def auto(prefix):
    counters[prefix] = counters.get(prefix, 0) + 1
    return f"{prefix}_{counters[prefix]}"


def add_layer(cls, name, cfg, inputs):
    cfg = dict(cfg, name=name)
    LAYERS.append({"name": name, "class_name": cls, "config": cfg,
                   "inbound_nodes": [[[i.name, 0, 0, {}] for i in inputs]] if inputs else []})


class T:
    """A tensor: its producing layer's name and its NHWC value (float64)."""

    def __init__(self, name, value):
        self.name = name
        self.v = value


def tf_pad(size, k, stride, padding):
    if padding == "valid":
        return 0, 0, (size - k) // stride + 1
    out = -(-size // stride)
    total = max((out - 1) * stride + k - size, 0)
    return total // 2, total - total // 2, out


def conv_value(x, kernel, bias, stride, padding):
    n, h, w, c = x.shape
    kh, kw, _, o = kernel.shape
    t, b, oh = tf_pad(h, kh, stride, padding)
    l, r, ow = tf_pad(w, kw, stride, padding)
    xp = np.pad(x, ((0, 0), (t, b), (l, r), (0, 0)))
    y = np.zeros((n, oh, ow, o))
    k64 = kernel.astype(np.float64)
    for i in range(kh):
        for j in range(kw):
            y += np.einsum("nhwc,co->nhwo", xp[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :], k64[i, j])
    if bias is not None:
        y += bias.astype(np.float64)
    return y


def rand(shape, scale):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def conv(name, x, filters, k, stride=1, padding="valid", bias=True, gain=1.0):
    cin = x.v.shape[3]
    kernel = rand((k, k, cin, filters), gain / np.sqrt(k * k * cin))
    weights = [("kernel", kernel)]
    b = None
    if bias:
        b = rand((filters,), 0.05)
        weights.append(("bias", b))
    WEIGHTS[name] = weights
    add_layer("Conv2D", name, {"trainable": True, "dtype": "float32", "filters": filters, "kernel_size": [k, k],
                               "strides": [stride, stride], "padding": padding, "data_format": "channels_last",
                               "dilation_rate": [1, 1], "activation": "linear", "use_bias": bias}, [x])
    return T(name, conv_value(x.v, kernel, b, stride, padding))


def bn(name, x, eps=1.001e-5):
    c = x.v.shape[3]
    g = rng.uniform(0.8, 1.2, c).astype(np.float32)
    be = rand((c,), 0.1)
    m = rand((c,), 0.1)
    var = rng.uniform(0.5, 1.5, c).astype(np.float32)
    WEIGHTS[name] = [("gamma", g), ("beta", be), ("moving_mean", m), ("moving_variance", var)]
    add_layer("BatchNormalization", name, {"trainable": True, "dtype": "float32", "axis": 3, "momentum": 0.99,
                                           "epsilon": eps, "center": True, "scale": True}, [x])
    v = (x.v - m.astype(np.float64)) / np.sqrt(var.astype(np.float64) + eps) * g.astype(np.float64) + be.astype(np.float64)
    return T(name, v)


def relu(name, x):
    add_layer("Activation", name, {"trainable": True, "dtype": "float32", "activation": "relu"}, [x])
    return T(name, np.maximum(x.v, 0))


def zero_pad(name, x, p):
    add_layer("ZeroPadding2D", name, {"trainable": True, "dtype": "float32", "padding": [[p, p], [p, p]],
                                      "data_format": "channels_last"}, [x])
    return T(name, np.pad(x.v, ((0, 0), (p, p), (p, p), (0, 0))))


def max_pool(name, x, k, stride):
    add_layer("MaxPooling2D", name, {"trainable": True, "dtype": "float32", "pool_size": [k, k],
                                     "strides": [stride, stride], "padding": "valid", "data_format": "channels_last"}, [x])
    n, h, w, c = x.v.shape
    oh, ow = (h - k) // stride + 1, (w - k) // stride + 1
    y = np.full((n, oh, ow, c), -np.inf)
    for i in range(k):
        for j in range(k):
            y = np.maximum(y, x.v[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :])
    return T(name, y)


def add(name, a, b):
    add_layer("Add", name, {"trainable": True, "dtype": "float32"}, [a, b])
    return T(name, a.v + b.v)


def concat(name, xs, axis):
    add_layer("Concatenate", name, {"trainable": True, "dtype": "float32", "axis": axis}, xs)
    return T(name, np.concatenate([x.v for x in xs], axis=axis))


def upsample_like(name, src, target):
    """keras-retinanet UpsampleLike: TF1 nearest resize (source index floor(i * in / out))."""
    add_layer("UpsampleLike", name, {"trainable": True, "dtype": "float32"}, [src, target])
    h, w = target.v.shape[1:3]
    sh, sw = src.v.shape[1:3]
    rows = np.floor(np.arange(h) * sh / h).astype(int)
    cols = np.floor(np.arange(w) * sw / w).astype(int)
    return T(name, src.v[:, rows][:, :, cols])


def flatten(name, x):
    add_layer("Flatten", name, {"trainable": True, "dtype": "float32", "data_format": "channels_last"}, [x])
    return T(name, x.v.reshape(len(x.v), -1))   # (h, w, c) order


def dropout(name, x):
    add_layer("Dropout", name, {"trainable": True, "dtype": "float32", "rate": 0.5}, [x])
    return T(name, x.v)


def dense(name, x, units, activation, scale):
    kernel = rand((x.v.shape[1], units), scale)
    b = rand((units,), 0.05)
    WEIGHTS[name] = [("kernel", kernel), ("bias", b)]
    add_layer("Dense", name, {"trainable": True, "dtype": "float32", "units": units, "activation": activation,
                              "use_bias": True}, [x])
    y = x.v @ kernel.astype(np.float64) + b.astype(np.float64)
    return T(name, np.maximum(y, 0) if activation == "relu" else y)   # softmax applied later


def block2(x, filters, name, stride=1, conv_shortcut=False):
    preact = relu(name + "_preact_relu", bn(name + "_preact_bn", x))
    if conv_shortcut:
        shortcut = conv(name + "_0_conv", preact, 4 * filters, 1, stride)
    elif stride > 1:
        shortcut = max_pool(auto("max_pooling2d"), x, 1, stride)
    else:
        shortcut = x
    y = relu(name + "_1_relu", bn(name + "_1_bn", conv(name + "_1_conv", preact, filters, 1, bias=False)))
    y = zero_pad(name + "_2_pad", y, 1)
    y = relu(name + "_2_relu", bn(name + "_2_bn", conv(name + "_2_conv", y, filters, 3, stride, bias=False)))
    y = conv(name + "_3_conv", y, 4 * filters, 1, gain=0.5)
    return add(name + "_out", shortcut, y), preact


def stack2(x, filters, blocks, name, stride1=2):
    taps = {}
    x, taps[name + "_block1_preact_relu"] = block2(x, filters, name + "_block1", conv_shortcut=True)
    for i in range(2, blocks):
        x, _ = block2(x, filters, name + "_block" + str(i))
    x, _ = block2(x, filters, name + "_block" + str(blocks), stride=stride1)
    return x, taps


def build(images):
    add_layer("InputLayer", "input_1", {"batch_input_shape": [None, 512, 512, 1], "dtype": "float32",
                                        "sparse": False}, [])
    x = T("input_1", images)
    x = zero_pad("conv1_pad", x, 3)
    x = conv("conv1_conv", x, ch(64), 7, 2, gain=1 / 1000)   # raw HU+1024 values: keep activations O(1)
    x = zero_pad("pool1_pad", x, 1)
    x = max_pool("pool1_pool", x, 3, 2)
    taps = {}
    for filters, blocks, name, s in ((64, 3, "conv2", 2), (128, 4, "conv3", 2), (256, 6, "conv4", 2), (512, 3, "conv5", 1)):
        x, t = stack2(x, ch(filters), blocks, name, s)
        taps.update(t)
    c5 = relu("post_relu", bn("post_bn", x))
    c3, c4 = taps["conv4_block1_preact_relu"], taps["conv5_block1_preact_relu"]
    f = ch(256)
    p5 = conv("C5_reduced", c5, f, 1, padding="same")
    p5_up = upsample_like("P5_upsampled", p5, c4)
    p5 = conv("P5", p5, f, 3, padding="same")
    p4 = conv("C4_reduced", c4, f, 1, padding="same")
    p4 = concat(auto("concatenate"), [p5_up, p4], 3)
    p4_up = upsample_like("P4_upsampled", p4, c3)
    p4 = conv("P4", p4, f, 3)
    p3 = conv("C3_reduced", c3, f, 1, padding="same")
    p3 = concat(auto("concatenate"), [p4_up, p3], 3)
    p3 = conv("P3", p3, f, 3)
    p6 = conv("P6", c5, f, 3, 2, padding="same")
    p7 = conv("P7", relu("C6_relu", p6), f, 3, 2, padding="same")
    counters["dense"] = 6
    preds = []
    for p in (p3, p4, p5, p6, p7):
        flat = flatten(auto("flatten"), p)
        preds.append(dense(auto("dense"), dropout(auto("dropout"), flat), 2, "relu", 2 / np.sqrt(flat.v.shape[1])))
    out = dense(auto("dense"), concat(auto("concatenate"), preds, 1), 2, "softmax", 0.7)
    return out.v, [p.v.shape for p in (p3, p4, p5, p6, p7)]


def main(slice_dir):
    names = sorted(n for n in os.listdir(slice_dir) if n.endswith(".tif") and "float32" not in n)
    images = np.stack([cv2.imread(os.path.join(slice_dir, n), cv2.IMREAD_UNCHANGED) for n in names])
    assert images.dtype == np.uint16 and images.shape[1:] == (512, 512), images.shape
    logits, pyramid = build(images[..., None].astype(np.float64))
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs = e / e.sum(axis=1, keepdims=True)
    config = {"class_name": "Model", "config": {"name": "model_1", "layers": LAYERS,
                                                "input_layers": [["input_1", 0, 0]],
                                                "output_layers": [[LAYERS[-1]["name"], 0, 0]]}}
    # the latest format stores small groups compactly: about 60% of the default size
    with h5py.File(os.path.join(HERE, "golden_fpn.h5"), "w", libver="latest") as h:
        h.attrs["keras_version"] = b"2.3.0"
        h.attrs["backend"] = b"tensorflow"
        h.attrs["model_config"] = json.dumps(config).encode("utf8")
        g = h.create_group("model_weights")
        g.attrs["layer_names"] = np.array([l["name"].encode("utf8") for l in LAYERS])
        g.attrs["backend"] = b"tensorflow"
        g.attrs["keras_version"] = b"2.3.0"
        for l in LAYERS:
            lg = g.create_group(l["name"])
            ws = WEIGHTS.get(l["name"], [])
            lg.attrs["weight_names"] = np.array([f"{l['name']}/{w}:0".encode("utf8") for w, _ in ws]) if ws else np.asarray([])
            for w, value in ws:
                lg.create_dataset(f"{l['name']}/{w}:0", data=value)
    with h5py.File(os.path.join(HERE, "golden_fpn_expected.h5"), "w") as h:
        h.attrs["slices"] = np.array([n.encode("utf8") for n in names])
        h.create_dataset("logits", data=logits)
        h.create_dataset("p_covid", data=probs[:, 0])
        h.attrs["width_multiplier"] = WIDTH
    print("pyramid", pyramid)
    print("slices", names)
    print("logits", logits)
    print("p_covid", probs[:, 0])
    print("weights", sum(v.size for ws in WEIGHTS.values() for _, v in ws), "layers", len(LAYERS))


if __name__ == "__main__":
    main(sys.argv[1])
