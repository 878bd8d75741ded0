#!/usr/bin/env python3
"""Scores dyad on every accuracy set and prints the table of docs/accuracy.md.

Usage (from the repository root, with ../shared beside it):

    cargo build --release
    python3 scripts/accuracy.py [--dyad target/release/dyad] [--shared ../shared]

Each set is scored by `dyad eval` itself (`--json`); this script only runs it
and formats the figures, so the table and the CI gates read the same numbers.
"""

import argparse
import json
import subprocess
import sys
from pathlib import Path


def run(dyad, args):
    out = subprocess.run([dyad, "eval", *args, "--json"], capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"dyad eval {' '.join(args)} failed: {out.stderr.strip()}")
    return json.loads(out.stdout)


def gold_row(name, v):
    e = v["events"]
    t = e["totals"]
    date = e.get("date_accuracy")
    status = e.get("status_accuracy")
    return (
        f"| {name} | P {e['precision']:.3f} R {e['recall']:.3f} **F1 {e['f1']:.3f}** "
        f"({t['matched']}/{t['gold']} gold matched, {t['extracted']} extracted); "
        f"date {date:.3f}, status {status:.3f} | — |"
    )


def suite_rows(v):
    rows = []
    for f in v["figures"]:
        base = "—" if f.get("baseline") is None else f"{f['baseline']:.3f}"
        rows.append(
            f"| {v['suite']}: {f['label']} (`{f['name']}`) | {f['value']:.3f} "
            f"({f['count']}/{f['of']}) | {base} |"
        )
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dyad", default="target/release/dyad")
    ap.add_argument("--shared", default="../shared")
    a = ap.parse_args()
    shared = Path(a.shared)
    print("| set and figure | dyad | baseline |")
    print("|---|---|---|")
    print(gold_row("seeds (5 articles, 182 events)",
                   run(a.dyad, ["--gold", str(shared / "gold"), "--docs", str(shared / "seeds")])))
    print(gold_row("gold-real (11 real pages, 80 events)",
                   run(a.dyad, ["--gold", str(shared / "gold-real/gold"),
                                "--docs", str(shared / "gold-real/docs")])))
    if Path("examples/gold").is_dir():
        print(gold_row("held-out sample corpus (examples/, 7 articles)",
                       run(a.dyad, ["--gold", "examples/gold", "--docs", "examples/corpus"])))
    for suite in ["plover-gsr", "conflibert-class", "conflibert-roles", "petr2"]:
        v = run(a.dyad, ["--suite", suite, "--peer-suites", str(shared / "peer-suites")])
        for row in suite_rows(v):
            print(row)
    treebank = shared / "treebanks/UD_English-EWT/en_ewt-ud-test.conllu.gz"
    if treebank.is_file():
        v = run(a.dyad, ["--treebank", str(treebank)])
        v["suite"] = "EWT test (parser)"
        for row in suite_rows(v):
            print(row)


if __name__ == "__main__":
    main()
