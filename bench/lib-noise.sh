# shellcheck shell=bash
# Sourced helpers: detect other load on this (shared, virtualised) box.
#  - other jobs in this VM show up as busy CPU that is not ours
#  - other VMs on the host show up as "steal" time (the hypervisor ran someone
#    else while our vCPU wanted to run)
# busy_ticks: all-CPU busy ticks (user+nice+system+irq+softirq); steal_ticks
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }
steal_ticks() { awk '/^cpu / { print $9 }' /proc/stat; }
# noise_over SECONDS -> "busy_cores steal_pct" averaged over the interval
noise_over() {
  local t0 t1 b0 b1 s0 s1
  b0=$(busy_ticks); s0=$(steal_ticks); t0=$(date +%s%N); sleep "$1"
  b1=$(busy_ticks); s1=$(steal_ticks); t1=$(date +%s%N)
  awk -v b=$((b1 - b0)) -v s=$((s1 - s0)) -v hz="$(getconf CLK_TCK)" -v n="$(nproc)" -v el=$((t1 - t0)) \
    'BEGIN { el /= 1e9; printf "%.2f %.1f\n", b / hz / el, 100 * s / hz / el / n }'
}
cores_busy_over() { noise_over "$1" | cut -d' ' -f1; }
# wait_quiet [MAX_BUSY=0.15] [MAX_WAIT_S=60] [MAX_STEAL_PCT=5]: wait until the
# machine is idle (busy cores over 0.5 s <= MAX_BUSY and steal <= MAX_STEAL_PCT)
# -- call it only while nothing of ours is running. Prints "busy steal%" last
# measured; returns 1 if it gave up after MAX_WAIT_S.
wait_quiet() {
  local max="${1:-0.15}" maxw="${2:-60}" maxs="${3:-5}" t0 v
  t0=$(date +%s)
  while :; do
    v=$(noise_over 0.5)
    if awk -v b="${v% *}" -v s="${v#* }" -v m="$max" -v ms="$maxs" 'BEGIN { exit !(b <= m && s <= ms) }'; then
      echo "$v"; return 0
    fi
    if (( $(date +%s) - t0 >= maxw )); then echo "$v"; return 1; fi
    sleep 1
  done
}
