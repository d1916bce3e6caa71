"""Reference engine for the wasmlp benchmark: PyTorch on one CPU thread.

Usage: pytorch_bench.py WORKLOAD.json X.f32 Y.f32 RUNS
       pytorch_bench.py WORKLOAD.json X.f32 Y.f32 cold WARM_BUDGET_MS

WORKLOAD.json holds sizes, output ('sigmoid' | 'softmax'), batchSize, epochs, learningRate,
samples and models ([{name, trainable: [1-based layers]}]); X.f32 and Y.f32 are raw
little-endian float32 (samples x sizes[0] features, samples labels). After one warm-up run it
times RUNS complete runs (build every model from fresh weights, train all epochs) and prints one
JSON line: {"times_ms": [...], "torch": version, "threads": n}.

With `cold` it is the cold-start figure instead (bench/cold.ts times this process from spawn):
it trains the workload's first model, prints a JSON line, trains the second (from the first's
initial weights), prints a line, then trains the first model again until warm (one repeat not
counted when more follow; up to 8 within WARM_BUDGET_MS) and prints {"warmMs": [...]}.
"""
import json
import sys
import time

AT_START = time.perf_counter()
import torch  # noqa: E402: importing torch is part of the cold start, timed from AT_START
IMPORT_MS = (time.perf_counter() - AT_START) * 1000
from torch import nn

# One thread each, to compare with single-threaded engines; interop must be set before any work.
torch.set_num_threads(1)
torch.set_num_interop_threads(1)


def read_f32(path, count):
    with open(path, 'rb') as f:
        data = bytearray(f.read())
    if len(data) != 4 * count:
        raise SystemExit(f'{path}: expected {count} float32 values, got {len(data) // 4}')
    # frombuffer reads native byte order; the files are little-endian (checked in main).
    return torch.frombuffer(data, dtype=torch.float32)


def build(sizes):
    """The workload's network, ending in logits: the losses below fold in sigmoid / softmax."""
    layers = []
    for l in range(len(sizes) - 1):
        linear = nn.Linear(sizes[l], sizes[l + 1])
        # Keras' glorot_uniform is U(-a, a), a = sqrt(6 / (fan_in + fan_out)): xavier_uniform_ with gain 1.
        nn.init.xavier_uniform_(linear.weight)
        nn.init.zeros_(linear.bias)
        layers.append(linear)
        if l < len(sizes) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


def linears(model):
    return [m for m in model if isinstance(m, nn.Linear)]


def train(model, trainable, w, x, y, loss_fn):
    for i, linear in enumerate(linears(model)):
        for p in linear.parameters():
            p.requires_grad_(i + 1 in trainable)
    params = [p for p in model.parameters() if p.requires_grad]
    # Keras' Adam epsilon is 1e-7 (PyTorch's default is 1e-8).
    opt = torch.optim.Adam(params, lr=w['learningRate'], eps=1e-7)
    n, bs = w['samples'], w['batchSize']
    for _ in range(w['epochs']):
        perm = torch.randperm(n)
        # Like Keras, the last partial batch is kept.
        for start in range(0, n, bs):
            idx = perm[start:start + bs]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()


def one_run(w, x, y, loss_fn):
    first = build(w['sizes'])
    initial = {k: v.clone() for k, v in first.state_dict().items()}
    for i, m in enumerate(w['models']):
        model = first if i == 0 else build(w['sizes'])
        if i > 0:
            model.load_state_dict(initial)
        train(model, m['trainable'], w, x, y, loss_fn)


def line(value):
    print(json.dumps(value), flush=True)


def cold(w, x, y, loss_fn, budget_ms):
    """Trains the models one at a time from a cold start, then the first again until warm."""
    first = build(w['sizes'])
    initial = {k: v.clone() for k, v in first.state_dict().items()}
    start = time.perf_counter()
    train(first, w['models'][0]['trainable'], w, x, y, loss_fn)
    line({'engine': f'PyTorch {torch.__version__}', 'importMs': IMPORT_MS, 'firstModelMs': (time.perf_counter() - start) * 1000})
    second = build(w['sizes'])
    second.load_state_dict(initial)
    start = time.perf_counter()
    train(second, w['models'][1]['trainable'], w, x, y, loss_fn)
    line({'secondModelMs': (time.perf_counter() - start) * 1000})
    # Up to 8 repeats within the budget, at least one; with more than one, the first is not counted.
    repeats = []
    warm_started = time.perf_counter()
    while not repeats or (len(repeats) < 8 and (time.perf_counter() - warm_started) * 1000 < budget_ms):
        start = time.perf_counter()
        train(build(w['sizes']), w['models'][0]['trainable'], w, x, y, loss_fn)
        repeats.append((time.perf_counter() - start) * 1000)
    warm = repeats[1:] if len(repeats) > 1 else repeats
    line({'warmMs': warm})


def main():
    if len(sys.argv) not in (5, 6) or (len(sys.argv) == 6 and sys.argv[4] != 'cold'):
        raise SystemExit(__doc__)
    if sys.byteorder != 'little':
        raise SystemExit('the float32 files are little-endian; this machine is not')
    with open(sys.argv[1]) as f:
        w = json.load(f)
    n, d = w['samples'], w['sizes'][0]
    x = read_f32(sys.argv[2], n * d).reshape(n, d)
    labels = read_f32(sys.argv[3], n)
    if w['output'] == 'sigmoid':
        y, loss_fn = labels.reshape(n, 1), nn.BCEWithLogitsLoss()
    else:
        y, loss_fn = labels.long(), nn.CrossEntropyLoss()
    if sys.argv[4] == 'cold':
        cold(w, x, y, loss_fn, float(sys.argv[5]))
        return
    runs = int(sys.argv[4])
    one_run(w, x, y, loss_fn)  # warm-up: allocator, kernels, lazy initialisation
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        one_run(w, x, y, loss_fn)
        times.append((time.perf_counter() - start) * 1000)
    print(json.dumps({'times_ms': times, 'torch': torch.__version__, 'threads': torch.get_num_threads()}))


if __name__ == '__main__':
    main()
