#!/usr/bin/env bash
# Identifier extraction against ripgrep, on the same corpus, in the same run.
#
#   bash bench/extract_vs_ripgrep.sh        # 100 MB corpus, 5 runs each
#   MB=200 RUNS=7 bash bench/extract_vs_ripgrep.sh
#
# Generates a corpus of report-like text (bench/corpus.h: about 160,000
# reports per 100 MB, five identifiers each on average), then alternates:
# ripgrep counting every match of bench/ripgrep_patterns.txt (the same kinds
# and formats, without any validation) on the file, and extract_bench running
# the extractor over every report (finding, validating with check digits,
# MID, age identifiers, county and area lists, and normalising). Prints the
# median MB/s of each and the ratio. ripgrep reads one file on one thread;
# the extractor runs on one thread too.
set -euo pipefail
cd "$(dirname "$0")/.."
mb="${MB:-100}"
runs="${RUNS:-5}"
bash scripts/install_deps.sh build bench
if [[ ! -f build/build.ninja ]] || ! grep -q "PORTSAFE_BENCH:BOOL=ON" build/CMakeCache.txt; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPORTSAFE_BENCH=ON >/dev/null
fi
bash scripts/build.sh extract_bench >/dev/null
work=$(mktemp -d /tmp/portsafe-extract-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT
corpus="$work/corpus.txt"
build/bench/extract_bench gen --out "$corpus" --mb "$mb"
bytes=$(stat -c %s "$corpus")
cat "$corpus" >/dev/null  # in the page cache for both

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
rg_mbps=()
ex_mbps=()
for ((i = 1; i <= runs; i++)); do
  start=$(date +%s.%N)
  matches=$(rg --count-matches -f bench/ripgrep_patterns.txt "$corpus")
  end=$(date +%s.%N)
  rg_mbps+=("$(echo "$bytes / 1000000 / ($end - $start)" | bc -l)")
  line=$(build/bench/extract_bench run --in "$corpus" --repeat 1)
  ex_mbps+=("$(sed -E 's/.*median ([0-9.]+) MB\/s.*/\1/' <<<"$line")")
done
rg_med=$(printf '%s\n' "${rg_mbps[@]}" | median)
ex_med=$(printf '%s\n' "${ex_mbps[@]}" | median)
echo "corpus: $((bytes / 1000000)) MB; ripgrep matches: $matches"
echo "$line"
printf 'ripgrep (count matches, no validation): median %.0f MB/s  (runs: %s)\n' "$rg_med" \
  "$(printf '%.0f ' "${rg_mbps[@]}")"
printf 'portsafe extractor (validate, normalise): median %.0f MB/s  (runs: %s)\n' "$ex_med" \
  "$(printf '%.0f ' "${ex_mbps[@]}")"
printf 'ratio: %.2f\n' "$(echo "$ex_med / $rg_med" | bc -l)"
