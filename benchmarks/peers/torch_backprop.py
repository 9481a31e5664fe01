#!/usr/bin/env python3
"""PyTorch (CPU) peer of `./dbn4j bench --tasks finetune_epoch`: one epoch of mini-batch SGD
(batches of 100 in a shuffled order, lr 0.1, momentum 0.9) through 784-500-500-2000-10 with
logistic hidden layers and a softmax output under the cross-entropy loss, on the pixels scaled to
[0, 1] and the labels. Weights N(0, 0.05^2), biases 0, restored before every epoch."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_common as common  # noqa: E402

PEER = "torch"
TASKS = ("finetune_epoch",)
LR, MOMENTUM, INIT_STD = 0.1, 0.9, 0.05


class Net:
    """The classifier, its optimiser and the batch buffers; ``reset`` restores the initial state."""

    def __init__(self, torch, x, y, seed, batch=common.BATCH):
        nn = torch.nn
        self.torch, self.x, self.y, self.seed, self.batch = torch, x, y, seed, batch
        self.n = x.shape[0]
        layers = []
        for i in range(len(common.NET) - 1):
            layers.append(nn.Linear(common.NET[i], common.NET[i + 1]))
            if i < len(common.NET) - 2:
                layers.append(nn.Sigmoid())
        self.model = nn.Sequential(*layers).to(x.dtype)  # the softmax is inside the loss
        self.linears = [m for m in self.model if isinstance(m, nn.Linear)]
        self.xb = torch.empty(batch, x.shape[1], dtype=x.dtype)
        self.yb = torch.empty(batch, dtype=torch.int64)
        self.gen = torch.Generator()
        self.cost = float("nan")

    def reset(self):
        self.gen.manual_seed(self.seed)
        with self.torch.no_grad():
            for lin in self.linears:
                lin.weight.normal_(0, INIT_STD, generator=self.gen)
                lin.bias.zero_()
        self.opt = self.torch.optim.SGD(self.model.parameters(), lr=LR, momentum=MOMENTUM)

    def epoch(self):
        torch = self.torch
        loss_fn = torch.nn.functional.cross_entropy
        model, opt = self.model, self.opt
        order = torch.randperm(self.n, generator=self.gen)
        total = torch.zeros((), dtype=torch.float64)
        for start in range(0, self.n, self.batch):
            idx = order[start:start + self.batch]
            m = idx.shape[0]
            xb, yb = self.xb[:m], self.yb[:m]
            torch.index_select(self.x, 0, idx, out=xb)
            torch.index_select(self.y, 0, idx, out=yb)
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            total += loss.detach() * m
        self.cost = total.item() / self.n
        if self.cost != self.cost or self.cost == float("inf"):
            raise SystemExit("error: training diverged (cross-entropy %s)" % self.cost)


def main():
    args = common.parse_args(__doc__, TASKS)
    started = common.start_torch(PEER, args, common.scaled, labels=True)
    if started is None:
        return 0
    torch, x, y = started
    n = x.shape[0]
    threads = torch.get_num_threads()
    net = Net(torch, x, y, args.seed)
    common.log("finetune_epoch:")
    seconds = common.median_seconds(net.epoch, args, net.reset)
    common.log("  training cross-entropy of the last epoch: %.4f per case" % net.cost)
    shape = "%d x %s" % (n, "-".join(map(str, common.NET)))
    common.report(PEER, args, "finetune_epoch", shape, n, seconds, common.backprop_flops(n), threads)
    return 0


if __name__ == "__main__":
    sys.exit(main())
