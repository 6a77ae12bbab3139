#!/usr/bin/env python3
"""Differential test: run every file of a directory (for example a fuzz corpus) through this
VM and the reference C Wren, and report where they disagree on what test runners compare:
the exit code, stdout, the set of compile-error lines, or the runtime error message and the
first stack-trace line.

    scripts/build-reference.sh
    scripts/difftest.py fuzz/corpus/run

Inputs the reference crashes or hangs on are skipped (the reference has undefined behaviour
on some malformed strings), and so are programs whose output depends on the clock or on
random seeding. Exits non-zero if any input disagrees."""

import argparse
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(binary, cwd, timeout):
    try:
        p = subprocess.run([binary, "t.wren"], cwd=cwd, capture_output=True, timeout=timeout)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return "timeout", b"", b""


def observable(result):
    code, out, err = result
    lines = err.decode("utf-8", "replace").splitlines()
    if code == 65:
        found = (re.match(r"\[\./t line (\d+)\]", l) for l in lines)
        return code, out, tuple(sorted({int(m.group(1)) for m in found if m}))
    if code == 70:
        trace = next((l for l in lines[1:] if l.startswith("[")), "")
        return code, out, lines[0] if lines else "", trace
    return code, out, err


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", help="directory of Wren sources")
    ap.add_argument("--ours", default=os.path.join(ROOT, "target/release/wren"))
    ap.add_argument("--reference", default=os.path.join(ROOT, "target/reference/wren_ref"))
    ap.add_argument("--timeout", type=float, default=3.0)
    ap.add_argument("--show", type=int, default=5, help="examples listed per kind")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="wren-diff-")
    kinds = collections.Counter()
    examples = collections.defaultdict(list)
    compared = 0
    try:
        for name in sorted(os.listdir(args.corpus)):
            try:
                data = open(os.path.join(args.corpus, name), "rb").read()
            except OSError:
                continue
            if b"clock" in data or b"andom" in data:
                continue
            with open(os.path.join(work, "t.wren"), "wb") as f:
                f.write(data)
            ref = run(args.reference, work, args.timeout)
            if ref[0] == "timeout" or (isinstance(ref[0], int) and ref[0] < 0):
                continue
            ours = run(args.ours, work, args.timeout)
            compared += 1
            if observable(ours) == observable(ref):
                continue
            if ours[0] != ref[0]:
                kind = f"exit {ours[0]}, reference {ref[0]}"
            elif ours[1] != ref[1]:
                kind = "stdout"
            elif ours[0] == 65:
                kind = "compile error lines"
            elif ours[0] == 70:
                kind = "runtime error message or trace"
            else:
                kind = "stderr"
            kinds[kind] += 1
            examples[kind].append(name)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"compared {compared} inputs, {sum(kinds.values())} disagree")
    for kind, n in kinds.most_common():
        print(f"{n:6}  {kind}: {', '.join(examples[kind][:args.show])}")
    return 1 if kinds else 0


if __name__ == "__main__":
    sys.exit(main())
