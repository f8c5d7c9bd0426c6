#!/usr/bin/env bash
# Training throughput with and without the live dashboard (docs/measurements/dashboard-overhead.md):
# interleaved pairs of `./axiom train` runs (paper CNN, EG pixel prior, embedded subset, same seed),
# the dashboard run with a client following its event stream as a browser would. Throughput =
# steps between the first and last `step` record of metrics.jsonl over their time difference × 50.
# Usage: modules/bench/dashboard-overhead.sh [pairs] [epochs]   (run it on an otherwise idle machine)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
pairs=${1:-4}
epochs=${2:-8}
work=$(mktemp -d)
port=18765
"$root/axiom" --help >/dev/null 2>&1 || true  # build once, outside the timed runs
throughput() {
  python3 - "$1/metrics.jsonl" <<'PY'
import json, sys
steps = [json.loads(l) for l in open(sys.argv[1]) if '"type":"step"' in l]
print(round((steps[-1]["step"] - steps[0]["step"]) * 50 / (steps[-1]["time"] - steps[0]["time"]), 1))
PY
}
for i in $(seq 1 "$pairs"); do
  "$root/axiom" train --set axiom.train.epochs="$epochs" --no-report --out "$work/plain-$i" >/dev/null 2>&1
  "$root/axiom" train --set axiom.train.epochs="$epochs" --no-report --out "$work/dash-$i" \
      --dashboard "127.0.0.1:$port" >/dev/null 2>&1 &
  train=$!
  for _ in $(seq 1 600); do [ -n "$(curl -s "http://127.0.0.1:$port/api/runs")" ] && break; sleep 0.2; done
  run=$(curl -s "http://127.0.0.1:$port/api/runs" | python3 -c 'import sys,json; print(json.load(sys.stdin)[0])')
  curl -sN "http://127.0.0.1:$port/api/runs/$run/events" >/dev/null 2>&1 &
  client=$!
  wait "$train" || true
  kill "$client" 2>/dev/null || true
  p=$(throughput "$work/plain-$i"); d=$(throughput "$work/dash-$i")
  echo "pair $i: plain $p samples/s, dashboard $d samples/s, ratio $(python3 -c "print(round($d/$p, 3))")"
done
rm -rf "$work"
