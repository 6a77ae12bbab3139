#!/usr/bin/env python3
"""Run the Wren benchmarks in bench/ and print a Markdown table.

For each bench/<name>.wren: runs it --runs times with the VM binary, keeps the
best wall time and the largest peak RSS (the child's own ru_maxrss, from
os.wait4), and checks stdout against bench/<name>.expected.

    scripts/bench.py                        # build, then run everything 3 times
    scripts/bench.py --no-build --runs 1 --filter map
    scripts/bench.py --bin /path/to/c/wren  # same scripts on another VM
    scripts/bench.py --compare /path/to/c/wren
        # run both; adds the other VM's columns, a time ratio (this / other)
        # and the geometric mean of the ratios

Exits 1 if any output is wrong (or a benchmark fails), 2 on usage errors.
Python 3 standard library only.
"""

import argparse
import math
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH_DIR = os.path.join(ROOT, "bench")
DEFAULT_BIN = os.path.join(ROOT, "target", "release", "wren")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--runs", type=int, default=3, help="runs per benchmark (best time is kept)")
    p.add_argument("--filter", default=None,
                   help="comma-separated names or name fragments (an exact name selects only that benchmark)")
    p.add_argument("--bin", default=DEFAULT_BIN, help="VM binary to run (default: %(default)s)")
    p.add_argument("--compare", default=None, metavar="PATH2",
                   help="a second VM binary to run the same scripts with")
    p.add_argument("--no-build", action="store_true",
                   help="do not run `cargo build --release -p wren-cli` first")
    p.add_argument("--timeout", type=float, default=120.0, help="seconds per run before giving up")
    args = p.parse_args()
    if args.runs < 1:
        p.error("--runs must be at least 1")
    return args


def build():
    print("building: cargo build --release -p wren-cli", file=sys.stderr)
    r = subprocess.run(["cargo", "build", "--release", "-p", "wren-cli"], cwd=ROOT)
    if r.returncode != 0:
        sys.exit("build failed")


def benchmarks(filter_):
    names = sorted(f[:-5] for f in os.listdir(BENCH_DIR) if f.endswith(".wren"))
    if filter_:
        # A word that names a benchmark exactly selects just that one ("fib" is not
        # "fibers"); any other word selects every name containing it.
        wanted = [w for w in filter_.split(",") if w]
        names = [n for n in names
                 if any(w == n or (w not in names and w in n) for w in wanted)]
    return names


def spawn_and_wait(argv, cwd, stdout, stderr, timeout, on_running=None):
    """Starts argv and waits for it with os.wait4. Returns (wall seconds, status,
    rusage, timed out). on_running(pid, stop_event) runs in a thread while it runs."""
    timed_out = threading.Event()
    finished = threading.Event()
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr)

    def kill():
        timed_out.set()
        try:
            os.kill(proc.pid, signal.SIGKILL)
        except OSError:
            pass

    killer = threading.Timer(timeout, kill)
    killer.start()
    watcher = None
    if on_running is not None:
        watcher = threading.Thread(target=on_running, args=(proc.pid, finished), daemon=True)
        watcher.start()
    # wait4 gives this child's own resource usage, ru_maxrss included.
    _, status, rusage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    finished.set()
    killer.cancel()
    if watcher is not None:
        watcher.join()
    proc.returncode = os.waitstatus_to_exitcode(status)  # stops Popen from reaping it again
    return wall, status, rusage, timed_out.is_set()


def maxrss_kib(rusage):
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    return rusage.ru_maxrss / 1024 if sys.platform == "darwin" else rusage.ru_maxrss


def launch_floor_kib():
    """The ru_maxrss that a child started from this (Python) process reports even if it
    uses almost nothing: Linux counts the forked copy of the parent before exec."""
    if not os.path.exists("/bin/true"):
        return 0
    _, _, rusage, _ = spawn_and_wait(["/bin/true"], None, subprocess.DEVNULL,
                                     subprocess.DEVNULL, 10)
    return maxrss_kib(rusage)


def sample_hwm(samples):
    """Returns a watcher that records the child's VmHWM (its own high-water RSS since
    exec) from /proc every couple of milliseconds."""
    def watch(pid, finished):
        path = "/proc/%d/status" % pid
        while not finished.is_set():
            try:
                with open(path) as f:
                    for line in f:
                        if line.startswith("VmHWM:"):
                            samples.append(int(line.split()[1]))
                            break
            except OSError:
                return
            finished.wait(0.002)
    return watch


