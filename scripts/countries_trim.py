#!/usr/bin/env python3
"""Trims world-countries' countries.json to the fields dyad reads.

Usage: countries_trim.py PATH/TO/countries.json VERSION > lexicon/countries.json
"""
import json
import sys


def latin(s: str) -> bool:
    return all(ord(c) < 0x250 or c in "’‘" for c in s)


def main() -> None:
    src, version = sys.argv[1], sys.argv[2]
    with open(src, encoding="utf-8") as f:
        data = json.load(f)
    out = []
    for c in data:
        alts = []
        for a in c.get("altSpellings", []):
            # Two-letter codes ("KP", "IN") collide with words; inverted
            # catalogue forms ("Korea, Republic of") never occur in prose.
            if len(a) < 3 or "," in a or not latin(a) or a == c["cca2"]:
                continue
            if a not in alts:
                alts.append(a)
        dem = c.get("demonyms", {}).get("eng", {})
        out.append(
            {
                "cca3": c["cca3"],
                "name": {"common": c["name"]["common"], "official": c["name"]["official"]},
                "altSpellings": alts,
                "demonyms": {"eng": {"m": dem.get("m", ""), "f": dem.get("f", "")}},
                "capital": c.get("capital", []),
            }
        )
    out.sort(key=lambda c: c["cca3"])
    doc = {
        "_source": f"world-countries {version} (npm), trimmed by scripts/update_countries.sh",
        "_license": "ODbL-1.0; see lexicon/COUNTRIES-LICENSE.md",
        "countries": out,
    }
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    sys.stdout.write(text + "\n")


if __name__ == "__main__":
    main()
