"""Writes numpy-rbm.npz, the model that NumpyModel.java reads, and prints what NumPy computes of it.

    python3 examples/src/main/python/write_rbm.py examples/src/main/resources/io/github/dbn4j/examples/numpy-rbm.npz

An RBM of 8 Bernoulli visible and 4 hidden units in dbn4j's npz names (docs/model-format.md),
weights stored as float32 and compressed, as numpy.savez_compressed writes them. Its exact log
partition function sums over the 16 hidden states:
log Z = log sum_h exp(c.h + sum_i softplus(b_i + W_i.h)).
"""
import itertools
import sys

import numpy as np


def main(out):
    rng = np.random.default_rng(2024)
    w = (rng.standard_normal((8, 4)) * 0.8).astype(np.float32)
    b = np.linspace(-1.0, 1.0, 8)
    c = np.array([0.5, -0.25, 0.0, 0.75])
    np.savez_compressed(out, W=w, vbias=b, hbias=c, gaussian_visible=np.array([0]), format_version=np.array([1]),
                        kind=np.array([0]))

    wd = w.astype(np.float64)
    terms = [c @ np.array(h) + np.logaddexp(0, b + wd @ np.array(h)).sum()
             for h in itertools.product([0, 1], repeat=4)]
    log_z = np.logaddexp.reduce(terms)

    def log_p(v):
        free_energy = -b @ v - np.logaddexp(0, c + v @ wd).sum()
        return -free_energy - log_z

    print(f"log Z = {log_z:.10f}")
    print(f"log p(0...0) = {log_p(np.zeros(8)):.10f}")
    print(f"log p(1...1) = {log_p(np.ones(8)):.10f}")


if __name__ == "__main__":
    main(sys.argv[1])
