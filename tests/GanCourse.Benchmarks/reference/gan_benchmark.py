#!/usr/bin/python3
"""The lecture's GAN training step in PyTorch, timed the way the C# benchmark times the library's step.

Run with Debian's PyTorch (apt-get install python3-torch), not a pip one:
    /usr/bin/python3 tests/GanCourse.Benchmarks/reference/gan_benchmark.py gan [--iterations N] [--threads T]

Prints the same key=value lines as `dotnet run -c Release --project tests/GanCourse.Benchmarks -- gan`.
Debian builds PyTorch against the generic (reference) BLAS, so its matrix multiplies are far slower than
those of the MKL inside TorchSharp's libtorch; compare each framework with its own GEMM rate.
"""
import argparse
import gc
import gzip
import os
import resource
import shutil
import struct
import sys
import tempfile
import time
import warnings

import numpy as np

# Debian's torch 1.13 warns about a deprecated name in torch.distributed on import; it is not ours to fix.
warnings.filterwarnings("ignore", message="torch.distributed.reduce_op")
import torch  # noqa: E402
from torch import nn

IMAGE_COUNT, BATCH, Z_SIZE, GROWTH_ITERATIONS, BLOCKS = 60_000, 64, 20, 1000, 10


def lecture_models():
    g = nn.Sequential()
    g.add_module("fc_g0", nn.Linear(Z_SIZE, 100))
    g.add_module("relu_g0", nn.LeakyReLU(0.01))
    g.add_module("fc_g1", nn.Linear(100, 784))
    g.add_module("tanh_g", nn.Tanh())
    d = nn.Sequential()
    d.add_module("fc_d0", nn.Linear(784, 100, bias=False))
    d.add_module("relu_d0", nn.LeakyReLU(0.01))
    d.add_module("dropout", nn.Dropout(0.5))
    d.add_module("fc_d1", nn.Linear(100, 1))
    d.add_module("sigmoid", nn.Sigmoid())
    return g, d


class Lecture:
    """The lecture's loop: per batch one D step (G's output detached), then one G step; BCE on probabilities; Adam."""

    def __init__(self, images):
        self.g, self.d = lecture_models()
        self.g_opt = torch.optim.Adam(self.g.parameters(), lr=1e-3, betas=(0.9, 0.999))
        self.d_opt = torch.optim.Adam(self.d.parameters(), lr=1e-3, betas=(0.9, 0.999))
        self.loss = nn.BCELoss()
        self.ones = torch.ones(BATCH, 1)
        self.zeros = torch.zeros(BATCH, 1)
        self.images = images
        self.order = torch.randperm(len(images))
        self.next = 0
        self.sums = torch.zeros(4, dtype=torch.float64)

    def noise(self):
        return torch.rand(BATCH, Z_SIZE) * 2 - 1

    def batch(self):
        if self.next + BATCH > len(self.images):
            self.order = torch.randperm(len(self.images))
            self.next = 0
        rows = self.order[self.next:self.next + BATCH]
        self.next += BATCH
        return self.images.index_select(0, rows)

    def step(self):
        real = self.batch()
        self.d_opt.zero_grad()
        real_scores = self.d(real)
        fake = self.g(self.noise()).detach()
        fake_scores = self.d(fake)
        d_loss = self.loss(real_scores, self.ones) + self.loss(fake_scores, self.zeros)
        d_loss.backward()
        self.d_opt.step()

        self.g_opt.zero_grad()
        g_loss = self.loss(self.d(self.g(self.noise())), self.ones)
        g_loss.backward()
        self.g_opt.step()
        with torch.no_grad():
            self.sums += torch.stack([g_loss, d_loss, real_scores.mean(), fake_scores.mean()])

    def run(self, steps):
        for _ in range(steps):
            self.step()


def matmul_flops(g, d, batch):
    """Matrix-multiply FLOPs of one step, from the Linear shapes (the derivation is in the C# StepFlops class).
    The lecture loop computes D's weight gradients in the G step too."""
    def shapes(model):
        return [(m.in_features, m.out_features) for m in model.modules() if isinstance(m, nn.Linear)]

    def forward(layers):
        return sum(2.0 * batch * i * o for i, o in layers)

    def backward(layers, weights, first_input):
        return sum((2.0 * batch * i * o if weights else 0) + (2.0 * batch * i * o if k > 0 or first_input else 0)
                   for k, (i, o) in enumerate(layers))

    gs, ds = shapes(g), shapes(d)
    d_step = forward(ds) + forward(gs) + forward(ds) + 2 * backward(ds, True, False)
    g_step = forward(gs) + forward(ds) + backward(ds, True, True) + backward(gs, True, False)
    return d_step + g_step


def gemm_gflops(size, repeats):
    a, b = torch.randn(size, size), torch.randn(size, size)
    a @ b
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - start)
    return 2.0 * size ** 3 / best / 1e9


def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1048576


def live_tensors():
    return sum(1 for o in gc.get_objects() if torch.is_tensor(o))


