#!/usr/bin/python3
"""The course's GAN training in PyTorch, timed the way the C# benchmark times GanTrainer.Fit.

Run with Debian's PyTorch (apt-get install python3-torch), not a pip one:
    /usr/bin/python3 tests/GanCourse.Benchmarks/reference/gan_benchmark.py gan \
        [--epochs E] [--warmup-epochs W] [--threads T] [--data digits|noise]

Same network, step, data, epoch blocks, GEMM sampling and key=value lines as
`dotnet run -c Release --project tests/GanCourse.Benchmarks -- gan`. Debian builds PyTorch against the
generic (reference) BLAS, so its matrix multiplies are far slower than those of the MKL inside
TorchSharp's libtorch; compare each framework with its own GEMM rate.
"""
import argparse
import gc
import gzip
import os
import resource
import shutil
import statistics
import struct
import sys
import tempfile
import time
import warnings

import numpy as np

# Debian's torch 1.13 warns about a deprecated name in torch.distributed on import; it is not ours to fix.
warnings.filterwarnings("ignore", message="torch.distributed.reduce_op")
import torch  # noqa: E402
from torch import nn  # noqa: E402
from torch.nn import functional as F  # noqa: E402

IMAGE_COUNT, BATCH, Z_SIZE, LR, BETAS = 10_000, 64, 20, 1e-3, (0.9, 0.999)
FULL_RUN_EPOCHS, DEFAULT_WARMUP_EPOCHS, MIN_TIMED_EPOCHS, DRIFT_BLOCKS, GEMM_SAMPLES_DURING_RUN = 100, 13, 3, 3, 10
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
EMBEDDED_IMAGES = os.path.join(ROOT, "lib", "GanCourse", "Data", "Embedded", "mnist-embedded-images-idx3-ubyte.gz")


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


class Step:
    """GanTrainingStep in PyTorch: the lecture's d_train and g_train, with the fakes of the D step made
    without a graph, D's parameters held in the G step and gradients set to none."""

    def __init__(self, g, d):
        self.g, self.d = g, d
        self.g_opt = torch.optim.Adam(g.parameters(), lr=LR, betas=BETAS)
        self.d_opt = torch.optim.Adam(d.parameters(), lr=LR, betas=BETAS)

    def discriminator_step(self, real, z):
        with torch.no_grad():
            fake = self.g(z)
        self.d.zero_grad(set_to_none=True)
        real_scores = self.d(real)
        fake_scores = self.d(fake)
        loss = F.binary_cross_entropy(real_scores, torch.ones_like(real_scores)) \
            + F.binary_cross_entropy(fake_scores, torch.zeros_like(fake_scores))
        loss.backward()
        self.d_opt.step()
        return loss.detach(), real_scores.detach(), fake_scores.detach()

    def generator_step(self, z):
        self.g.zero_grad(set_to_none=True)
        self.d.requires_grad_(False)
        try:
            fake_scores = self.d(self.g(z))
            loss = F.binary_cross_entropy(fake_scores, torch.ones_like(fake_scores))
            loss.backward()
        finally:
            self.d.requires_grad_(True)
        self.g_opt.step()
        return loss.detach()


def derive(seed, epoch, stream):
    """RunSeeds.Derive of the C# trainer: SplitMix64 of (seed, epoch, stream)."""
    mask = (1 << 64) - 1
    z = (seed + 0x9E3779B97F4A7C15 * (epoch * 8 + stream)) & mask
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
    return (z ^ (z >> 31)) >> 1


def fit(step, images, epochs, after_epoch):
    """GanTrainer.Fit: per epoch a seeded shuffle, one D step and one G step per batch, sums on the device."""
    count = len(images) // BATCH
    history = []
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        torch.manual_seed(derive(1, epoch, 1))
        random = torch.Generator().manual_seed(derive(1, epoch, 2))
        sums = torch.zeros(4, dtype=torch.float64)
        order = torch.randperm(len(images), generator=random)
        for i in range(count):
            real = images.index_select(0, order[i * BATCH:(i + 1) * BATCH])
            d_loss, real_scores, fake_scores = step.discriminator_step(real, torch.empty(BATCH, Z_SIZE).uniform_(-1, 1, generator=random))
            g_loss = step.generator_step(torch.empty(BATCH, Z_SIZE).uniform_(-1, 1, generator=random))
            sums += torch.stack([g_loss, d_loss, real_scores.mean(), fake_scores.mean()])
        means = (sums / count).tolist()
        history.append((time.perf_counter() - start, means))
        after_epoch(epoch)
    return history


