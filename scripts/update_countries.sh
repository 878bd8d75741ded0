#!/usr/bin/env bash
# Regenerates lexicon/countries.json from the npm package world-countries
# (ODbL-1.0, see lexicon/COUNTRIES-LICENSE.md). Needs npm and python3.
#
#   scripts/update_countries.sh            # version pinned below
#   WORLD_COUNTRIES_VERSION=5.2.0 scripts/update_countries.sh
#
# The trimmed file keeps, per country: cca3, name.common, name.official,
# altSpellings (Latin-script spellings of three or more characters, the
# two-letter ISO codes and "Korea, Republic of"-style inverted forms
# dropped: they collide with ordinary words and never occur in prose),
# demonyms.eng (m and f) and capital.
set -euo pipefail
VERSION="${WORLD_COUNTRIES_VERSION:-5.1.0}"
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="$HERE/../lexicon/countries.json"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
(cd "$TMP" && npm pack --silent "world-countries@$VERSION" >/dev/null && tar xzf world-countries-*.tgz)
python3 "$HERE/countries_trim.py" "$TMP/package/countries.json" "$VERSION" > "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
echo "wrote $OUT ($(grep -c '"cca3"' "$OUT") countries, world-countries $VERSION)"
