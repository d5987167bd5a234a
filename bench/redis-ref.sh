#!/usr/bin/env bash
# Redis INCR reference (physical limit of the counter backend) on 127.0.0.1.
# Usage: redis-ref.sh [PORT=6390]   env: REPEAT=3 N=200000 RETRIES=2 RETRY_BG=0.25
#        CONFIGS="-c 1|-c 50|-c 1 -P 16|-c 50 -P 16"
# Needs a running redis-server on PORT whose pid is in $PIDFILE
# (default /tmp/bench/redis.pid; used to attribute CPU). Each run is bounded by
# `timeout 120`. Before each run waits for an idle machine (lib-noise.sh);
# after it computes bg_cpu = busy cores - redis-server - redis-benchmark and
# re-runs (up to RETRIES) when bg_cpu > RETRY_BG (bg_cpu n/a for runs < 1 s:
# 10 ms CPU ticks are too coarse; only the idle wait before them applies).
# Also retries when hypervisor steal > RETRY_STEAL=5 %.
# Prints TSV: config run rps avg p50 p95 p99 max (ms) bg_cpu steal_pct attempts
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/lib-noise.sh"
PORT="${1:-6390}"
PIDFILE="${PIDFILE:-${BENCH_DIR:-/tmp/bench}/redis.pid}"
REPEAT="${REPEAT:-3}"; N="${N:-200000}"; RETRIES="${RETRIES:-2}"; RETRY_BG="${RETRY_BG:-0.25}"; RETRY_STEAL="${RETRY_STEAL:-5}"
CONFIGS="${CONFIGS:--c 1|-c 50|-c 1 -P 16|-c 50 -P 16}"
RPID="$(cat "$PIDFILE")"
HZ=$(getconf CLK_TCK)
rticks() { sed 's/.*) //' "/proc/$RPID/stat" | awk '{ print $12 + $13 }'; }
redis-cli -h 127.0.0.1 -p "$PORT" ping >/dev/null
printf 'config\trun\trps\tavg_ms\tp50_ms\tp95_ms\tp99_ms\tmax_ms\tbg_cpu\tsteal_pct\tattempts\n'
IFS='|' read -r -a cfgs <<<"$CONFIGS"
for cfg in "${cfgs[@]}"; do
  for r in $(seq "$REPEAT"); do
    for ((a = 1; a <= RETRIES + 1; a++)); do
      wait_quiet 0.15 60 >/dev/null || true
      b0=$(busy_ticks); s0=$(steal_ticks); r0=$(rticks); t0=$(date +%s%N)
      # shellcheck disable=SC2086
      out="$(/usr/bin/time -f 'BENCHCPU %U %S' timeout -k 5 120 redis-benchmark -h 127.0.0.1 -p "$PORT" -t incr -n "$N" $cfg --csv 2>&1)" || true
      b1=$(busy_ticks); s1=$(steal_ticks); r1=$(rticks); t1=$(date +%s%N)
      read -r _ bu bs < <(grep '^BENCHCPU' <<<"$out") || { bu=0; bs=0; }
      read -r bg st < <(awk -v b=$((b1 - b0)) -v s=$((s1 - s0)) -v r=$((r1 - r0)) -v bu="$bu" -v bs="$bs" -v hz="$HZ" \
             -v n="$(nproc)" -v el=$((t1 - t0)) 'BEGIN {
             el /= 1e9; st = 100 * s / hz / el / n
             if (el < 1) { printf "n/a %.1f\n", st; exit }   # too short for 10 ms ticks
             v = (b / hz - r / hz - bu - bs) / el; if (v < 0) v = 0; printf "%.2f %.1f\n", v, st }')
      row="$(grep '^"INCR"' <<<"$out" | tr -d '"' | awk -F, -v OFS='\t' '{ print $2, $3, $5, $6, $7, $8 }')"
      if (( a <= RETRIES )) && awk -v b="$bg" -v m="$RETRY_BG" -v s="$st" -v ms="$RETRY_STEAL" \
           'BEGIN { exit !((b != "n/a" && b > m) || s > ms) }'; then
        echo "  [redis-benchmark $cfg] bg_cpu=$bg steal=$st%: disturbed, retrying" >&2; continue
      fi
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$cfg" "$r" "${row:-FAILED}" "$bg" "$st" "$a"
      break
    done
  done
done
