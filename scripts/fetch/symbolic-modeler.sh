# symbolic-modeler: the benchmark anchors, from Debian (no other source is reachable).
#   python3-sympy -> /usr/bin/python3 -c 'import sympy'   (SymPy: expand, cancel, simplify)
#   minisat       -> /usr/bin/minisat                      (MiniSat 2.2 SAT solver)
#   python3-numpy -> /usr/bin/python3 -c 'import numpy'    (vectorised lambdify for bench --sections eval)
# Sourced by scripts/fetch-datasets.sh (set -euo pipefail, cwd = repo root, $MULTISYSTEM_DATASETS set).
# Idempotent: installs only what is missing.
symbolic_missing=()
if ! /usr/bin/python3 -c 'import sympy' >/dev/null 2>&1; then
  symbolic_missing+=(python3-sympy)
fi
if ! /usr/bin/python3 -c 'import numpy' >/dev/null 2>&1; then
  symbolic_missing+=(python3-numpy)
fi
if ! command -v minisat >/dev/null 2>&1; then
  symbolic_missing+=(minisat)
fi
if [ "${#symbolic_missing[@]}" -gt 0 ]; then
  apt_ready
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${symbolic_missing[@]}" >/dev/null
  echo "installed ${symbolic_missing[*]}"
else
  echo "python3-sympy, python3-numpy and minisat already installed"
fi
