#!/usr/bin/env bash
# Whole-process figure for BENCHMARKS.md: `meshlens diff` on two versions of a
# 5,000-property contract, beside datacontract-cli 1.2.8's `breaking` on the
# same pair. Needs Debian's hyperfine (installed when missing) and installs
# datacontract-cli into target/dcli-venv.
# Usage: scripts/bench-diff.sh [PROPERTIES]   (default 5000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-5000}
work=target/bench-data/wide-$n
bin=${CARGO_TARGET_DIR:-target}/release/meshlens
venv=target/dcli-venv

command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
[ -x "$venv/bin/datacontract" ] || {
  python3 -m venv "$venv" && "$venv/bin/pip" install -q datacontract-cli==1.2.8
}

cargo build --release --quiet
python3 scripts/wide-contract-pair.py "$work" "$n"
a="$work/wide-1.0.0.odcs.yaml"
b="$work/wide-2.0.0.odcs.yaml"

echo "== machine"
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "== pair: $n properties, $(du -h "$a" | cut -f1) each"
{ "$bin" diff "$a" "$b" || true; } | sed -n 2p
echo "== meshlens diff (whole process)"
hyperfine -N --warmup 5 --runs 100 -i "$bin diff $a $b"
echo "== datacontract-cli 1.2.8 breaking (whole process)"
hyperfine -N --warmup 1 --runs 5 -i "$venv/bin/datacontract breaking $a $b"
