#!/usr/bin/env python3
"""Scores dyad-read's HTML extraction side by side with trafilatura.

Two test sets, both read from ../shared (beside the checkout):
  * html-fixtures/*.html  -- bag-of-tokens F1 against <doc>.clean.txt
  * peer-suites/article-extraction-benchmark -- F1 over word 4-gram shingles,
    computed the way that benchmark's evaluate.py computes it (per-page
    TP/FP/FN normalised, mean precision and mean recall, F1 of the means).

dyad runs through the example binary of crates/dyad-read (built in release
mode here); trafilatura 2.3 is pip-installed into .venv-bench/ on first run.

Usage: scripts/html_benchmark.py [--no-trafilatura] [--no-build] [--shared DIR]
"""
import argparse
import collections
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv-bench"
TOKEN = re.compile(r"\w+", re.UNICODE)
EXTRACT = ROOT / "target" / "release" / "examples" / "extract"

TRAFILATURA_RUNNER = r"""
import json, sys, time, trafilatura
paths = json.load(open(sys.argv[1]))
out, t0 = {}, time.perf_counter()
for p in paths:
    html = open(p, encoding="utf-8", errors="replace").read()
    out[p] = trafilatura.extract(html, include_comments=False, include_tables=True) or ""
json.dump({"texts": out, "seconds": time.perf_counter() - t0}, open(sys.argv[2], "w"))
"""


def token_f1(pred, gold):
    a = collections.Counter(TOKEN.findall(pred.lower()))
    b = collections.Counter(TOKEN.findall(gold.lower()))
    tp = sum((a & b).values())
    if tp == 0:
        return 0.0
    p, r = tp / sum(a.values()), tp / sum(b.values())
    return 2 * p * r / (p + r)


def shingles(text, n=4):
    toks = TOKEN.findall(text or "")
    return collections.Counter(tuple(toks[i:i + n]) for i in range(max(1, len(toks) - n + 1)) if toks[i:i + n])


def shingle_tp_fp_fn(gold, pred):
    g, p = shingles(gold), shingles(pred)
    tp = sum((g & p).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def benchmark_scores(rows):
    def prec(tp, fp, fn):
        if fp == fn == 0:
            return 1.0
        return 0.0 if tp == fp == 0 else tp / (tp + fp)

    def rec(tp, fp, fn):
        if fp == fn == 0:
            return 1.0
        return 0.0 if tp == fn == 0 else tp / (tp + fn)

    ps = [prec(*r) for r in rows if r[0] + r[1] > 0]
    rs = [rec(*r) for r in rows if r[0] + r[2] > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def run_dyad(paths):
    """Runs the example binary over all paths at once; returns texts and seconds."""
    t0 = time.perf_counter()
    proc = subprocess.run([str(EXTRACT), "--json", *map(str, paths)], capture_output=True, text=True)
    secs = time.perf_counter() - t0
    texts = {}
    for line in proc.stdout.splitlines():
        doc = json.loads(line)
        texts[doc["path"]] = doc
    return texts, secs


def ensure_venv():
    py = VENV / "bin" / "python"
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    ok = subprocess.run([str(py), "-c", "import trafilatura, lxml_html_clean, sys; sys.exit(0 if trafilatura.__version__.startswith('2.3') else 1)"],
                        capture_output=True)
    if ok.returncode != 0:
        subprocess.run([str(py), "-m", "pip", "install", "-q", "trafilatura==2.3.*", "lxml_html_clean"], check=True)
    return py


def run_trafilatura(py, paths):
    with tempfile.TemporaryDirectory() as d:
        inp, out, runner = Path(d) / "in.json", Path(d) / "out.json", Path(d) / "run.py"
        inp.write_text(json.dumps([str(p) for p in paths]))
        runner.write_text(TRAFILATURA_RUNNER)
        subprocess.run([str(py), str(runner), str(inp), str(out)], check=True)
        res = json.loads(out.read_text())
    return res["texts"], res["seconds"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--no-trafilatura", action="store_true")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--worst", type=int, default=0, help="list the N worst benchmark pages for dyad")
    args = ap.parse_args()

    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "-q", "-p", "dyad-read", "--example", "extract"],
                       cwd=ROOT, check=True)
    py = None
    if not args.no_trafilatura:
        try:
            py = ensure_venv()
        except subprocess.CalledProcessError as e:
            print(f"trafilatura unavailable ({e}); scoring dyad only")

    # 1. html-fixtures
    fx = sorted((args.shared / "html-fixtures").glob("*.html"))
    if fx:
        dy, _ = run_dyad(fx)
        tr = run_trafilatura(py, fx)[0] if py else {}
        print("== html-fixtures: bag-of-tokens F1 vs clean.txt")
        print(f"{'doc':<24} {'dyad':>7} {'trafil.':>8}  meta(dyad: title/author/published)")
        for p in fx:
            gold = p.with_name(p.name[:-5] + ".clean.txt").read_text(encoding="utf-8")
            meta = json.loads(p.with_name(p.name[:-5] + ".meta.json").read_text(encoding="utf-8"))
            d = dy.get(str(p), {"text": "", "meta": {}})
            m = d["meta"]
            ok = ["T" if m.get("title") == meta["title"] else "t",
                  "A" if m.get("author") == meta["author"] else "a",
                  "P" if m.get("published") == meta["published"] else "p"]
            t = f"{token_f1(tr[str(p)], gold):8.4f}" if py else "       -"
            print(f"{p.stem:<24} {token_f1(d['text'], gold):7.4f} {t}  {''.join(ok)}")

    # 2. article-extraction-benchmark
    bench = args.shared / "peer-suites" / "article-extraction-benchmark"
    gt_path = bench / "ground-truth.json"
    if gt_path.exists():
        gt = json.loads(gt_path.read_text(encoding="utf-8"))
        with tempfile.TemporaryDirectory() as d:
            paths, size = {}, 0
            for key in gt:
                raw = gzip.decompress((bench / "html" / f"{key}.html.gz").read_bytes())
                size += len(raw)
                p = Path(d) / f"{key}.html"
                p.write_bytes(raw)
                paths[key] = p
            dy, dsecs = run_dyad(list(paths.values()))
            rows = {k: shingle_tp_fp_fn(gt[k]["articleBody"], dy.get(str(p), {}).get("text", "")) for k, p in paths.items()}
            dp, dr, df = benchmark_scores(list(rows.values()))
            print(f"\n== article-extraction-benchmark ({len(gt)} pages, {size / 1e6:.1f} MB): 4-gram shingle F1")
            print(f"dyad         P={dp:.3f} R={dr:.3f} F1={df:.3f}  {len(gt) / dsecs:6.1f} pages/s  {size / 1e6 / dsecs:5.1f} MB/s (one process, incl. start-up)")
            if py:
                tr, tsecs = run_trafilatura(py, list(paths.values()))
                trows = [shingle_tp_fp_fn(gt[k]["articleBody"], tr.get(str(p), "")) for k, p in paths.items()]
                tp_, tr_, tf = benchmark_scores(trows)
                print(f"trafilatura  P={tp_:.3f} R={tr_:.3f} F1={tf:.3f}  {len(gt) / tsecs:6.1f} pages/s  {size / 1e6 / tsecs:5.1f} MB/s (extract() only)")
            if args.worst:
                worst = sorted(rows.items(), key=lambda kv: benchmark_scores([kv[1]])[2])[: args.worst]
                for k, r in worst:
                    print(f"  {k[:16]} P={benchmark_scores([r])[0]:.2f} R={benchmark_scores([r])[1]:.2f}")


if __name__ == "__main__":
    main()
