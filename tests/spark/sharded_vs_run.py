"""End-to-end check under Spark in local mode: the sharded run driven by
deploy/spark_driver.py through RDD.pipe gives the same tables as `ofsted-etl run`.

Usage: sharded_vs_run.py BIN INPUT SHARDED_OUT RUN_OUT PARTITIONS [CONFIG]
Prints one JSON object: per table, the row count and an order-independent checksum of
both outputs as Spark reads them back, and the row counts DuckDB and Polars read from the
sharded output's dataset folders (when those packages are installed).
"""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "deploy"))

from pyspark.sql import SparkSession, functions as F  # noqa: E402

from spark_driver import run_sharded  # noqa: E402


def table_paths(out):
    """Each published table of an output folder: the dataset folder or the single file."""
    dataset = os.path.join(out, "dataset")
    if os.path.isdir(dataset):
        return {t: os.path.join(dataset, t) for t in sorted(os.listdir(dataset))
                if os.path.isdir(os.path.join(dataset, t))}
    pq = os.path.join(out, "parquet")
    return {f[: -len(".parquet")]: os.path.join(pq, f) for f in sorted(os.listdir(pq))
            if f.endswith(".parquet")}


def summary(spark, path):
    df = spark.read.parquet(path)
    row = df.select(F.count(F.lit(1)).alias("n"),
                    F.sum(F.xxhash64(*df.columns).cast("decimal(38,0)")).alias("h")).first()
    return [row["n"], str(row["h"])]


def other_engines(paths):
    """Row counts of each dataset table as DuckDB and Polars read its part files."""
    counts = {}
    try:
        import duckdb
        counts["duckdb"] = {t: duckdb.sql(f"select count(*) from read_parquet('{p}/*.parquet')").fetchall()[0][0]
                            for t, p in paths.items()}
    except ImportError:
        pass
    try:
        import polars as pl
        counts["polars"] = {t: pl.scan_parquet(f"{p}/*.parquet").select(pl.len()).collect().item()
                            for t, p in paths.items()}
    except ImportError:
        pass
    return counts


def main():
    binary, input_dir, sharded_out, run_out, partitions = sys.argv[1:6]
    config = sys.argv[6] if len(sys.argv) > 6 else None
    # Loopback only: the test must not bind or talk to any other interface.
    spark = (SparkSession.builder.master("local[2]").appName("ofsted-etl-test")
             .config("spark.driver.host", "127.0.0.1")
             .config("spark.driver.bindAddress", "127.0.0.1")
             .config("spark.ui.enabled", "false")
             .config("spark.sql.shuffle.partitions", "2").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    try:
        run_id, statuses = run_sharded(spark, binary, input_dir, sharded_out, int(partitions),
                                       config)
        a, b = table_paths(sharded_out), table_paths(run_out)
        result = {"run_id": run_id, "inputs": len(statuses),
                  "layout": "dataset" if os.path.isdir(os.path.join(sharded_out, "dataset")) else "files",
                  "tables": {t: {"sharded": summary(spark, a[t]),
                                 "run": summary(spark, b[t]) if t in b else None}
                             for t in sorted(a)},
                  "engines": other_engines(a) if os.path.isdir(os.path.join(sharded_out, "dataset")) else {}}
    finally:
        spark.stop()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