def median(values):
    s = sorted(values)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def idx_load_seconds(count):
    """Writes synthetic MNIST-like IDX files, then times reading them into a [-1, 1] float tensor (best of 3)."""
    rng = np.random.default_rng(5)
    ys, xs = np.mgrid[0:28, 0:28]
    cx = 10 + rng.random(count) * 8
    cy = 10 + rng.random(count) * 8
    r = 4 + rng.random(count) * 5
    dist = np.abs(np.sqrt((xs[None] - cx[:, None, None]) ** 2 + (ys[None] - cy[:, None, None]) ** 2) - r[:, None, None])
    pixels = np.where(dist < 1.5, 255 * (1.5 - dist) / 1.5, 0).astype(np.uint8)
    folder = tempfile.mkdtemp(prefix="gancourse-bench-idx-")
    try:
        raw = os.path.join(folder, "train-images-idx3-ubyte")
        with open(raw, "wb") as f:
            f.write(struct.pack(">iiii", 0x803, count, 28, 28))
            f.write(pixels.tobytes())
        with open(raw, "rb") as f, gzip.open(raw + ".gz", "wb") as z:
            shutil.copyfileobj(f, z)

        def load(path):
            opener = gzip.open if path.endswith(".gz") else open
            with opener(path, "rb") as f:
                data = f.read()
            magic, n, rows, cols = struct.unpack(">iiii", data[:16])
            if magic != 0x803 or len(data) != 16 + n * rows * cols:
                raise ValueError(f"{path} is not a valid IDX image file")
            array = np.frombuffer(data, dtype=np.uint8, offset=16).reshape(n, rows * cols)
            return (torch.from_numpy(array.copy()).float() / 255 - 0.5) / 0.5

        def best_of(path):
            load(path)
            best = float("inf")
            for _ in range(3):
                start = time.perf_counter()
                load(path)
                best = min(best, time.perf_counter() - start)
            return best

        return best_of(raw), best_of(raw + ".gz")
    finally:
        shutil.rmtree(folder)


def main(argv):
    parser = argparse.ArgumentParser(description="PyTorch reference of the lecture's GAN training step.")
    sub = parser.add_subparsers(dest="benchmark", required=True)
    gan = sub.add_parser("gan", help="time the lecture's training step against PyTorch's own GEMM rate")
    gan.add_argument("--iterations", type=int, default=1000)
    gan.add_argument("--warmup", type=int, default=200)
    gan.add_argument("--threads", type=int, default=None)
    gan.add_argument("--gemm-size", type=int, default=2048)
    args = parser.parse_args(argv)
    if args.iterations < 10:
        parser.error("--iterations must be at least 10.")
    if args.warmup < 0:
        parser.error("--warmup must not be negative.")
    if args.threads is not None and args.threads < 1:
        parser.error("--threads must be at least 1.")

    threads = args.threads or os.cpu_count()
    torch.set_num_threads(threads)
    out = lambda key, value: print(f"{key}={value}", flush=True)
    out("framework", f"pytorch {torch.__version__}")
    out("threads", torch.get_num_threads())
    out("batch", BATCH)
    out("warmup", args.warmup)
    out("iterations", args.iterations)

    gemm = gemm_gflops(args.gemm_size, repeats=3)
    out("gemm_size", args.gemm_size)
    out("gemm_gflops", f"{gemm:.1f}")

    torch.manual_seed(0)
    images = torch.rand(IMAGE_COUNT, 784) * 2 - 1
    lecture = Lecture(images)
    lecture.run(args.warmup)
    per_block = max(1, args.iterations // BLOCKS)
    blocks = []
    done = 0
    while done < args.iterations:
        n = min(per_block, args.iterations - done)
        start = time.perf_counter()
        lecture.run(n)
        blocks.append((time.perf_counter() - start) * 1000 / n)
        done += n
    ms = median(blocks)
    flops = matmul_flops(lecture.g, lecture.d, BATCH)
    gflops = flops / (ms * 1e-3) / 1e9
    out("step_matmul_gflop", f"{flops / 1e9:.4f}")
    out("ms_per_iteration", f"{ms:.3f}")
    out("ms_per_iteration_best_block", f"{min(blocks):.3f}")
    out("gflops", f"{gflops:.1f}")
    out("fraction_of_gemm", f"{gflops / gemm:.3f}")

    gc.collect()
    live_before, rss_before = live_tensors(), rss_mb()
    lecture.run(GROWTH_ITERATIONS)
    gc.collect()
    live_after, rss_after = live_tensors(), rss_mb()
    out("live_tensors_before", live_before)
    out("live_tensors_after", live_after)
    out("native_growth_mb_1000_iterations", f"{rss_after - rss_before:.1f}")
    out("step_peak_working_set_mb", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")

    epoch = Lecture(images)
    epoch.order = torch.randperm(IMAGE_COUNT)
    start = time.perf_counter()
    epoch.run(IMAGE_COUNT // BATCH)
    out("epoch_seconds", f"{time.perf_counter() - start:.2f}")

    raw, gz = idx_load_seconds(IMAGE_COUNT)
    out("idx_load_seconds_60000", f"{raw:.3f}")
    out("idx_gz_load_seconds_60000", f"{gz:.3f}")
    out("peak_working_set_mb", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
