#!/usr/bin/env bash
# ofsted-etl as a Slurm job array: plan, one array task per shard, reduce.
#
#   sbatch deploy/slurm-array.sh /shared/reports /shared/out 16
#
# The script submits itself in three steps: the plan runs now (on the submitting node),
# the map tasks as an array of SHARDS tasks, and the reduce as a job that starts only
# when every task of the array has succeeded (afterok). Each task reads its shard from
# SLURM_ARRAY_TASK_ID (counted from SLURM_ARRAY_TASK_MIN) and checks it against
# SLURM_ARRAY_TASK_COUNT and the plan. Input and output must be on a shared filesystem.
#SBATCH --job-name=ofsted-etl
#SBATCH --cpus-per-task=1
#SBATCH --mem=1G
#SBATCH --time=01:00:00
set -euo pipefail
BIN="${OFSTED_ETL:-ofsted-etl}"

if [[ "${1:-}" == "--map" ]]; then
  exec "$BIN" map --output "$2" --threads "${SLURM_CPUS_PER_TASK:-1}"
fi
if [[ "${1:-}" == "--reduce" ]]; then
  exec "$BIN" reduce --output "$2"
fi

INPUT="${1:?usage: slurm-array.sh INPUT_DIR OUTPUT_DIR SHARDS}"
OUTPUT="${2:?usage: slurm-array.sh INPUT_DIR OUTPUT_DIR SHARDS}"
SHARDS="${3:?usage: slurm-array.sh INPUT_DIR OUTPUT_DIR SHARDS}"
RUN_ID=$("$BIN" plan --input "$INPUT" --output "$OUTPUT" --shards "$SHARDS")
echo "planned run $RUN_ID"
MAP=$(sbatch --parsable --array="0-$((SHARDS - 1))" "$0" --map "$OUTPUT")
sbatch --dependency="afterok:${MAP}" "$0" --reduce "$OUTPUT"
