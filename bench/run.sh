#!/usr/bin/env bash
# Benchmarks a running Customer 360 (start it with ./run.sh first) with 32 concurrent HTTP clients,
# and runs pgbench with the same number of clients on the three inserts a customer create needs,
# printing both rates and their ratio:
#   bench/run.sh [--clients 32] [--customers 20000] [--shared 0.3] [--gets 20000]
#                [--events 50000] [--batched-events 200000] [--batch-size 500] [--only all|customers|events]
#                [--pgbench-seconds 20 (0: skip pgbench)] [--pgbench /usr/lib/postgresql/15/bin/pgbench]
#                [--only search|c360|stats] [--stats-requests 1000] [--consent-customers 10000] [--c360-requests 3000] [--search-customers 100000] [--search-events 1000000] [--searches 3000]
#                [--write-rate 500] [--write-seconds 30] [--reindex true|false]
#                [--only bulk] [--bulk-customers 100000] [--bulk-events 500000] [--bulk-shared 0.3] [--service-pid <pid>]
#                (java bench/Bench.java --help)
# The search workload seeds its workspace once (later runs find it by name) and needs the indexer
# and the search endpoints; it marks extended properties indexed with the CLAB_OPERATOR token.
# The service and the database are the ones the service itself uses: C360_URL (default
# http://127.0.0.1:$C360_HTTP_PORT, port 8080), C360_PG_HOST/PORT/USER/DB as in the README.
set -euo pipefail
cd "$(dirname "$0")/.."
URL="${C360_URL:-http://127.0.0.1:${C360_HTTP_PORT:-8080}}"
PGBENCH="$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -1 || true)"
# Options given on the command line come first and win over these defaults.
exec java -Xss512k bench/Bench.java "$@" --url "$URL" --token "$(./run.sh token admin)" \
  --operator-token "$(./run.sh token operator)" \
  --pg-host "${C360_PG_HOST:-127.0.0.1}" --pg-port "${C360_PG_PORT:-5432}" \
  --pg-user "${C360_PG_USER:-postgres}" --pg-db "${C360_PG_DB:-customer360}" \
  ${PGBENCH:+--pgbench "$PGBENCH"}
