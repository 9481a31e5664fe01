#!/usr/bin/env python3
"""NumPy peer of `./dbn4j bench --tasks cd1_epoch,pcd1_epoch`: one epoch of CD-1 or PCD-1 (100
persistent chains) of a 784x500 binary RBM on stochastically binarised MNIST, batches of 100 in a
shuffled order, lr 0.1, momentum 0.5, weight cost 2e-4, with the reconstruction cross-entropy
accumulated per batch. All buffers are allocated once; every step writes in place."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_common as common  # noqa: E402

PEER = "numpy"
TASKS = ("cd1_epoch", "pcd1_epoch")
HIDDEN = 500
LR, MOMENTUM, WEIGHT_COST, INIT_STD = 0.1, 0.5, 2e-4, 0.01


class Rbm:
    """A Bernoulli RBM and its CD-1 / PCD-1 trainer; ``reset`` restores the initial state."""

    def __init__(self, np, x, seed, persistent, batch=common.BATCH, hidden=HIDDEN):
        self.np, self.x, self.seed, self.persistent, self.batch = np, x, seed, persistent, batch
        n, v = x.shape
        dt = self.dt = x.dtype
        self.n = n
        self.chains = batch if persistent else 0
        e = np.empty
        self.W, self.b, self.c = e((v, hidden), dt), e(v, dt), e(hidden, dt)
        self.vW, self.vb, self.vc = e((v, hidden), dt), e(v, dt), e(hidden, dt)
        self.dW, self.tW, self.db, self.dc = e((v, hidden), dt), e((v, hidden), dt), e(v, dt), e(hidden, dt)
        rows = 2 * batch
        self.V = e((rows, v), dt)    # [v0; negative visible states]  (PCD: [chains; v0])
        self.H = e((rows, hidden), dt)  # hidden probabilities, then scaled by the signed step sizes
        self.S = e((rows, hidden), dt)  # hidden samples
        self.X = e((rows, v), dt)    # visible input h W' + b
        self.T = e((batch, v), dt)   # scratch of the reconstruction cost
        self.Uh = e((rows, hidden), dt)
        self.Uv = e((batch, v), dt)
        self.scales = {}             # rows -> (signed step per row, ones)
        mean = np.clip(x.mean(axis=0, dtype=np.float64), 1e-3, 1 - 1e-3)
        self.b0 = np.log(mean / (1 - mean)).astype(dt)
        self.cost = float("nan")

    def reset(self):
        np = self.np
        self.rng = np.random.default_rng([self.seed, 3])
        self.rng.standard_normal(out=self.W, dtype=self.dt)
        self.W *= INIT_STD
        self.b[:] = self.b0
        for a in (self.c, self.vW, self.vb, self.vc):
            a.fill(0)
        if self.persistent:
            # chains start from the visible biases alone: v ~ p(v | h = 0)
            p = self.chains
            self.X[:p] = self.b
            self._sigmoid(self.X[:p])
            self.rng.random(out=self.Uv[:p], dtype=self.dt)
            np.less(self.Uv[:p], self.X[:p], out=self.V[:p])

    def _scales(self, data, neg, data_first):
        key = (data, neg, data_first)
        if key not in self.scales:
            np = self.np
            pos, negs = np.full(data, LR / data), np.full(neg, -LR / neg)
            s = np.concatenate((pos, negs) if data_first else (negs, pos)).astype(self.dt)
            self.scales[key] = (s, s[:, None], np.ones(data + neg, self.dt))
        return self.scales[key]

    def _sigmoid(self, a):
        # 1 / (1 + exp(-a)) as 0.5 tanh(a / 2) + 0.5: no overflow, fewer passes than exp
        np = self.np
        np.multiply(a, 0.5, out=a)
        np.tanh(a, out=a)
        np.multiply(a, 0.5, out=a)
        np.add(a, 0.5, out=a)

    def _hidden(self, v, out):
        np = self.np
        np.matmul(v, self.W, out=out)
        np.add(out, self.c, out=out)
        self._sigmoid(out)

    def _sample(self, p, u, out):
        self.rng.random(out=u, dtype=self.dt)
        self.np.less(u, p, out=out)

    def _cost(self, v0, x1, t):
        """Summed cross-entropy of v0 and sigmoid(x1): sum softplus(x1) - v0.x1, softplus stably."""
        np = self.np
        np.abs(x1, out=t)
        np.negative(t, out=t)
        np.exp(t, out=t)
        np.log1p(t, out=t)
        s = float(t.sum())
        np.maximum(x1, 0, out=t)
        return s + float(t.sum()) - float(np.vdot(v0, x1))

    def _update(self, V, H, scales):
        np = self.np
        s, col, ones = scales
        np.multiply(H, col, out=H)                  # rows * (+lr/data or -lr/neg)
        np.matmul(V.T, H, out=self.dW)              # lr * (v0' ph0 / m - vn' phn / p), one product
        np.matmul(s, V, out=self.db)
        np.matmul(ones, H, out=self.dc)
        np.multiply(self.W, -LR * WEIGHT_COST, out=self.tW)
        for p, vel, d in ((self.W, self.vW, self.dW), (self.b, self.vb, self.db), (self.c, self.vc, self.dc)):
            vel *= MOMENTUM
            vel += d
            if p is self.W:
                vel += self.tW
            p += vel

    def _cd_step(self, idx):
        np = self.np
        m = idx.shape[0]
        V, H = self.V[:2 * m], self.H[:2 * m]
        v0, vn, ph0, phn, h0 = V[:m], V[m:], H[:m], H[m:], self.S[:m]
        np.take(self.x, idx, axis=0, out=v0, mode="clip")
        self._hidden(v0, ph0)
        self._sample(ph0, self.Uh[:m], h0)
        np.matmul(h0, self.W.T, out=vn)
        np.add(vn, self.b, out=vn)
        cost = self._cost(v0, vn, self.T[:m])
        self._sigmoid(vn)                           # reconstruction probabilities, not sampled
        self._hidden(vn, phn)
        self._update(V, H, self._scales(m, m, True))
        return cost

    def _pcd_step(self, idx):
        np = self.np
        m, p = idx.shape[0], self.chains
        V, H, S, X = self.V[:p + m], self.H[:p + m], self.S[:p + m], self.X[:p + m]
        chain, v0 = V[:p], V[p:]
        np.take(self.x, idx, axis=0, out=v0, mode="clip")
        self._hidden(V, H)                          # data and chains in one product
        self._sample(H, self.Uh[:p + m], S)
        np.matmul(S, self.W.T, out=X)
        np.add(X, self.b, out=X)
        cost = self._cost(v0, X[p:], self.T[:m])    # the data's reconstruction, as with CD
        self._sigmoid(X[:p])
        self._sample(X[:p], self.Uv[:p], chain)     # the chains' new visible states
        self._hidden(chain, H[:p])
        self._update(V, H, self._scales(m, p, False))
        return cost

    def epoch(self):
        np = self.np
        order = self.rng.permutation(self.n)
        step = self._pcd_step if self.persistent else self._cd_step
        total = 0.0
        for start in range(0, self.n, self.batch):
            cost = step(order[start:start + self.batch])
            if cost != cost or cost in (float("inf"), float("-inf")):
                raise SystemExit("error: training diverged (reconstruction cost %s)" % cost)
            total += cost
        if not np.isfinite(self.W).all():
            raise SystemExit("error: training diverged (a weight is not finite)")
        self.cost = total / self.n


def main():
    args = common.parse_args(__doc__, TASKS)
    try:
        import numpy as np
    except ImportError as e:
        common.skip(PEER, args, e)
        return 0
    if not args.tasks:
        return 0
    dtype = np.float32 if args.precision == "float32" else np.float64
    images, _ = common.load_mnist(args.data, args.train_limit)
    x = common.binarised(images, dtype, args.seed)
    del images
    n = x.shape[0]
    threads = common.blas_threads()
    common.log("numpy %s, %s, %d images, %d BLAS threads" % (np.__version__, args.precision, n, threads))
    for task in args.tasks:
        rbm = Rbm(np, x, args.seed, task == "pcd1_epoch")
        common.log("%s:" % task)
        seconds = common.median_seconds(rbm.epoch, args, rbm.reset)
        common.log("  reconstruction cross-entropy of the last epoch: %.3f per case" % rbm.cost)
        common.report(PEER, args, task, "%d x 784x%d" % (n, HIDDEN), n, seconds, common.rbm_flops(task, n), threads)
    return 0


if __name__ == "__main__":
    sys.exit(main())
