"""Run ofsted-etl as a sharded job under Apache Spark.

The driver plans the run, Spark's executors process the inputs through ``RDD.pipe``
(each partition's input paths go to one ``ofsted-etl map --stdin`` process), and the
driver reduces and publishes. Every executor must see the input folder and the output
folder at the same paths (a shared filesystem), and have the ``ofsted-etl`` binary.

    spark-submit deploy/spark_driver.py --input /data/reports --output /data/out --partitions 64

The published tables are then read with ``spark.read.parquet("/data/out/parquet/<table>.parquet")``
(or ``/data/out/dataset/<table>`` with ``output.layout = "dataset"``).
"""

import argparse
import json
import os
import shlex
import subprocess
import sys


def run_sharded(spark, binary, input_dir, output_dir, partitions, config=None):
    """Plan, map on the executors, reduce. Returns (run_id, per-input statuses)."""
    cfg = ["--config", config] if config else []
    plan = subprocess.run(
        [binary, "plan", *cfg, "--input", input_dir, "--output", output_dir,
         "--shards", str(partitions)],
        check=True, capture_output=True, text=True,
    )
    run_id = plan.stdout.strip()
    with open(os.path.join(output_dir, ".shards", run_id, "plan.json"), encoding="utf-8") as f:
        inputs = [i["rel_path"] for i in json.load(f)["inputs"]]
    command = " ".join(shlex.quote(a) for a in [
        binary, "map", *cfg, "--output", output_dir, "--run", run_id, "--stdin", "--threads", "1",
    ])
    statuses = (
        spark.sparkContext.parallelize(inputs, max(1, partitions))
        .pipe(command)
        .collect()
    )
    subprocess.run([binary, "reduce", *cfg, "--output", output_dir, "--run", run_id, "--quiet"],
                   check=True)
    return run_id, [tuple(s.split("\t", 1)) for s in statuses]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default="ofsted-etl", help="path of the ofsted-etl binary")
    ap.add_argument("--config", default=None, help="pipeline.toml to use")
    ap.add_argument("--input", required=True, help="input folder (shared filesystem)")
    ap.add_argument("--output", required=True, help="output folder (shared filesystem)")
    ap.add_argument("--partitions", type=int, default=8, help="number of map tasks")
    args = ap.parse_args(argv)

    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("ofsted-etl").getOrCreate()
    try:
        run_id, statuses = run_sharded(spark, args.bin, args.input, args.output,
                                       args.partitions, args.config)
    finally:
        spark.stop()
    counts = {}
    for status, _ in statuses:
        counts[status] = counts.get(status, 0) + 1
    print(json.dumps({"run_id": run_id, "inputs": len(statuses), "statuses": counts}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
