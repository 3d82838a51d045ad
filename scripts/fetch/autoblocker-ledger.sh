# autoblocker-ledger: Debian fail2ban's filters and annotated test logs (data), and fail2ban-regex (benchmark anchor).
# Sourced by scripts/fetch-datasets.sh (set -euo pipefail, cwd = repo root, $MULTISYSTEM_DATASETS set).
target="$MULTISYSTEM_DATASETS/fail2ban"
if [ ! -d "$target/etc/fail2ban/filter.d" ]; then
  apt_ready
  tmp="$(mktemp -d)"
  ( cd "$tmp" && apt-get download -qq fail2ban )
  mkdir -p "$target"
  dpkg -x "$tmp"/fail2ban_*.deb "$target"
  rm -rf "$tmp"
  echo "fail2ban filters and test logs in $target"
else
  echo "fail2ban data already in $target"
fi
if ! command -v fail2ban-regex >/dev/null 2>&1; then
  apt_ready
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fail2ban >/dev/null \
    || echo "autoblocker-ledger: could not install fail2ban (fail2ban-regex anchor); the benchmark will skip it" >&2
fi
# nft and ipset validate the firewall exports for real (FirewallExportTest; skipped without them or without root).
if ! command -v nft >/dev/null 2>&1 || ! command -v ipset >/dev/null 2>&1; then
  apt_ready
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nftables ipset >/dev/null \
    || echo "autoblocker-ledger: could not install nftables/ipset; the firewall export checks will skip" >&2
fi
