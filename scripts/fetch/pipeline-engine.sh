# pipeline-engine: scikit-learn's bundled tabular data sets (iris, wine, breast cancer) from Debian's python3-sklearn,
# the real samples the synthetic-data quality targets are measured on. Unpacked, not installed.
# Result: $MULTISYSTEM_DATASETS/sklearn/usr/lib/python3/dist-packages/sklearn/datasets/data/*.csv (shared with auto-learner).
target="$MULTISYSTEM_DATASETS/sklearn"
if [ -n "$(find "$target" -path '*datasets/data/wine_data.csv' -print -quit 2>/dev/null)" ]; then
  echo "pipeline-engine: scikit-learn data already in $target"
else
  apt_ready
  tmp="$(mktemp -d)"
  ( cd "$tmp" && apt-get download -qq python3-sklearn )
  mkdir -p "$target"
  dpkg -x "$tmp"/python3-sklearn_*.deb "$target"
  rm -rf "$tmp"
  echo "pipeline-engine: scikit-learn data in $target"
fi
