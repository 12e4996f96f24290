#!/usr/bin/python3
"""Self-check of the chamfer-vae PyTorch reference (not part of the Maven build).

    cd bench/reference && /usr/bin/python3 -m unittest -v test_chamfer_reference
"""

import json
import os
import sys
import tempfile
import unittest

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import chamfer_vae_reference as ref  # noqa: E402


def brute_force(x, y, mask):
    """The definition: every pair of real particles, float64."""
    out = []
    c = x.shape[1]
    for k in range(x.shape[0]):
        idx = mask[k].nonzero().flatten()
        if len(idx) == 0:
            out.append(0.0)
            continue
        d = ((x[k][idx][:, None, :].double() - y[k][idx][None, :, :].double()) ** 2).sum(2)
        out.append(float((d.min(1).values.sum() + d.min(0).values.sum()) / c))
    return out


class ChamferTest(unittest.TestCase):
    def test_matches_the_definition(self):
        g = torch.Generator().manual_seed(3)
        x = torch.randn(20, 30, 3, generator=g)
        y = torch.randn(20, 30, 3, generator=g)
        mask = (torch.rand(20, 30, generator=g) < 0.6).float()
        mask[0] = 0
        got = ref.chamfer(x, y, mask).tolist()
        for a, b in zip(got, brute_force(x, y, mask)):
            self.assertAlmostEqual(a, b, delta=1e-5 + 1e-5 * b)
        self.assertEqual(got[0], 0.0)

    def test_hand_case(self):
        # two against two (C = 2): pairwise d = [[0, 9], [1, 4]] -> (0 + 1 + 0 + 4) / 2 (nphunt's ChamferTest)
        x = torch.tensor([[[0.0, 0, 0], [1, 0, 0]]])
        y = torch.tensor([[[0.0, 0, 0], [3, 0, 0]]])
        self.assertAlmostEqual(ref.chamfer(x, y, torch.ones(1, 2)).item(), 2.5, places=6)


class ModelTest(unittest.TestCase):
    def test_shapes_and_parameter_count_match_nphunt(self):
        m = ref.ParticleVae(c=100)
        # nphunt's ParticleVae with the defaults has the same 240,973 parameters (JetModelsTest)
        self.assertEqual(sum(p.numel() for p in m.parameters()), 240973)
        recon, mu, lv = m(torch.zeros(4, 100, 3), torch.zeros(4, 10))
        self.assertEqual(tuple(recon.shape), (4, 100, 3))
        self.assertEqual(tuple(mu.shape), (4, 10))

    def test_end_to_end(self):
        with tempfile.TemporaryDirectory() as d:
            x = np.random.default_rng(1).normal(size=(64, 100, 3)).astype(np.float32)
            m = np.ones((64, 100), dtype=np.float32)
            np.save(os.path.join(d, "x.npy"), x)
            np.save(os.path.join(d, "m.npy"), m)
            out = os.path.join(d, "o.json")
            self.assertEqual(ref.main(["--inputs", os.path.join(d, "x.npy"), "--mask", os.path.join(d, "m.npy"),
                                       "--epochs", "2", "--batch", "16", "--json", out]), 0)
            with open(out) as f:
                j = json.load(f)
            self.assertEqual(j["schema"], ref.SCHEMA)
            self.assertEqual(len(j["training"]["history"]), 2)
            self.assertGreater(j["summary"]["train_jets_per_s"], 0)


if __name__ == "__main__":
    unittest.main()
