#!/usr/bin/env bash
# Measure time from process start to the first HTTP 200 on a URL.
#
# Usage: startup.sh [-n RUNS] [-i POLL_S] [-C DIR] [-t TIMEOUT_S] URL -- COMMAND [ARGS...]
#   e.g. startup.sh -n 5 -C /tmp/bench/www http://127.0.0.1:8000/cgi-bin/ping.py -- \
#          /usr/bin/python3 -m http.server 8000 --cgi --bind 127.0.0.1
#        startup.sh http://127.0.0.1:8080/ping -- java -jar app.jar
#
# Each run: start COMMAND (own session/process group, in DIR), poll URL with curl
# every POLL_S (default 0.01) until it answers 200, record the elapsed ms and the
# RSS (KiB, sum over the process group) and its CPU time at that moment, then stop the process
# group it started (kill -TERM -PGID, then -KILL after 5 s) and wait for the port
# to be free again. Prints every run, then min/median/max.
# Resolution: one poll cycle = POLL_S + one curl process (~7 ms on the 2-vCPU
# box), i.e. ~17 ms with the defaults. Only the process group this script
# created (setsid) is signalled.
# Before each run it waits (up to 60 s) until the machine is idle (other jobs
# use <= QUIET_MAX=0.15 cores over 0.5 s, hypervisor steal <= 5 %) and prints
# the measured "busy_cores steal%" as "before".
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib-noise.sh
. "$HERE/lib-noise.sh"

RUNS=5; POLL=0.01; DIR="$PWD"; TMO=120
QUIET_MAX="${QUIET_MAX:-0.15}"
while getopts "n:i:C:t:" o; do
  case $o in n) RUNS=$OPTARG ;; i) POLL=$OPTARG ;; C) DIR=$OPTARG ;; t) TMO=$OPTARG ;; *) exit 2 ;; esac
done
shift $((OPTIND - 1))
URL="${1:?URL required}"; shift
[[ "${1:-}" == "--" ]] && shift
[[ $# -gt 0 ]] || { echo "COMMAND required after --" >&2; exit 2; }
LOG="${LOG:-${BENCH_DIR:-/tmp/bench}/startup-cmd.log}"
mkdir -p "$(dirname "$LOG")"

host="$(sed -E 's#^[a-z]+://(\[[^]]*\]|[^/:]+).*#\1#' <<<"$URL")"
case "$host" in 127.0.0.1|localhost|"[::1]") ;; *) echo "refusing non-loopback URL" >&2; exit 1 ;; esac

if curl -s -o /dev/null --max-time 1 "$URL"; then
  echo "ERROR: something already answers on $URL" >&2; exit 1
fi

PGID=""
cleanup() {
  if [[ -n "$PGID" ]] && kill -0 -- "-$PGID" 2>/dev/null; then
    kill -TERM -- "-$PGID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 -- "-$PGID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$PGID" 2>/dev/null || true
  fi
  PGID=""
}
trap cleanup EXIT INT TERM

group_rss() {  # sum RSS (KiB) of all processes in process group $1
  ps -e -o pgid=,rss= | awk -v g="$1" '$1 == g { s += $2 } END { print s + 0 }'
}

# CPU time (user + system, ms, all threads) the process group used until the first 200: on a shared machine
# this moves much less with other jobs' load than the wall-clock time does.
group_cpu_ms() {
  local hz; hz=$(getconf CLK_TCK)
  ps -e -o pgid=,pid= | awk -v g="$1" '$1 == g { print $2 }' | while read -r p; do
    sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $12 + $13 }'
  done | awk -v hz="$hz" '{ t += $1 } END { printf "%d\n", t * 1000 / hz }'
}

results=(); cpus=()
for r in $(seq "$RUNS"); do
  q=$(wait_quiet "$QUIET_MAX" 60) || q="$q(NOT quiet)"
  t0=$(date +%s%N)
  ( cd "$DIR" && exec setsid "$@" ) >>"$LOG" 2>&1 </dev/null &
  PGID=$!          # setsid via exec: the child is the session/group leader
  ok=0
  deadline=$(( t0 + TMO * 1000000000 ))
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$URL" 2>/dev/null || true)
    if [[ "$code" == 200 ]]; then ok=1; break; fi
    kill -0 "$PGID" 2>/dev/null || break
    (( $(date +%s%N) < deadline )) || break
    sleep "$POLL"
  done
  t1=$(date +%s%N)
  if [[ $ok != 1 ]]; then echo "run $r: FAILED (no 200; see $LOG)" >&2; cleanup; exit 1; fi
  ms=$(( (t1 - t0) / 1000000 ))
  rss=$(group_rss "$PGID")
  cpu=$(group_cpu_ms "$PGID")
  echo "run $r: ${ms} ms to first 200, cpu_ms=${cpu}, rss_at_first_200=${rss} KiB (pid $PGID, busy cores / steal% before: $q)"
  results+=("$ms"); cpus+=("$cpu")
  cleanup
  for _ in $(seq 100); do curl -s -o /dev/null --max-time 1 "$URL" || break; sleep 0.05; done
  sleep 0.5
done

mapfile -t sorted < <(printf "%s\n" "${results[@]}" | sort -n)
n=${#sorted[@]}
if (( n % 2 )); then med=${sorted[n / 2]}
else med=$(( (sorted[n / 2 - 1] + sorted[n / 2]) / 2 )); fi
mapfile -t csorted < <(printf "%s\n" "${cpus[@]}" | sort -n)
if (( n % 2 )); then cmed=${csorted[n / 2]}
else cmed=$(( (csorted[n / 2 - 1] + csorted[n / 2]) / 2 )); fi
echo "startup_ms: runs=$n min=${sorted[0]} median=$med max=${sorted[n - 1]} all=${results[*]} cpu_median=$cmed cpu_all=${cpus[*]}"
