#!/usr/bin/env bash
# What a user might write instead of the agent: a minimal Node.js server (node-redis 4, whose client pipelines
# concurrent commands on one connection) serving the same two pages, one INCR per hello.py, on 127.0.0.1:PORT.
# Usage: node-ref.sh [PORT] [REDIS_PORT]   (defaults 8082, 6390). Needs node and npm (Debian: nodejs npm).
# Prints "node_pid=<PID>" (also in $BENCH_DIR/node/node.pid). Stop with: kill <PID>
set -euo pipefail
PORT="${1:-8082}"
REDIS_PORT="${2:-6390}"
BENCH_DIR="${BENCH_DIR:-/tmp/bench}"
D="$BENCH_DIR/node"
mkdir -p "$D"
{ command -v node && command -v npm; } >/dev/null || { echo "node and npm are needed (Debian: apt-get install -y nodejs npm)" >&2; exit 1; }
if [ ! -d "$D/node_modules/redis" ]; then
  (cd "$D" && { [ -f package.json ] || npm init -y >/dev/null; } && timeout 300 npm install --silent redis@4 >/dev/null)
fi
cat > "$D/server.js" <<'JS'
const http = require('http');
const { createClient } = require('redis');
const port = +process.argv[2], redisPort = +process.argv[3];
const client = createClient({ socket: { host: '127.0.0.1', port: redisPort } });
client.on('error', () => {});
const ping = '<html><body>\n<p>ok</p>\n</body></html>\n';
client.connect().then(() => {
  http.createServer(async (req, res) => {
    if (req.url === '/cgi-bin/ping.py') { res.writeHead(200, { 'Content-Type': 'text/html' }); res.end(ping); return; }
    if (req.url === '/cgi-bin/hello.py') {
      try {
        const n = await client.incr('count');
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end(`<html><body>\n<p>Hello World!<br />counter: ${n}<br />env: dev</p>\n<p>Id: i-node</p>\n</body></html>\n`);
      } catch (e) { res.writeHead(503); res.end('counter unavailable\n'); }
      return;
    }
    res.writeHead(404); res.end('not found\n');
  }).listen(port, '127.0.0.1');
});
JS
nohup node "$D/server.js" "$PORT" "$REDIS_PORT" >"$D/node.log" 2>&1 </dev/null &
pid=$!
echo "$pid" > "$D/node.pid"
for _ in $(seq 100); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/cgi-bin/ping.py")" = 200 ] && { echo "node_pid=$pid"; exit 0; }
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
echo "node reference did not start (log: $D/node.log)" >&2; kill "$pid" 2>/dev/null; exit 1
