"""Shared pieces of the peer benchmarks: options, MNIST loading, timing and the JSON output.

Every peer script prints exactly one JSON object per measurement on stdout and nothing else;
diagnostics go to stderr. Only the standard library is imported at module level, so that a
script can report a missing NumPy / PyTorch / scikit-learn as a "skipped" line.
"""

import argparse
import gzip
import json
import os
import resource
import struct
import sys
import time

TASK_PRODUCTS = {"cd1_epoch": 5, "pcd1_epoch": 7}
NET = (784, 500, 500, 2000, 10)
BATCH = 100
VAE_ENCODER, VAE_LATENT, VAE_DECODER = (200, 200), 50, (200, 200)
VAE_SHAPE = "784-200-200-50"
DEFAULT_DATA = os.path.join("~", ".dbn4j", "data", "mnist")


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)


def parse_args(description, tasks):
    """Parses the common options; ``tasks`` are the tasks this script implements (in order)."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--data", default=DEFAULT_DATA, metavar="DIR",
                   help="directory with train-images-idx3-ubyte and train-labels-idx1-ubyte, raw or .gz "
                        "(default: %(default)s)")
    p.add_argument("--train-limit", type=int, default=None, metavar="N",
                   help="use the first N training images (default: all)")
    p.add_argument("--precision", choices=("float32", "float64"), default="float32")
    p.add_argument("--repeats", type=int, default=5, metavar="R", help="timed epochs (default: %(default)s)")
    p.add_argument("--warmup", type=int, default=1, metavar="W", help="untimed epochs first (default: %(default)s)")
    p.add_argument("--tasks", default=",".join(tasks), metavar="T[,T...]",
                   help="comma-separated tasks; tasks this script does not implement are ignored "
                        "(default: %(default)s)")
    p.add_argument("--seed", type=int, default=1, help="seed of every random choice (default: %(default)s)")
    p.add_argument("--threads", type=int, default=None,
                   help="threads for PyTorch's own pool (default: every CPU this process may use)")
    a = p.parse_args()
    if a.repeats < 1 or a.warmup < 0:
        p.error("--repeats must be at least 1 and --warmup at least 0, got %d and %d" % (a.repeats, a.warmup))
    if a.train_limit is not None and a.train_limit < 1:
        p.error("--train-limit must be at least 1, got %d" % a.train_limit)
    if a.threads is not None and a.threads < 1:
        p.error("--threads must be at least 1, got %d" % a.threads)
    requested = [t.strip() for t in a.tasks.split(",") if t.strip()]
    for t in requested:
        if t not in tasks:
            log("note: %s does not implement task '%s'; ignored (it does: %s)"
                % (os.path.basename(sys.argv[0]), t, ", ".join(tasks)))
    a.tasks = [t for t in requested if t in tasks]
    a.data = os.path.expanduser(a.data)
    return a


def skip(peer, args, error):
    """Reports a missing module: one JSON line per requested task."""
    name = getattr(error, "name", None) or str(error)
    for t in args.tasks:
        emit({"peer": peer, "task": t, "skipped": "no module named %s" % name})


def emit(row):
    sys.stdout.write(json.dumps(row) + "\n")
    sys.stdout.flush()


def cpu_count():
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def blas_threads():
    """Threads of the BLAS behind NumPy (threadpoolctl when present, else the usual variables)."""
    try:
        from threadpoolctl import threadpool_info
        n = [i["num_threads"] for i in threadpool_info() if i.get("user_api") == "blas"]
        if n:
            return max(n)
    except Exception:  # threadpoolctl is optional
        pass
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        try:
            return int(os.environ[var])
        except (KeyError, ValueError):
            pass
    return cpu_count()


# ---- MNIST --------------------------------------------------------------------------------------

def _open_idx(directory, name):
    raw = os.path.join(directory, name)
    if os.path.isfile(raw):
        return raw, open(raw, "rb")
    if os.path.isfile(raw + ".gz"):
        return raw + ".gz", gzip.open(raw + ".gz", "rb")
    raise SystemExit("error: MNIST file %s (or %s.gz) not found; give the directory with --data" % (raw, raw))


def _read_idx(directory, name, magic, dims):
    path, f = _open_idx(directory, name)
    try:
        with f:
            header = f.read(4 + 4 * dims)
            if len(header) < 4 + 4 * dims:
                raise ValueError("truncated header")
            got = struct.unpack(">I", header[:4])[0]
            if got != magic:
                raise ValueError("magic number 0x%08x, expected 0x%08x" % (got, magic))
            shape = struct.unpack(">" + "I" * dims, header[4:])
            count = 1
            for d in shape:
                count *= d
            body = f.read(count + 1)
    except (OSError, EOFError, ValueError) as e:
        raise SystemExit("error: %s is not a valid IDX file of %d dimension(s): %s" % (path, dims, e))
    if len(body) != count:
        raise SystemExit("error: %s holds %d bytes of data where its header %s promises %d"
                         % (path, len(body), "x".join(map(str, shape)), count))
    return path, shape, body


def load_mnist(directory, limit, labels=False):
    """The training images as a uint8 array (n x 784) and, if asked, the labels (n,) as int64."""
    import numpy as np
    path, shape, body = _read_idx(directory, "train-images-idx3-ubyte", 0x00000803, 3)
    if shape[1:] != (28, 28):
        raise SystemExit("error: %s holds %s images, expected 28x28" % (path, "x".join(map(str, shape[1:]))))
    images = np.frombuffer(body, dtype=np.uint8).reshape(shape[0], 784)
    n = shape[0] if limit is None else limit
    if n > shape[0]:
        raise SystemExit("error: --train-limit %d but %s holds only %d images" % (n, path, shape[0]))
    images = images[:n]
    if not labels:
        return images, None
    lpath, lshape, lbody = _read_idx(directory, "train-labels-idx1-ubyte", 0x00000801, 1)
    if lshape[0] != shape[0]:
        raise SystemExit("error: %s holds %d labels for the %d images of %s" % (lpath, lshape[0], shape[0], path))
    y = np.frombuffer(lbody, dtype=np.uint8)[:n].astype(np.int64)
    if y.max(initial=0) > 9:
        raise SystemExit("error: %s holds a label %d outside 0..9" % (lpath, y.max()))
    return images, y


def start_torch(peer, args, pixels, labels=False):
    """For a PyTorch peer: imports NumPy and PyTorch (reporting every task skipped where one is
    missing), sets PyTorch's threads and reads the training images into a tensor, ``pixels(images,
    dtype)`` making their values (``scaled``, or ``binarised``). Returns ``(torch, x, y)``, ``y`` the
    labels as a tensor when asked for, else None; or None when there is nothing to measure."""
    try:
        import numpy as np
        import torch
    except ImportError as e:
        skip(peer, args, e)
        return None
    if not args.tasks:
        return None
    torch.set_num_threads(args.threads or cpu_count())
    dtype = np.float32 if args.precision == "float32" else np.float64
    images, y = load_mnist(args.data, args.train_limit, labels=labels)
    x = torch.from_numpy(pixels(images, dtype))
    log("torch %s, %s, %d images, %d threads" % (torch.__version__, args.precision, x.shape[0],
                                                  torch.get_num_threads()))
    return torch, x, None if y is None else torch.from_numpy(y)


def scaled(images, dtype):
    """Pixels / 255 in ``dtype``, converted in chunks (no full-size temporaries)."""
    import numpy as np
    out = np.empty(images.shape, dtype=dtype)
    for s in range(0, images.shape[0], 10000):
        np.divide(images[s:s + 10000], dtype(255), out=out[s:s + 10000], dtype=dtype)
    return out


def binarised(images, dtype, seed):
    """Stochastically binarised pixels: 1 where u < x/255 for a fresh uniform u, in ``dtype``."""
    import numpy as np
    rng = np.random.default_rng([seed, 77])
    out = scaled(images, dtype)
    u = np.empty((10000, images.shape[1]), dtype=dtype)
    for s in range(0, images.shape[0], 10000):
        chunk = out[s:s + 10000]
        rng.random(out=u[:chunk.shape[0]], dtype=dtype)
        np.less(u[:chunk.shape[0]], chunk, out=chunk)
    return out


# ---- timing and reporting ------------------------------------------------------------------------

def median_seconds(epoch, args, reset=None):
    """Runs ``reset(); epoch()`` warm-up times untimed, then ``repeats`` timed; the median epoch time.

    ``reset`` (untimed) puts the model back to its initial state; ``epoch`` runs one epoch.
    """
    times = []
    for r in range(args.warmup + args.repeats):
        if reset is not None:
            reset()
        t0 = time.perf_counter()
        epoch()
        t = time.perf_counter() - t0
        log("  %s epoch %d: %.3f s" % ("warm-up" if r < args.warmup else "timed", r + 1, t))
        if r >= args.warmup:
            times.append(t)
    # the upper median, as ./dbn4j bench reports it (the middle one for an odd count)
    return sorted(times)[len(times) // 2]


def peak_rss_mb():
    """Peak resident memory of this process: VmHWM on Linux (ru_maxrss would carry over the peak of
    a parent that started us, such as the JVM of `./dbn4j bench --peers`), else ru_maxrss."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def rbm_flops(task, n, products=None):
    """GEMM flops of one epoch of the 784x500 RBM: ``products`` 784x500 products per case."""
    return (products or TASK_PRODUCTS[task]) * 2.0 * 784 * 500 * n


def backprop_flops(n):
    """Forward, back-propagated deltas and weight gradients: three products per layer per case."""
    return 3 * sum(2.0 * NET[i] * NET[i + 1] for i in range(len(NET) - 1)) * n


def vae_flops(n):
    """The VAE's products per case: forward, back-propagated deltas and weight gradients for every
    layer (the two heads of the encoder included), less the deltas of the input, which nothing needs."""
    layers = [(784, VAE_ENCODER[0]), (VAE_ENCODER[0], VAE_ENCODER[1]), (VAE_ENCODER[1], 2 * VAE_LATENT),
              (VAE_LATENT, VAE_DECODER[0]), (VAE_DECODER[0], VAE_DECODER[1]), (VAE_DECODER[1], 784)]
    return (3 * sum(2.0 * a * b for a, b in layers) - 2.0 * 784 * VAE_ENCODER[0]) * n


def report(peer, args, task, shape, n, seconds, flops, threads):
    emit({"peer": peer, "precision": args.precision, "task": task, "shape": shape, "seconds": seconds,
          "samples_per_s": n / seconds, "gflops": flops / seconds / 1e9, "peak_rss_mb": peak_rss_mb(),
          "threads": threads})
