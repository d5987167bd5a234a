#!/usr/bin/env bash
# The overload cell (issue 18): a spike of CONNS keep-alive connections on hello.py for DURATION while
# ping.py is checked on the agent's health port every 100 ms (a fresh connection each, as the ALB's
# checks are) and the agent's RSS is sampled; then the time until hello.py answers 200 again.
#
# Usage: overload.sh BASE_URL HEALTH_URL AGENT_PID   (loopback only)
# Env: CONNS=1000 DURATION=10s OUT=dir
# Prints one TSV header and one row: conns, 200s, 503s, other statuses, socket errors, 200s per second,
# health checks sent / not 200, ping.py p99 and max (ms), RSS peak (KiB), spike end -> first 200 (ms).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
BASE="$1"; HEALTH="$2"; PID="$3"
CONNS="${CONNS:-1000}"; DURATION="${DURATION:-10s}"; OUT="${OUT:-${BENCH_DIR:-/tmp/bench}/overload}"
mkdir -p "$OUT"
for u in "$BASE" "$HEALTH"; do
  case "$u" in http://127.0.0.1:*|http://localhost:*) ;; *) echo "overload.sh: loopback URLs only: $u" >&2; exit 2 ;; esac
done
# wrk needs a file descriptor per connection: raise the soft limit as far as the hard one allows.
need=$((CONNS + 64)); hard="$(ulimit -Hn)"
if [[ "$hard" != unlimited && "$hard" -lt "$need" ]]; then
  echo "overload.sh: $CONNS connections need $need open files, the hard limit is $hard (raise ulimit -Hn)" >&2; exit 1
fi
ulimit -n "$need"

ms() { date +%s%3N; }
secs="${DURATION%s}"
( end=$(( $(ms) + secs * 1000 ))
  while (( $(ms) < end )); do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 5 "$HEALTH/cgi-bin/ping.py" || true
    sleep 0.1
  done > "$OUT/ping-$CONNS.txt" ) &
PING=$!
( while kill -0 "$PID" 2>/dev/null; do ps -o rss= -p "$PID"; sleep 0.1; done > "$OUT/rss-$CONNS.txt" ) &
RSS=$!
wrk -t2 -c"$CONNS" -d"$DURATION" --timeout 10s -s "$HERE/status.lua" "$BASE/cgi-bin/hello.py" > "$OUT/wrk-$CONNS.txt"
end="$(ms)"
first=""
for _ in $(seq 1000); do
  [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE/cgi-bin/hello.py" || true)" == 200 ]] && { first=$(( $(ms) - end )); break; }
  sleep 0.01
done
wait "$PING"; kill "$RSS" 2>/dev/null || true; wait "$RSS" 2>/dev/null || true

line="$(grep '^STATUS' "$OUT/wrk-$CONNS.txt")"
count() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<"$line" | head -1; }
ok="$(count 200)"; shed="$(count 503)"; ok="${ok:-0}"; shed="${shed:-0}"
all="$(grep -o ' [0-9][0-9][0-9]=[0-9]*' <<<"$line" | awk -F= '{ s += $2 } END { print s + 0 }')"
errors="$(( $(count connect) + $(count read) + $(count write) + $(count timeout) ))"
checks="$(wc -l < "$OUT/ping-$CONNS.txt")"
bad="$(awk '$1 != 200' "$OUT/ping-$CONNS.txt" | wc -l)"
p99="$(awk '{ print $2 * 1000 }' "$OUT/ping-$CONNS.txt" | sort -n | awk '{ v[NR] = $1 } END { i = int(NR * 0.99 + 0.999); if (i > NR) i = NR; if (NR) printf "%d", v[i] }')"
max="$(awk '{ print $2 * 1000 }' "$OUT/ping-$CONNS.txt" | sort -n | tail -1 | awk '{ printf "%d", $1 }')"
rss="$(sort -n "$OUT/rss-$CONNS.txt" | tail -1)"
printf 'conns\tok_200\tshed_503\tother\tsock_err\tok_per_s\tchecks\tchecks_not_200\tping_p99_ms\tping_max_ms\trss_peak_kb\trecovery_ms\talive\n'
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$CONNS" "$ok" "$shed" "$(( all - ok - shed ))" "$errors" \
  "$(( ok / secs ))" "$checks" "$bad" "${p99:-}" "${max:-}" "${rss:-}" "${first:-never}" "$(kill -0 "$PID" 2>/dev/null && echo yes || echo no)"
