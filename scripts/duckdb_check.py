"""Reads a dyad lake with DuckDB and checks it against the store.

Usage: duckdb_check.py DYAD DB LAKE [CODE_LAKE]

DYAD is the dyad binary, DB the store the lake was exported from, LAKE the
folder `dyad export --format parquet --partition-by month` wrote and
CODE_LAKE (optional) one `dyad code` wrote from the same inputs. Checks:

1. the event and document tables read with hive_partitioning have the rows
   the manifest lists;
2. events per month (partitions year/month, `unknown` left out) equal
   `dyad timeline --mentions`;
3. a dyad query (`dyad events --dyad RUS-PRK`) and the same query in SQL
   give the same event ids;
4. every event joins to its document (doc_hash), and the partition columns
   agree with the typed date columns;
5. the `dyad code` lake holds the same rows as the export (every column).
Exits 1 on the first failed check.
"""

import csv
import io
import json
import subprocess
import sys
import time

import duckdb


def dyad(binary, *args):
    return subprocess.run([binary, *args], check=True, capture_output=True, text=True).stdout


def fail(msg):
    print(f"duckdb check FAILED: {msg}")
    sys.exit(1)


def tables(con, lake, prefix):
    for table in ("events", "documents"):
        con.execute(
            f"CREATE VIEW {prefix}{table} AS SELECT * FROM read_parquet("
            f"'{lake}/{table}/**/*.parquet', hive_partitioning = true, "
            f"hive_types = {{'year': VARCHAR, 'month': VARCHAR}})"
        )


def main():
    if len(sys.argv) not in (4, 5):
        print(__doc__)
        sys.exit(2)
    binary, db, lake = sys.argv[1:4]
    code_lake = sys.argv[4] if len(sys.argv) == 5 else None
    started = time.time()
    con = duckdb.connect()
    tables(con, lake, "")

    # 1. Rows as the manifest lists them.
    with open(f"{lake}/_dyad/manifest-export.json") as f:
        manifest = json.load(f)
    (n_events,) = con.execute("SELECT count(*) FROM events").fetchone()
    (n_docs,) = con.execute("SELECT count(*) FROM documents").fetchone()
    if (n_events, n_docs) != (manifest["events"], manifest["documents"]):
        fail(f"{n_events} events, {n_docs} documents read; the manifest says "
             f"{manifest['events']}, {manifest['documents']}")
    print(f"ok  {n_events} events, {n_docs} documents, as the manifest lists")

    # 2. Events per month against the timeline.
    timeline = {
        row["month"]: int(row["events"])
        for row in csv.DictReader(io.StringIO(dyad(binary, "timeline", "--mentions", "--db", db,
                                                   "--format", "csv")))
    }
    lake_months = dict(con.execute(
        "SELECT year || '-' || month, count(*) FROM events "
        "WHERE year <> 'unknown' AND month <> 'unknown' GROUP BY 1 ORDER BY 1").fetchall())
    if lake_months != timeline:
        diff = sorted(set(lake_months.items()) ^ set(timeline.items()))
        fail(f"events per month differ from `dyad timeline --mentions`: {diff[:10]}")
    print(f"ok  events per month in {len(timeline)} months equal `dyad timeline --mentions`")

    # 3. A dyad query and the same query in SQL.
    ids = {json.loads(line)["id"] for line in dyad(
        binary, "events", "--dyad", "RUS-PRK", "--db", db, "--format", "jsonl").splitlines()}
    sql_ids = {r[0] for r in con.execute(
        "SELECT id FROM events WHERE (source = 'RUS' AND target = 'PRK') "
        "OR (source = 'PRK' AND target = 'RUS')").fetchall()}
    if not ids or ids != sql_ids:
        fail(f"`dyad events --dyad RUS-PRK` gives {len(ids)} events, SQL {len(sql_ids)}")
    print(f"ok  `dyad events --dyad RUS-PRK` and SQL give the same {len(ids)} events")

    # 4. Joins and partition columns.
    (unjoined,) = con.execute(
        "SELECT count(*) FROM events e ANTI JOIN documents d ON e.doc_hash = d.doc_hash").fetchone()
    if unjoined:
        fail(f"{unjoined} events without their document")
    (wrong,) = con.execute(
        "SELECT count(*) FROM events WHERE month <> 'unknown' AND "
        "strftime(date_start, '%Y-%m') <> year || '-' || month").fetchone()
    if wrong:
        fail(f"{wrong} events whose partition is not their date")
    (dupes,) = con.execute(
        "SELECT count(*) - count(DISTINCT event_uid) FROM events").fetchone()
    if dupes:
        fail(f"{dupes} repeated event_uid values")
    print("ok  every event joins its document; partitions match date_start; event_uid unique")
    rows = con.execute(
        "SELECT d.site_name, count(*) FROM events e JOIN documents d USING (doc_hash) "
        "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 3").fetchall()
    print(f"    events by source site (top 3): {rows}")

    # 5. `dyad code` against ingest + export.
    if code_lake:
        tables(con, code_lake, "code_")
        for table in ("events", "documents"):
            (a,) = con.execute(f"SELECT count(*) FROM (SELECT * FROM {table} EXCEPT ALL "
                               f"SELECT * FROM code_{table})").fetchone()
            (b,) = con.execute(f"SELECT count(*) FROM (SELECT * FROM code_{table} EXCEPT ALL "
                               f"SELECT * FROM {table})").fetchone()
            if a or b:
                fail(f"{table}: {a} rows only in the export, {b} only in `dyad code`")
        print("ok  `dyad code` wrote the same events and documents as ingest + export")
    print(f"duckdb {duckdb.__version__}: all checks passed in {time.time() - started:.1f} s")


if __name__ == "__main__":
    main()
