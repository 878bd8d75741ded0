#!/usr/bin/env python3
"""Date benchmark: dyad's temporal expression finder vs dateparser.

Runs, side by side on the same texts in one run:

- dyad: `crates/dyad-time/examples/find_dates.rs` (release build), which
  finds and resolves expressions against an anchor and the clause's tense;
- the Python library dateparser's `search_dates`, with `RELATIVE_BASE` set to
  the anchor (pip-installed into `.venv-bench/` by this script).

Inputs: the table of `crates/dyad-time/tests/time_table.rs` (anchor,
sentence, expression, expected value), sentences written for dyad's tests.

Reported:
- found: the expected expression was detected (a detection overlapping it);
  for rows whose expected value is "-" (a multi-year era, no anchor) it
  counts as found when the tool either finds nothing there or finds it
  without a value.
- correct: dyad's value equals the expected EDTF string exactly; for
  dateparser, which returns a datetime with no precision, the datetime falls
  inside the expected period (a lenient test, in dateparser's favour); for
  "-" rows, no date was given there.
- speed: both tools on the table's sentences (sentences per second), and
  dyad's finder alone on the sentences repeated to about 7 MB, and on the
  seed articles (../shared/seeds, when present) repeated to about 10 MB
  (MB/s).

Usage: python3 scripts/date_benchmark.py   (from the repository root)
"""

import calendar
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, ".venv-bench")
TABLE = os.path.join(ROOT, "crates", "dyad-time", "tests", "time_table.rs")
ROW = re.compile(r'^\s*\("([^"]*)",\s*"((?:[^"\\]|\\.)*)",\s*"([^"]*)",\s*"([^"]*)"\),')


def ensure_dateparser():
    """Re-runs this script inside .venv-bench with dateparser installed."""
    py = os.path.join(VENV, "bin", "python")
    if os.path.abspath(sys.prefix) == os.path.abspath(VENV):
        return
    if not os.path.exists(py):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    probe = subprocess.run([py, "-c", "import dateparser"], capture_output=True)
    if probe.returncode != 0:
        subprocess.run([py, "-m", "pip", "install", "-q", "dateparser"], check=True)
    os.execv(py, [py] + sys.argv)


def period(edtf):
    """(first day, last day) of an EDTF value as dyad writes it."""
    if edtf.endswith("X"):
        y = int(edtf[:3]) * 10
        return dt.date(y, 1, 1), dt.date(y + 9, 12, 31)
    parts = [int(p) for p in edtf.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        y, m = parts
        if m >= 21:
            first = {21: 3, 22: 6, 23: 9, 24: 12}[m]
            start = dt.date(y, first, 1)
            ly, lm = (y + 1, first + 2 - 12) if first + 2 > 12 else (y, first + 2)
            return start, dt.date(ly, lm, calendar.monthrange(ly, lm)[1])
        return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])
    d = dt.date(*parts)
    return d, d


def anchor_datetime(anchor):
    """The anchor as a datetime for dateparser (mid-period when partial)."""
    if anchor == "-":
        return None
    parts = [int(p) for p in anchor.split("-")]
    if len(parts) == 1:
        return dt.datetime(parts[0], 7, 1, 12)
    if len(parts) == 2:
        return dt.datetime(parts[0], parts[1], 15, 12)
    return dt.datetime(parts[0], parts[1], parts[2], 12)


def load_table():
    rows = []
    with open(TABLE, encoding="utf-8") as f:
        for line in f:
            m = ROW.match(line)
            if m:
                anchor, sentence, surface, want = m.groups()
                sentence = sentence.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
                since = surface.startswith(">")
                rows.append((anchor, sentence, surface.lstrip(">"), want, since))
    return rows


def run_dyad(rows, binary):
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False, encoding="utf-8") as f:
        for anchor, sentence, *_ in rows:
            f.write(f"{anchor}\t{sentence}\n")
        path = f.name
    t0 = time.perf_counter()
    out = subprocess.run([binary, path], capture_output=True, text=True, check=True).stdout
    secs = time.perf_counter() - t0
    bench = json.loads(
        subprocess.run([binary, path, "--bench", "1000"], capture_output=True, text=True, check=True).stdout
    )
    os.unlink(path)
    # Real article text, when ../shared/seeds is beside the checkout: one
    # article per line, repeated 200 times (about 10 MB).
    seeds = os.path.join(os.path.dirname(ROOT), "shared", "seeds")
    if os.path.isdir(seeds):
        with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False, encoding="utf-8") as f:
            for name in sorted(os.listdir(seeds)):
                with open(os.path.join(seeds, name), encoding="utf-8") as src:
                    f.write("-\t" + " ".join(src.read().split()) + "\n")
            spath = f.name
        bench["seeds"] = json.loads(
            subprocess.run([binary, spath, "--bench", "200"], capture_output=True, text=True, check=True).stdout
        )
        os.unlink(spath)
    return [json.loads(l) for l in out.splitlines()], secs, bench


