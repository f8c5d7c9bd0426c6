#!/usr/bin/env bash
# The dashboard under load (docs/measurements/dashboard-load.md): CLIENTS event-stream clients and
# RECONNECTING clients that drop their connection at seeded random moments and reconnect with
# Last-Event-ID (dev.axiom.bench.load.DashboardLoad), first on a live `train --dashboard` run, then
# on the same run served from its files (`dashboard RUN_DIR`). Each client must receive every event
# exactly once and in order up to the `end`; the finished run's end must be event
# lines(metrics.jsonl) + 2 (the snapshot, the end). The server's resident memory (VmRSS of
# /proc/PID/status) is sampled every 0.5 s. Then PAIRS interleaved pairs of dashboard runs without
# and with CLIENTS attached clients: training throughput as in dashboard-overhead.sh (steps between
# the first and last `step` record of metrics.jsonl over their time difference × 50), max RSS, and
# the CPU time of the process and of its dashboard threads, serving and snapshots apart
# (/proc/PID/task/*/stat), which a busy machine disturbs less than throughput.
#
# Usage: modules/bench/dashboard-load.sh [pairs=4] [epochs=8] [clients=200] [reconnecting=50]
# Runs the JVMs with the class path of this tree's actors/app/target (build it first, e.g.
# mvn -o install -DskipTests; add -Dmaven.repo.local=… if you build into another repository), with
# the launcher's environment. Keeps its files in $AXIOM_LOAD_DIR (default: a new temporary folder).
# AXIOM_LOAD_ONLY_PAIRS=1 runs the overhead pairs only; AXIOM_LOAD_CLIENT_NICE sets the clients'
# niceness (default 19: they stand in for browsers on other machines).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
pairs=${1:-4}
epochs=${2:-8}
clients=${3:-200}
reconnecting=${4:-50}
client_nice=${AXIOM_LOAD_CLIENT_NICE:-19}
cpfile="$root/actors/app/target/classpath.txt"
[ -f "$cpfile" ] || { echo "dashboard-load: no $cpfile; build first (mvn -o install -DskipTests)" >&2; exit 1; }
cp="$root/actors/app/target/classes:$(cat "$cpfile")"
work=${AXIOM_LOAD_DIR:-$(mktemp -d)}
mkdir -p "$work"
started=()  # processes this script started, stopped on exit
trap 'for p in "${started[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT

