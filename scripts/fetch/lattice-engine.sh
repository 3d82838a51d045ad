# lattice-engine: the Gene Ontology as SQLite, from Debian's r-bioc-go.db (no install, just unpacked).
# Result: $MULTISYSTEM_DATASETS/go/usr/lib/R/site-library/GO.db/extdata/GO.sqlite (path found by the tests).
go_dir="$MULTISYSTEM_DATASETS/go"
if find "$go_dir" -name 'GO.sqlite' 2>/dev/null | grep -q .; then
  echo "lattice-engine: GO.sqlite already in $go_dir"
else
  apt_ready
  tmp="$(mktemp -d)"
  ( cd "$tmp" && apt-get download -qq r-bioc-go.db )
  mkdir -p "$go_dir"
  dpkg -x "$tmp"/r-bioc-go.db_*.deb "$go_dir"
  rm -rf "$tmp"
  find "$go_dir" -name 'GO.sqlite' | grep -q . || { echo "lattice-engine: GO.sqlite not found in r-bioc-go.db" >&2; exit 1; }
  echo "lattice-engine: GO.sqlite unpacked under $go_dir"
fi