def step_matmul_flops(g, d, batch):
    """Matrix-multiply FLOPs of one step, from the Linear shapes (the derivation is in the C# StepFlops class)."""
    def shapes(model):
        return [(m.in_features, m.out_features) for m in model.modules() if isinstance(m, nn.Linear)]

    def forward(layers):
        return sum(2.0 * batch * i * o for i, o in layers)

    def backward(layers, weights, first_input):
        return sum((2.0 * batch * i * o if weights else 0) + (2.0 * batch * i * o if k > 0 or first_input else 0)
                   for k, (i, o) in enumerate(layers))

    gs, ds = shapes(g), shapes(d)
    d_step = forward(gs) + 2 * forward(ds) + 2 * backward(ds, True, False)
    g_step = forward(gs) + forward(ds) + backward(ds, False, True) + backward(gs, True, False)
    return d_step + g_step


class Gemm:
    """The dense float32 GEMM rate of this PyTorch: one square mm per sample, the best sample counts."""

    def __init__(self, size):
        random = torch.Generator().manual_seed(3)
        self.size = size
        self.a, self.b = torch.randn(size, size, generator=random), torch.randn(size, size, generator=random)
        self.a @ self.b
        self.samples = []

    def sample(self):
        start = time.perf_counter()
        self.a @ self.b
        self.samples.append(2.0 * self.size ** 3 / (time.perf_counter() - start) / 1e9)


def subnormals(tensors):
    """How many float32 values in these tensors are subnormal (nonzero, below the smallest normal)."""
    tiny = torch.finfo(torch.float32).tiny
    return int(sum(((t.abs() < tiny) & (t != 0)).sum() for t in tensors if t is not None))


def model_state(step):
    for model, optimizer in ((step.g, step.g_opt), (step.d, step.d_opt)):
        for p in model.parameters():
            yield p.detach()
            yield p.grad
            state = optimizer.state.get(p, {})
            yield state.get("exp_avg")
            yield state.get("exp_avg_sq")


def load_embedded_digits():
    with gzip.open(EMBEDDED_IMAGES, "rb") as f:
        data = f.read()
    magic, n, rows, cols = struct.unpack(">iiii", data[:16])
    if magic != 0x803 or n != IMAGE_COUNT or len(data) != 16 + n * rows * cols:
        raise ValueError(f"{EMBEDDED_IMAGES} is not the embedded 10,000-digit IDX file")
    pixels = np.frombuffer(data, dtype=np.uint8, offset=16).reshape(n, rows * cols)
    return (torch.from_numpy(pixels.copy()).float() / 255 - 0.5) / 0.5


def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1048576


def live_tensors():
    return sum(1 for o in gc.get_objects() if torch.is_tensor(o))


def cpu_field(name):
    try:
        with open("/proc/cpuinfo") as f:
            return next((line.split(":", 1)[1].strip() for line in f if line.startswith(name)), None)
    except OSError:
        return None


def simd_flags():
    flags = set((cpu_field("flags") or "").split())
    present = [f for f in ("sse4_2", "avx", "fma", "avx2", "avx512f", "avx512_bf16", "avx512_fp16", "amx_tile") if f in flags]
    return " ".join(present) or "unknown"


def load_average():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "unknown"


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


def parse(argv):
    parser = argparse.ArgumentParser(description="PyTorch reference of the course's GAN training.")
    sub = parser.add_subparsers(dest="benchmark", required=True)
    gan = sub.add_parser("gan", help="time notebook 04's training epoch by epoch against PyTorch's own GEMM rate")
    gan.add_argument("--epochs", type=int, default=FULL_RUN_EPOCHS,
                     help=f"epochs of the run, 156 iterations each (default {FULL_RUN_EPOCHS}: a full run of notebook 04)")
    gan.add_argument("--warmup-epochs", type=int, default=DEFAULT_WARMUP_EPOCHS, help="epochs at the start that are not timed")
    gan.add_argument("--threads", type=int, default=None, help="intra-op threads (default: one per core)")
    gan.add_argument("--data", choices=("digits", "noise"), default="digits",
                     help="the embedded 10,000 MNIST digits (as notebook 04) or 10,000 images of uniform noise")
    args = parser.parse_args(argv)
    if args.epochs < 1:
        gan.error("--epochs must be at least 1.")
    if args.warmup_epochs < 0:
        gan.error("--warmup-epochs must not be negative.")
    if args.epochs - args.warmup_epochs < MIN_TIMED_EPOCHS:
        gan.error(f"--epochs ({args.epochs}) must exceed --warmup-epochs ({args.warmup_epochs}) by at least "
                  f"{MIN_TIMED_EPOCHS}: drift compares the first and the last {MIN_TIMED_EPOCHS} timed epochs.")
    if args.threads is not None and args.threads < 1:
        gan.error("--threads must be at least 1.")
    return args


