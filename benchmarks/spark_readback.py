"""Spark reads the Parquet that ``dyads dask-run`` writes, exactly as DuckDB reads it.

    python benchmarks/spark_readback.py                     # dask-run on the 211-article corpus
    python benchmarks/spark_readback.py --articles 40       # on the first 40 articles
    python benchmarks/spark_readback.py --out run1/         # check an existing dask-run output

Runs ``dyads dask-run`` (a local Dask cluster) into a temporary folder unless ``--out`` is
given, then reads each table (documents/, events/, rejections/) with DuckDB and with Spark
(local[1], 127.0.0.1, no UI) and compares row counts, column names and column types, and the
events per type. Needs pyspark and a Java runtime, which are not dyads dependencies
(``pip install pyspark==4.3.0``; ``apt-get install default-jre-headless``).
Exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
TABLES = ("documents", "events", "rejections")

#: Spark SQL type name -> the DuckDB type that reads the same Parquet column.
SPARK_TO_DUCKDB = {"string": "VARCHAR", "bigint": "BIGINT", "double": "DOUBLE",
                   "boolean": "BOOLEAN", "int": "INTEGER", "date": "DATE"}


def run_dask(out: Path, articles: int | None, workdir: Path) -> float:
    inputs = [str(p) for p in sorted(CORPUS.glob("*.jsonl"))]
    if articles is not None:
        lines = [line for p in inputs for line in Path(p).read_text(encoding="utf-8").splitlines()
                 if line.strip()][:articles]
        subset = workdir / "subset.jsonl"
        subset.write_text("\n".join(lines) + "\n", encoding="utf-8")
        inputs = [str(subset)]
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "dyads.cli", "dask-run", *inputs,
                             "--out", str(out)], check=False, capture_output=True, text=True)
    summary = [line for line in result.stderr.splitlines() if line.startswith("chunks ")]
    print(summary[-1] if summary else result.stderr[-2000:])
    if result.returncode not in (0, 1):  # 1: some input rejected, reported above
        sys.exit(f"dask-run failed:\n{result.stderr}")
    return time.perf_counter() - start


def duckdb_view(out: Path, table: str) -> tuple[int, list[tuple[str, str]], dict]:
    import duckdb

    src = f"read_parquet('{out / table}/*.parquet')"
    con = duckdb.connect()
    n = con.sql(f"SELECT count(*) FROM {src}").fetchall()[0][0]
    columns = [(r[0], str(r[1])) for r in con.sql(f"DESCRIBE SELECT * FROM {src}").fetchall()]
    per_type = {}
    if table == "events":
        per_type = dict(con.sql(f"SELECT event_type, count(*) FROM {src} GROUP BY 1").fetchall())
    return n, columns, per_type


def spark_view(spark, out: Path, table: str) -> tuple[int, list[tuple[str, str]], dict]:  # type: ignore[no-untyped-def]
    df = spark.read.parquet(str(out / table))
    n = df.count()
    columns = [(f.name, SPARK_TO_DUCKDB.get(f.dataType.simpleString(), f.dataType.simpleString()))
               for f in df.schema.fields]
    per_type = {}
    if table == "events":
        per_type = {r["event_type"]: r["count"] for r in df.groupBy("event_type").count().collect()}
    return n, columns, per_type


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, help="an existing dask-run output folder")
    ap.add_argument("--articles", type=int, help="analyse only the first N corpus articles")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out
        if out is None:
            out = Path(tmp) / "run"
            seconds = run_dask(out, args.articles, Path(tmp))
            print(f"dyads dask-run: {seconds:.1f} s")
        from pyspark.sql import SparkSession

        spark = (SparkSession.builder.master("local[1]").appName("dyads-readback")
                 .config("spark.ui.enabled", "false")
                 .config("spark.driver.host", "127.0.0.1")
                 .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
        print(f"Spark {spark.version}")
        failures = 0
        try:
            for table in TABLES:
                if not list((out / table).glob("*.parquet")):
                    # no rejections is normal; no documents means the run itself failed
                    failures += table == "documents"
                    print(f"{table:11s} no parquet files")
                    continue
                d_n, d_cols, d_types = duckdb_view(out, table)
                s_n, s_cols, s_types = spark_view(spark, out, table)
                same = d_n == s_n and d_cols == s_cols and d_types == s_types
                failures += not same
                print(f"{table:11s} rows duckdb {d_n} / spark {s_n}; {len(d_cols)} columns; "
                      f"{'same' if same else 'DIFFERENT'}")
                print(f"            types: {json.dumps(dict(s_cols))}")
                if d_cols != s_cols:
                    print(f"            duckdb {d_cols}\n            spark  {s_cols}")
                if table == "events":
                    print(f"            {len(s_types)} event types, per-type counts "
                          f"{'equal' if d_types == s_types else 'DIFFER'}")
        finally:
            spark.stop()
    print("OK: Spark reads what DuckDB reads" if not failures else f"{failures} table(s) differ")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
