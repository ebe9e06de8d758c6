#!/usr/bin/env bash
# Runs one end-to-end suite N times in a row and prints, per run, its exit
# code, node:test's pass/fail counts, its time and the load average: how a
# suite is shown to pass every time (run a second suite beside it for load).
#
#   scripts/repeat.sh 10 tests/e2e/run.mjs            (SKIP_VITE=1, TW_ENGINES=… pass through)
#   scripts/repeat.sh 10 tests/e2e/look.mjs & scripts/repeat.sh 10 tests/e2e/more.mjs
#
# Each run's whole output is kept in ${TMPDIR:-/tmp}/repeat-<suite>-<n>.log.
set -uo pipefail
cd "$(dirname "$0")/.."
n=${1:?usage: scripts/repeat.sh N SUITE.mjs}
suite=${2:?usage: scripts/repeat.sh N SUITE.mjs}
name=$(basename "$suite" .mjs)
failed=0
for i in $(seq 1 "$n"); do
  log="${TMPDIR:-/tmp}/repeat-$name-$i.log"
  start=$(date +%s)
  node --test "$suite" > "$log" 2>&1
  rc=$?
  [ "$rc" = 0 ] || failed=$((failed + 1))
  counts=$(grep -E '^# (pass|fail) ' "$log" | awk '{printf "%s %s ", $2, $3}')
  echo "$name run $i/$n: exit $rc, ${counts}$(( $(date +%s) - start )) s, load $(cut -d' ' -f1-3 /proc/loadavg)"
done
echo "$name: $((n - failed)) of $n runs green"
[ "$failed" = 0 ]
