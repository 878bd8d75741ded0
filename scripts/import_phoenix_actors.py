#!/usr/bin/env python3
"""Import the Phoenix (PETRARCH 2) actor dictionaries into dyad's lexicon.

    python3 scripts/import_phoenix_actors.py [DICTIONARY_DIR]

DICTIONARY_DIR defaults to
../shared/peer-suites/petrarch2/petrarch2/data/dictionaries (from the
repository root). Writes two GENERATED files, never edited by hand:

    lexicon/actors-phoenix.tsv   actors.tsv's columns: country aliases,
                                 state institutions, international and
                                 non-governmental organisations, rebel
                                 groups, militias and parties
    lexicon/people-phoenix.tsv   people.tsv's columns: office-holders with
                                 the dates of each role

Every row keeps its provenance (`Phoenix.Countries.actors.txt:LINE`) in the
note column. What is left out is counted, by reason, on standard output and
in each file's header. The output depends only on the input files: running
the importer again reproduces the committed files byte for byte. The
dictionaries are MIT-licensed (see lexicon/PHOENIX-LICENSE.md).

Python 3 standard library only.
"""

import collections
import datetime
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DIR = os.path.join(
    ROOT, "..", "shared", "peer-suites", "petrarch2", "petrarch2", "data", "dictionaries"
)
COUNTRIES = "Phoenix.Countries.actors.txt"
INTERNATIONAL = "Phoenix.International.actors.txt"
NONSTATE = "Phoenix.MilNonState.actors.txt"

# CAMEO three-letter state codes that are not the ISO alpha-3 code dyad uses.
STATE_FIXES = {"USR": "SUN", "KSV": "UNK", "FRY": "YUG", "ROM": "ROU", "ZAR": "COD"}
# Former states dyad codes by their former ISO code.
FORMER_STATES = {"SUN", "YUG", "DDR", "CSK", "SCG"}