# The launcher's environment (./axiom): glibc malloc settings, passive OpenMP waiting for train.
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-1}
export MALLOC_MMAP_THRESHOLD_=${MALLOC_MMAP_THRESHOLD_:-33554432}
export MALLOC_TRIM_THRESHOLD_=${MALLOC_TRIM_THRESHOLD_:-4294967296}
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
axiom_bg() {  # axiom_bg LOG ARGS…: starts the command line in the background; $! is the JVM
  local log=$1; shift
  CLASSPATH="$cp" java -Dai.djl.offline=true -Djava.awt.headless=true ${AXIOM_JAVA_OPTS:--Xmx4g} \
      dev.axiom.app.Axiom "$@" >"$log" 2>&1 &
}
load_clients() {  # load_clients OUT ARGS…: the load client (its own JVM), its summary in OUT, its CPU in OUT.cpu
  # The clients stand in for browsers on other machines: they run at niceness $client_nice (19 by
  # default), so that on these 2 cores they take what the training leaves rather than half of it;
  # their own CPU time is reported beside the server's.
  local out=$1; shift
  CLASSPATH="$cp" /usr/bin/time -f "%U %S" -o "$out.cpu" nice -n "$client_nice" \
      java -Xmx512m dev.axiom.bench.load.DashboardLoad "$@" >"$out" 2>&1
}
client_cpu() { awk '{printf "%.1f", $1 + $2}' "$1.cpu" 2>/dev/null; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
sample_rss() {  # sample_rss PID FILE: "seconds rss_kB cpu serving_cpu snapshot_cpu gc_cpu jit_cpu" (clock ticks) every 0.5 s while PID lives
  set +e +o pipefail  # (run in the background) a thread ending between the glob and the read is no error
  while [ -r "/proc/$1/status" ]; do
    # CPU (user + system clock ticks) of the whole process, of the dashboard's serving threads (its
    # actor system "axiom-dashboard…" at niceness 0 serves HTTP, "axiom-journal-wake" wakes the
    # event streams) and of its snapshot threads (the same names at raised niceness).
    cpu=$(cat /proc/"$1"/task/*/stat 2>/dev/null | awk '{
        name = substr($0, index($0, "(") + 1); name = substr(name, 1, index(name, ")") - 1)
        split(substr($0, index($0, ") ") + 2), f, " "); t = f[12] + f[13]; all += t
        if (name ~ /^axiom-dashboar|^axiom-journal-w/) { if (f[17] == 0) dash += t; else snap += t }
        else if (name ~ /^GC Thread|^G1 /) gc += t
        else if (name ~ /^C[12] CompilerThre/) jit += t
      } END { printf "%d %d %d %d %d", all, dash, snap, gc, jit }')
    # the process's own total counts its ended threads too (the runtime's, after training)
    all=$(awk '{ split(substr($0, index($0, ") ") + 2), f, " "); print f[12] + f[13] }' "/proc/$1/stat" 2>/dev/null)
    echo "$(date +%s.%N) $(awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null) ${all:-0} ${cpu#* }" >>"$2"
    sleep 0.5
  done
}
cpu_s() {  # cpu_s FILE COLUMN: CPU seconds (3: process, 4: serving, 5: snapshots, 6: GC, 7: JIT), the largest sample
  # (not the last: threads that have ended, as they all do while the JVM stops, drop out of task/)
  awk -v c="$2" -v hz="$(getconf CLK_TCK)" '$2 != "" && NF >= 5 && $c > v {v = $c} END {printf "%.1f", v / hz}' "$1"
}
run_id() {  # run_id PORT: waits for the dashboard, prints its first run's id
  for _ in $(seq 1 1500); do
    local r; r=$(curl -s "http://127.0.0.1:$1/api/runs" || true)
    if [ -n "$r" ] && [ "$r" != "[]" ]; then
      python3 -c 'import sys,json; print(json.loads(sys.argv[1])[0])' "$r"; return 0
    fi
    sleep 0.2
  done
  echo "dashboard-load: no dashboard on port $1" >&2; return 1
}
max_rss_mib() { sort -k2 -n "$1" | awk 'END {printf "%.0f", $2 / 1024}'; }
rss_at_mib() {  # rss_at_mib FILE T: the sample nearest before time T
  awk -v t="$2" '$1 <= t && $2 != "" {v = $2} END {printf "%.0f", v / 1024}' "$1"
}
throughput() {
  python3 - "$1/metrics.jsonl" <<'PY'
import json, sys
steps = [json.loads(l) for l in open(sys.argv[1]) if '"type":"step"' in l]
print(round((steps[-1]["step"] - steps[0]["step"]) * 50 / (steps[-1]["time"] - steps[0]["time"]), 1))
PY
}
conditions() { echo "load average $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"; }

echo "dashboard-load: $clients + $reconnecting reconnecting clients (niceness $client_nice), $epochs epochs, $pairs pairs; files in $work"
echo "processor: $(lscpu | sed -n 's/^Model name: *//p')"

if [ "${AXIOM_LOAD_ONLY_PAIRS:-0}" = 0 ]; then  # AXIOM_LOAD_ONLY_PAIRS=1: the overhead pairs only
# 1. The live run: clients attach as soon as the dashboard answers, stay to the end; the
# reconnecting ones drop up to 10 times, each after up to 60 lines or 20 s, so throughout the run.
port=$(free_port)
axiom_bg "$work/live.log" train --set axiom.train.epochs="$epochs" --no-report --out "$work/live" \
    --dashboard "127.0.0.1:$port" --linger 2
train=$!; started+=("$train")
sample_rss "$train" "$work/live.rss" &
started+=("$!")
run=$(run_id "$port")
attach=$(date +%s.%N)
echo "live run $run: $(conditions) at attach"
rc=0
load_clients "$work/live.load" --url "http://127.0.0.1:$port/api/runs/$run/events" \
    --clients "$clients" --reconnecting "$reconnecting" --seed 1 --drops 10 --drop-ms 20000 || rc=$?
wait "$train" || { echo "dashboard-load: the live training failed; see $work/live.log" >&2; exit 1; }
cat "$work/live.load"
echo "live: client exit $rc; server RSS $(rss_at_mib "$work/live.rss" "$attach") MiB when the clients attached," \
     "max $(max_rss_mib "$work/live.rss") MiB; CPU $(cpu_s "$work/live.rss" 3) s, serving" \
     "$(cpu_s "$work/live.rss" 4) s, snapshots $(cpu_s "$work/live.rss" 5) s; $(throughput "$work/live") samples/s; $(conditions) after"

# 2. The same run, finished, served from its files.
port=$(free_port)
axiom_bg "$work/finished.log" dashboard --port "$port" "$work/live"
server=$!; started+=("$server")
sample_rss "$server" "$work/finished.rss" &
started+=("$!")
run=$(run_id "$port")
# The snapshot of the newest checkpoint is computed in the background: measure after it.
for _ in $(seq 1 1500); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/runs/$run/snapshot/latest")" = 200 ] && break
  sleep 0.2
done
sleep 2
before=$(date +%s.%N)
expect=$(( $(grep -c . "$work/live/metrics.jsonl") + 2 ))
rc=0
load_clients "$work/finished.load" --url "http://127.0.0.1:$port/api/runs/$run/events" \
    --clients "$clients" --reconnecting "$reconnecting" --seed 2 --expect-end "$expect" || rc=$?
sleep 2
kill "$server"; wait "$server" 2>/dev/null || true
cat "$work/finished.load"
echo "finished: client exit $rc (end expected at event $expect); server RSS $(rss_at_mib "$work/finished.rss" "$before") MiB" \
     "before the clients, max $(max_rss_mib "$work/finished.rss") MiB; $(conditions)"
fi

# 3. Training overhead: interleaved pairs, the dashboard without clients, then with $clients.
for i in $(seq 1 "$pairs"); do
  for mode in none clients; do
    port=$(free_port)
    axiom_bg "$work/$mode-$i.log" train --set axiom.train.epochs="$epochs" --no-report --out "$work/$mode-$i" \
        --dashboard "127.0.0.1:$port"
    train=$!; started+=("$train")
    sample_rss "$train" "$work/$mode-$i.rss" &
    started+=("$!")
    if [ "$mode" = clients ]; then
      run=$(run_id "$port")
      load_clients "$work/$mode-$i.load" --url "http://127.0.0.1:$port/api/runs/$run/events" \
          --clients "$clients" --reconnecting 0 || true
    fi
    wait "$train" || { echo "dashboard-load: training failed; see $work/$mode-$i.log" >&2; exit 1; }
  done
  p=$(throughput "$work/none-$i"); d=$(throughput "$work/clients-$i")
  echo "pair $i: no clients $p samples/s (max RSS $(max_rss_mib "$work/none-$i.rss") MiB," \
       "CPU $(cpu_s "$work/none-$i.rss" 3) s, serving $(cpu_s "$work/none-$i.rss" 4) s, snapshots $(cpu_s "$work/none-$i.rss" 5) s," \
       "GC $(cpu_s "$work/none-$i.rss" 6) s, JIT $(cpu_s "$work/none-$i.rss" 7) s)," \
       "$clients clients $d samples/s (max RSS $(max_rss_mib "$work/clients-$i.rss") MiB," \
       "CPU $(cpu_s "$work/clients-$i.rss" 3) s, serving $(cpu_s "$work/clients-$i.rss" 4) s, snapshots $(cpu_s "$work/clients-$i.rss" 5) s," \
       "GC $(cpu_s "$work/clients-$i.rss" 6) s, JIT $(cpu_s "$work/clients-$i.rss" 7) s; the clients' JVM $(client_cpu "$work/clients-$i.load") s," \
       "$(sed -n 's/^checks.*violations=\([0-9]*\).*/violations \1/p' "$work/clients-$i.load"))," \
       "ratio $(python3 -c "print(round($d/$p, 3))"); $(conditions)"
done
