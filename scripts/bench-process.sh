#!/usr/bin/env bash
# Whole-process figures for BENCHMARKS.md: gen, sync + index (time and peak
# RSS), and `meshlens search` beside `fzf --filter` over the same names.
# Usage: scripts/bench-process.sh [PRODUCTS]   (default 100000)
# Needs Debian's hyperfine, fzf and GNU time (installed when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
work=${MESHLENS_BENCH_DIR:-target/bench-process}
bin=${CARGO_TARGET_DIR:-target}/release/meshlens

missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
command -v fzf >/dev/null || missing+=(fzf)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi

cargo build --release --quiet
mkdir -p "$work"
mesh="$work/mesh-$n"
cache="$work/cache-$n"

echo "== machine"
echo "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

echo "== gen $n products"
rm -rf "$mesh"
/usr/bin/time -f "gen: %e s, peak RSS %M KB" "$bin" gen --products "$n" --seed 7 --out "$mesh"
echo "   size: $(du -sh "$mesh" | cut -f1), $(find "$mesh" -type f | wc -l) files"

echo "== sync + index $n products (cold cache)"
rm -rf "$cache"
/usr/bin/time -f "sync+index: %e s, peak RSS %M KB" "$bin" --catalog "$mesh" --cache-dir "$cache" sync >/dev/null

echo "== meshlens search (whole process, warm cache) beside fzf --filter over the same names"
names="$work/names-$n.txt"
# the same names meshlens matches: each product file's top-level `name:`
find "$mesh" -path '*/products/*.yaml' -print0 | xargs -0 grep -h '^name: ' | sed 's/^name: //; s/^"//; s/"$//' > "$names"
echo "   $(wc -l < "$names") names"
hyperfine --warmup 3 --runs 20 --export-json "$work/hyperfine-$n.json" \
  "$bin --catalog $mesh --cache-dir $cache search --limit 20 custmer orders" \
  "$bin --catalog $mesh --cache-dir $cache search --fuzzy --limit 20 custord" \
  "fzf --filter custord < $names | head -20"
python3 - "$work/hyperfine-$n.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
fzf = r[2]["mean"]
for x in r:
    print(f'   {x["mean"]*1e3:8.1f} ms ±{x["stddev"]*1e3:5.1f}  ({x["mean"]/fzf:4.2f}× fzf)  {x["command"]}')
PY