# CAMEO role chunks -> dyad sectors (lexicon/roles.tsv, ../shared/gold/SCHEMA.md).
SECTOR_MAP = {
    "GOV": "GOV", "MIL": "MIL", "REB": "REB", "OPP": "OPP", "JUD": "JUD",
    "LEG": "LEG", "BUS": "BUS", "MED": "MED", "EDU": "EDU", "REL": "REL",
    "LAB": "LAB", "CVL": "CVL", "COP": "POL", "SPY": "INT", "INS": "REB",
    "SEP": "REB", "UAF": "REB", "PTY": None, "ELI": None,
}
# CAMEO organisation chunks -> dyad's organisation codes (lexicon/actors.tsv).
ORG_MAP = {
    "UNO": "UNO", "NAT": "NATO", "EUR": "EUR", "WBK": "WBK", "IMF": "IMF",
    "ASN": "ASN", "AFU": "AFU", "ARL": "ARL", "OSC": "OSCE", "OPC": "OPEC",
    "ICC": "ICC", "IRC": "IRC", "AMN": "AMN", "HRW": "HRW", "MSF": "MSF",
    "SCO": "SCO", "CIS": "CIS",
}
# Non-governmental organisations dyad has a code for.
NGO_CODES = {"IRC", "AMN", "HRW", "MSF"}
# Words a state's name may carry besides its own ("Republic of Georgia").
STATE_NAME_WORDS = set(
    """REPUBLIC OF THE KINGDOM STATE ISLAMIC DEMOCRATIC PEOPLE'S PEOPLES
    FEDERAL FEDERATION UNION ARAB SOCIALIST ISLANDS ISLAND ISLES AND DE DU LA
    REPUBLIQUE PRINCIPALITY GRAND DUCHY SULTANATE EMIRATE COMMONWEALTH""".split()
)
# Chunks of an organisation code that say what kind of body it is, or
# where, not which: never an organisation's own code.
GENERIC = set(SECTOR_MAP) | {
    "IGO", "NGO", "IMG", "MNC", "HLH", "DEV", "ENV", "HRI", "REF", "AGR",
    "CRM", "RAD", "MOD", "CHR", "CTH", "PRO", "MUS", "SUN", "SHI", "JEW",
    "BUD", "HIN", "KID", "WST", "LAM", "AFR", "ASA", "SAS", "SEA", "EAF",
    "WAF", "SAF", "NAF", "MEA", "EEU", "WEU", "CAS", "CFR", "NMR", "SAM",
    "CRB", "SCN", "ARB", "EIN", "INT", "MOS", "PTY", "BAH", "ELI", "---",
    "UIG", "IRC", "TAM", "SPY", "COP",
}
# Words that make a name an institution rather than a person.
INSTITUTION_WORDS = set(
    """ARMY FORCE FORCES MINISTRY DEPARTMENT COUNCIL COMMITTEE PARTY FRONT
    GOVERNMENT ASSEMBLY PARLIAMENT CONGRESS SENATE COURT POLICE GUARD GUARDS
    AGENCY SERVICE OFFICE BANK COMMISSION CABINET NAVY AIR MOVEMENT UNION
    ORGANIZATION ORGANISATION BRIGADE BRIGADES ALLIANCE LEAGUE ASSOCIATION
    INSTITUTE CORPS COMMAND MILITIA REPUBLIC KINGDOM STATE STATES HOUSE
    AUTHORITY BUREAU DIRECTORATE NATIONAL FEDERATION SOCIETY GROUP ARMED
    MILITARY TRIBUNAL JUNTA REGIME ADMINISTRATION PALACE""".split()
)
# Words that make a phrase a title, not a person's name.
TITLE_WORDS = set(
    """PRESIDENT MINISTER SECRETARY PREMIER CHANCELLOR SPOKESMAN SPOKESWOMAN
    SPOKESPERSON GENERAL GEN. CHIEF KING QUEEN PRINCE EMIR SHEIKH AMBASSADOR
    LEADER CHAIRMAN OFFICIAL DIRECTOR COMMANDER ADMIRAL COLONEL MAYOR
    GOVERNOR SENATOR ENVOY DEPUTY VICE HEAD JUSTICE JUDGE FORMER THE GOV. SEN.
    REP. DR. PRES. MR. MRS. MS. LT. COL. CAPT. SGT. AMB. SEC. MAJ. ADM. GOV
    SEN PM""".split()
)
# Lower-case inside a name ("Bashar al-Assad", "Workers' Party of Korea").
PARTICLES = set(
    """AL EL BIN IBN BINT DE DA DI DOS DAS DO DU DEL DELLA VAN VON DER DEN
    LA LE OF THE AND FOR IN ON TO AT Y""".split()
)
SMALL_WORDS = PARTICLES | {"NEW", "OLD", "WEST", "EAST", "ARMY", "IRAN", "IRAQ"}

DATE_RE = re.compile(r"^(\d{6}|\d{8})$")


class Counts:
    def __init__(self):
        self.c = collections.Counter()

    def add(self, key, n=1):
        self.c[key] += n


def parse_date(s):
    """yymmdd (two-digit years below 30 are 20yy) or yyyymmdd -> ISO."""
    if not DATE_RE.match(s):
        return None
    if len(s) == 6:
        yy = int(s[:2])
        year = 2000 + yy if yy < 30 else 1900 + yy
        m, d = int(s[2:4]), int(s[4:6])
    else:
        year, m, d = int(s[:4]), int(s[4:6]), int(s[6:8])
    try:
        return datetime.date(year, m, d).isoformat()
    except ValueError:
        return None


def parse_code(text):
    """'[AFGGOV 320101-331108]' body -> (code, start, end, ok)."""
    parts = text.split()
    if not parts:
        return None
    code = parts[0]
    start = end = None
    rest = "".join(parts[1:])
    ok = True
    if rest:
        if rest.startswith(">"):
            start = parse_date(rest[1:])
            ok = start is not None
        elif rest.startswith("<"):
            end = parse_date(rest[1:])
            ok = end is not None
        elif "-" in rest:
            a, _, b = rest.partition("-")
            start, end = parse_date(a), parse_date(b)
            ok = start is not None and end is not None and start <= end
        else:
            ok = False
    return code, start, end, ok


