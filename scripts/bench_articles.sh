#!/usr/bin/env bash
# Ingest throughput on real-length articles (the synthetic corpus of
# `dyad-bench` has short, event-dense sentences: ~75 bytes each, against
# ~160 in news articles).
#
#   scripts/bench_articles.sh [COPIES] [JOBS]     # defaults: 150 copies, all cores
#   CARGO_TARGET_DIR=/other/target scripts/bench_articles.sh   # build and time that target dir's binary
#
# Copies the project's own articles (examples/corpus/*.txt) and, when
# ../shared is beside the checkout, the development seeds (read from there,
# never copied into the repository) COPIES times under distinct names into
# bench-out/articles/, then times `dyad ingest` of that folder into a new
# store: wall time, user and system CPU time, peak memory, MB of text per
# second and per CPU-second. Reclustering is included (it is part of
# `dyad ingest`).
set -euo pipefail
cd "$(dirname "$0")/.."

copies="${1:-150}"
jobs="${2:-}"
out=bench-out/articles
db=bench-out/articles.db
rm -rf "$out" "$db" "$db-wal" "$db-shm"
mkdir -p "$out"

sources=(examples/corpus/*.txt)
if [ -d ../shared/seeds ]; then
    sources+=(../shared/seeds/*.txt)
fi
for i in $(seq 1 "$copies"); do
    for f in "${sources[@]}"; do
        # A closing line of its own makes every copy a different document:
        # identical content is stored once (dyad ingest deduplicates it).
        { cat "$f"; printf '\n\nCopy %s.\n' "$i"; } > "$out/$(basename "$f" .txt)-$i.txt"
    done
done
bytes=$(cat "$out"/*.txt | wc -c)

# Honours CARGO_TARGET_DIR (the binary is taken from "$CARGO_TARGET_DIR/release").
target_dir="${CARGO_TARGET_DIR:-target}"
cargo build --release -p dyad-cli >/dev/null 2>&1 || cargo build --release -p dyad-cli
echo "corpus: ${#sources[@]} articles x $copies copies = $(ls "$out" | wc -l) files, $bytes bytes; load average $(cut -d' ' -f1-3 /proc/loadavg)"
args=(ingest "$out" --db "$db")
if [ -n "$jobs" ]; then
    args+=(--jobs "$jobs")
fi
/usr/bin/time -f "%e %U %S %M" -o bench-out/articles.time "$target_dir/release/dyad" "${args[@]}"
read -r wall user sys rss < bench-out/articles.time
python3 - "$bytes" "$wall" "$user" "$sys" "$rss" <<'EOF'
import sys
b, wall, user, sys_, rss = int(sys.argv[1]), *map(float, sys.argv[2:5]), int(sys.argv[5])
mb, cpu = b / 1e6, user + sys_
print(f"wall {wall:.2f} s, CPU {cpu:.2f} s (user {user:.2f} + sys {sys_:.2f}), peak RSS {rss / 1024:.0f} MB")
print(f"{mb / wall:.2f} MB/s wall, {mb / cpu:.2f} MB per CPU-second")
EOF
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
