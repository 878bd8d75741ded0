#!/usr/bin/env bash
# Reads dyad's partitioned Parquet with DuckDB (the Python package, in a
# venv under .venv-duckdb/, gitignored) and checks it against the store:
# rows, events per month against `dyad timeline --mentions`, a dyad query
# in SQL, the event–document join, and `dyad code` against ingest + export
# (scripts/duckdb_check.py). Corpus: examples/corpus, plus ../shared/seeds
# when present. DYAD_PROFILE=release uses target/release/dyad.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${DYAD_PROFILE:-debug}
if [ "$profile" = release ]; then
  cargo build -q --release -p dyad-cli
else
  cargo build -q -p dyad-cli
fi
dyad="$PWD/target/$profile/dyad"

venv=.venv-duckdb
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import duckdb' 2>/dev/null; then
  "$venv/bin/pip" install -q --disable-pip-version-check duckdb
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
inputs=(examples/corpus)
if [ -d ../shared/seeds ]; then inputs+=(../shared/seeds); fi

"$dyad" ingest "${inputs[@]}" --db "$work/store.db" >/dev/null
"$dyad" export --format parquet --partition-by month --out "$work/lake" --db "$work/store.db"
"$dyad" code "${inputs[@]}" --out "$work/code-lake"
"$venv/bin/python" scripts/duckdb_check.py "$dyad" "$work/store.db" "$work/lake" "$work/code-lake"
