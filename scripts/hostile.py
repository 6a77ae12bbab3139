#!/usr/bin/env python3
"""Hostile images against the `wren` binary, as review does it: mutate the seed images in
corpus/ (random byte edits, insertions, deletions, splices of two images, overwritten
varints), reseal the checksum (CRC-32 of bytes 32..end, FORMAT.md §2.3) so that the edits
reach the decoder and the verifier, then run `wren verify` and `wren restore` on each.

Fails on any signal, any exit code but 0 (accepted and ran), 65 (rejected) or 70 (a runtime
error in the restored program), any run over the time limit, or any run over the memory limit.

    scripts/hostile.py [--count N] [--seed S] [--timeout SECS] [--max-rss-mib M]

Python 3 standard library only. Builds nothing: run `cargo build --release -p wren-cli` first.
"""
import argparse
import glob
import os
import random
import subprocess
import sys
import tempfile
import time
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEADER_LEN = 32


def seal(b: bytearray) -> None:
    if len(b) >= HEADER_LEN:
        crc = zlib.crc32(bytes(b[HEADER_LEN:])) & 0xFFFFFFFF
        b[28:32] = crc.to_bytes(4, "little")


def mutate(rng: random.Random, seeds: list) -> bytearray:
    b = bytearray(rng.choice(seeds))
    for _ in range(rng.randint(1, 8)):
        if len(b) <= HEADER_LEN + 1:
            break
        at = rng.randrange(HEADER_LEN, len(b))
        op = rng.randrange(6)
        if op == 0:
            b[at] = rng.randrange(256)
        elif op == 1:
            b[at] ^= 1 << rng.randrange(8)
        elif op == 2:
            b.insert(at, rng.randrange(256))
        elif op == 3:
            del b[at]
        elif op == 4:
            # An overlong or huge varint.
            b[at:at + 1] = bytes([0xFF] * rng.randint(1, 9) + [rng.randrange(128)])
        else:
            other = rng.choice(seeds)
            start = rng.randrange(len(other))
            b[at:at + rng.randint(1, 64)] = other[start:start + rng.randint(1, 64)]
    seal(b)
    return b


def run(cmd):
    start = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _, status, usage = os.wait4(p.pid, 0)
    except Exception:
        p.kill()
        raise
    elapsed = time.monotonic() - start
    code = os.waitstatus_to_exitcode(status)
    return code, elapsed, usage.ru_maxrss // 1024


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--max-rss-mib", type=int, default=2048)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "wren"))
    args = ap.parse_args()
    seeds = [open(p, "rb").read() for p in sorted(glob.glob(os.path.join(ROOT, "corpus", "*.snap")))]
    rng = random.Random(args.seed)
    counts = {}
    worst = (0.0, 0)
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "image.snap")
        for i in range(args.count):
            image = mutate(rng, seeds)
            with open(path, "wb") as f:
                f.write(image)
            for sub in ("verify", "restore"):
                # The timeout is enforced by the kernel: CPU seconds, then SIGKILL.
                cmd = ["prlimit", f"--cpu={int(args.timeout)}", args.bin, sub, path]
                code, elapsed, rss = run(cmd)
                counts[(sub, code)] = counts.get((sub, code), 0) + 1
                worst = (max(worst[0], elapsed), max(worst[1], rss))
                bad = code not in (0, 65, 70) or elapsed > args.timeout or rss > args.max_rss_mib
                if bad:
                    failures += 1
                    keep = os.path.join(ROOT, "target", f"hostile-{args.seed}-{i}.snap")
                    os.makedirs(os.path.dirname(keep), exist_ok=True)
                    with open(keep, "wb") as f:
                        f.write(image)
                    print(f"FAIL: wren {sub}: exit {code}, {elapsed:.1f} s, {rss} MiB: kept {keep}")
    for (sub, code), n in sorted(counts.items()):
        print(f"wren {sub:7} exit {code:3}: {n}")
    print(f"{args.count} images; slowest run {worst[0]:.2f} s, largest peak RSS {worst[1]} MiB; {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
