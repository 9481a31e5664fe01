"""Plain baselines for `./dbn4j demo --quick`: an RBF-kernel SVM and a 500-500 MLP (scikit-learn).

The same data as the quick demo: the 5,000 training digits shipped with dbn4j, of which 4,500
train and 500 (a seeded random choice, not the demo's own draw) choose the SVM's C and gamma and
the MLP's L2 cost; the error is then measured once on the 1,000 shipped test digits. Pixels are
scaled to [0, 1] as the demo's.

    python3 benchmarks/baselines/subset_baselines.py      # needs NumPy and scikit-learn
"""
import gzip
import os

import numpy as np
from sklearn.neural_network import MLPClassifier
from sklearn.svm import SVC

SUBSET = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'dbn-core', 'src', 'main',
                      'resources', 'io', 'github', 'dbn4j', 'core', 'data', 'mnist-subset')


def idx(name, offset):
    with gzip.open(os.path.join(SUBSET, name)) as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


def main():
    x = idx('train-images.idx.gz', 16).reshape(-1, 784) / 255.0
    y = idx('train-labels.idx.gz', 8).astype(int)
    xt = idx('test-images.idx.gz', 16).reshape(-1, 784) / 255.0
    yt = idx('test-labels.idx.gz', 8).astype(int)
    order = np.random.default_rng(0).permutation(len(x))
    train, val = order[500:], order[:500]

    best = None
    for c in [1, 3, 10, 30]:
        for gamma in ['scale', 0.01, 0.03]:
            m = SVC(C=c, gamma=gamma).fit(x[train], y[train])
            e = 1 - m.score(x[val], y[val])
            if best is None or e < best[0]:
                best = (e, f'C={c} gamma={gamma}', m)
    print('SVM RBF: validation %.2f%% (%s), test %.2f%%' % (100 * best[0], best[1], 100 * (1 - best[2].score(xt, yt))))

    best = None
    for alpha in [1e-4, 1e-3, 1e-2]:
        m = MLPClassifier((500, 500), alpha=alpha, max_iter=200, random_state=0).fit(x[train], y[train])
        e = 1 - m.score(x[val], y[val])
        if best is None or e < best[0]:
            best = (e, f'alpha={alpha}', m)
    print('MLP 500-500: validation %.2f%% (%s), test %.2f%%' % (100 * best[0], best[1],
                                                               100 * (1 - best[2].score(xt, yt))))


if __name__ == '__main__':
    main()
