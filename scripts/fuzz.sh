#!/usr/bin/env bash
# Runs one cargo-fuzz target for a bounded time.
#
#   scripts/fuzz.sh TARGET [SECONDS]     # default 600 s
#   scripts/fuzz.sh list                 # the targets
#
# Targets (fuzz/fuzz_targets/): read_text, read_html, segment, dates,
# pipeline. libFuzzer needs nightly compiler flags; on a stable toolchain
# RUSTC_BOOTSTRAP=1 lets stable rustc accept them. cargo-fuzz is installed
# with `cargo install cargo-fuzz` when missing. Seeds come from
# examples/corpus (and ../shared/html-fixtures when present, read only,
# never copied into the repository); findings land in fuzz/artifacts/TARGET.
set -euo pipefail
cd "$(dirname "$0")/.."

target="${1:?usage: scripts/fuzz.sh TARGET [SECONDS] | list}"
secs="${2:-600}"
export RUSTC_BOOTSTRAP=1

if ! command -v cargo-fuzz >/dev/null 2>&1; then
    echo "installing cargo-fuzz ..." >&2
    cargo install cargo-fuzz --locked
fi

if [[ "$target" == list ]]; then
    cargo fuzz list --fuzz-dir fuzz
    exit 0
fi

# A seed corpus of real-looking inputs: the sample articles (and the shared
# HTML fixtures, if they are beside the checkout). The fuzzer's own corpus
# folder lives under fuzz/corpus (git-ignored).
corpus="fuzz/corpus/$target"
mkdir -p "$corpus"
seeds=(examples/corpus)
[[ -d ../shared/html-fixtures ]] && seeds+=(../shared/html-fixtures)

# -rss_limit_mb bounds memory; -max_len 64 KiB keeps inputs article-sized;
# -timeout flags any single input that takes more than 10 s (a hang).
cargo fuzz run --fuzz-dir fuzz -j1 "$target" "$corpus" "${seeds[@]}" -- \
    -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
    -print_final_stats=1
