#!/usr/bin/env bash
# Elastic cluster churn (docs/measurements/elastic-cluster.md): a trainer node (one local worker,
# axiom.cluster.elastic = true) and two worker nodes train the tabular preset (MLP [32, 16], EG with
# shifted-batch references) on 127.0.0.1; while it trains, CHURNS times, the oldest worker node is
# killed (SIGKILL) and a new one started. Prints the timeline, the membership changes the run
# survived, batches drawn and applied, and whether metrics.jsonl logged every update exactly once,
# in order. Exits 1 if any of that fails.
# Usage: modules/bench/elastic-cluster.sh [churns] [epochs]     (3 and 16 by default)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
churns=${1:-3}
epochs=${2:-16}
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
"$root/axiom" --help >/dev/null 2>&1 || true  # build once, before the clock starts

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
cat >"$work/node.conf" <<EOF
include "$root/conf/tabular-sparsity.conf"
axiom {
  model.hidden = [32, 16]
  train { epochs = $epochs, threads = 1, log-every-steps = 1 }
  attribution { references = 2, reference-source = shifted-batch }
  cluster { remote-workers = 2, down-after-seconds = 3, elastic = true }
}
EOF
seed_port=$(free_port)
seed="axiom.cluster.seed-nodes=[\"pekko://axiom@127.0.0.1:$seed_port\"]"
start=$(date +%s.%N)
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):6.1f} s')" "$start" "$(date +%s.%N)"; }
# node NAME ROLE PORT [ARGS…]: starts `axiom node` in the background; its PID in $node_pid
node() {
  local name=$1 role=$2 port=$3; shift 3
  AXIOM_JAVA_OPTS=-Xmx1g "$root/axiom" node --config "$work/node.conf" --set "$seed" \
      --set axiom.cluster.role="$role" --set axiom.cluster.port="$port" "$@" \
      >"$work/$name.out" 2>"$work/$name.err" &
  node_pid=$!
  pids+=("$node_pid")
}
count() { grep -c "^event $1\[" "$work/trainer.out" 2>/dev/null || true; }
# await WHAT COMMAND…: polls COMMAND until it succeeds (3 minutes at most) while the trainer lives
await() {
  local what=$1; shift
  for _ in $(seq 1 1800); do
    if "$@"; then echo "$(elapsed)  $what"; return 0; fi
    if ! kill -0 "$trainer" 2>/dev/null; then echo "the trainer node ended before: $what" >&2; return 1; fi
    sleep 0.1
  done
  echo "waited 3 minutes in vain for: $what" >&2
  return 1
}
has_events() { [ "$(count "$1")" -ge "$2" ]; }
training() { grep -q '"type":"step"' "$work/run/metrics.jsonl" 2>/dev/null; }

node trainer trainer "$seed_port" --out "$work/run"
trainer=$node_pid
workers=()
for i in 0 1; do node "worker-$i" worker "$(free_port)"; workers+=("$node_pid"); done
echo "$(elapsed)  started a trainer node and 2 worker nodes ($epochs epochs, elastic)"
await "training started" training
next=2
for i in $(seq 1 "$churns"); do
  kill -9 "${workers[0]}"
  wait "${workers[0]}" 2>/dev/null || true
  echo "$(elapsed)  killed worker node $((next - 2)) (SIGKILL); starting worker node $next"
  workers=("${workers[@]:1}")
  node "worker-$next" worker "$(free_port)"; workers+=("$node_pid")
  await "the trainer reports worker node $((next - 2)) lost" has_events WorkerLost "$i"
  await "worker node $next joined" has_events WorkerJoined "$i"
  next=$((next + 1))
done
set +e
wait "$trainer"
status=$?
set -e
echo "$(elapsed)  the trainer node exited with status $status"
echo
grep -E '^event (WorkerLost|WorkerJoined|Finished)' "$work/trainer.out" | sed 's/^/  /'
python3 - "$work/trainer.out" "$work/run/metrics.jsonl" "$churns" "$status" <<'PY'
import json, re, sys
out, metrics, churns, status = open(sys.argv[1]).read(), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
lost = len(re.findall(r"^event WorkerLost\[", out, re.M))
joined = len(re.findall(r"^event WorkerJoined\[", out, re.M))
f = re.search(r"^event Finished\[step=(\d+), epoch=(\d+), stoppedBeforeTheEnd=(\w+), batchesDrawn=(\d+), batchesApplied=(\d+)\]", out, re.M)
steps = [json.loads(l)["step"] for l in open(metrics) if '"type":"step"' in l]
in_order = steps == list(range(1, len(steps) + 1))
print()
print(f"membership changes survived: {min(lost, joined)} of {churns} ({lost} workers lost, {joined} joined)")
if f:
    print(f"updates: {f[1]}, epochs: {f[2]}, stopped before the end: {f[3]}")
    print(f"batches drawn: {f[4]}, batches applied: {f[5]}")
print(f"metrics.jsonl: {len(steps)} updates logged, each once and in order: {in_order}")
ok = status == 0 and f and f[4] == f[5] == f[1] and f[3] == "false" and lost == joined == churns and in_order and len(steps) == int(f[1])
print("result:", "OK" if ok else "FAILED")
sys.exit(0 if ok else 1)
PY
