#!/usr/bin/env bash
# The crash loop of issue 19 (README "Reliability"): the default demo run (the paper CNN, EG pixel
# prior, embedded Fashion-MNIST subset; 3 epochs, 108 steps, a checkpoint every 5 steps) killed with
# SIGKILL at KILLS seeded moments — every other one as a checkpoint write begins — and resumed each
# time, once with the plain loop and once through the actor runtime with 2 workers; each run's
# final network and optimizer files are compared byte for byte with an uninterrupted run's.
# Usage: modules/bench/crash-loop.sh [KILLS] [SEED] [OUT]   (exit 0 only if both are identical)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
kills=${1:-10}
seed=${2:-1}
out=${3:-$(mktemp -d)/crash-loop}
mkdir -p "$out"
common=(--set axiom.train.epochs=3 --set axiom.train.checkpoint-every-steps=5 --set axiom.train.log-every-steps=1
        --set axiom.train.threads=1)
echo "crash-loop: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; kills $kills, seed $seed; output in $out"
status=0
"$root/axiom" crash-loop "${common[@]}" --set axiom.runtime.driver=plain --kills "$kills" --seed "$seed" \
    --out "$out/plain" || status=1
"$root/axiom" crash-loop "${common[@]}" --set axiom.runtime.workers=2 --kills "$kills" --seed "$seed" \
    --out "$out/runtime-2-workers" || status=1
for d in plain runtime-2-workers; do
  echo "$d: $(cat "$out/$d/crash-loop.json")"
done
exit $status
