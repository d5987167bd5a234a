#!/usr/bin/env bash
# Run the standard wrk matrix against one or more HTTP servers on loopback and
# print one compact table, so the seed CGI server and e.g. a Java port can be
# compared in a single run.
#
# Usage:
#   compare.sh [BASE_URL [LABEL]] [BASE_URL2 LABEL2 ...]
#   compare.sh                                    # http://127.0.0.1:8000 "seed"
#   compare.sh http://127.0.0.1:8000 seed http://127.0.0.1:8080 java
#
# Env (defaults):
#   PATHS="/cgi-bin/hello.py /cgi-bin/ping.py"   CONNS="1 16 64"
#   DURATION=10s  MAX_THREADS=2 (wrk -t = min(conns, MAX_THREADS))
#   TIMEOUT=10s   wrk --timeout: a response slower than this counts as a "timeout"
#                 socket error and is left out of the latency histogram (it is
#                 still counted as a completed request). wrk's default is 2s.
#   PAUSE=2       seconds between runs (after the drain below)
#   DRAIN_MAX=120 after each run wait until no TCP socket on the target port is
#                 left in any state but LISTEN/TIME-WAIT (requests the server is
#                 still executing, handshakes stuck in a full listen backlog that
#                 the kernel keeps retrying), at most this many seconds. Without
#                 this, leftover requests of one run execute during the next one.
#                 drain_s column; "120+" = gave up.
#   CHECK=1       per-response check: 2xx AND body contains the expected text;
#                 uses a Lua response() hook (a little client CPU).
#                 CHECK=0 -> plain wrk with a summary-only script.
#   EXPECT_<n>    expected text for the n-th path (1-based). Defaults: path with
#                 "hello" -> "Hello World!", "ping" -> "<p>ok</p>", else "".
#   REDIS_PORT=6390  if redis answers there: GET count before/after each run of
#                 a "hello" path (after the drain) -> cnt_delta, and cnt_check:
#                   ok(+N)  every "counter: N" value in the 2xx bodies is
#                           distinct, inside (before, after], their number
#                           equals ok_reqs, and ok_reqs <= delta <= ok_reqs+conns+non2xx
#                           (+N = delta - ok_reqs: requests the server executed
#                           but wrk never counted, i.e. the ones in flight when
#                           wrk stopped; == conns when all of them ran; non2xx:
#                           each 503 may have spent a value that was never
#                           served, see docs/metrics.md on group commit);
#                           with SERVER_LOG also delta <= srv_reqs (python
#                           http.server logs a request before it starts the CGI;
#                           if the client is already gone, writing the headers
#                           fails and the script never runs).
#                   FAIL:<what>  otherwise.
#   SERVER_LOG=   optional server access log; lines containing "GET <path>"
#                 added during the run (+drain) -> srv_reqs.
#   RSS_PID=auto  server PID; default: found per target as the root process
#                 listening on the target port (ss -ltnp). RSS (KiB) of it and
#                 of its process tree (e.g. CGI children; shared pages counted
#                 once per process) sampled every RSS_EVERY=0.5 s during the run
#                 -> rss_kb, tree_kb. RSS_PID=none disables.
#   OWN_PIDS=     PIDs whose CPU (incl. children) is "ours" for the noise column;
#                 default: the target's server PID + /tmp/bench/redis.pid.
#   WRK_HEADER=   optional extra request header, e.g. "Connection: close"
#   QUIET_MAX=0.15 QUIET_WAIT=30  before each run wait (at most QUIET_WAIT s)
#                 until the whole machine uses <= QUIET_MAX cores (other jobs);
#                 QUIET_MAX=off disables.
#   RETRIES=1 RETRY_BG=0.25 RETRY_STEAL=5  re-run a cell (up to RETRIES more
#                 times) when bg_cpu > RETRY_BG (other jobs in this VM) or
#                 steal_pct > RETRY_STEAL (other VMs on the host) disturbed it;
#                 the last attempt is reported (attempts column; raw files of
#                 earlier attempts are kept as *.attemptN).
#   WIDE=1        print all columns (default: compact set)
#   OUT=/tmp/bench/results   raw wrk output + full TSV go here.
#   ALLOW_NONLOCAL=0  refuse any host but 127.0.0.1 / localhost / [::1].
#
# Columns:
#   req_s, p50_ms, p99_ms  wrk numbers (wrk's latency includes its own
#                 coordinated-omission correction)
#   errors   connect+read+write+timeout socket errors + non-2xx/3xx (wrk:
#            status>399) + bad bodies. With CHECK=1 the read count is corrected:
#            wrk 4.1 adds one spurious read error per connection-close-delimited
#            response (HTTP/1.0 without Content-Length, e.g. python http.server
#            CGI); raw counts are in the TSV (raw_read_err, eof_resp).
#   ok_reqs  completed responses that passed the check (2xx if CHECK=0)
#   bg_cpu   cores used during the run by processes other than wrk/OWN_PIDS
#            (other jobs on the box; >0.2 means the run was disturbed)
#   steal_pct  hypervisor steal during the run, % of all vCPU time (other VMs
#            on the host; high-rate runs like nginx lose ~proportionally)
#   listen_ovf  system-wide TcpExt ListenOverflows during the run: handshakes
#            dropped because a listen backlog was full; the client retries after
#            1 s, 3 s, ... -> multi-second latency outliers.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib-noise.sh
. "$HERE/lib-noise.sh"
QUIET_MAX="${QUIET_MAX:-0.15}"
QUIET_WAIT="${QUIET_WAIT:-30}"
PATHS="${PATHS:-/cgi-bin/hello.py /cgi-bin/ping.py}"
CONNS="${CONNS:-1 16 64}"
DURATION="${DURATION:-10s}"
MAX_THREADS="${MAX_THREADS:-2}"
TIMEOUT="${TIMEOUT:-10s}"
PAUSE="${PAUSE:-2}"
DRAIN_MAX="${DRAIN_MAX:-120}"
CHECK="${CHECK:-1}"
REDIS_PORT="${REDIS_PORT:-6390}"
OUT="${OUT:-${BENCH_DIR:-/tmp/bench}/results}"
SERVER_LOG="${SERVER_LOG:-}"
RSS_PID="${RSS_PID:-auto}"
RSS_EVERY="${RSS_EVERY:-0.5}"
WIDE="${WIDE:-0}"
RETRIES="${RETRIES:-1}"
RETRY_BG="${RETRY_BG:-0.25}"
RETRY_STEAL="${RETRY_STEAL:-5}"
mkdir -p "$OUT"

