#!/usr/bin/env bash
# Load test of `dyad serve` on loopback only.
#
#   scripts/load_test.sh [EVENTS] [SECONDS]      # defaults: 100000 events, 20 s
#
# Builds the release binaries, fills a store with EVENTS events (the bench
# crate's store-level bulk fill: generated articles with planted events,
# reused across runs in bench-out/load.db), starts `dyad serve` on
# 127.0.0.1 at a free port, and runs `wrk -t2 -c16 -dSECONDS --latency`
# against an event page and a timeline of RUS-PRK and of the busiest
# dyad. Every request stays on this
# machine; wrk stops by itself after SECONDS, and the server is stopped by
# a trap however the script ends. Installs wrk with apt-get when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

events="${1:-100000}"
secs="${2:-20}"
out=bench-out
db="$out/load.db"
mkdir -p "$out"

if ! command -v wrk >/dev/null 2>&1; then
    echo "installing wrk ..." >&2
    (apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; })
fi

cargo build --release -p dyad-cli -p dyad-bench
bin=target/release

# Store-level fill up to $events events (idempotent: tops up an existing db).
"$bin/dyad-bench" query --db "$db" --fill-events "$events" --runs 1 | grep -E "bulk fill|^store" || true
# The generated countries rarely include Russia and North Korea: add the
# sample corpus, coded for real, so the RUS-PRK pages have rows.
"$bin/dyad" ingest examples/corpus --db "$db" >/dev/null || true
# The busiest dyad of the store, for a full 100-event page.
busy=$(python3 - "$db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
row = c.execute("SELECT source, target FROM event WHERE source IS NOT NULL AND target IS NOT NULL "
                "GROUP BY 1, 2 ORDER BY COUNT(*) DESC LIMIT 1").fetchone()
print(f"{row[0]}-{row[1]}" if row else "RUS-PRK")
PY
)

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin/dyad" serve --db "$db" --addr "127.0.0.1:$port" >"$out/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT

for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$port/api/stats" >/dev/null 2>&1 && break
    sleep 0.1
done
echo "serving $(curl -sf "http://127.0.0.1:$port/api/stats")"

for path in "/api/events?dyad=RUS-PRK&limit=100" "/api/timeline?dyad=RUS-PRK" \
    "/api/events?dyad=$busy&limit=100" "/api/timeline?dyad=$busy"; do
    url="http://127.0.0.1:$port$path"
    status=$(curl -s -o /dev/null -w '%{http_code}' "$url")
    echo
    echo "== $path (status $status, $(curl -s "$url" | wc -c) bytes)"
    timeout $((secs + 30)) wrk -t2 -c16 -d"${secs}s" --timeout 10s --latency "$url"
done
