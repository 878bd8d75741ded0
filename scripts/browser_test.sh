#!/usr/bin/env bash
# Browser test of `dyad serve`: builds dyad, stores the sample corpus plus
# a document carrying script markup, starts the server on a free loopback
# port and drives headless Chromium through every page
# (tests/browser/browser_test.mjs). Screenshots go to docs/screenshots/.
#
# Environment:
#   DYAD_SERVE_CMD  command that serves (default: target/release/dyad serve);
#                   it gets --addr HOST:PORT --db FILE appended
#   DYAD_PROFILE    release (default) or debug: which build of dyad to make
#                   and use (debug reuses what `cargo test`/`cargo run` built)
#   DYAD_BIN        a prebuilt dyad binary to use instead (no build)
#   DYAD_CORPUS     corpus folder (default examples/corpus)
#   SCREENSHOT_DIR  default docs/screenshots
# Ends with "N passed, N failed"; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

fail() {
  echo "browser test: $*" >&2
  echo "0 passed, 1 failed"
  exit 1
}

TMP=$(mktemp -d)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT

# 1. The browser (Debian's package; no browser download).
if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing chromium"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -q && apt-get install -y -q chromium; } >"$TMP/apt.log" 2>&1 ||
    { tail -20 "$TMP/apt.log" >&2; fail "cannot install chromium"; }
fi
CHROMIUM=$(command -v chromium)
command -v node >/dev/null 2>&1 || fail "node is not installed"

# 2. The driver: playwright-core only (it downloads no browser).
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  echo "== installing playwright-core"
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci failed"
fi

# 3. dyad itself.
if [ -z "${DYAD_BIN:-}" ]; then
  case "${DYAD_PROFILE:-release}" in
    release)
      echo "== building dyad (release)"
      cargo build --release -q -p dyad-cli || fail "cargo build failed"
      DYAD_BIN=target/release/dyad ;;
    debug)
      echo "== building dyad (debug)"
      cargo build -q -p dyad-cli || fail "cargo build failed"
      DYAD_BIN=target/debug/dyad ;;
    *) fail "DYAD_PROFILE must be release or debug" ;;
  esac
fi
[ -x "$DYAD_BIN" ] || fail "$DYAD_BIN is not an executable"
SERVE_CMD=${DYAD_SERVE_CMD:-"$DYAD_BIN serve"}

# 4. A store: the sample corpus plus a probe whose text carries markup
#    that must never run in the page.
CORPUS=${DYAD_CORPUS:-examples/corpus}
DB="$TMP/demo.db"
ls "$CORPUS"/*.txt "$CORPUS"/*.html >/dev/null 2>&1 || fail "no articles in $CORPUS"
echo "== ingesting $CORPUS"
"$DYAD_BIN" ingest "$CORPUS" --db "$DB" >"$TMP/ingest.log" 2>&1 ||
  [ -s "$DB" ] || { cat "$TMP/ingest.log" >&2; fail "ingest failed"; }
mkdir -p "$TMP/probe"
cat >"$TMP/probe/xss-probe.txt" <<'EOF'
Probe: markup in an article must stay text

A clerk pasted <script>window.__pwned=1</script> into the minutes of the meeting.

The next line held <img src=x onerror="window.__pwned=2"> and a link <a href="javascript:window.__pwned=3">here</a>.

Russia and North Korea were named in the minutes.
EOF
"$DYAD_BIN" ingest "$TMP/probe/xss-probe.txt" --db "$DB" >>"$TMP/ingest.log" 2>&1 ||
  [ -s "$DB" ] || { cat "$TMP/ingest.log" >&2; fail "probe ingest failed"; }

# 5. The server, on a free loopback port.
PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();})')
BASE_URL="http://127.0.0.1:$PORT"
echo "== starting: $SERVE_CMD --addr 127.0.0.1:$PORT --db $DB"
# shellcheck disable=SC2086 # SERVE_CMD is a command line by design
$SERVE_CMD --addr "127.0.0.1:$PORT" --db "$DB" >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
  if curl -fsS -o /dev/null "$BASE_URL/api/stats" 2>/dev/null; then break; fi
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/server.log" >&2; fail "the server exited"; }
  sleep 0.2
done
curl -fsS -o /dev/null "$BASE_URL/api/stats" || { cat "$TMP/server.log" >&2; fail "the server did not answer"; }

# 6. The browser run, bounded in time.
echo "== driving chromium against $BASE_URL"
set +e
BASE_URL="$BASE_URL" CHROMIUM="$CHROMIUM" XSS_DOC=xss-probe \
  SCREENSHOT_DIR="${SCREENSHOT_DIR:-$ROOT/docs/screenshots}" \
  timeout 300 node tests/browser/browser_test.mjs
rc=$?
set -e
if [ "$rc" -eq 124 ]; then
  echo "browser test timed out" >&2
  echo "0 passed, 1 failed"
fi
exit "$rc"
