# cloud-kernel-agent: the XDP tests build a veth pair into a network namespace with iproute2 (`ip netns`, `ip link`).
# Without it (or without root) those tests skip with a message. gcc and make build the JNI helper during the Maven build.
# Sourced by scripts/fetch-datasets.sh (set -euo pipefail); idempotent: installs only what is missing.
if ! command -v ip >/dev/null 2>&1; then
  apt_ready
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iproute2
fi
if ! command -v gcc >/dev/null 2>&1 || ! command -v make >/dev/null 2>&1; then
  apt_ready
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc make libc6-dev
fi
