#!/usr/bin/env bash
# Runs Axiom's bench and the PyTorch reference (../shared/peers) interleaved, configuration by
# configuration, and prints both medians and minimums with their ratio (Axiom / PyTorch).
# Needs ../shared/peers/setup.sh once. Usage: [STEPS=30] [BUDGET_S=S] modules/bench/compare-with-peer.sh [rounds] [configs]
# BUDGET_S stops timing a configuration after S seconds (at least 5 timed steps), on both sides.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
peer=${PEER_DIR:-$root/../shared/peers}
rounds=${1:-2}
steps=${STEPS:-30}
budget=${BUDGET_S:-1e9}
configs=${2:-cnn-baseline,cnn-eg-pixel,cnn-grad-pixel,mlp-baseline,mlp-eg-gini-k1,mlp-eg-gini-k10,gene-baseline,gene-eg-graph-k10,cnn-ig-norm,resnet-baseline,resnet-eg-pixel,explain-ig-300}
declare -A internal=(
  [cnn-baseline]=mnist:baseline [cnn-eg-pixel]=mnist:eg_pixel [cnn-grad-pixel]=mnist:grad_pixel
  [mlp-baseline]=tab:baseline [mlp-eg-gini-k1]=tab:eg_gini:1 [mlp-eg-gini-k10]=tab:eg_gini:10
  [gene-baseline]=gene:baseline [gene-eg-graph-k10]=gene:eg_graph [cnn-ig-norm]=mnist:ignorm
  [resnet-baseline]=resnet:baseline [resnet-eg-pixel]=resnet:eg_pixel [explain-ig-300]=mnist:explain_ig)
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(date -u +%Y-%m-%dT%H:%MZ); $rounds rounds of $steps steps, interleaved"
"$root/axiom" bench --only mlp-baseline --steps 1 --warmup 1 --warmup-s 0 >/dev/null 2>&1 || true  # build once
out=$(mktemp)
for round in $(seq 1 "$rounds"); do
  for c in ${configs//,/ }; do
    "$peer/run.sh" --only "${internal[$c]}" --steps "$steps" --budget-s "$budget" 2>/dev/null | sed -n 's/^RESULT //p' \
      | python3 -c 'import sys,json; d=json.loads(sys.stdin.read()); print("peer", d["config"], d["ms_median"], d["ms_min"])' >>"$out"
    "$root/axiom" bench --only "$c" --steps "$steps" --budget-s "$budget" 2>/dev/null \
      | python3 -c 'import sys,json; d=json.loads(sys.stdin.read()); print("axiom", d["config"], d["ms_per_step"], d["ms_min"])' >>"$out"
  done
done
python3 - "$out" <<'PY'
import sys, collections
rows = collections.defaultdict(lambda: collections.defaultdict(list))
for line in open(sys.argv[1]):
    who, cfg, med, mn = line.split()
    rows[cfg][who].append((float(med), float(mn)))
print(f"{'config':20s} {'axiom ms (median/min)':>24s} {'pytorch ms (median/min)':>26s} {'ratio median':>13s} {'ratio min':>10s}")
for cfg, r in rows.items():
    a = min(x[0] for x in r['axiom']); am = min(x[1] for x in r['axiom'])
    p = min(x[0] for x in r['peer']); pm = min(x[1] for x in r['peer'])
    print(f"{cfg:20s} {a:12.2f} / {am:9.2f} {p:14.2f} / {pm:9.2f} {a/p:13.2f} {am/pm:10.2f}")
PY
rm -f "$out"
