#!/usr/bin/env python3
"""Writes the PyTorch reference fixtures of nphunt's conv and transformer autoencoders (issue 17):
nphunt-torch/src/test/resources/org/nphunt/model/torchref/{conv,transformer}.json, read by
org.nphunt.model.TorchReferenceTest.

Each file holds a small configuration (the record's fields), seeded random parameters by DJL name without
its child indices (shapes as DJL stores them: Linear (out, in), Conv2d (F, C, kh, kw), LayerNorm (d,)),
32 events of standardised inputs x (32, 57) with random empty slots (x = 0 there, mask 0; slot 0 is empty
in some events too, which the transformer must treat as real), and the per-event mse = mean over the 57
inputs of (recon - x)^2 from the forward pass of kernel_reference.ParamNet (float32 network, float64 mse).
Values are float32 written with Python's shortest round-trip repr of their float64 value (exact).

Usage: /usr/bin/python3 nphunt-bench/src/main/python/speed/make_torch_fixtures.py [OUT_DIR]
"""
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernel_reference import ParamNet  # noqa: E402

EVENTS = 32
SEED = 17


def lin(rng, p, name, n_out, n_in):
    p[name + "_weight"] = rng.normal(0, 1 / np.sqrt(n_in), (n_out, n_in))
    p[name + "_bias"] = rng.normal(0, 0.1, (n_out,))


def norm(rng, p, name, d):
    p[name + "_gamma"] = 1 + rng.normal(0, 0.1, (d,))
    p[name + "_beta"] = rng.normal(0, 0.1, (d,))


def conv_params(rng, c):
    p = {}
    f1, f2, lat = c["filters1"], c["filters2"], c["latentDim"]
    for name, shape in [("conv1", (f1, 1, 3, 3)), ("conv2", (f2, f1, 3, 1))]:
        p[name + "_weight"] = rng.normal(0, 1 / np.sqrt(np.prod(shape[1:])), shape)
        p[name + "_bias"] = rng.normal(0, 0.1, (shape[0],))
    lin(rng, p, "toLatent", lat, f2 * 9)
    lin(rng, p, "fromLatent", f2 * 9, lat)
    for name, shape in [("deconv2", (f1, f2, 3, 3)), ("deconv1", (1, f1, 3, 3))]:
        p[name + "_weight"] = rng.normal(0, 1 / np.sqrt(np.prod(shape[1:])), shape)
        p[name + "_bias"] = rng.normal(0, 0.1, (shape[0],))
    return p


def layer_params(rng, p, prefix, d, ff):
    norm(rng, p, prefix + "_norm1", d)
    lin(rng, p, prefix + "_attention_qkv", 3 * d, d)
    lin(rng, p, prefix + "_attention_out", d, d)
    norm(rng, p, prefix + "_norm2", d)
    lin(rng, p, prefix + "_ff1", ff, d)
    lin(rng, p, prefix + "_ff2", d, ff)


def transformer_params(rng, c):
    p = {}
    d, lat, ff = c["embedDim"], c["latentDim"], c["ffDim"]
    lin(rng, p, "embed", d, 3)
    p["slotEmbedding"] = rng.normal(0, 1, (19, d))
    for i in range(c["encoderLayers"]):
        layer_params(rng, p, "encoder%d" % i, d, ff)
    norm(rng, p, "encoderNorm", d)
    lin(rng, p, "toLatent", lat, d)
    lin(rng, p, "fromLatent", d, lat)
    p["slotQueries"] = rng.normal(0, 1, (19, d))
    for i in range(c["decoderLayers"]):
        layer_params(rng, p, "decoder%d" % i, d, ff)
    norm(rng, p, "decoderNorm", d)
    lin(rng, p, "head", 3, d)
    return p


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        here, "../../../../../nphunt-torch/src/test/resources/org/nphunt/model/torchref")
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(SEED)
    mask = (rng.random((EVENTS, 19)) < 0.6).astype(np.float32)
    mask[:EVENTS // 2, 0] = 1  # slot 0 (MET) empty in half the events: still real for the transformer
    x = (rng.normal(0, 1, (EVENTS, 19, 3)) * mask[:, :, None]).reshape(EVENTS, 57).astype(np.float32)
    configs = {
        "conv": {"latentDim": 4, "filters1": 4, "filters2": 8, "negativeSlope": 0.1},
        "transformer": {"latentDim": 4, "embedDim": 8, "heads": 2, "encoderLayers": 2, "decoderLayers": 1,
                        "ffDim": 16, "dropout": 0.0},
    }
    for arch, cfg in configs.items():
        p = conv_params(rng, cfg) if arch == "conv" else transformer_params(rng, cfg)
        p = {k: v.astype(np.float32) for k, v in p.items()}
        net = ParamNet({"arch": arch, "config": cfg}, None, p).eval()
        with torch.no_grad():
            r, _, _ = net(torch.from_numpy(x), torch.from_numpy(mask))
        d = r.double().numpy() - x.astype(np.float64)
        mse = (d * d).mean(axis=1)
        doc = {"generator": "nphunt-bench/src/main/python/speed/make_torch_fixtures.py", "torch": torch.__version__,
               "seed": SEED, "architecture": arch, "config": cfg,
               "params": {k: {"shape": list(v.shape), "values": [float(t) for t in v.ravel()]} for k, v in p.items()},
               "x": [float(t) for t in x.ravel()], "mask": [float(t) for t in mask.ravel()],
               "mse": [float(t) for t in mse]}
        path = os.path.join(out, arch + ".json")
        tmp = path + ".tmp"
        with open(tmp, "w") as f:
            json.dump(doc, f)
            f.write("\n")
        os.replace(tmp, path)
        print("wrote", path, "mse", mse.min(), "..", mse.max())


if __name__ == "__main__":
    main()
