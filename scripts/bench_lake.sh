#!/usr/bin/env bash
# Throughput of the partitioned Parquet export and of `dyad code`, and the
# lake's size per million events, on the generated corpus of dyad-bench
# (docs/scale.md). Usage: scripts/bench_lake.sh [DOCS] [WORK_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
docs=${1:-20000}
work=${2:-bench-out/lake}
cargo build -q --release -p dyad-cli -p dyad-bench
dyad="$PWD/target/release/dyad"
rm -rf "$work"
mkdir -p "$work"
target/release/dyad-bench gen --docs "$docs" --out "$work/corpus" >/dev/null
text_bytes=$(find "$work/corpus" -name '*.txt' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)

secs() { # wall seconds of a command, its output to $work/log
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >>"$work/log" 2>&1
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l
}
size() { du -cb $(find "$1" -name '*.parquet') 2>/dev/null | tail -1 | cut -f1; }

t_ingest=$(secs "$dyad" ingest "$work/corpus" --db "$work/store.db")
events=$("$dyad" events --db "$work/store.db" --format jsonl | wc -l)
t_single=$(secs "$dyad" export --format parquet --out "$work/events.parquet" --db "$work/store.db")
t_export=$(secs "$dyad" export --format parquet --partition-by month --out "$work/lake" --db "$work/store.db")
t_code=$(secs "$dyad" code "$work/corpus" --out "$work/code-lake")
ev_bytes=$(size "$work/lake/events")
doc_bytes=$(size "$work/lake/documents")
ev_files=$(find "$work/lake/events" -name '*.parquet' | wc -l)
single=$(stat -c %s "$work/events.parquet")
mb() { echo "scale=2; $1 / 1000000" | bc -l; }
rate() { echo "scale=0; $1 / $2" | bc -l; }
echo "corpus: $docs documents, $(mb "$text_bytes") MB of text, $events events"
echo "dyad ingest:                          $t_ingest s"
echo "dyad export (one Parquet file):       $t_single s, $(rate "$events" "$t_single") events/s"
echo "dyad export --partition-by month:     $t_export s, $(rate "$events" "$t_export") events/s, $(mb "$(rate "$((ev_bytes + doc_bytes))" "$t_export")") MB/s written"
echo "dyad code (no store):                 $t_code s, $(rate "$docs" "$t_code") docs/s, $(rate "$events" "$t_code") events/s, $(mb "$(rate "$text_bytes" "$t_code")") MB/s of text"
echo "dyad ingest + export:                 $(echo "$t_ingest + $t_export" | bc -l) s"
echo "events table: $ev_bytes bytes in $ev_files files, $(mb "$((ev_bytes * 1000000 / events))") MB per million events"
echo "documents table: $doc_bytes bytes, $(mb "$((doc_bytes * 1000000 / events))") MB per million events"
echo "one-file export: $single bytes, $(mb "$((single * 1000000 / events))") MB per million events"
