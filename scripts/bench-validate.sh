#!/usr/bin/env bash
# Time and peak memory of `meshlens validate` as a whole process, on every
# YAML/JSON file under ../shared/real-world and on a ladder of adversarial
# nesting; prints the slowest and the largest (BENCHMARKS.md records them).
# Usage: scripts/bench-validate.sh [path to meshlens] (default target/release/meshlens)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/meshlens}
real=../shared/real-world
[ -d "$real" ] || { echo "skipped: $real is absent"; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for n in 1000 5000 20000 40000 100000; do
  { printf 'apiVersion: v3.0.2\nkind: DataContract\nid: x\nversion: 1.0.0\nstatus: active\ncustom: '
    printf '%*s' "$n" '' | tr ' ' '['; printf '%*s\n' "$n" '' | tr ' ' ']'; } > "$work/flow-$n.odcs.yaml"
  { printf 'apiVersion: v3.0.2\nkind: DataContract\nid: x\nversion: 1.0.0\nstatus: active\ncustom: '
    printf '%*s' "$n" '' | sed 's/ /{a: /g'; printf '1'; printf '%*s\n' "$n" '' | tr ' ' '}'; } > "$work/map-$n.odcs.yaml"
done
results=$work/results.tsv
while IFS= read -r -d '' file; do
  /usr/bin/time -f "%e\t%M\t$file" -a -o "$results" timeout 120 "$bin" validate "$file" >/dev/null 2>&1 || true
done < <(find "$real" "$work" \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' -o -name '*.ndjson' \) -not -path '*/.git/*' -print0)
grep -v '^Command' "$results" > "$work/clean.tsv"
echo "files: $(wc -l < "$work/clean.tsv")"
echo "slowest (seconds, peak KB, file):"
sort -t$'\t' -k1,1 -g -r "$work/clean.tsv" > "$work/by-time.tsv"
head -5 "$work/by-time.tsv"
echo "largest peak resident (seconds, peak KB, file):"
sort -t$'\t' -k2,2 -g -r "$work/clean.tsv" > "$work/by-memory.tsv"
head -5 "$work/by-memory.tsv"
echo "nesting ladder:"
grep -E '/(flow|map)-[0-9]+\.odcs\.yaml$' "$work/clean.tsv" | sed "s|$work/||" | sort -t- -k2 -n
