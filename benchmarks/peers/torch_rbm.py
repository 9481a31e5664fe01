#!/usr/bin/env python3
"""PyTorch (CPU) peer of `./dbn4j bench --tasks cd1_epoch,pcd1_epoch`: one epoch of CD-1 or PCD-1
(100 persistent chains) of a 784x500 binary RBM on stochastically binarised MNIST, batches of 100
in a shuffled order, lr 0.1, momentum 0.5, weight cost 2e-4, with the reconstruction
cross-entropy accumulated per batch. Same algorithm as numpy_rbm.py; tensors are allocated once,
without autograd, and every step writes in place (addmm with the bias, momentum folded into the
gradient product through beta)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_common as common  # noqa: E402

PEER = "torch"
TASKS = ("cd1_epoch", "pcd1_epoch")
HIDDEN = 500
LR, MOMENTUM, WEIGHT_COST, INIT_STD = 0.1, 0.5, 2e-4, 0.01


class Rbm:
    """A Bernoulli RBM and its CD-1 / PCD-1 trainer; ``reset`` restores the initial state."""

    def __init__(self, torch, x, seed, persistent, batch=common.BATCH, hidden=HIDDEN):
        self.torch, self.x, self.seed, self.persistent, self.batch = torch, x, seed, persistent, batch
        n, v = x.shape
        dt = self.dt = x.dtype
        self.n = n
        self.chains = batch if persistent else 0
        e = lambda *shape: torch.empty(*shape, dtype=dt)  # noqa: E731
        self.W, self.b, self.c = e(v, hidden), e(v), e(hidden)
        self.vW, self.vb, self.vc = e(v, hidden), e(v), e(hidden)
        rows = 2 * batch
        self.V = e(rows, v)        # [v0; negative visible states]  (PCD: [chains; v0])
        self.H = e(rows, hidden)   # hidden probabilities, then scaled by the signed step sizes
        self.S = e(rows, hidden)   # hidden samples
        self.X = e(rows, v)        # visible input h W' + b
        self.T = e(batch, v)       # scratch of the reconstruction cost
        self.Uh = e(rows, hidden)
        self.Uv = e(batch, v)
        self.scales = {}
        mean = x.double().mean(0).clamp_(1e-3, 1 - 1e-3)
        self.b0 = (mean / (1 - mean)).log_().to(dt)
        self.gen = torch.Generator()
        self.cost = float("nan")

    def reset(self):
        self.gen.manual_seed(self.seed)
        self.W.normal_(0, INIT_STD, generator=self.gen)
        self.b.copy_(self.b0)
        for a in (self.c, self.vW, self.vb, self.vc):
            a.zero_()
        if self.persistent:
            # chains start from the visible biases alone: v ~ p(v | h = 0)
            p = self.chains
            self.X[:p].copy_(self.b.expand(p, -1)).sigmoid_()
            self._sample(self.X[:p], self.Uv[:p], self.V[:p])

    def _scales(self, data, neg, data_first):
        key = (data, neg, data_first)
        if key not in self.scales:
            torch = self.torch
            pos = torch.full((data,), LR / data, dtype=self.dt)
            negs = torch.full((neg,), -LR / neg, dtype=self.dt)
            s = torch.cat((pos, negs) if data_first else (negs, pos))
            self.scales[key] = (s, s[:, None], torch.ones(data + neg, dtype=self.dt))
        return self.scales[key]

    def _hidden(self, v, out):
        self.torch.addmm(self.c, v, self.W, out=out).sigmoid_()

    def _sample(self, p, u, out):
        u.uniform_(0, 1, generator=self.gen)
        self.torch.lt(u, p, out=out)

    def _cost(self, v0, x1, t):
        """Summed cross-entropy of v0 and sigmoid(x1): sum softplus(x1) - v0.x1 (softplus is stable)."""
        torch = self.torch
        torch._C._nn.softplus(x1, 1, 20, out=t)
        return (t.sum() - torch.dot(v0.reshape(-1), x1.reshape(-1))).item()

    def _update(self, V, H, scales):
        s, col, ones = scales
        H.mul_(col)                                     # rows * (+lr/data or -lr/neg)
        # vel = momentum vel + lr (v0' ph0 / m - vn' phn / p - cost W): one product with beta
        self.vW.addmm_(V.t(), H, beta=MOMENTUM).add_(self.W, alpha=-LR * WEIGHT_COST)
        self.vb.addmv_(V.t(), s, beta=MOMENTUM)
        self.vc.addmv_(H.t(), ones, beta=MOMENTUM)
        self.W.add_(self.vW)
        self.b.add_(self.vb)
        self.c.add_(self.vc)

    def _cd_step(self, idx):
        torch = self.torch
        m = idx.shape[0]
        V, H = self.V[:2 * m], self.H[:2 * m]
        v0, vn, ph0, phn, h0 = V[:m], V[m:], H[:m], H[m:], self.S[:m]
        torch.index_select(self.x, 0, idx, out=v0)
        self._hidden(v0, ph0)
        self._sample(ph0, self.Uh[:m], h0)
        torch.addmm(self.b, h0, self.W.t(), out=vn)
        cost = self._cost(v0, vn, self.T[:m])
        vn.sigmoid_()                                   # reconstruction probabilities, not sampled
        self._hidden(vn, phn)
        self._update(V, H, self._scales(m, m, True))
        return cost

    def _pcd_step(self, idx):
        torch = self.torch
        m, p = idx.shape[0], self.chains
        V, H, S, X = self.V[:p + m], self.H[:p + m], self.S[:p + m], self.X[:p + m]
        chain, v0 = V[:p], V[p:]
        torch.index_select(self.x, 0, idx, out=v0)
        self._hidden(V, H)                              # data and chains in one product
        self._sample(H, self.Uh[:p + m], S)
        torch.addmm(self.b, S, self.W.t(), out=X)
        cost = self._cost(v0, X[p:], self.T[:m])        # the data's reconstruction, as with CD
        self._sample(X[:p].sigmoid_(), self.Uv[:p], chain)  # the chains' new visible states
        self._hidden(chain, H[:p])
        self._update(V, H, self._scales(m, p, False))
        return cost

    def epoch(self):
        torch = self.torch
        with torch.no_grad():
            order = torch.randperm(self.n, generator=self.gen)
            step = self._pcd_step if self.persistent else self._cd_step
            total = 0.0
            for start in range(0, self.n, self.batch):
                cost = step(order[start:start + self.batch])
                if cost != cost or cost in (float("inf"), float("-inf")):
                    raise SystemExit("error: training diverged (reconstruction cost %s)" % cost)
                total += cost
            if not bool(torch.isfinite(self.W).all()):
                raise SystemExit("error: training diverged (a weight is not finite)")
        self.cost = total / self.n


def main():
    args = common.parse_args(__doc__, TASKS)
    started = common.start_torch(PEER, args, lambda images, dtype: common.binarised(images, dtype, args.seed))
    if started is None:
        return 0
    torch, x, _ = started
    n = x.shape[0]
    threads = torch.get_num_threads()
    for task in args.tasks:
        rbm = Rbm(torch, x, args.seed, task == "pcd1_epoch")
        common.log("%s:" % task)
        seconds = common.median_seconds(rbm.epoch, args, rbm.reset)
        common.log("  reconstruction cross-entropy of the last epoch: %.3f per case" % rbm.cost)
        common.report(PEER, args, task, "%d x 784x%d" % (n, HIDDEN), n, seconds, common.rbm_flops(task, n), threads)
    return 0


if __name__ == "__main__":
    sys.exit(main())