def run_once(binary, script, timeout):
    """Runs binary on script. Returns (wall seconds, peak RSS in KiB, exit code or None on
    timeout, stdout, stderr).

    The peak RSS is the child's ru_maxrss from os.wait4. A forked child's ru_maxrss starts
    at the parent's RSS (the launch floor, ~10 MiB for Python), so when the reported value
    is not above that floor, the child's real peak is smaller, and the largest VmHWM
    sampled from /proc while it ran is used instead."""
    floor = launch_floor_kib()
    samples = []
    watcher = sample_hwm(samples) if os.path.isdir("/proc/self") else None
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        wall, status, rusage, timed_out = spawn_and_wait(
            [binary, os.path.basename(script)], os.path.dirname(script), out, err, timeout,
            watcher)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    rss = maxrss_kib(rusage)
    if samples and rss <= floor + 1024:
        rss = max(samples)
    code = None if timed_out else os.waitstatus_to_exitcode(status)
    return wall, rss, code, stdout, stderr


def measure(binary, name, runs, timeout):
    """Returns dict(time, rss_mib, ok, note) for one benchmark on one binary."""
    script = os.path.join(BENCH_DIR, name + ".wren")
    expected_path = os.path.join(BENCH_DIR, name + ".expected")
    try:
        with open(expected_path, encoding="utf-8") as f:
            expected = f.read()
    except FileNotFoundError:
        expected = None
    best = math.inf
    worst = 0.0
    peak = 0
    ok = expected is not None
    note = "" if expected is not None else "no .expected file"
    for _ in range(runs):
        wall, rss, code, stdout, stderr = run_once(binary, script, timeout)
        peak = max(peak, rss)
        if code != 0:
            ok = False
            note = "timed out" if code is None else "exit %d: %s" % (code, stderr.strip()[:200])
            break
        best = min(best, wall)
        worst = max(worst, wall)
        if expected is not None and stdout != expected:
            ok = False
            note = "wrong output: " + first_difference(expected, stdout)
            break
    spread = (worst / best - 1.0) if ok and best > 0 else None
    return {"time": best if ok else None, "spread": spread, "rss": peak / 1024.0, "ok": ok,
            "note": note}


def first_difference(expected, actual):
    e, a = expected.splitlines(), actual.splitlines()
    for i in range(max(len(e), len(a))):
        el = e[i] if i < len(e) else "<missing>"
        al = a[i] if i < len(a) else "<missing>"
        if el != al:
            return "line %d: expected %r, got %r" % (i + 1, el, al)
    return "trailing newline differs"


def fmt_time(t):
    return "—" if t is None else "%.3f" % t


def main():
    args = parse_args()
    binaries = [os.path.abspath(args.bin)]
    if args.compare:
        binaries.append(os.path.abspath(args.compare))
    if not args.no_build and DEFAULT_BIN in binaries:
        build()
    for b in binaries:
        if not os.access(b, os.X_OK):
            print("not an executable: %s" % b, file=sys.stderr)
            return 2
    names = benchmarks(args.filter)
    if not names:
        print("no benchmark matches %r" % args.filter, file=sys.stderr)
        return 2

    results = {}
    for name in names:
        results[name] = []
        for b in binaries:
            print("running %s with %s ..." % (name, b), file=sys.stderr, flush=True)
            results[name].append(measure(b, name, args.runs, args.timeout))

    all_ok = True
    notes = []
    print()
    print("Runs per benchmark: %d (best wall time, and in brackets how much slower the slowest "
          "run was; peak RSS is the largest over the runs)." % args.runs)
    print("VM: `%s`" % binaries[0])
    if args.compare:
        print("Compared with: `%s` (ratio = time / compared time)" % binaries[1])
        print()
        print("| benchmark | time (s) | peak RSS (MiB) | output ok "
              "| compared time (s) | compared peak RSS (MiB) | compared output ok | time ratio |")
        print("|---|---:|---:|:---:|---:|---:|:---:|---:|")
    else:
        print()
        print("| benchmark | time (s) | peak RSS (MiB) | output ok |")
        print("|---|---:|---:|:---:|")
    ratios = []
    for name in names:
        row = ["`%s`" % name]
        for i, r in enumerate(results[name]):
            shown = fmt_time(r["time"])
            if r.get("spread") is not None and args.runs > 1:
                shown += " (+%d%%)" % round(100 * r["spread"])
            row += [shown, "%.1f" % r["rss"], "yes" if r["ok"] else "**NO**"]
            if not r["ok"]:
                all_ok = False
                notes.append("%s (%s): %s" % (name, "compared" if i else "VM", r["note"]))
        if args.compare:
            a, b = results[name][0]["time"], results[name][1]["time"]
            if a is not None and b is not None and b > 0:
                ratio = a / b
                ratios.append(ratio)
                row.append("%.2f" % ratio)
            else:
                row.append("—")
        print("| " + " | ".join(row) + " |")
    if args.compare and ratios:
        geomean = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
        print()
        print("Geometric mean of time ratios over %d benchmarks: %.2f" % (len(ratios), geomean))
    if notes:
        print()
        for n in notes:
            print("- " + n)
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
