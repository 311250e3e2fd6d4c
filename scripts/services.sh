#!/usr/bin/env bash
# Starts, checks and stops the real services Customer 360 needs, on loopback:
# PostgreSQL 15, Elasticsearch 8.19 and Keycloak 26.7 (OIDC, realm from dev/customer360-realm.json).
#
#   scripts/services.sh start    start what is missing (idempotent); reuse what already answers
#   scripts/services.sh stop     stop what this script started (by PID)
#   scripts/services.sh status   show what answers
#
# A service given by environment is used as it is and never started here:
#   C360_PG_HOST/C360_PG_PORT/C360_PG_USER   (default 127.0.0.1:5432, postgres)
#   C360_ES_HOSTS                            (default 127.0.0.1:9200)
#   C360_OIDC_URL                            (default http://127.0.0.1:8180/realms/customer360)
# Downloads come from Maven Central into ~/.m2; unpacked distributions and data live in
# C360_STATE_DIR (default /var/cache/customer360 as root, ~/.cache/customer360 otherwise).
#
# A private PostgreSQL cluster keeps PostgreSQL's durable defaults (fsync, synchronous_commit,
# full_page_writes all on) and its data directory: it survives `stop` and the next `start`.
# C360_PG_THROWAWAY=1 starts it without those guarantees (fsync, synchronous_commit and
# full_page_writes off): for throw-away test clusters only, never for data anyone keeps; a cluster
# created that way is marked and keeps being started that way.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ "$(id -u)" = 0 ]; then DEFAULT_STATE=/var/cache/customer360; else DEFAULT_STATE="${XDG_CACHE_HOME:-$HOME/.cache}/customer360"; fi
STATE="${C360_STATE_DIR:-$DEFAULT_STATE}"
M2="${C360_M2_REPO:-$HOME/.m2/repository}"
PIDS="$STATE/pids"
mkdir -p "$STATE" "$PIDS"
chmod 755 "$STATE"

PG_HOST="${C360_PG_HOST:-127.0.0.1}"
PG_PORT="${C360_PG_PORT:-5432}"
PG_USER="${C360_PG_USER:-postgres}"
PG_DATABASES="${C360_PG_DATABASES:-customer360 customer360_test}"
ES_VERSION="${C360_ES_VERSION:-8.19.21}"
ES_HOSTS="${C360_ES_HOSTS:-127.0.0.1:9200}"
ES_PORT="${ES_HOSTS##*:}"
KC_VERSION="${C360_KC_VERSION:-26.7.3}"
KC_PORT="${C360_KC_PORT:-8180}"
KC_BASE="http://127.0.0.1:$KC_PORT"
OIDC_URL="${C360_OIDC_URL:-$KC_BASE/realms/customer360}"

log() { printf '[services] %s\n' "$*" >&2; }

