#!/usr/bin/env bash
# The long fuzz run (docs/measurements/fuzz.md): every reader of user input against N seeded mutants
# of the project's real files (IDX, CSV with categories and missing cells, CSV of numbers, edge lists,
# HOCON settings, checkpoints, ONNX models, image folders, dashboard requests), each input read with a 5 s limit in
# test JVMs with a 768 MiB heap (a reader allocating what a corrupt header declares fails at once).
# The same tests as the suite's short run (modules/fuzz ReadersFuzzTest, actors/dashboard
# DashboardFuzzTest), with -Dfuzz.inputs and -Dfuzz.seed. Prints one line per reader: inputs tried,
# loaded, user errors, crashers, seconds; crasher inputs are kept under target/fuzz/crashers/.
# Usage: modules/bench/fuzz.sh [INPUTS_PER_READER] [SEED]   (MVN_ARGS: extra Maven options, e.g. -o)
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
inputs=${1:-10000}
seed=${2:-19}
report=$(mktemp)
cd "$root"
start=$(date +%s)
# shellcheck disable=SC2086
mvn -B -q ${MVN_ARGS:-} install -DskipTests -pl modules/fuzz,actors/dashboard -am >/dev/null || exit 1
# shellcheck disable=SC2086
mvn -B -q ${MVN_ARGS:-} test -pl modules/fuzz,actors/dashboard -Dtest='ReadersFuzzTest,DashboardFuzzTest#mutated*' \
    -Dsurefire.failIfNoSpecifiedTests=false -Dmaven.test.failure.ignore=true -Dfuzz.inputs="$inputs" -Dfuzz.seed="$seed" -Dfuzz.report="$report" \
    -Daxiom.test.argLine="-Xmx768m -Dai.djl.offline=true -Djava.awt.headless=true" >"$report.log" 2>&1
status=$?
if grep -q '^  crasher' "$report"; then status=1; fi
echo "fuzz run: $inputs inputs per reader, seed $seed, $(($(date +%s) - start)) s in all"
printf '%-12s %8s %8s %11s %8s %9s\n' reader inputs loaded "user errors" crashers seconds
cat "$report"
if [ "$status" -ne 0 ] && ! grep -q crasher "$report"; then
  echo "the run failed without crashers; Maven's output: $report.log"
fi
if [ "$(grep -c '^[a-z]' "$report")" -ne 9 ]; then
  echo "expected 9 readers in the report; Maven's output: $report.log"; status=1
fi
rm -f "$report"
exit "$status"
