#!/bin/bash
# Run Apache Spark's streaming test modules on rillet through the alias layer next to this script;
# prints pass/failure/error per module. Spark's files are not in this repository: put them, unmodified,
# in $SCRATCH/tests/ (see docs/conformance.md). Usage: tests/spark_suite/run.sh [pytest args...]
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
SCRATCH=${SCRATCH:-/tmp/sparktests-scratch}
cd "$SCRATCH" && rm -rf spark-warehouse
export PYTHONPATH="$HERE/alias:$REPO" SPARK_LOCAL_IP=127.0.0.1
timeout "${TMO:-1500}" python -m pytest -p no:cacheprovider -q -o addopts="" --rootdir="$SCRATCH" \
    --continue-on-collection-errors --junitxml="$SCRATCH/result.xml" "${@:-tests}" > "$SCRATCH/last.log" 2>&1
python "$HERE/count.py" "$SCRATCH/result.xml"
