#!/usr/bin/env bash
# Benchmarks a running Customer 360 (start it with ./run.sh first) with 16 concurrent HTTP clients:
#   bench/run.sh [--clients 16] [--customers 20000] [--shared 0.3] [--gets 20000]
#                [--events 50000] [--batched-events 200000] [--batch-size 500] [--only all|customers|events]
set -euo pipefail
cd "$(dirname "$0")/.."
URL="${C360_URL:-http://127.0.0.1:8080}"
exec java -Xss512k bench/Bench.java --url "$URL" --token "$(./run.sh token admin)" "$@"