def read_entries(path, name):
    """TABARI .actors entries: a head line, '+' synonyms, '[CODE ...]' codes.

    Returns [(line, [names], [(code, start, end, ok)], comment)]."""
    entries = []
    cur = None
    with open(path, encoding="utf-8", errors="replace") as f:
        for no, raw in enumerate(f, 1):
            line, _, comment = raw.rstrip("\n").partition("#")
            if not line.strip():
                if not raw.strip():
                    cur = None
                continue
            codes = re.findall(r"\[([^\]]*)\]", line)
            words = re.sub(r"\[[^\]]*\]", " ", line).strip()
            if line[0] in " \t" and not words:
                if cur is not None:
                    cur[2].extend(c for c in map(parse_code, codes) if c)
                continue
            if line.startswith("+"):
                if cur is None:
                    continue
                cur[1].append(words[1:].strip())
                cur[2].extend(c for c in map(parse_code, codes) if c)
                continue
            if words.startswith("!") or "=" in words:
                continue  # macros (!PERSON! = ...)
            cur = [no, [words], [c for c in map(parse_code, codes) if c], comment]
            entries.append(cur)
    return [tuple(e) for e in entries]


def chunks(code):
    return [code[i:i + 3] for i in range(0, len(code), 3)]


def state_code(c3, iso):
    c3 = STATE_FIXES.get(c3, c3)
    if c3 in iso or c3 in FORMER_STATES:
        return c3
    return None


def sector_of(parts):
    """First chunk with a dyad sector; (sector, found_unmapped_role)."""
    for p in parts:
        if p in SECTOR_MAP:
            return SECTOR_MAP[p], True
    return None, False


def org_code(parts):
    """The organisation code of IGO/NGO/IMG chunks."""
    head = parts[0]
    rest = parts[1:]
    for p in rest:
        # Outside an IGO code EUR is Europe, not the EU.
        if p in ORG_MAP and (head == "IGO" or p in NGO_CODES):
            return ORG_MAP[p]
    if head == "IGO":
        specific = [p for p in rest if p not in GENERIC and re.fullmatch(r"[A-Z][A-Z0-9]{2}", p)]
        return specific[-1] if specific else "IGO"
    return head  # NGO, IMG: CAMEO's code for the kind of actor


def title_token(tok, first, org):
    """One upper-case token in the case newspapers write it."""
    if "." in tok and len(tok.replace(".", "")) <= 3:
        return tok
    if org and (len(tok) <= 2 and tok not in SMALL_WORDS or not re.search(r"[AEIOU]", tok)):
        return tok
    out = []
    for k, piece in enumerate(tok.split("-")):
        if not piece:
            out.append(piece)
            continue
        low = piece.lower()
        if piece.rstrip("'") in PARTICLES and not (first and k == 0):
            out.append(low)
            continue
        word = low[:1].upper() + low[1:]
        if word.startswith("Mc") and len(word) > 3:
            word = "Mc" + word[2].upper() + word[3:]
        m = re.match(r"^([a-z])'([a-z])", low)
        if m:
            word = m.group(1).upper() + "'" + m.group(2).upper() + low[3:]
        out.append(word)
    return "-".join(out)


def name_form(raw, org):
    """'KURDISTAN_WORKERS'_PARTY_' -> "Kurdistan Workers' Party"; None if odd."""
    s = raw.strip().strip("_").replace("_", " ")
    s = re.sub(r"\s+", " ", s).strip()
    if not s or re.search(r"[()\[\]{},;:!?/\\\"*+&0-9]", s) or "''" in s:
        return None
    if not re.fullmatch(r"[A-Z.'\- ]+", s):
        return None
    toks = s.split(" ")
    if any(not re.search(r"[A-Z]", t) for t in toks):
        return None
    return " ".join(title_token(t, i == 0, org) for i, t in enumerate(toks))


def is_acronym(form):
    return re.fullmatch(r"[A-Z][A-Z.]{2,}", form) is not None


