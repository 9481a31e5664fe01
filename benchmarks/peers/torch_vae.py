#!/usr/bin/env python3
"""PyTorch (CPU) peer of `./dbn4j bench --tasks vae_epoch`: one epoch of the variational
autoencoder of `./dbn4j train-vae` (784-200-200-50 with tanh layers, 50 Gaussian latent units by
the reparameterisation trick, a 50-200-200-784 tanh decoder giving Bernoulli logits; the cost the
Bernoulli cross-entropy plus the analytic KL term, summed over the batch) trained by Adam
(learning rate 1e-3, betas 0.9 and 0.999, epsilon 1e-4) on batches of 100 in a shuffled order,
each batch binarised anew (1 where u < x/255). `nn.Linear`, autograd and `torch.optim.Adam`;
the initial parameters restored before every epoch."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_common as common  # noqa: E402

PEER = "torch"
TASKS = ("vae_epoch",)
LR, BETAS, EPSILON = 1e-3, (0.9, 0.999), 1e-4


class Vae:
    """The VAE, its optimiser and the batch buffers; ``reset`` restores the initial state."""

    def __init__(self, torch, x, seed, batch=common.BATCH):
        nn = torch.nn
        self.torch, self.x, self.seed, self.batch = torch, x, seed, batch
        self.n = x.shape[0]
        enc, latent, dec = common.VAE_ENCODER, common.VAE_LATENT, common.VAE_DECODER
        torch.manual_seed(seed)
        self.encoder = nn.Sequential(nn.Linear(784, enc[0]), nn.Tanh(), nn.Linear(enc[0], enc[1]), nn.Tanh())
        self.mu = nn.Linear(enc[1], latent)
        self.logvar = nn.Linear(enc[1], latent)
        self.decoder = nn.Sequential(nn.Linear(latent, dec[0]), nn.Tanh(), nn.Linear(dec[0], dec[1]), nn.Tanh(),
                                     nn.Linear(dec[1], 784))
        self.modules = [m.to(x.dtype) for m in (self.encoder, self.mu, self.logvar, self.decoder)]
        self.params = [p for m in self.modules for p in m.parameters()]
        with torch.no_grad():
            # the output biases at the log-odds of the pixel means, as dbn4j starts them
            means = x.mean(0).clamp(1e-3, 1 - 1e-3)
            self.decoder[-1].bias.copy_(torch.log(means / (1 - means)))
        self.initial = [p.detach().clone() for p in self.params]
        self.xb = torch.empty(batch, 784, dtype=x.dtype)
        self.vb = torch.empty(batch, 784, dtype=x.dtype)
        self.eps = torch.empty(batch, latent, dtype=x.dtype)
        self.gen = torch.Generator()
        self.cost = float("nan")

    def reset(self):
        self.gen.manual_seed(self.seed)
        with self.torch.no_grad():
            for p, p0 in zip(self.params, self.initial):
                p.copy_(p0)
        self.opt = self.torch.optim.Adam(self.params, lr=LR, betas=BETAS, eps=EPSILON)

    def epoch(self):
        torch = self.torch
        bce = torch.nn.functional.binary_cross_entropy_with_logits
        opt, gen = self.opt, self.gen
        order = torch.randperm(self.n, generator=gen)
        total = torch.zeros((), dtype=torch.float64)
        for start in range(0, self.n, self.batch):
            idx = order[start:start + self.batch]
            m = idx.shape[0]
            xb, vb, eps = self.xb[:m], self.vb[:m], self.eps[:m]
            torch.index_select(self.x, 0, idx, out=xb)
            torch.bernoulli(xb, generator=gen, out=vb)
            eps.normal_(generator=gen)
            h = self.encoder(vb)
            mu, logvar = self.mu(h), self.logvar(h)
            z = mu + torch.exp(0.5 * logvar) * eps
            loss = bce(self.decoder(z), vb, reduction="sum") \
                + 0.5 * torch.sum(mu * mu + torch.exp(logvar) - 1 - logvar)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total += loss.detach()
        self.cost = total.item() / self.n
        if self.cost != self.cost or self.cost == float("inf"):
            raise SystemExit("error: training diverged (negative ELBO %s)" % self.cost)


def main():
    args = common.parse_args(__doc__, TASKS)
    started = common.start_torch(PEER, args, common.scaled)
    if started is None:
        return 0
    torch, x, _ = started
    n = x.shape[0]
    threads = torch.get_num_threads()
    vae = Vae(torch, x, args.seed)
    common.log("vae_epoch:")
    seconds = common.median_seconds(vae.epoch, args, vae.reset)
    common.log("  training ELBO of the last epoch: %.4f nats per case" % -vae.cost)
    shape = "%d x %s" % (n, common.VAE_SHAPE)
    common.report(PEER, args, "vae_epoch", shape, n, seconds, common.vae_flops(n), threads)
    return 0


if __name__ == "__main__":
    sys.exit(main())
