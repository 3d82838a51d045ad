#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 with trust auth for user postgres and a database "test",
# as the tests expect (PLATFORM.md, "Persistence and real components"). Starts the machine's cluster if it is
# installed but stopped; installs Debian's postgresql package first if it is missing (needs root).
# Prints the JDBC URL to use on stdout. Exit 3 when PostgreSQL cannot be made available.
set -euo pipefail

HOST=127.0.0.1
PORT=5432
URL="jdbc:postgresql://$HOST:$PORT/test?user=postgres"

log() { printf 'ensure-postgres: %s\n' "$*" >&2; }

answers() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$HOST" -p "$PORT"
  else
    (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null
  fi
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    su postgres -s /bin/sh -c "$*"
  else
    sh -c "$*"
  fi
}

wait_until_ready() {
  for _ in $(seq 1 60); do
    answers && return 0
    sleep 0.5
  done
  return 1
}

if ! answers; then
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    if [ "$(id -u)" != 0 ]; then
      log "PostgreSQL is not installed and this is not root: install postgresql or set TEST_PG_URL"
      exit 3
    fi
    log "installing Debian's postgresql package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
  fi
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  hba="/etc/postgresql/$version/main/pg_hba.conf"
  if ! grep -qE '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$hba"; then
    log "allowing trust auth on 127.0.0.1 in $hba (test machine only)"
    sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  fi
  log "starting PostgreSQL $version"
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || true
  fi
  if ! wait_until_ready; then
    log "PostgreSQL did not come up on $HOST:$PORT"
    exit 3
  fi
fi

if command -v psql >/dev/null 2>&1; then
  if ! psql -h "$HOST" -p "$PORT" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='test'" \
      2>/dev/null | grep -q 1; then
    log "creating database test"
    psql -h "$HOST" -p "$PORT" -U postgres -d postgres -qc "CREATE DATABASE test" >&2
  fi
  if ! psql -h "$HOST" -p "$PORT" -U postgres -d test -qtAc "SELECT 1" >/dev/null 2>&1; then
    log "cannot log in as postgres on $HOST:$PORT without a password; allow trust auth or set TEST_PG_URL"
    exit 3
  fi
fi
echo "$URL"
