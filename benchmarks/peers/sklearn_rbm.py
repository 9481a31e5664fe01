#!/usr/bin/env python3
"""scikit-learn peer of `./dbn4j bench --tasks pcd1_epoch`: one call of
BernoulliRBM(n_components=500, batch_size=100, learning_rate=0.1, n_iter=1).fit on stochastically
binarised MNIST in the chosen precision (float32 input stays float32 since scikit-learn 1.2).

The library's own epoch, as it is: persistent chains of hidden samples (one per batch row), no
shuffling, no momentum or weight cost, no reconstruction cost, and the fit's set-up (random
initial weights) included. It does 5 products of 784x500 per case where our PCD-1 epoch does 7,
and GFLOP/s is counted on those 5."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_common as common  # noqa: E402

PEER = "sklearn"
TASKS = ("pcd1_epoch",)
HIDDEN = 500
PRODUCTS = 5  # up (data), down (chains), up (chains), and the two gradient products


def main():
    args = common.parse_args(__doc__, TASKS)
    try:
        import numpy as np
        import sklearn
        from sklearn.neural_network import BernoulliRBM
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
    common.log("scikit-learn %s, numpy %s, %s, %d images, %d BLAS threads"
               % (sklearn.__version__, np.__version__, args.precision, n, threads))
    state = {}

    def epoch():
        rbm = BernoulliRBM(n_components=HIDDEN, batch_size=common.BATCH, learning_rate=0.1, n_iter=1,
                           random_state=args.seed)
        state["rbm"] = rbm.fit(x)

    common.log("pcd1_epoch:")
    seconds = common.median_seconds(epoch, args)
    rbm = state["rbm"]
    if rbm.components_.dtype != dtype:
        common.log("note: scikit-learn %s trained in %s, not %s; reported as such"
                   % (sklearn.__version__, rbm.components_.dtype, args.precision))
        args.precision = rbm.components_.dtype.name
    if not np.isfinite(rbm.components_).all():
        raise SystemExit("error: training diverged (a weight is not finite)")
    common.report(PEER, args, "pcd1_epoch", "%d x 784x%d" % (n, HIDDEN), n, seconds,
                  common.rbm_flops("pcd1_epoch", n, PRODUCTS), threads)
    return 0


if __name__ == "__main__":
    sys.exit(main())
