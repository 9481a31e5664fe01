"""Writes the UCI optical digits (8x8, values 0..16, as shipped with scikit-learn) as a dbn4j
data archive: x, y for training and x_test, y_test for testing, with values divided by 16.

    python3 docs/scripts/uci_digits_npz.py OUT.npz

The split is scikit-learn's train_test_split with 20% test cases, stratified, random_state=0.
It also prints the test error of scikit-learn's SVC (RBF kernel, default settings) on the same
split, as a baseline.
"""
import sys

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.svm import SVC


def main(out):
    digits = load_digits()
    x = digits.data / 16.0
    y = digits.target.astype(np.int64)
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2, stratify=y, random_state=0)
    np.savez(out, x=x_train, y=y_train, x_test=x_test, y_test=y_test)
    svc = SVC().fit(x_train, y_train)
    error = float(np.mean(svc.predict(x_test) != y_test))
    print(f"wrote {out}: {len(y_train)} training and {len(y_test)} test cases of {x.shape[1]} values")
    print(f"SVC (RBF, default settings) test error: {100 * error:.2f}% ({int(round(error * len(y_test)))} of {len(y_test)})")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: uci_digits_npz.py OUT.npz")
    main(sys.argv[1])
