#!/usr/bin/env bash
# Runs Customer 360 locally with everything it needs, on loopback:
#   ./run.sh               start PostgreSQL, Elasticsearch, Keycloak and the service on http://127.0.0.1:8080,
#                          provision a demo workspace and entry node, print how to call it; Ctrl-C stops it all
#   ./run.sh token <user>  print a bearer token for a demo user (admin, operator, dpo, user; password = user name)
#   ./run.sh stop          stop the service and the services this project started
set -euo pipefail
cd "$(dirname "$0")"

OIDC_URL="${C360_OIDC_URL:-http://127.0.0.1:8180/realms/customer360}"
BASE="http://127.0.0.1:${C360_HTTP_PORT:-8080}"
RUN_DIR="target/run"
APP_PID="$RUN_DIR/app.pid"

token() {
  local user="${1:-admin}"
  curl -fsS -d grant_type=password -d client_id=customer360-cli -d client_secret=customer360-cli-secret \
    -d "username=$user" -d "password=$user" "$OIDC_URL/protocol/openid-connect/token" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}

stop_app() {
  if [ -f "$APP_PID" ] && kill -0 "$(cat "$APP_PID")" 2>/dev/null; then
    echo "[run] stopping the service (pid $(cat "$APP_PID"))"
    kill "$(cat "$APP_PID")" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$(cat "$APP_PID")" 2>/dev/null || break; sleep 0.5; done
  fi
  rm -f "$APP_PID"
}

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

case "${1:-}" in
  token) token "${2:-admin}"; exit 0 ;;
  stop) stop_app; scripts/services.sh stop; exit 0 ;;
  "") ;;
  *) echo "usage: $0 [token <user> | stop]" >&2; exit 2 ;;
esac

scripts/services.sh start
echo "[run] building the service"
./mvnw -B -q package -DskipTests
mkdir -p "$RUN_DIR"
stop_app
java ${C360_JAVA_OPTS:-} -jar target/quarkus-app/quarkus-run.jar > "$RUN_DIR/app.log" 2>&1 &
echo $! > "$APP_PID"
trap 'stop_app; scripts/services.sh stop; exit 0' INT TERM
for _ in $(seq 1 120); do
  curl -fsS "$BASE/q/health/ready" >/dev/null 2>&1 && break
  kill -0 "$(cat "$APP_PID")" 2>/dev/null || { tail -40 "$RUN_DIR/app.log"; exit 1; }
  sleep 1
done
curl -fsS "$BASE/q/health/ready" >/dev/null || { echo "[run] the service did not become ready"; tail -40 "$RUN_DIR/app.log"; exit 1; }

# Demo data, provisioned once: a workspace "demo" with an entry node and an API source.
ADMIN="$(token admin)"
H=(-H "Authorization: Bearer $ADMIN" -H "Content-Type: application/json")
WS="$(curl -fsS "${H[@]}" "$BASE/hub/v1/workspaces?name=Demo%20shop" | json 'next((w["id"] for w in d["elements"] if w["slug"]=="demo"), "")')"
if [ -z "$WS" ]; then
  WS="$(curl -fsS "${H[@]}" -d '{"name":"Demo shop","slug":"demo","groupPk":1,"shard":"local"}' "$BASE/hub/v1/workspaces" | json 'd["id"]')"
fi
NODE="$(curl -fsS "${H[@]}" "$BASE/hub/v1/workspaces/$WS/configuration/nodes/entries" | json 'd["elements"][0]["id"] if d["elements"] else ""')"
if [ -z "$NODE" ]; then
  NODE="$(curl -fsS "${H[@]}" -d '{"name":"Web shop","uniqueCustomer":{"properties":["base.contacts.email"],"caseSensitive":false}}' \
    "$BASE/hub/v1/workspaces/$WS/configuration/nodes/entries" | json 'd["id"]')"
fi

# The demo source's token is stored hashed, so each run issues a fresh one.
SRC="$(curl -fsS "${H[@]}" "$BASE/hub/v1/workspaces/$WS/configuration/sources" | json 'next((x["id"] for x in d["elements"] if x["name"]=="Demo integration"), "")')"
if [ -z "$SRC" ]; then
  SOURCE_TOKEN="$(curl -fsS "${H[@]}" -d "{\"provider\":\"API\",\"name\":\"Demo integration\",\"nodes\":[\"$NODE\"]}" \
    "$BASE/hub/v1/workspaces/$WS/configuration/sources" | json 'd["token"]')"
else
  SOURCE_TOKEN="$(curl -fsS "${H[@]}" -X POST "$BASE/hub/v1/workspaces/$WS/configuration/sources/$SRC/refresh-token" | json 'd["token"]')"
fi

cat <<MSG

Customer 360 is running on $BASE   (log: $RUN_DIR/app.log; API docs: $BASE/q/swagger-ui)
  demo workspace : $WS
  entry node     : $NODE
  demo users     : admin, operator, dpo, user (password = user name)
  a token        : ./run.sh token admin
  source token   : $SOURCE_TOKEN   (the demo integration's token, limited to the entry node)

Try:
  curl -H "Authorization: Bearer \$(./run.sh token admin)" $BASE/hub/v1/workspaces/$WS/configuration/nodes/entries/$NODE
  curl -H "Authorization: Bearer $SOURCE_TOKEN" -H "Content-Type: application/json" \\
       -d '{"nodeId":"$NODE","base":{"firstName":"Anna","contacts":{"email":"anna@example.com"}}}' \\
       $BASE/hub/v1/workspaces/$WS/customers

Press Ctrl-C to stop everything (or run ./run.sh stop from another shell).
MSG
wait "$(cat "$APP_PID")"
