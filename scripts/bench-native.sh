#!/usr/bin/env bash
# Runs the native Criterion benchmark (benches/render.rs) quickly and prints a
# markdown table of the medians, with the ratio of parse + render to the
# serde_json floor. `make bench` calls this; docs/benchmarks.md keeps a copy.
#
#   scripts/bench-native.sh                 # all benchmarks, ~1 minute of measuring
#   scripts/bench-native.sh seed            # a Criterion filter
#   BENCH_MAX_RATIO=3 scripts/bench-native.sh   # exit 1 if parse+render > 3× serde_json
#
# Environment: CARGO_TARGET_DIR (default ./target), BENCH_PROFILE (default
# `native`: opt-level 3; `bench` would inherit the size-tuned release profile),
# BENCH_ARGS (default "--warm-up-time 1 --measurement-time 3").
# Needs cargo and jq; node, when present, checks that the Node generator
# (www/bench/generate-thread.mjs) and the Rust one write the same thread.
set -euo pipefail

cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-$PWD/target}
profile=${BENCH_PROFILE:-native}
args=${BENCH_ARGS:---warm-up-time 1 --measurement-time 3}
export CRITERION_HOME="$target/criterion"

command -v jq >/dev/null || { echo "bench-native: jq is needed to read Criterion's estimates" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The two generators must agree, or browser and native numbers describe different threads.
if command -v node >/dev/null; then
  THREAD_BENCH_DUMP="$tmp/rust.json" THREAD_BENCH_POSTS=1000 \
    cargo bench --quiet --profile "$profile" --bench render >&2
  node www/bench/generate-thread.mjs --posts 1000 --out "$tmp/node.json" 2>/dev/null
  if ! cmp -s "$tmp/rust.json" "$tmp/node.json"; then
    echo "bench-native: benches/support/generate.rs and www/bench/generate-thread.mjs disagree (1,000 posts)" >&2
    exit 1
  fi
fi

touch "$tmp/start" # only estimates written by this run are reported
# shellcheck disable=SC2086 # BENCH_ARGS is a list of words
cargo bench --profile "$profile" --bench render -- $args "$@" >&2

median_ns() { # group function
  local f="$CRITERION_HOME/$1/$2/new/estimates.json"
  if [[ $f -nt $tmp/start ]]; then jq -r '.median.point_estimate' "$f"; else echo ""; fi
}
input_bytes() { # group
  local f
  for f in "$CRITERION_HOME/$1"/*/new/benchmark.json; do
    [[ $f -nt $tmp/start ]] && { jq -r '.throughput.Bytes // empty' "$f"; return; }
  done
  echo ""
}
# "12.3 ms (456 MB/s)" from nanoseconds and bytes.
cell() {
  [[ -z $1 ]] && { echo "–"; return; }
  awk -v ns="$1" -v b="$2" 'BEGIN {
    if (ns >= 1e6) t = sprintf("%.1f ms", ns / 1e6); else t = sprintf("%.1f µs", ns / 1e3);
    printf "%s (%.0f MB/s)", t, b / ns * 1e3 }'
}
ratio() { [[ -n $1 && -n $2 ]] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f×", a / b }' || echo "–"; }

cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n1)
echo "Measured $(date -u +%Y-%m-%d) on ${cpu:-unknown CPU}, $(nproc) CPUs, $(rustc -V | cut -d' ' -f1-2), profile \`$profile\`; Criterion medians, $args."
echo
echo "| input | JSON | serde_json \`Value\` (floor) | \`Thread::from_json\` | \`render_thread\` | \`render_to_string\` (parse + render) | parse / floor | **parse + render / floor** |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
worst=0
for group in seed generated_10k; do
  bytes=$(input_bytes "$group")
  [[ -z $bytes ]] && continue
  floor=$(median_ns "$group" serde_json_value)
  parse=$(median_ns "$group" parse)
  render=$(median_ns "$group" render)
  full=$(median_ns "$group" parse_render)
  label=$group
  [[ $group == seed ]] && label="\`www/threads/seed.json\`"
  [[ $group == generated_10k ]] && label="generated, 10,000 posts"
  kb=$(awk -v b="$bytes" 'BEGIN { if (b >= 1e6) printf "%.1f MB", b / 1e6; else printf "%.1f KB", b / 1e3 }')
  echo "| $label | $kb | $(cell "$floor" "$bytes") | $(cell "$parse" "$bytes") | $(cell "$render" "$bytes") | $(cell "$full" "$bytes") | $(ratio "$parse" "$floor") | **$(ratio "$full" "$floor")** |"
  if [[ -n $full && -n $floor ]]; then
    worst=$(awk -v w="$worst" -v r="$(awk -v a="$full" -v b="$floor" 'BEGIN { print a / b }')" 'BEGIN { print (r > w) ? r : w }')
  fi
done
echo
echo "Goal: parse + render within 3× the serde_json floor (worst now: $(awk -v w="$worst" 'BEGIN { printf "%.1f×", w }'))."

if [[ -n ${BENCH_MAX_RATIO:-} ]] && awk -v w="$worst" -v m="$BENCH_MAX_RATIO" 'BEGIN { exit !(w > m) }'; then
  echo "bench-native: parse + render is ${worst}× the serde_json floor, over BENCH_MAX_RATIO=$BENCH_MAX_RATIO" >&2
  exit 1
fi