def overlap(a0, a1, b0, b1):
    return a0 < b1 and b0 < a1


def main():
    ensure_dateparser()
    import dateparser
    from dateparser.search import search_dates

    rows = load_table()
    print(f"table: {len(rows)} expressions from {os.path.relpath(TABLE, ROOT)}")
    subprocess.run(
        ["cargo", "build", "--release", "-q", "-p", "dyad-time", "--example", "find_dates"],
        cwd=ROOT,
        check=True,
    )
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")
    binary = os.path.join(target, "release", "examples", "find_dates")
    dyad_out, dyad_secs, bench = run_dyad(rows, binary)

    # dateparser, one call per sentence, with the anchor as RELATIVE_BASE.
    dp_out = []
    t0 = time.perf_counter()
    for anchor, sentence, *_ in rows:
        settings = {"RETURN_AS_TIMEZONE_AWARE": False}
        base = anchor_datetime(anchor)
        if base:
            settings["RELATIVE_BASE"] = base
        try:
            found = search_dates(sentence, languages=["en"], settings=settings) or []
        except Exception as e:  # dateparser raises on some inputs
            found = []
            print(f"  dateparser error on {sentence!r}: {e}")
        dp_out.append(found)
    dp_secs = time.perf_counter() - t0

    stats = {"dyad": [0, 0], "dateparser": [0, 0]}
    misses = {"dyad": [], "dateparser": []}
    for i, (anchor, sentence, surface, want, since) in enumerate(rows):
        s0 = sentence.find(surface)
        s1 = s0 + len(surface)
        # dyad (byte offsets; convert the surface position to bytes)
        b0 = len(sentence[:s0].encode())
        b1 = b0 + len(surface.encode())
        hits = [x for x in dyad_out[i]["found"] if overlap(x["start"], x["end"], b0, b1)]
        if want == "-":
            found = all(x["value"] is None for x in hits)
            correct = found
        else:
            found = bool(hits)
            correct = any(x["text"] == surface and x["value"] == want for x in hits)
        stats["dyad"][0] += found
        stats["dyad"][1] += correct
        if not correct:
            misses["dyad"].append((sentence, surface, want, hits))
        # dateparser (character offsets of the matched substring)
        dp_hits = []
        pos = 0
        for text, value in dp_out[i]:
            j = sentence.find(text, pos)
            if j < 0:
                j = sentence.find(text)
            if j >= 0 and overlap(j, j + len(text), s0, s1):
                dp_hits.append((text, value))
            if j >= 0:
                pos = j + len(text)
        if want == "-":
            found = not dp_hits
            correct = found
        else:
            lo, hi = period(want)
            found = bool(dp_hits)
            correct = any(lo <= v.date() <= hi for _, v in dp_hits)
        stats["dateparser"][0] += found
        stats["dateparser"][1] += correct
        if not correct:
            misses["dateparser"].append((sentence, surface, want, [(t, str(v)) for t, v in dp_hits]))

    n = len(rows)
    print()
    print(f"{'tool':<12}{'found':>12}{'correct':>12}{'sentences/s':>14}")
    for tool, secs in (("dyad", dyad_secs), ("dateparser", dp_secs)):
        f, c = stats[tool]
        print(f"{tool:<12}{f:>7}/{n:<4}{c:>7}/{n:<4}{n / secs:>14.0f}")
    print()
    print(
        f"dyad finder alone: {bench['bytes'] / 1e6:.1f} MB in {bench['seconds']:.3f} s = "
        f"{bench['mb_per_s']:.1f} MB/s ({bench['expressions']} expressions; "
        f"finder built in {bench['build_seconds'] * 1000:.1f} ms)"
    )
    if "seeds" in bench:
        sb = bench["seeds"]
        print(
            f"dyad finder on the seed articles: {sb['bytes'] / 1e6:.1f} MB in {sb['seconds']:.3f} s = "
            f"{sb['mb_per_s']:.1f} MB/s ({sb['expressions']} expressions)"
        )
    print(f"(dyad sentences/s includes process start and lexicon load; dateparser {dateparser.__version__})")
    for tool in ("dyad", "dateparser"):
        print(f"\n{tool} misses ({len(misses[tool])}), first 12:")
        for m in misses[tool][:12]:
            print("  ", m)


if __name__ == "__main__":
    main()