find_jdk17() {
  if [ -n "${JAVA17_HOME:-}" ]; then echo "$JAVA17_HOME"; return; fi
  for d in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-17-openjdk /usr/lib/jvm/temurin-17*; do
    [ -x "$d/bin/java" ] && { echo "$d"; return; }
  done
  # Keycloak 26.7 and Elasticsearch 8.19 also run on 21 and 25.
  for d in /usr/lib/jvm/*; do [ -x "$d/bin/java" ] && { echo "$d"; return; }; done
  dirname "$(dirname "$(readlink -f "$(command -v java)")")"
}

mvn_get() { # groupId:artifactId:version:zip -> path in the local repository
  local coords="$1" g a v path
  IFS=: read -r g a v _ <<<"$coords"
  path="$M2/${g//.//}/$a/$v/$a-$v.zip"
  if [ ! -f "$path" ]; then
    log "downloading $coords from Maven Central"
    local mvn=mvn
    command -v mvn >/dev/null 2>&1 || mvn="$ROOT/mvnw"
    "$mvn" -q -B dependency:get -Dtransitive=false -Dartifact="$coords" -Dmaven.repo.local="$M2" >&2
  fi
  echo "$path"
}

as_service_user() { # Elasticsearch refuses root: drop to nobody when we are root
  if [ "$(id -u)" = 0 ]; then setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; else "$@"; fi
}

# ---------------------------------------------------------------- PostgreSQL
pg_up() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null; }

start_pg() {
  if ! pg_up; then
    if [ -n "${C360_PG_HOST:-}" ]; then log "PostgreSQL at $PG_HOST:$PG_PORT (from C360_PG_HOST) does not answer"; return 1; fi
    local pgbin
    pgbin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
    if [ -z "$pgbin" ] || [ ! -x "$pgbin/postgres" ]; then
      log "installing PostgreSQL 15 from Debian's packages"
      [ "$(id -u)" = 0 ] || { log "PostgreSQL is missing and installing it needs root"; return 1; }
      apt-get update -q >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql-15 postgresql-client-15 >&2
      pgbin=/usr/lib/postgresql/15/bin
    fi
    local data="$STATE/pg-$PG_PORT" run=() settings=""
    [ "$(id -u)" = 0 ] && run=(runuser -u postgres --)
    if [ "$(id -u)" = 0 ]; then install -d -o postgres -g postgres -m 0700 "$data"; else mkdir -p "$data"; chmod 700 "$data"; fi
    if [ ! -f "$data/PG_VERSION" ]; then
      "${run[@]}" "$pgbin/initdb" -D "$data" -U "$PG_USER" -A trust -E UTF8 --locale=C.UTF-8 >&2
      [ "${C360_PG_THROWAWAY:-0}" = 1 ] && "${run[@]}" touch "$data/THROWAWAY"
    fi
    if [ -f "$data/THROWAWAY" ]; then
      log "throw-away cluster $data: fsync, synchronous_commit and full_page_writes are off"
      settings="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    fi
    log "starting PostgreSQL on 127.0.0.1:$PG_PORT (data in $data)"
    "${run[@]}" "$pgbin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
      -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $data -c max_connections=200 $settings" start >&2
    head -1 "$data/postmaster.pid" > "$PIDS/postgres.pid"
  fi
  for db in $PG_DATABASES; do
    psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -tAc "select 1 from pg_database where datname='$db'" | grep -q 1 \
      || psql -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -c "create database $db" >&2
  done
  log "PostgreSQL ready at $PG_HOST:$PG_PORT"
}

# ------------------------------------------------------------- Elasticsearch
es_up() { curl -fsS "http://$ES_HOSTS/_cluster/health" >/dev/null 2>&1; }  # not "GET /": 405 on this distribution

start_es() {
  if es_up; then log "Elasticsearch ready at $ES_HOSTS"; return 0; fi
  if [ -n "${C360_ES_HOSTS:-}" ]; then log "Elasticsearch at $ES_HOSTS (from C360_ES_HOSTS) does not answer"; return 1; fi
  local zip home node jdk
  zip="$(mvn_get "org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip")"
  home="$STATE/es-dist/elasticsearch-$ES_VERSION"; node="$STATE/es-node-$ES_PORT"
  [ -x "$home/bin/elasticsearch" ] || unzip -q -o "$zip" -d "$STATE/es-dist"
  mkdir -p "$node"/{config,data,logs,tmp,run}
  [ -f "$node/config/jvm.options" ] || cp -r "$home/config/." "$node/config/"
  sed -i "s#file=[^:]*gc\.log#file=$node/logs/gc.log#" "$node/config/jvm.options"
  cat > "$node/config/elasticsearch.yml" <<YML
discovery.type: single-node
network.host: 127.0.0.1
http.port: $ES_PORT
transport.port: $((ES_PORT + 100))
path.data: $node/data
path.logs: $node/logs
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
YML
  [ "$(id -u)" = 0 ] && chown -R nobody:nogroup "$node"
  jdk="$(find_jdk17)"
  log "starting Elasticsearch $ES_VERSION on 127.0.0.1:$ES_PORT"
  as_service_user env -i PATH=/usr/bin:/bin HOME="$node" ES_JAVA_HOME="$jdk" ES_PATH_CONF="$node/config" \
    ES_TMPDIR="$node/tmp" ES_JAVA_OPTS="${C360_ES_HEAP:--Xms512m -Xmx512m}" \
    "$home/bin/elasticsearch" -d -p "$node/run/es.pid" > "$node/logs/launcher.out" 2>&1 \
    || { tail -30 "$node/logs/launcher.out" >&2; return 1; }
  cp "$node/run/es.pid" "$PIDS/elasticsearch.pid"
  curl -fsS "http://$ES_HOSTS/_cluster/health?wait_for_status=yellow&timeout=60s" >/dev/null
  log "Elasticsearch ready at $ES_HOSTS"
}

# ------------------------------------------------------------------ Keycloak
kc_up() { curl -fsS "$OIDC_URL/.well-known/openid-configuration" >/dev/null 2>&1; }

start_kc() {
  if kc_up; then log "Keycloak ready at $OIDC_URL"; return 0; fi
  if [ -n "${C360_OIDC_URL:-}" ]; then log "OIDC provider at $OIDC_URL (from C360_OIDC_URL) does not answer"; return 1; fi
  local zip home realm sum jdk
  zip="$(mvn_get "org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip")"
  home="$STATE/keycloak-$KC_VERSION"
  [ -x "$home/bin/kc.sh" ] || unzip -q -o "$zip" -d "$STATE"
  realm="$ROOT/dev/customer360-realm.json"
  mkdir -p "$home/data/import"
  sum="$(sha256sum "$realm" | cut -c1-64)"
  # Keycloak imports a realm only when it is absent: drop the dev database when the realm file changed.
  if [ "$(cat "$home/data/import/.sum" 2>/dev/null)" != "$sum" ]; then
    rm -rf "$home/data/h2"
    cp "$realm" "$home/data/import/customer360-realm.json"
    echo "$sum" > "$home/data/import/.sum"
  fi
  jdk="$(find_jdk17)"
  log "starting Keycloak $KC_VERSION on $KC_BASE (first start builds, ~30 s)"
  cd "$home"
  JAVA_HOME="$jdk" JAVA_OPTS_KC_HEAP="-Xms64m -Xmx512m" \
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    nohup bin/kc.sh start-dev --http-host=127.0.0.1 --http-port="$KC_PORT" --hostname="$KC_BASE" \
      --import-realm --health-enabled=true --http-management-port=$((KC_PORT + 1000)) > keycloak.log 2>&1 < /dev/null &
  echo $! > "$PIDS/keycloak.pid"
  cd "$ROOT"
  for _ in $(seq 1 180); do
    kc_up && { log "Keycloak ready at $OIDC_URL"; return 0; }
    kill -0 "$(cat "$PIDS/keycloak.pid")" 2>/dev/null || { tail -30 "$home/keycloak.log" >&2; return 1; }
    sleep 1
  done
  log "Keycloak did not answer in 180 s"; tail -30 "$home/keycloak.log" >&2; return 1
}

# ---------------------------------------------------------------------------
stop_one() { # name [signal]: PostgreSQL gets INT, its "fast" shutdown (clients are disconnected,
             # the shutdown checkpoint is written); TERM would wait for every client to leave
  local name="$1" signal="${2:-TERM}" f="$PIDS/$1.pid" pid
  [ -f "$f" ] || return 0
  pid="$(cat "$f")"
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping $name (pid $pid)"
    kill -s "$signal" "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  fi
  rm -f "$f"
}

case "${1:-start}" in
  start)
    # PostgreSQL and Elasticsearch start side by side; Keycloak after them (it is the slowest).
    start_pg & pg=$!
    start_es & es=$!
    wait $pg; wait $es
    start_kc
    ;;
  stop) stop_one keycloak; stop_one elasticsearch; stop_one postgres INT ;;
  status)
    pg_up && echo "postgresql    up   $PG_HOST:$PG_PORT" || echo "postgresql    down $PG_HOST:$PG_PORT"
    es_up && echo "elasticsearch up   $ES_HOSTS" || echo "elasticsearch down $ES_HOSTS"
    kc_up && echo "keycloak      up   $OIDC_URL" || echo "keycloak      down $OIDC_URL"
    ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