class Importer:
    def __init__(self, src):
        self.src = src
        with open(os.path.join(ROOT, "lexicon", "countries.json"), encoding="utf-8") as f:
            data = json.load(f)
        self.iso = {c["cca3"] for c in data["countries"]}
        self.actor_rows = []  # (code, sector, kind, [names], note)
        self.people_rows = []  # (names, code, sector, role, start, end, note)
        self.actor_names = set()
        self.person_names = set()
        self.dropped = {"actors": Counts(), "people": Counts()}
        self.kept = collections.Counter()

    # -- forms ---------------------------------------------------------------
    def forms(self, names, org, table, single_ok=lambda f: False):
        out = []
        seen = self.actor_names if table == "actors" else self.person_names
        for raw in names:
            f = name_form(raw, org)
            if f is None:
                self.dropped[table].add("name form with digits, brackets or other marks")
                continue
            words = f.split(" ")
            if len(words) == 1 and not (is_acronym(f) and len(f.replace(".", "")) >= 4) and not single_ok(f):
                self.dropped[table].add("one-word name (a common word, place or surname)")
                continue
            if len(f) < 4:
                self.dropped[table].add("name shorter than 4 characters")
                continue
            if table == "people" and f in self.actor_names:
                self.dropped[table].add("person's name is also an actor's name")
                continue
            if f in seen or f in out:
                self.dropped[table].add("name given earlier in the dictionaries")
                continue
            out.append(f)
        return out

    def add_actor(self, code, sector, kind, names, note, org=True, single_ok=lambda f: False):
        forms = self.forms(names, org, "actors", single_ok)
        if not forms:
            self.dropped["actors"].add("entries with no usable name left")
            return
        self.actor_names.update(forms)
        self.actor_rows.append((code, sector or "-", kind, forms, note))
        self.kept[f"actors-phoenix.tsv {kind}"] += 1

    # -- Phoenix.Countries ---------------------------------------------------
    def countries(self):
        path = os.path.join(self.src, COUNTRIES)
        entries = read_entries(path, COUNTRIES)
        # A place name listed under two states names neither ("Congo").
        owners = collections.defaultdict(set)
        for _, names, codes, _ in entries:
            for c in codes:
                if c[1] is None and c[2] is None and len(c[0]) == 3:
                    for raw in names:
                        owners[name_form(raw, False)].add(STATE_FIXES.get(c[0], c[0]))
        self.shared_places = {f for f, o in owners.items() if f and len(o) > 1}
        # Names news use for either of two states, whichever block lists them.
        self.shared_places |= {"Congo"}
        for line, names, codes, comment in entries:
            note = f"{COUNTRIES}:{line}"
            if not codes:
                self.dropped["actors"].add("entries without a code")
                continue
            undated = [c for c in codes if c[1] is None and c[2] is None]
            bare = [c for c in undated if len(c[0]) == 3]
            if bare and all(len(c[0]) == 3 for c in undated) and self.is_place(names, codes):
                self.place(names, bare[-1][0], note)
                continue
            if self.is_person(names, codes, comment):
                self.person(names, codes, note)
            else:
                self.institution(names, codes, note)

    def is_place(self, names, codes):
        return not any(len(c[0]) > 3 for c in codes if c[1] is None and c[2] is None)

    def is_person(self, names, codes, comment):
        head = re.sub(r"[^A-Z' ]", " ", names[0].replace("_", " ").upper()).split()
        if any(w in INSTITUTION_WORDS for w in head):
            return False
        if "CountryInfo" in comment:
            return True
        return any(c[1] or c[2] for c in codes) or any(c[0][3:6] == "ELI" for c in codes)

    def place(self, names, c3, note):
        code = state_code(c3, self.iso)
        if code is None:
            self.dropped["actors"].add(f"no ISO state code ({c3})")
            return
        head_words = [w for w in re.split(r"[_\s-]+", names[0].upper()) if len(w) >= 5]
        stems = {w[:5] for w in head_words}

        head_all = set(re.split(r"[_\s-]+", names[0].upper()))

        def country_like(raw):
            words = [w for w in re.split(r"[_\s-]+", raw.upper()) if w]
            own = [w for w in words if len(w) >= 5 and w[:5] in stems]
            other = [w for w in words if w not in own]
            return bool(own) and all(w in STATE_NAME_WORDS or w in head_all for w in other)

        country, demonym = [], []
        for raw in names:
            if name_form(raw, False) in self.shared_places:
                self.dropped["actors"].add("place name listed under two states")
                continue
            if not country_like(raw):
                self.dropped["actors"].add("city or region listed under a country")
                continue
            last = raw.strip("_ ").split("_")[-1].upper()
            if len(raw.strip("_ ").split("_")) == 1 and re.search(r"(AN|ANS|ESE|ISH|IS|I|IC)$", last) and last[:5] in stems:
                demonym.append(raw)
            else:
                country.append(raw)
        ok = lambda f: True  # noqa: E731 - a state's own name may be one word
        if country:
            self.add_actor(code, None, "country", country, note, org=False, single_ok=ok)
        if demonym:
            self.add_actor(code, None, "demonym", demonym, note, org=False, single_ok=ok)

    def institution(self, names, codes, note):
        # The undated code, else the latest-starting one.
        undated = [c for c in codes if c[1] is None and c[2] is None and c[3]]
        pick = undated[0] if undated else None
        if pick is None:
            dated = sorted((c for c in codes if c[3]), key=lambda c: (c[1] or "", c[2] or "9"))
            pick = dated[-1] if dated else None
        if pick is None:
            self.dropped["actors"].add("institution without a valid code")
            return
        parts = chunks(pick[0])
        if parts[0] in ("IGO", "NGO", "IMG"):
            self.organisation(names, pick[0], note)
            return
        code = state_code(parts[0], self.iso)
        if code is None:
            self.dropped["actors"].add(f"no ISO state code ({parts[0]})")
            return
        sector, _ = sector_of(parts[1:])
        head = set(re.split(r"[_\s]+", names[0].upper()))
        if sector is None and not head & INSTITUTION_WORDS:
            self.dropped["actors"].add("place or people without a sector (territory, region, ethnic group)")
            return
        self.add_actor(code, sector, "org", names, note)

    def person(self, names, codes, note):
        roles = []
        for code, start, end, ok in codes:
            if not ok:
                self.dropped["people"].add("role with a malformed date")
                continue
            parts = chunks(code)
            if parts[0] == "IGO":
                state = org_code(parts)
                sector = "GOV"
            else:
                state = state_code(parts[0], self.iso)
                sector, _ = sector_of(parts[1:])
            if state is None:
                self.dropped["people"].add("role without a state or organisation code")
                continue
            if sector is None:
                self.dropped["people"].add("role without a dyad sector (ELI elite, party, none)")
                continue
            roles.append((state, sector, code, start, end))
        if not roles:
            self.dropped["people"].add("people with no role left")
            return
        keep = []
        for raw in names:
            words = set(re.split(r"[_\s]+", raw.upper()))
            if words & TITLE_WORDS:
                self.dropped["people"].add("title phrase, not a name")
                continue
            keep.append(raw)
        forms = self.forms(keep, False, "people")
        if not forms:
            self.dropped["people"].add("people with no usable full name left")
            return
        self.person_names.update(forms)
        self.kept["people-phoenix.tsv people"] += 1
        seen = set()
        for state, sector, code, start, end in roles:
            key = (state, sector, start, end)
            if key in seen:
                self.dropped["people"].add("role repeated with the same code and dates")
                continue
            seen.add(key)
            self.people_rows.append((forms, state, sector, f"PETRARCH {code}", start, end, note))
            self.kept["people-phoenix.tsv roles"] += 1

    # -- International and non-state -------------------------------------------
    def organisation(self, names, code, note):
        parts = chunks(code)
        head = parts[0]
        if head == "MNC":
            self.dropped["actors"].add("corporation (dyad codes no companies)")
            return
        if head in ("IGO", "NGO", "IMG"):
            oc = org_code(parts)
            sector = "NGO" if head == "NGO" else ("REB" if head == "IMG" else None)
            self.add_actor(oc, sector, "org", names, note)
            return
        state = state_code(head, self.iso)
        if state is None:
            self.dropped["actors"].add(f"no state or organisation code ({head})")
            return
        sector, _ = sector_of(parts[1:])
        self.add_actor(state, sector, "org", names, note)

    def organisations(self, fname):
        path = os.path.join(self.src, fname)
        for line, names, codes, comment in read_entries(path, fname):
            note = f"{fname}:{line}"
            valid = [c for c in codes if c[3]]
            if not valid:
                self.dropped["actors"].add("entries without a code")
                continue
            # Dated codes are a person's roles; undated entries are bodies.
            if any(c[1] or c[2] for c in valid):
                self.person(names, valid, note)
                continue
            undated = [c for c in valid if c[1] is None and c[2] is None]
            self.organisation(names, undated[0][0], note)

    # -- output --------------------------------------------------------------
    def write(self):
        header_common = [
            "# GENERATED by scripts/import_phoenix_actors.py from the Phoenix (PETRARCH 2)",
            "# actor dictionaries (MIT licence, see PHOENIX-LICENSE.md). Do not edit: change",
            "# the importer or add a hand-written row to the hand-written file, which wins",
            "# over a generated row with the same name.",
            "#",
        ]
        a_path = os.path.join(ROOT, "lexicon", "actors-phoenix.tsv")
        p_path = os.path.join(ROOT, "lexicon", "people-phoenix.tsv")
        kinds = collections.Counter(r[2] for r in self.actor_rows)
        with open(a_path, "w", encoding="utf-8", newline="\n") as f:
            for h in header_common:
                f.write(h + "\n")
            f.write("# Columns as in actors.tsv. Kept: " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) + ".\n")
            f.write("# Left out (names or entries, by reason):\n")
            for reason, n in sorted(self.dropped["actors"].c.items(), key=lambda x: (-x[1], x[0])):
                f.write(f"#   {n:6d}  {reason}\n")
            f.write("code\tsector\tkind\tnames\tnote\n")
            for code, sector, kind, forms, note in self.actor_rows:
                f.write(f"{code}\t{sector}\t{kind}\t{'|'.join(forms)}\t{note}\n")
        with open(p_path, "w", encoding="utf-8", newline="\n") as f:
            for h in header_common:
                f.write(h + "\n")
            f.write(f"# Columns as in people.tsv. Kept: {self.kept['people-phoenix.tsv people']} people, {len(self.people_rows)} roles.\n")
            f.write("# Only full names match (no short forms): a surname alone is often a word\n")
            f.write("# or a place. Two-digit years below 30 are 20yy, the others 19yy.\n")
            f.write("# Left out (names, roles or people, by reason):\n")
            for reason, n in sorted(self.dropped["people"].c.items(), key=lambda x: (-x[1], x[0])):
                f.write(f"#   {n:6d}  {reason}\n")
            f.write("names\tshort\tcode\tsector\trole\tstart\tend\tnote\n")
            for forms, code, sector, role, start, end, note in self.people_rows:
                f.write(f"{'|'.join(forms)}\t-\t{code}\t{sector}\t{role}\t{start or '-'}\t{end or '-'}\t{note}\n")
        return a_path, p_path


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_DIR
    imp = Importer(src)
    imp.countries()
    imp.organisations(INTERNATIONAL)
    imp.organisations(NONSTATE)
    paths = imp.write()
    for k, n in sorted(imp.kept.items()):
        print(f"kept     {n:6d}  {k}")
    for table in ("actors", "people"):
        for reason, n in sorted(imp.dropped[table].c.items(), key=lambda x: (-x[1], x[0])):
            print(f"dropped  {n:6d}  {table}: {reason}")
    for p in paths:
        print("wrote", os.path.relpath(p, ROOT))


if __name__ == "__main__":
    main()
