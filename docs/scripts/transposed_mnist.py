"""Writes MNIST with every image transposed (rows become columns) as a new IDX data set.

The result has MNIST's layout and file names but not its checksums: a data set that is not
MNIST, for trying `dbn4j train-dbn --data DIR` on one (see docs/RESULTS.md).

    python3 docs/scripts/transposed_mnist.py ~/.dbn4j/data/mnist /tmp/mnist-transposed
"""
import gzip
import pathlib
import sys

import numpy as np


def read(directory, name):
    raw = directory / name
    if raw.exists():
        return raw.read_bytes()
    return gzip.decompress((directory / (name + ".gz")).read_bytes())


def main(source, target):
    source, target = pathlib.Path(source).expanduser(), pathlib.Path(target).expanduser()
    target.mkdir(parents=True, exist_ok=True)
    for part in ("train", "t10k"):
        images = read(source, part + "-images-idx3-ubyte")
        n, rows, cols = np.frombuffer(images[4:16], dtype=">i4")
        pixels = np.frombuffer(images[16:], dtype=np.uint8).reshape(n, rows, cols)
        (target / (part + "-images-idx3-ubyte")).write_bytes(
            images[:16] + np.ascontiguousarray(pixels.transpose(0, 2, 1)).tobytes())
        (target / (part + "-labels-idx1-ubyte")).write_bytes(read(source, part + "-labels-idx1-ubyte"))


if __name__ == "__main__":
    main(*sys.argv[1:3])
