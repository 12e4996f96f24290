#!/usr/bin/python3
"""Self-check of the PyTorch reference harness (not part of the Maven build).

    cd bench/reference && /usr/bin/python3 -m unittest -v test_reference
"""

import contextlib
import io
import json
import math
import os
import sys
import tempfile
import unittest

import h5py
import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dense_ae_reference as ref  # noqa: E402
import synthetic  # noqa: E402


def read_json(path):
    with open(path) as f:
        return json.load(f)


def events(rows):
    """rows: per event a dict slot -> (pt, eta, phi, class)."""
    p = np.zeros((len(rows), 19, 4))
    for e, r in enumerate(rows):
        for s, v in r.items():
            p[e, s] = v
    return p


class PreprocessingTest(unittest.TestCase):
    P = events([
        {0: (10, 0, 1, 1), 1: (20, 1.0, 0.5, 2)},
        {0: (30, 0, -1, 1), 1: (40, -1.0, 0.5, 2), 9: (50, 2.0, 3.0, 4)},
        {0: (20, 0, 0, 1)},
    ])

    def fitted(self, p, log_pt=False):
        x, m = ref.kinematics(p, log_pt)
        st = ref.Standardiser()
        st.update(x, m)
        return st.finish(), x, m

    def test_hand_derived_statistics(self):
        st, _, _ = self.fitted(self.P)
        # slot 0 pT: 10, 30, 20 -> mean 20, population std sqrt(200/3)
        self.assertAlmostEqual(st.mean[0], 20.0)
        self.assertAlmostEqual(st.std[0], math.sqrt(200 / 3))
        # slot 0 eta always 0 -> std < 1e-6 -> 1
        self.assertEqual(st.std[1], 1.0)
        # slot 1 pT: only the two real entries 20, 40 (the empty slot of event 2 is excluded)
        self.assertAlmostEqual(st.mean[3], 30.0)
        self.assertAlmostEqual(st.std[3], 10.0)
        # slot 1 phi: 0.5, 0.5 -> std 0 -> 1, mean kept
        self.assertAlmostEqual(st.mean[5], 0.5)
        self.assertEqual(st.std[5], 1.0)
        # slot 9: one entry -> std 1, mean = the entry
        self.assertEqual(st.count[27], 1)
        self.assertAlmostEqual(st.mean[27], 50.0)
        self.assertEqual(st.std[27], 1.0)
        # slot 18: no entry -> mean 0, std 1
        self.assertEqual((st.mean[54], st.std[54]), (0.0, 1.0))

    def test_empty_slots_exactly_zero_and_real_standardised(self):
        st, x, m = self.fitted(self.P)
        z = st.apply(x, m)
        self.assertEqual(z.dtype, np.float32)
        self.assertTrue(np.all(z[2, 3:] == 0.0))
        self.assertTrue(np.all(z[0, 27:] == 0.0))
        self.assertAlmostEqual(float(z[1, 3]), 1.0, places=6)  # (40 - 30) / 10
        self.assertAlmostEqual(float(z[1, 27]), 0.0, places=6)  # (50 - 50) / 1

    def test_log_pt(self):
        st, x, _ = self.fitted(self.P, log_pt=True)
        self.assertAlmostEqual(x[0, 0], math.log1p(10.0), places=5)
        self.assertAlmostEqual(st.mean[0], np.mean(np.log1p(np.float32([10, 30, 20]))), places=6)
        self.assertEqual(x[0, 1], 0.0)  # eta untouched

    def test_chunked_equals_one_shot(self):
        p = synthetic.make_events(3000, seed=5)
        x, m = ref.kinematics(p, False)
        one = ref.Standardiser()
        one.update(x, m)
        one.finish()
        chunked = ref.Standardiser()
        for i in range(0, 3000, 700):
            chunked.update(x[i:i + 700], m[i:i + 700])
        chunked.finish()
        np.testing.assert_allclose(chunked.mean, one.mean, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(chunked.std, one.std, rtol=1e-10)
        # against numpy's masked statistics directly
        mm = np.repeat(m, 3, axis=1)
        for c in (0, 4, 30):
            v = x[mm[:, c], c]
            self.assertAlmostEqual(one.mean[c], v.mean(), places=9)
            self.assertAlmostEqual(one.std[c], v.std(), places=9)


class ModelAndScoreTest(unittest.TestCase):
    def test_architecture(self):
        torch.manual_seed(0)
        m = ref.build_model("torch")
        lin = [l for l in m if isinstance(l, torch.nn.Linear)]
        self.assertEqual([(l.in_features, l.out_features) for l in lin],
                         [(57, 32), (32, 16), (16, 3), (3, 16), (16, 32), (32, 57)])
        acts = [type(l).__name__ for l in m]
        self.assertEqual(acts, ["Linear", "LeakyReLU", "Linear", "LeakyReLU", "Linear",
                                "Linear", "LeakyReLU", "Linear", "LeakyReLU", "Linear"])
        self.assertTrue(all(l.negative_slope == 0.3 for l in m if isinstance(l, torch.nn.LeakyReLU)))
        self.assertEqual(tuple(m(torch.zeros(5, 57)).shape), (5, 57))
        x = ref.build_model("xavier")
        self.assertTrue(all(torch.all(l.bias == 0) for l in x if isinstance(l, torch.nn.Linear)))

    def test_scores_hand_derived(self):
        z = torch.zeros(2, 57)
        r = torch.zeros(2, 57)
        r[0, 0], r[0, 1], r[0, 2] = -2.0, 1.0, 3.0      # slot 0: |-2| + 1 + 9 = 12
        r[0, 3], r[0, 4] = 1.0, 2.0                      # slot 1: 1 + 4 = 5
        r[0, 6] = 7.0                                    # slot 2 is empty: ignored by mae_pt_mse_angles
        r[1, 0] = 0.5
        mask = torch.zeros(2, 19)
        mask[0, :2] = 1
        mask[1, 0] = 1
        mse = ref.mse_scores(r, z)
        self.assertAlmostEqual(mse[0].item(), (4 + 1 + 9 + 1 + 4 + 49) / 57, places=6)
        s4 = ref.mae_pt_mse_angles_scores(r, z, mask)
        self.assertAlmostEqual(s4[0].item(), (12 + 5) / 2, places=6)
        self.assertAlmostEqual(s4[1].item(), 0.5, places=6)
        self.assertEqual(ref.mae_pt_mse_angles_scores(r, z, torch.zeros(2, 19))[0].item(), 0.0)

    def test_masked_loss(self):
        z, r, m3 = torch.zeros(1, 57), torch.ones(1, 57), torch.zeros(1, 57)
        m3[0, :3] = 1
        r[0, 0] = 3.0
        self.assertAlmostEqual(ref.loss_fn(r, z, m3, True).item(), (9 + 1 + 1) / 3, places=6)
        self.assertAlmostEqual(ref.loss_fn(r, z, m3, False).item(), (9 + 56) / 57, places=6)


class MetricsTest(unittest.TestCase):
    def test_tpr_at_fpr(self):
        bkg = np.arange(10000, dtype=float)             # top 1% = 9900..9999
        sig = np.array([9899.0, 9900.5, 9950.0, 10.0])
        t = ref.tpr_at_fpr(bkg, sig, 1e-2)
        self.assertEqual(t["threshold"], 9899.0)         # 101st highest: 100 background above it
        self.assertAlmostEqual(t["fpr_actual"], 0.01)
        self.assertAlmostEqual(t["tpr"], 0.5)
        n_a = ref.tpr_at_fpr(bkg, sig, 1e-4)             # needs 100000 background events
        self.assertIsNone(n_a["tpr"])
        self.assertIn("n/a", n_a["note"])

    def test_auc_and_stderr(self):
        e = ref.evaluate(np.array([0.0, 1.0, 2.0, 3.0]), np.array([1.5, 2.5, 3.5]))
        self.assertAlmostEqual(e["auc"], (2 + 3 + 4) / 12)
        # Hanley-McNeil at AUC 0.5: Q1 = Q2 = 1/3
        want = math.sqrt((0.25 + 9 / 12 + 19 / 12) / (10 * 20))
        self.assertAlmostEqual(ref.auc_stderr(0.5, 10, 20), want)


class EndToEndTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        d = cls.dir.name
        cls.train = synthetic.write(os.path.join(d, "train.h5"), 6000, 1)
        cls.test = synthetic.write(os.path.join(d, "test.h5"), 3000, 2, dtype="float64")
        cls.sig = synthetic.write(os.path.join(d, "sig.h5"), 1000, 3, kind="signal")

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def run_ref(self, *extra):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = ref.main(["--train", self.train, "--test", self.test, "--signal", f"easy={self.sig}",
                             "--epochs", "4", "--batch", "256", "--seed", "7", "--quiet", *extra])
        return code, err.getvalue()

    def test_runs_learns_and_finds_easy_signal(self):
        path = os.path.join(self.dir.name, "r.json")
        code, err = self.run_ref("--json", path, "--repeats", "1")
        self.assertEqual(code, 0, err)
        r = read_json(path)
        self.assertEqual(r["schema"], ref.SCHEMA)
        self.assertEqual(r["split"], {"train_events": 4800, "val_events": 1200})
        h = r["training"]["history"]
        self.assertLess(h[-1]["train_loss"], h[0]["train_loss"])
        self.assertLess(h[-1]["val_loss"], h[0]["val_loss"])
        s = r["evaluation"]["signals"][0]
        self.assertEqual(s["name"], "easy")
        self.assertGreater(s["scores"]["mse"]["auc"], 0.95)
        self.assertGreater(s["scores"]["mae_pt_mse_angles"]["auc"], 0.95)
        self.assertEqual([t["batch"] for t in r["scoring"]["throughput"]], [1, 64, 1024, 16384])
        self.assertGreater(r["scoring"]["latency_us"]["median"], 0)
        self.assertEqual(r["inputs"]["test"]["process_ids"], {"0": 3000})

    def test_same_seed_same_numbers(self):
        a, b = (os.path.join(self.dir.name, f"d{i}.json") for i in (1, 2))
        self.assertEqual(self.run_ref("--json", a, "--no-timing")[0], 0)
        self.assertEqual(self.run_ref("--json", b, "--no-timing", "--threads", "1")[0], 0)
        ra, rb = read_json(a), read_json(b)
        self.assertEqual(ra["preprocessing"], rb["preprocessing"])
        self.assertAlmostEqual(ra["training"]["final_val_loss"], rb["training"]["final_val_loss"], places=5)
        self.assertAlmostEqual(ra["evaluation"]["signals"][0]["scores"]["mse"]["auc"],
                               rb["evaluation"]["signals"][0]["scores"]["mse"]["auc"], places=4)

    def test_refuses_to_overwrite(self):
        path = os.path.join(self.dir.name, "exists.json")
        with open(path, "w") as f:
            f.write("keep")
        code, err = self.run_ref("--json", path, "--no-timing")
        self.assertEqual(code, 1)
        self.assertIn("exists", err)
        with open(path) as f:
            self.assertEqual(f.read(), "keep")

    def test_bad_inputs_one_line_errors(self):
        d = self.dir.name
        nan = os.path.join(d, "nan.h5")
        p = synthetic.make_events(20, 1)
        p[7, 0, 1] = np.nan
        with h5py.File(nan, "w") as f:
            f["Particles"] = p
        wrong = os.path.join(d, "wrong.h5")
        with h5py.File(wrong, "w") as f:
            f["Particles"] = np.zeros((5, 19, 3))
        nods = os.path.join(d, "nods.h5")
        with h5py.File(nods, "w") as f:
            f["Other"] = np.zeros(3)
        cases = [(nan, "event 7 slot 0 feature 1"), (wrong, "expected (N,19,4)"),
                 (nods, "'Particles' missing"), (os.path.join(d, "none.h5"), "no such file")]
        for path, text in cases:
            err = io.StringIO()
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                code = ref.main(["--train", path, "--test", self.test, "--quiet", "--no-timing"])
            self.assertEqual(code, 1, path)
            self.assertIn(text, err.getvalue())
            self.assertIn(path, err.getvalue())
            self.assertEqual(err.getvalue().count("\n"), 1)

    def test_usage_errors_exit_2(self):
        for bad in (["--batch", "0"], ["--signal", "nofile"]):
            with contextlib.redirect_stderr(io.StringIO()), self.assertRaises(SystemExit) as cm:
                ref.parse_args(["--train", "a", "--test", "b", *bad])
            self.assertEqual(cm.exception.code, 2)


if __name__ == "__main__":
    unittest.main()
