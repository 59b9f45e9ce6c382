#!/usr/bin/env python3
"""Peer for `covidct bench infer`: the paper's ResNet50V2 + modified FPN in plain PyTorch (eager,
eval mode, torch.inference_mode), written from REFERENCE.md section 3 and the Keras layer definitions.

Run with Debian's python3 (torch 1.13):
  /usr/bin/python3 bench/fpn_torch.py --size 512 --batch 1 --iterations 10 --threads 2
Prints the same keys as the Java command: slices_per_sec=X, peak_rss_mb=X.
The parameter count (BatchNorm running statistics included, as Keras counts them) is asserted
against the published 34,058,656 at 512.
"""
import argparse
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

EPS_RESNET = 1.001e-5


def tf_same_pad(x, kernel, stride, value=0.0):
    """TensorFlow "same" padding: the odd pixel goes after (bottom/right)."""
    h, w = x.shape[-2:]

    def split(size):
        out = math.ceil(size / stride)
        total = max((out - 1) * stride + kernel - size, 0)
        return total // 2, total - total // 2

    top, bottom = split(h)
    left, right = split(w)
    if top == bottom == left == right == 0:
        return x
    return F.pad(x, (left, right, top, bottom), value=value)


class PreactBlock(nn.Module):
    """ResNetV2 bottleneck: BN-ReLU preact, 1x1, BN-ReLU, pad 1, 3x3/stride, BN-ReLU, 1x1 (4x)."""

    def __init__(self, cin, filters, stride, conv_shortcut):
        super().__init__()
        self.stride = stride
        self.preact_bn = nn.BatchNorm2d(cin, eps=EPS_RESNET)
        self.shortcut = nn.Conv2d(cin, 4 * filters, 1, stride=stride) if conv_shortcut else None
        self.conv1 = nn.Conv2d(cin, filters, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(filters, eps=EPS_RESNET)
        self.conv2 = nn.Conv2d(filters, filters, 3, stride=stride, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(filters, eps=EPS_RESNET)
        self.conv3 = nn.Conv2d(filters, 4 * filters, 1)

    def forward(self, x):
        preact = F.relu(self.preact_bn(x))
        if self.shortcut is not None:
            shortcut = self.shortcut(preact)
        elif self.stride > 1:
            shortcut = F.max_pool2d(x, 1, self.stride)
        else:
            shortcut = x
        y = F.relu(self.bn1(self.conv1(preact)))
        y = F.relu(self.bn2(self.conv2(y)))
        return shortcut + self.conv3(y), preact


class ResNet50V2(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 64, 7, stride=2)
        blocks = []
        cin = 64
        for filters, count, stride in ((64, 3, 2), (128, 4, 2), (256, 6, 2), (512, 3, 1)):
            for b in range(count):
                blocks.append(PreactBlock(cin, filters, stride if b == count - 1 else 1, b == 0))
                cin = 4 * filters
        self.blocks = nn.ModuleList(blocks)
        self.post_bn = nn.BatchNorm2d(cin, eps=EPS_RESNET)

    def forward(self, x):
        x = self.conv1(F.pad(x, (3, 3, 3, 3)))
        x = F.max_pool2d(F.pad(x, (1, 1, 1, 1)), 3, 2)  # zero padding, as Keras' pool1_pad
        taps = []
        for i, block in enumerate(self.blocks):
            x, preact = block(x)
            if i in (7, 13):  # conv4_block1 and conv5_block1 preact_relu
                taps.append(preact)
        taps.append(F.relu(self.post_bn(x)))
        return taps  # C3, C4, C5


class FpnClassifier(nn.Module):
    def __init__(self, size, features=256):
        super().__init__()
        self.backbone = ResNet50V2()
        f = features
        self.c5_reduced = nn.Conv2d(2048, f, 1)
        self.p5 = nn.Conv2d(f, f, 3, padding=1)
        self.c4_reduced = nn.Conv2d(1024, f, 1)
        self.p4 = nn.Conv2d(2 * f, f, 3)
        self.c3_reduced = nn.Conv2d(512, f, 1)
        self.p3 = nn.Conv2d(3 * f, f, 3)
        self.p6 = nn.Conv2d(2048, f, 3, stride=2)
        self.p7 = nn.Conv2d(f, f, 3, stride=2)
        with torch.no_grad():
            sizes = [p.shape[-1] for p in self.pyramid(self.backbone(torch.zeros(1, 1, size, size)))]
        self.sizes = sizes
        self.heads = nn.ModuleList(nn.Linear(f * s * s, 2) for s in sizes)
        self.final = nn.Linear(10, 2)
        for d in list(self.heads) + [self.final]:
            nn.init.normal_(d.weight, 0.0, 0.001)
            nn.init.zeros_(d.bias)

    def pyramid(self, taps):
        c3, c4, c5 = taps
        p5r = self.c5_reduced(c5)
        p5_up = F.interpolate(p5r, size=c4.shape[-2:], mode="nearest")
        p5 = self.p5(p5r)
        p4 = torch.cat([p5_up, self.c4_reduced(c4)], 1)
        p4_up = F.interpolate(p4, size=c3.shape[-2:], mode="nearest")
        p4 = self.p4(p4)
        p3 = self.p3(torch.cat([p4_up, self.c3_reduced(c3)], 1))
        p6 = self.p6(tf_same_pad(c5, 3, 2))
        p7 = self.p7(tf_same_pad(F.relu(p6), 3, 2))
        return [p3, p4, p5, p6, p7]

    def forward(self, x):
        pyramid = self.pyramid(self.backbone(x))
        votes = [F.relu(head(F.dropout(p.flatten(1), 0.5, self.training)))
                 for head, p in zip(self.heads, pyramid)]
        return self.final(torch.cat(votes, 1))  # logits


def keras_parameter_count(model):
    n = sum(p.numel() for p in model.parameters())
    n += sum(b.numel() for name, b in model.named_buffers() if not name.endswith("num_batches_tracked"))
    return n


def peak_rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    return -1


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=512)
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--iterations", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(42)
    model = FpnClassifier(args.size).eval()
    count = keras_parameter_count(model)
    if args.size == 512:
        assert count == 34_058_656, count
        assert model.sizes == [30, 14, 16, 8, 4], model.sizes
    x = torch.rand(args.batch, 1, args.size, args.size) * 4000
    times = []
    with torch.inference_mode():
        for i in range(args.warmup + args.iterations):
            start = time.perf_counter()
            model(x).sum().item()
            if i >= args.warmup:
                times.append(time.perf_counter() - start)
    mean = sum(times) / len(times)
    median = sorted(times)[len(times) // 2]
    print(f"peer=pytorch-python torch={torch.__version__}")
    print(f"size={args.size}")
    print(f"batch={args.batch}")
    print(f"threads={torch.get_num_threads()}")
    print(f"total_parameters={count}")
    print(f"pyramid={','.join(f'{s}x{s}' for s in model.sizes)}")
    print(f"median_batch_ms={median * 1000:.1f}")
    print(f"slices_per_sec={args.batch / mean:.3f}")
    print(f"slices_per_sec_median={args.batch / median:.3f}")
    print(f"peak_rss_mb={peak_rss_mb()}")


if __name__ == "__main__":
    main()