def main(argv):
    args = parse(argv)
    torch.set_num_threads(args.threads or os.cpu_count())
    out = lambda key, value: print(f"{key}={value}", flush=True)  # noqa: E731
    out("framework", f"pytorch {torch.__version__}")
    out("device", "cpu")
    out("cpu", cpu_field("model name") or "unknown")
    out("cpu_flags", simd_flags())
    out("processor_count", os.cpu_count())
    out("load_average_at_start", load_average())
    out("threads", torch.get_num_threads())
    out("omp_wait_policy", os.environ.get("OMP_WAIT_POLICY") or "default")

    gemm = Gemm(2048)
    for _ in range(3):
        gemm.sample()

    if args.data == "digits":
        images = load_embedded_digits()
    else:
        images = torch.empty(IMAGE_COUNT, 784).uniform_(-1, 1, generator=torch.Generator().manual_seed(42))
    torch.manual_seed(1)
    g, d = lecture_models()
    step = Step(g, d)
    per_epoch = IMAGE_COUNT // BATCH
    timed_epochs = args.epochs - args.warmup_epochs
    out("data", f"embedded-mnist-digits-{IMAGE_COUNT}" if args.data == "digits" else f"uniform-noise-{IMAGE_COUNT}")
    out("batch", BATCH)
    out("epochs", args.epochs)
    out("warmup_epochs", args.warmup_epochs)
    out("iterations_per_epoch", per_epoch)
    out("iterations", timed_epochs * per_epoch)

    def reading():
        """Live tensors counted before a collection (a leak shows even if a collection would free it), RSS after."""
        live = live_tensors()
        gc.collect()
        return live, rss_mb()

    readings = {"before": reading()} if args.warmup_epochs == 0 else {}
    gemm_every = max(1, timed_epochs // GEMM_SAMPLES_DURING_RUN)
    # RSS at each quarter of the timed epochs: growth that levels off is the allocator settling.
    quarters, quarter = [], max(1, timed_epochs // 4)

    def after_epoch(epoch):
        timed = epoch - args.warmup_epochs
        if timed == 0:
            readings["before"] = reading()
        if timed > 0 and timed % quarter == 0 and len(quarters) < 4:
            quarters.append(reading()[1])
        if timed > 0 and timed % gemm_every == 0:
            gemm.sample()
        if epoch == args.epochs:
            readings["after"] = reading()

    history = fit(step, images, args.epochs, after_epoch)

    blocks = [seconds * 1000 / per_epoch for seconds, _ in history[args.warmup_epochs:]]
    ms = statistics.median(blocks)
    flops = step_matmul_flops(g, d, BATCH)
    gflops = flops / (ms * 1e-3) / 1e9
    best_gemm = max(gemm.samples)
    out("gemm_size", gemm.size)
    out("gemm_samples", len(gemm.samples))
    out("gemm_gflops", f"{best_gemm:.1f}")
    out("gemm_samples_gflops", " ".join(f"{s:.0f}" for s in gemm.samples))
    out("step_matmul_gflop", f"{flops / 1e9:.4f}")
    out("ms_per_iteration", f"{ms:.3f}")
    out("ms_per_iteration_best_block", f"{min(blocks):.3f}")
    out("blocks_ms", " ".join(f"{b:.3f}" for b in blocks))
    out("drift", f"{statistics.median(blocks[-DRIFT_BLOCKS:]) / statistics.median(blocks[:DRIFT_BLOCKS]):.3f}")
    out("gflops", f"{gflops:.1f}")
    out("fraction_of_gemm", f"{gflops / best_gemm:.3f}")

    (live_before, rss_before), (live_after, rss_after) = readings["before"], readings["after"]
    out("live_tensors_before", live_before)
    out("live_tensors_after", live_after)
    out("native_growth_mb", f"{rss_after - rss_before:.1f}")
    out("rss_mb_timed_start", f"{rss_before:.0f}")
    out("rss_mb_each_quarter", " ".join(f"{q:.0f}" for q in quarters))
    if len(quarters) == 4:
        out("native_growth_mb_second_half", f"{quarters[3] - quarters[1]:.1f}")
    out("subnormal_values_at_end", subnormals(list(model_state(step))))
    out("step_peak_working_set_mb", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")

    run_seconds = sum(seconds for seconds, _ in history)
    out("run_seconds", f"{run_seconds:.2f}")
    if args.epochs == FULL_RUN_EPOCHS and args.data == "digits":
        out("full_run_seconds", f"{run_seconds:.2f}")
    else:
        out("full_run_seconds_projected", f"{ms * 1e-3 * per_epoch * FULL_RUN_EPOCHS:.2f}")
    g_loss, d_loss, real, fake = history[-1][1]
    out("last_epoch", f"G {g_loss:.4f} D {d_loss:.4f} D(x) {real:.3f} D(G(z)) {fake:.3f}")

    raw, gz = idx_load_seconds(60_000)
    out("idx_load_seconds_60000", f"{raw:.3f}")
    out("idx_gz_load_seconds_60000", f"{gz:.3f}")
    out("peak_working_set_mb", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
    out("load_average_at_end", load_average())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