command -v wrk >/dev/null || { echo "wrk not installed (apt-get install -y wrk)" >&2; exit 1; }

# targets: pairs URL LABEL
args=("$@")
[[ ${#args[@]} -eq 0 ]] && args=("http://127.0.0.1:8000" "seed")
[[ $(( ${#args[@]} % 2 )) -eq 1 ]] && args+=("$(basename "${args[-1]}")")

host_of() { sed -E 's#^[a-z]+://(\[[^]]*\]|[^/:]+).*#\1#' <<<"$1"; }
port_of() {
  local p; p="$(sed -nE 's#^[a-z]+://(\[[^]]*\]|[^/:]+):([0-9]+).*#\2#p' <<<"$1")"
  if [[ -n "$p" ]]; then echo "$p"; elif [[ "$1" == https* ]]; then echo 443; else echo 80; fi
}
for ((i = 0; i < ${#args[@]}; i += 2)); do
  case "$(host_of "${args[i]}")" in
    127.0.0.1|localhost|"[::1]") ;;
    *) [[ "${ALLOW_NONLOCAL:-0}" == 1 ]] || { echo "refusing non-loopback URL '${args[i]}' (set ALLOW_NONLOCAL=1)" >&2; exit 1; } ;;
  esac
done

redis_count() {  # prints the counter (0 if the key does not exist)
  local v; v="$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" get count 2>/dev/null | tr -d '\r' || true)"
  echo "${v:-0}"
}
have_redis=0
redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && have_redis=1

log_count() {  # $1 = path
  [[ -n "$SERVER_LOG" && -r "$SERVER_LOG" ]] || { echo ""; return; }
  grep -cF "GET $1" "$SERVER_LOG" || true
}
busy_sockets() {  # $1 = port: TCP sockets on it not in LISTEN / TIME-WAIT
  ss -Htan "( sport = :$1 or dport = :$1 )" 2>/dev/null | awk '$1 != "LISTEN" && $1 != "TIME-WAIT"' | wc -l
}
drain() {  # $1 = port; prints seconds waited ("N+" if it gave up)
  local t0 n el
  t0=$(date +%s%N)
  while :; do
    n=$(busy_sockets "$1")
    el=$(( ($(date +%s%N) - t0) / 1000000 ))
    if (( n == 0 )); then awk -v e="$el" 'BEGIN { printf "%.1f\n", e / 1000 }'; return; fi
    if (( el >= DRAIN_MAX * 1000 )); then echo "${DRAIN_MAX}+"; return; fi
    sleep 0.5
  done
}
rss_sampler() {  # $1 = pid, $2 = output file; writes "self_max tree_max"
  local pid=$1 f=$2 smax=0 tmax=0 s t
  while kill -0 "$pid" 2>/dev/null; do
    read -r s t < <(ps -e -o pid=,ppid=,rss= | awk -v root="$pid" '
      { pp[$1] = $2; rss[$1] = $3 }
      END { for (p in pp) { q = p; while (q != "" && q != 0 && q != 1) { if (q == root) { tot += rss[p]; break } q = pp[q] } }
            print rss[root] + 0, tot + 0 }')
    (( s > smax )) && smax=$s
    (( t > tmax )) && tmax=$t
    echo "$smax $tmax" > "$f.tmp" && mv -f "$f.tmp" "$f"
    sleep "$RSS_EVERY"
  done
}
HZ=$(getconf CLK_TCK); NCPU=$(nproc)
OWN_PIDS_ENV="${OWN_PIDS:-}"
REDIS_PIDF="$(cat "${BENCH_DIR:-/tmp/bench}/redis.pid" 2>/dev/null || true)"
[[ -n "$REDIS_PIDF" && "$(cat "/proc/$REDIS_PIDF/comm" 2>/dev/null)" == redis-server* ]] || REDIS_PIDF=""
listener_root() {  # $1 = port: the root process among those listening on it
  local pids p pp
  pids="$(ss -Hltnp "( sport = :$1 )" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -un | tr '\n' ' ')"
  for p in $pids; do
    pp="$(ps -o ppid= -p "$p" 2>/dev/null | tr -d ' ')"
    [[ " $pids " == *" $pp "* ]] || { echo "$p"; return; }
  done
}
cpu_snap() {  # busy_ticks steal_ticks (all CPUs; busy includes irq/softirq)
  awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $9 }' /proc/stat
}
own_ticks() {  # CPU ticks of OWN_PIDS (utime+stime+cutime+cstime) + their live descendants
  [[ -n "${OWN_PIDS// /}" ]] || { echo 0; return; }
  # shellcheck disable=SC2086
  /usr/bin/python3 - $OWN_PIDS <<'PY'
import os, sys
roots = {int(a) for a in sys.argv[1:]}
info = {}
for d in os.listdir('/proc'):
    if not d.isdigit():
        continue
    try:
        with open('/proc/%s/stat' % d) as f:
            rest = f.read().rsplit(')', 1)[1].split()
    except OSError:
        continue
    # rest[1]=ppid, rest[11..14]=utime stime cutime cstime
    info[int(d)] = (int(rest[1]), [int(x) for x in rest[11:15]])
total = 0
for pid, (ppid, t) in info.items():
    if pid in roots:
        total += sum(t)            # includes reaped children (cutime/cstime)
        continue
    q, hops = ppid, 0
    while q > 1 and hops < 64:
        if q in roots:
            total += t[0] + t[1]   # live descendant: its own time so far
            break
        q = info.get(q, (0, None))[0]; hops += 1
print(total)
PY
}
listen_ovf() {
  awk '/^TcpExt:/ { if (!h) { for (i = 1; i <= NF; i++) n[i] = $i; h = 1 }
                    else { for (i = 1; i <= NF; i++) if (n[i] == "ListenOverflows") print $i } }' /proc/net/netstat
}
SAMPLER=""
stop_sampler() {
  if [[ -n "$SAMPLER" ]]; then
    kill "$SAMPLER" 2>/dev/null || true
    wait "$SAMPLER" 2>/dev/null || true
  fi
  SAMPLER=""
}
trap stop_sampler EXIT

ms() { awk -v u="$1" 'BEGIN { printf "%.2f", u / 1000 }'; }

hdr=(); [[ -n "${WRK_HEADER:-}" ]] && hdr=(-H "$WRK_HEADER")
# hard wall-clock bound on each wrk process (duration + 60 s), in case it hangs
dur_s=$(awk -v d="$DURATION" 'BEGIN { n = d + 0; if (d ~ /m$/) n *= 60; else if (d ~ /h$/) n *= 3600; print int(n) }')
KILL_AFTER=$(( dur_s + 60 ))

stamp="$(date +%Y%m%d-%H%M%S)"
tsv="$OUT/compare-$stamp.tsv"
COLS=(label path conns req_s p50_ms p99_ms errors ok_reqs cnt_delta cnt_check srv_reqs rss_kb tree_kb
      bg_cpu listen_ovf drain_s
      sock_crwt non2xx bad_body p90_ms max_ms requests duration_s raw_read_err eof_resp
      cnt_before cnt_after cnt_vals cnt_distinct cnt_min cnt_max cpu_busy steal_pct wrk_cpu_s threads timeout attempts url)
(IFS=$'\t'; echo "${COLS[*]}") > "$tsv"

first=1; any_pid=""
for ((i = 0; i < ${#args[@]}; i += 2)); do
  base="${args[i]%/}"; label="${args[i+1]}"; port="$(port_of "$base")"
  case "$RSS_PID" in
    auto) tpid="$(listener_root "$port")" ;;
    none) tpid="" ;;
    *)    tpid="$RSS_PID" ;;
  esac
  OWN_PIDS="${OWN_PIDS_ENV:-$tpid $REDIS_PIDF}"
  [[ -n "$tpid" ]] && any_pid=1
  n=0
  for path in $PATHS; do
    n=$((n + 1))
    var="EXPECT_$n"
    if [[ -n "${!var+x}" ]]; then expect="${!var}"
    elif [[ "$path" == *hello* ]]; then expect="Hello World!"
    elif [[ "$path" == *ping* ]]; then expect="<p>ok</p>"
    else expect=""; fi
    for c in $CONNS; do
     t=$(( c < MAX_THREADS ? c : MAX_THREADS ))
     for ((attempt = 1; attempt <= RETRIES + 1; attempt++)); do
      [[ $first == 1 ]] || sleep "$PAUSE"
      first=0
      pre_drain="$(drain "$port")"   # nothing of an earlier run may still be running
      [[ "$QUIET_MAX" == off ]] || wait_quiet "$QUIET_MAX" "$QUIET_WAIT" >/dev/null || true
      before=""; [[ $have_redis == 1 && "$path" == *hello* ]] && before="$(redis_count)"
      raw="$OUT/wrk-$stamp-$label-$(tr '/' '_' <<<"$path")-c$c.txt"
      lc_before="$(log_count "$path")"
      rssf="$raw.rss"; echo "- -" > "$rssf"
      if [[ -n "$tpid" ]]; then rss_sampler "$tpid" "$rssf" & SAMPLER=$!; fi
      lo0=$(listen_ovf)
      read -r b0 st0 < <(cpu_snap); o0=$(own_ticks); w0=$(date +%s%N)
      if [[ "$CHECK" == 1 ]]; then
        /usr/bin/time -f 'WRKCPU %U %S' -o "$raw.cpu" timeout -k 5 "$KILL_AFTER" \
          wrk "${hdr[@]}" -t"$t" -c"$c" -d"$DURATION" --timeout "$TIMEOUT" --latency \
          -s "$HERE/check.lua" "$base$path" -- "$expect" > "$raw" 2>&1 || true
      else
        /usr/bin/time -f 'WRKCPU %U %S' -o "$raw.cpu" timeout -k 5 "$KILL_AFTER" \
          wrk "${hdr[@]}" -t"$t" -c"$c" -d"$DURATION" --timeout "$TIMEOUT" --latency \
          -s "$HERE/report.lua" "$base$path" > "$raw" 2>&1 || true
      fi
      read -r b1 st1 < <(cpu_snap); o1=$(own_ticks); w1=$(date +%s%N)
      lo1=$(listen_ovf)
      stop_sampler
      wu=0; ws=0; read -r _ wu ws < <(grep '^WRKCPU' "$raw.cpu" | tail -1) || true
      read -r cpu_busy bg_cpu steal < <(awk -v b=$((b1 - b0)) -v st=$((st1 - st0)) -v o=$((o1 - o0)) \
        -v wu="$wu" -v ws="$ws" -v hz="$HZ" -v n="$NCPU" -v el=$((w1 - w0)) 'BEGIN {
          el /= 1e9; busy = b / hz / el; ours = (o / hz + wu + ws) / el; bg = busy - ours
          if (bg < 0) bg = 0
          printf "%.2f %.2f %.1f\n", busy, bg, 100 * st / hz / el / n }')
      if (( attempt <= RETRIES )) && awk -v b="$bg_cpu" -v m="$RETRY_BG" -v s="$steal" -v ms="$RETRY_STEAL" 'BEGIN { exit !(b > m || s > ms) }'; then
        echo "  [$label $path c=$c] bg_cpu=$bg_cpu (max $RETRY_BG) steal=$steal% (max $RETRY_STEAL): disturbed, retrying (attempt $attempt)" >&2
        drain "$port" >/dev/null
        for f in "$raw" "$raw.cpu" "$raw.rss"; do if [[ -e "$f" ]]; then mv -f "$f" "$f.attempt$attempt"; fi; done
        continue
      fi
      drain_s="$(drain "$port")"
      [[ "$pre_drain" == "${DRAIN_MAX}+" ]] && drain_s="pre:${pre_drain},$drain_s"
      delta="-"; after="-"
      if [[ -n "$before" ]]; then after="$(redis_count)"; delta=$(( after - before )); fi
      srv="-"; lc_after="$(log_count "$path")"
      [[ -n "$lc_before" && -n "$lc_after" ]] && srv=$(( lc_after - lc_before ))
      rss_self="-"; rss_tree="-"
      read -r rss_self rss_tree < "$rssf" || true
      line="$(grep '^WRKSUM' "$raw" | tail -1 || true)"
      if [[ -z "$line" ]]; then
        printf '%s\t%s\t%s\tFAILED(see %s)\n' "$label" "$path" "$c" "$raw" >> "$tsv"
        break
      fi
      declare -A m=()
      for kv in ${line#WRKSUM }; do m[${kv%%=*}]="${kv#*=}"; done
      rps=$(awk -v r="${m[requests]}" -v d="${m[duration_us]}" 'BEGIN { printf "%.1f", r / (d / 1e6) }')
      rd=${m[read]}
      if (( m[eof_resp] >= 0 )); then rd=$(( m[read] - m[eof_resp] )); (( rd < 0 )) && rd=0; fi
      sock=$(( m[connect] + rd + m[write] + m[timeout] ))
      bad=${m[bad_body]}
      if (( bad < 0 )); then bad=0; okr=$(( m[requests] - m[status] )); bad_s="n/a"
      else okr=${m[good_body]}; bad_s=$bad; fi
      errs=$(( sock + m[status] + bad ))
      check="-"
      if [[ "$delta" != "-" ]]; then
        why=""
        if (( m[cnt_n] >= 0 )); then
          (( m[cnt_n] == okr )) || why+="vals(${m[cnt_n]})!=ok,"
          (( m[cnt_distinct] == m[cnt_n] )) || why+="dup_vals,"
          if (( m[cnt_n] > 0 )); then
            (( m[cnt_min] > before && m[cnt_max] <= after )) || why+="vals_out_of_range,"
          fi
        fi
        (( delta >= okr )) || why+="delta<ok,"
        # Each request that was not served moves the key by at most one: its value skipped (it gave up after
        # its batch was sent) or its batch's outcome unknown (group commit: a failed INCRBY n is never retried).
        (( delta <= okr + c + m[status] )) || why+="delta>ok+conns+non2xx,"
        [[ "$srv" == "-" ]] || (( delta <= srv )) || why+="delta>srv($srv),"
        if [[ -z "$why" ]]; then check="ok(+$(( delta - okr )))"; else check="FAIL:${why%,}"; fi
      fi
      vals=(
        "$label" "$path" "$c" "$rps" "$(ms "${m[p50_us]}")" "$(ms "${m[p99_us]}")" "$errs" "$okr" "$delta" "$check"
        "$srv" "$rss_self" "$rss_tree" "$bg_cpu" "$(( lo1 - lo0 ))" "$drain_s"
        "${m[connect]}/${rd}/${m[write]}/${m[timeout]}" "${m[status]}" "$bad_s"
        "$(ms "${m[p90_us]}")" "$(ms "${m[max_us]}")" "${m[requests]}"
        "$(awk -v d="${m[duration_us]}" 'BEGIN { printf "%.2f", d / 1e6 }')" "${m[read]}" "${m[eof_resp]}"
        "${before:--}" "$after" "${m[cnt_n]}" "${m[cnt_distinct]}" "${m[cnt_min]}" "${m[cnt_max]}"
        "$cpu_busy" "$steal" "$(awk -v a="$wu" -v b="$ws" 'BEGIN { printf "%.2f", a + b }')" "$t" "$TIMEOUT" "$attempt" "$base$path"
      )
      (IFS=$'\t'; echo "${vals[*]}") >> "$tsv"
      unset m
      break
     done
    done
  done
done

show="label path conns req_s p50_ms p99_ms errors ok_reqs"
[[ $have_redis == 1 ]] && show+=" cnt_delta cnt_check"
[[ -n "$SERVER_LOG" ]] && show+=" srv_reqs"
[[ -n "$any_pid" ]] && show+=" rss_kb tree_kb"
show+=" bg_cpu steal_pct listen_ovf drain_s"
[[ "$WIDE" == 1 ]] && show="${COLS[*]}"
awk -F'\t' -v show="$show" 'NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; n = split(show, s, " ") }
  { line = ""; for (j = 1; j <= n; j++) { v = (s[j] in idx) ? $(idx[s[j]]) : "?"; if (v == "") v = "-"; line = line (j > 1 ? "\t" : "") v }
    print line }' "$tsv" | column -t -s $'\t'
echo "(raw wrk output and full TSV: $tsv)"
