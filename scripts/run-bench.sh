#!/usr/bin/env bash
# Run every benchmark in bench/ (never part of `make test`). Results go to docs/PERFORMANCE.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s nullglob
benches=(bench/bench_*.py)
if [ ${#benches[@]} -eq 0 ]; then
  echo "Nog geen benchmarks in bench/."
  exit 0
fi
for b in "${benches[@]}"; do
  echo "==> $b"
  .venv/bin/python "$b"
done
