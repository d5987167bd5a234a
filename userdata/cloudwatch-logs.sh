#!/bin/bash
# Ships a web instance's logs to CloudWatch Logs. Shipped inside agent.jar (boot/cloudwatch-logs.sh, covered by
# the jar's SHA-256, like the systemd unit) so the user data stays under its budget; web.sh runs it once the jar
# is verified (ROOT/opt/zerodown/agent.jar), with the environment name as its argument:
#   bash -c "$(from_jar boot/cloudwatch-logs.sh)" cloudwatch-logs ENV_NAME
# It writes the CloudWatch agent's configuration (the jar's boot/cloudwatch-agent.json with the environment
# name put in: /var/log/zerodown/agent.log to /zerodown/<env>/agent, cloud-init's output, which carries every
# line web.sh logs, to /zerodown/<env>/boot, one stream per instance id in each), installs the agent log's
# logrotate rule, and (re)starts the CloudWatch agent (amazon-cloudwatch-agent, installed by web.sh from
# Amazon Linux 2023's repositories) with that configuration. The web stack creates both groups; the instance
# role may only create streams and put events in them. Exits non-zero on any failure: web.sh logs it and boots
# on without shipping (the logs stay on the instance). Every path is below ROOT (default /), as in web.sh.
set -euo pipefail
umask 022

ROOT="${ROOT:-/}"
ROOT="${ROOT%/}"
PATH="$PATH:/opt/aws/amazon-cloudwatch-agent/bin"
jar="$ROOT/opt/zerodown/agent.jar"
env_name="$1"
[[ "$env_name" =~ ^[a-z][a-z0-9]{0,15}$ ]] || { echo "cloudwatch-logs: bad environment name: $env_name" >&2; exit 2; }

from_jar() {
  python3 -c 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())' "$jar" "$1"
}

config="$ROOT/etc/zerodown/cloudwatch-agent.json"
rotate="$ROOT/etc/logrotate.d/zerodown-agent"
install -d -m 0755 "$(dirname "$config")" "$(dirname "$rotate")"
from_jar boot/cloudwatch-agent.json | sed "s|@ENV_NAME@|$env_name|g" > "$config.tmp"
mv -f "$config.tmp" "$config"
from_jar boot/zerodown-agent.logrotate > "$rotate.tmp"
mv -f "$rotate.tmp" "$rotate"
# fetch-config validates the JSON, translates it into the agent's own format, and with -s (re)starts the agent.
amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c "file:$config"
