#!/bin/bash
# zerodown web instance boot script (Amazon Linux 2023, run as root by cloud-init).
#
# Reads its inputs from /etc/zerodown/bootstrap.env (written by the generated UserData wrapper),
# installs Java 25, fetches agent.jar from S3, verifies its SHA-256 and refuses to start on a
# mismatch, installs the systemd unit and JVM flags the jar carries, starts the agent and waits until
# its loopback /ready answers 200 (Redis answers). Meanwhile the instance waits in Pending:Wait (the
# group's launching lifecycle hook): web.sh records a heartbeat every HEARTBEAT_SECONDS, then completes
# the hook with CONTINUE, the group registers the instance with the target group, and once the ALB
# reports it healthy web.sh signals CloudFormation success. Any failure completes the hook with ABANDON
# (the group terminates the instance, never registered) and signals CloudFormation failure at once.
# Idempotent: a re-run keeps what is already right. Every path is below ROOT (default /) so tests can
# run it in a sandbox. Logs go to /var/log/user-data.log, to the journal (tag zerodown-web) and to cloud-init's
# output, which the CloudWatch agent ships to /zerodown/<env>/boot.
set -euo pipefail
umask 022

ROOT="${ROOT:-/}"
ROOT="${ROOT%/}"
PATH="$PATH:/opt/aws/bin"
IMDS="${IMDS_ENDPOINT:-http://169.254.169.254}"
# Budgets. The hook's HeartbeatTimeout (900 s, web.yaml) bounds the time between two heartbeats; a
# heartbeat every 300 s keeps a slow but progressing boot alive. 600 s for /ready covers an ElastiCache
# failover or a NAT gateway still warming up; an agent that does not answer at all within 180 s is dead.
START_TIMEOUT_SECONDS="${START_TIMEOUT_SECONDS:-180}"
READY_TIMEOUT_SECONDS="${READY_TIMEOUT_SECONDS:-600}"
HEARTBEAT_SECONDS="${HEARTBEAT_SECONDS:-300}"
# After CONTINUE the group registers the target; 2 checks 5 s apart make it healthy in ~10-15 s.
HEALTHY_TIMEOUT_SECONDS="${HEALTHY_TIMEOUT_SECONDS:-180}"
POLL_SECONDS="${POLL_SECONDS:-5}"
# The target group's port (network.yaml) and the agent's PORT; the agent's loopback-only listener of GET /ready.
AGENT_PORT=8000
ADMIN_PORT=8001

CONF_DIR="$ROOT/etc/zerodown"
APP_DIR="$ROOT/opt/zerodown"
UNIT_FILE="$ROOT/etc/systemd/system/zerodown-agent.service"
LOG_FILE="$ROOT/var/log/user-data.log"
SERVICE=zerodown-agent.service
AGENT_USER=zerodown

mkdir -p "$(dirname "$LOG_FILE")"
if [ -z "$ROOT" ] && command -v systemd-cat >/dev/null 2>&1; then
  # file, journal, and cloud-init's output
  exec > >(tee -a "$LOG_FILE" >(systemd-cat -t zerodown-web)) 2>&1
else
  exec > >(tee -a "$LOG_FILE") 2>&1
fi

# Log lines go to stderr, so command substitutions never capture them.
log() { printf '%s zerodown-web: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }

ENV_NAME='' AWS_REGION='' CFN_STACK='' CFN_RESOURCE='' ASG_NAME='' LIFECYCLE_HOOK_NAME='' instance_id=''
signalled=false
signal_cfn() {
  # $1: 0 = success, 1 = failure. Only when the stack asked for signals and cfn-signal exists.
  if [ -n "${CFN_STACK:-}" ] && [ -n "${CFN_RESOURCE:-}" ] && command -v cfn-signal >/dev/null 2>&1; then
    cfn-signal -e "$1" --stack "$CFN_STACK" --resource "$CFN_RESOURCE" --region "$AWS_REGION" \
      || log "cfn-signal -e $1 failed (CloudFormation will time out instead)"
    signalled=true
  fi
}
# The launching hook's calls; only when the group has the hook (bootstrap names it) and the instance is known.
hooked() { [ -n "$ASG_NAME" ] && [ -n "$LIFECYCLE_HOOK_NAME" ] && [ -n "$instance_id" ]; }
hook() {
  aws autoscaling "$1" --region "$AWS_REGION" --auto-scaling-group-name "$ASG_NAME" \
    --lifecycle-hook-name "$LIFECYCLE_HOOK_NAME" --instance-id "$instance_id" "${@:2}"
}
hook_completed=false
# $1: CONTINUE or ABANDON
complete_hook() {
  hooked || return 0
  hook_completed=true
  retry 3 hook complete-lifecycle-action --lifecycle-action-result "$1" || return 1
  log "lifecycle action of $instance_id completed: $1"
}
next_heartbeat="$HEARTBEAT_SECONDS"
heartbeat_if_due() {
  [ "$SECONDS" -ge "$next_heartbeat" ] || return 0
  next_heartbeat=$((SECONDS + HEARTBEAT_SECONDS))
  hooked || return 0
  hook record-lifecycle-action-heartbeat || log "could not record a lifecycle action heartbeat"
}
on_exit() {
  local rc=$?
  if [ "$rc" -ne 0 ]; then
    log "FAILED with exit code $rc: the agent is not serving on this instance"
    if [ "$hook_completed" = false ]; then
      complete_hook ABANDON || log "could not complete the lifecycle action with ABANDON: the hook times out to ABANDON"
    fi
    [ "$signalled" = true ] || signal_cfn 1
  fi
}
trap on_exit EXIT

# die MESSAGE [EXIT_CODE]
die() { local code="${2:-1}"; log "ERROR: $1"; exit "$code"; }

retry() {
  # retry ATTEMPTS COMMAND...: for steps that need the network (NAT may still be warming up).
  local attempts=$1 n=1; shift
  until "$@"; do
    [ "$n" -ge "$attempts" ] && return 1
    log "attempt $n/$attempts failed: $*; retrying"
    n=$((n + 1))
    sleep "$POLL_SECONDS"
  done
}

# --- inputs ---------------------------------------------------------------------------------------
BOOTSTRAP="$CONF_DIR/bootstrap.env"
[ -r "$BOOTSTRAP" ] || die "missing $BOOTSTRAP: it is written by the launch template's UserData wrapper"
ARTIFACT_BUCKET='' ARTIFACT_KEY='' ARTIFACT_SHA256='' TARGET_GROUP_ARN=''
REDIS_HOST='' REDIS_PORT=6379 REDIS_TLS=false REDIS_AUTH_SECRET_ARN=''
METRICS_NAMESPACE=zerodown METRICS_STEP_SECONDS=60 DRAIN_SECONDS=15
while IFS='=' read -r key value || [ -n "$key" ]; do
  case "$key" in
    ''|'#'*) ;;
    ENV_NAME|AWS_REGION|CFN_STACK|CFN_RESOURCE|ASG_NAME|LIFECYCLE_HOOK_NAME|ARTIFACT_BUCKET|ARTIFACT_KEY|ARTIFACT_SHA256|TARGET_GROUP_ARN|\
    REDIS_HOST|REDIS_PORT|REDIS_TLS|REDIS_AUTH_SECRET_ARN|METRICS_NAMESPACE|METRICS_STEP_SECONDS|DRAIN_SECONDS)
      printf -v "$key" '%s' "$value" ;;
    *) log "ignoring unknown bootstrap key $key" ;;
  esac
done < "$BOOTSTRAP"
need() { [ -n "$2" ] || die "$BOOTSTRAP has no $1"; }
need ENV_NAME "$ENV_NAME"
need AWS_REGION "$AWS_REGION"
need ARTIFACT_BUCKET "$ARTIFACT_BUCKET"
need ARTIFACT_KEY "$ARTIFACT_KEY"
need ARTIFACT_SHA256 "$ARTIFACT_SHA256"
need REDIS_HOST "$REDIS_HOST"
[[ "$ARTIFACT_SHA256" =~ ^[a-f0-9]{64}$ ]] || die "ARTIFACT_SHA256 must be 64 lowercase hex characters: $ARTIFACT_SHA256"

# The instance id names this instance to the lifecycle hook and the target group.
imds_token="$(curl -fsS -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' --max-time 2 "$IMDS/latest/api/token")" \
  || die "IMDSv2 token request failed"
instance_id="$(curl -fsS -H "X-aws-ec2-metadata-token: $imds_token" --max-time 2 "$IMDS/latest/meta-data/instance-id")" \
  || die "could not read the instance id from IMDS"
log "starting: $instance_id env=$ENV_NAME region=$AWS_REGION jar=s3://$ARTIFACT_BUCKET/$ARTIFACT_KEY"

# --- Java -------------------------------------------------------------------------------------------
# Corretto 25, the current LTS: its AOT cache (below) is what brings the start under 350 ms (docs/PERFORMANCE.md).
# amazon-cloudwatch-agent ships the logs (below); logrotate rotates the agent's log file.
retry 5 dnf install -y -q java-25-amazon-corretto-headless aws-cfn-bootstrap awscli-2 amazon-cloudwatch-agent logrotate \
  || die "dnf could not install Java 25 (Corretto): check the NAT gateway route of this subnet"
heartbeat_if_due

# --- the jar, verified ------------------------------------------------------------------------------
install -d -m 0755 "$APP_DIR" "$CONF_DIR"
JAR="$APP_DIR/agent.jar"
changed=false
if [ -f "$JAR" ] && [ "$(sha256sum "$JAR" | cut -d' ' -f1)" = "$ARTIFACT_SHA256" ]; then
  log "agent.jar with sha256 $ARTIFACT_SHA256 already in place"
else
  download="$APP_DIR/agent.jar.download"
  rm -f "$download"
  retry 5 aws s3 cp --only-show-errors --region "$AWS_REGION" "s3://$ARTIFACT_BUCKET/$ARTIFACT_KEY" "$download" \
    || die "could not download s3://$ARTIFACT_BUCKET/$ARTIFACT_KEY: was the jar uploaded, may the instance role read it?"
  actual="$(sha256sum "$download" | cut -d' ' -f1)"
  if [ "$actual" != "$ARTIFACT_SHA256" ]; then
    rm -f "$download"
    die "agent.jar sha256 mismatch: expected $ARTIFACT_SHA256, got $actual; refusing to start it" 3
  fi
  chmod 0644 "$download"
  mv -f "$download" "$JAR"
  changed=true
  log "agent.jar verified: sha256 $actual"
fi
heartbeat_if_due

# write_file PATH MODE: stdin to PATH atomically; sets changed=true when the content differs.
write_file() {
  local target=$1 mode=$2 tmp
  tmp="$(mktemp "$target.XXXXXX")"
  cat > "$tmp"
  chmod "$mode" "$tmp"
  if [ -f "$target" ] && cmp -s "$tmp" "$target"; then
    rm -f "$tmp"
  else
    mv -f "$tmp" "$target"
    changed=true
  fi
}

# --- the systemd unit and the JVM flags: agent.jar carries them (boot/), so the digest covers them --------
# python3 is part of Amazon Linux 2023 (dnf and cloud-init run on it); Corretto headless has no jar tool.
from_jar() {
  python3 -c 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())' "$JAR" "$1"
}
jvm_options="$(from_jar boot/agent-jvm.options)" || die "agent.jar lacks boot/: rebuild it (./mvnw package)"
unit="$(from_jar boot/zerodown-agent.service)" || die "agent.jar lacks boot/: rebuild it (./mvnw package)"
# Logs to CloudWatch (/zerodown/<env>/agent and /boot, one stream per instance id) as early as the jar allows, so
# a boot that fails from here on is readable with `logs --boot`. The jar's script writes the CloudWatch agent's
# configuration and starts it; without it the boot goes on and the logs stay on the instance.
bash -c "$(from_jar boot/cloudwatch-logs.sh)" cloudwatch-logs "$ENV_NAME" || log "logs not shipped to CloudWatch"
write_file "$CONF_DIR/agent-jvm.options" 0644 <<< "$jvm_options"

# --- user, environment ------------------------------------------------------------------------------
if ! id -u "$AGENT_USER" >/dev/null 2>&1; then
  rc=0
  useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /sbin/nologin "$AGENT_USER" || rc=$?
  # 9: the user exists already (a re-run)
  [ "$rc" -eq 0 ] || [ "$rc" -eq 9 ] || die "useradd $AGENT_USER failed with $rc"
fi

# HEALTH_PORT is the target group's HealthCheckPort (cloudformation/network.yaml): ping.py on its own listener.
write_file "$CONF_DIR/agent.env" 0644 <<ENV
PORT=$AGENT_PORT
ADMIN_PORT=$ADMIN_PORT
HEALTH_PORT=8002
ENV_NAME=$ENV_NAME
REDIS_HOST=$REDIS_HOST
REDIS_PORT=$REDIS_PORT
REDIS_TLS=$REDIS_TLS
DRAIN_SECONDS=$DRAIN_SECONDS
METRICS_ENABLED=true
METRICS_NAMESPACE=$METRICS_NAMESPACE
METRICS_STEP_SECONDS=$METRICS_STEP_SECONDS
AWS_REGION=$AWS_REGION
ENV

if [ -n "$REDIS_AUTH_SECRET_ARN" ]; then
  token="$(retry 5 aws secretsmanager get-secret-value --region "$AWS_REGION" --secret-id "$REDIS_AUTH_SECRET_ARN" \
    --query SecretString --output text)" || die "could not read the Redis AUTH token from $REDIS_AUTH_SECRET_ARN"
  [ -n "$token" ] || die "the secret $REDIS_AUTH_SECRET_ARN is empty"
  # systemd EnvironmentFile syntax: double quotes, backslash and quote escaped, no expansion.
  escaped="$(printf '%s' "$token" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')"
  write_file "$CONF_DIR/redis-auth.env" 0600 <<AUTH
REDIS_PASSWORD="$escaped"
AUTH
  unset token escaped
elif [ -f "$CONF_DIR/redis-auth.env" ]; then
  rm -f "$CONF_DIR/redis-auth.env"
  changed=true
fi

# --- AOT cache (JDK 25): one training start records what the agent loads and links, a second step writes
# the cache, and the unit maps it (first 200 in about a third of the time, docs/PERFORMANCE.md). Named by
# the jar's digest and the JVM's runtime version, so a new jar or a new JVM gets a new cache; the JVM
# itself also checks both and starts without a cache that does not match. Training: Redis port 1 (hello.py
# answers 503 and counts nothing), ADMIN_PORT 0 (no admin listener to collide with the running agent's),
# its own PORT, no metrics. Best effort, each step bounded: without a cache the agent starts without one.
CDS_DIR="$ROOT/var/lib/zerodown"
CDS_PORT="${CDS_PORT:-18000}"
CDS_SECONDS="${CDS_SECONDS:-120}"
CDS_ENV="$CONF_DIR/agent-cds.env"
# The JVM's runtime version from its release file (no JVM start needed), e.g. 25.0.1+8-LTS -> 25.0.1_8-LTS.
jvm_version() {
  local java home
  java="$(readlink -f "$(command -v java)" 2>/dev/null)" || { echo unknown; return; }
  home="$(dirname "$(dirname "$java")")"
  sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"$/\1/p' "$home/release" 2>/dev/null | tr -c 'A-Za-z0-9.\n-' '_' | grep . || echo unknown
}
CDS_NAME="agent-$ARTIFACT_SHA256-jvm-$(jvm_version).aot"
CDS_ARCHIVE="$CDS_DIR/$CDS_NAME"
make_aot_cache() {
  local conf="$CDS_DIR/agent.aotconf" tmp="$CDS_ARCHIVE.creating" pid i url="http://127.0.0.1:$CDS_PORT/cgi-bin"
  rm -f "$conf" "$tmp"
  curl -s -o /dev/null --max-time 2 "$url/ping.py" && { log "AOT cache: port $CDS_PORT is taken"; return 1; }
  # The training start; after SIGTERM the JVM writes the configuration (seconds on a busy small machine),
  # hence the long grace period after the bound.
  PORT="$CDS_PORT" ADMIN_PORT=0 ENV_NAME="$ENV_NAME" INSTANCE_ID=i-cds-training REDIS_HOST=127.0.0.1 REDIS_PORT=1 \
    METRICS_ENABLED=false DRAIN_SECONDS=0 timeout -k 60 "$CDS_SECONDS" java -XX:AOTMode=record \
    -XX:AOTConfiguration="$conf" @"$CONF_DIR/agent-jvm.options" -jar "$JAR" >"$CDS_DIR/training.log" 2>&1 &
  pid=$!
  for ((i = 0; i < CDS_SECONDS * 10; i++)); do
    curl -fs -o /dev/null --max-time 2 "$url/ping.py" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  curl -s -o /dev/null --max-time 5 "$url/hello.py" || true
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" || true
  [ -s "$conf" ] || { rm -f "$conf"; log "AOT cache: the training start recorded nothing (see $CDS_DIR/training.log)"; return 1; }
  # The assembly step runs no application code: it reads the configuration and writes the cache.
  timeout -k 5 "$CDS_SECONDS" java -XX:AOTMode=create -XX:AOTConfiguration="$conf" -XX:AOTCache="$tmp" \
    @"$CONF_DIR/agent-jvm.options" -jar "$JAR" >>"$CDS_DIR/training.log" 2>&1 || true
  rm -f "$conf"
  [ -s "$tmp" ] || { rm -f "$tmp"; log "AOT cache: the assembly step wrote no cache (see $CDS_DIR/training.log)"; return 1; }
  chmod 0644 "$tmp" && mv -f "$tmp" "$CDS_ARCHIVE"
}
install -d -m 0755 "$CDS_DIR"
[ -s "$CDS_ARCHIVE" ] || { make_aot_cache && log "AOT cache made: $CDS_ARCHIVE"; } || true
# Caches and AppCDS archives of other jars or JVMs are of no use any more.
for old in "$CDS_DIR"/agent-*.aot "$CDS_DIR"/agent-*.jsa; do
  if [ -e "$old" ] && [ "$old" != "$CDS_ARCHIVE" ]; then rm -f "$old"; fi
done
if [ -s "$CDS_ARCHIVE" ]; then
  write_file "$CDS_ENV" 0644 <<< "AGENT_CDS=-XX:AOTCache=/var/lib/zerodown/$CDS_NAME"
elif [ -f "$CDS_ENV" ]; then
  rm -f "$CDS_ENV"
  changed=true
fi

install -d -m 0755 "$(dirname "$UNIT_FILE")"
write_file "$UNIT_FILE" 0644 <<< "$unit"

systemctl daemon-reload
systemctl enable "$SERVICE"
if [ "$changed" = true ]; then
  log "configuration changed: restarting $SERVICE"
  systemctl restart "$SERVICE"
else
  log "configuration unchanged: making sure $SERVICE runs"
  systemctl start "$SERVICE"
fi

# --- ready? The agent's /ready answers 200 once Redis answers PING as master, 503 with a reason before --
ready_url="http://127.0.0.1:$ADMIN_PORT/ready"
started=$SECONDS
answered=false
reason="no answer from $ready_url"
while :; do
  answer="$(curl -s --max-time 3 -w ' %{http_code}' "$ready_url" || true)"
  code="${answer##* }"
  [ "$code" = 200 ] && break
  if [ "$code" = 000 ] || [ -z "$code" ]; then
    now="no answer from $ready_url"
  else
    answered=true
    body="${answer% *}"
    # the agent's one-line reason
    now="HTTP $code: ${body%%$'\n'*}"
  fi
  [ "$now" = "$reason" ] || log "not ready yet: $now"
  reason="$now"
  waited=$((SECONDS - started))
  [ "$answered" = true ] || [ "$waited" -lt "$START_TIMEOUT_SECONDS" ] \
    || die "the agent did not answer on 127.0.0.1:$ADMIN_PORT within ${START_TIMEOUT_SECONDS}s: see /var/log/zerodown/agent.log"
  [ "$waited" -lt "$READY_TIMEOUT_SECONDS" ] || die "the agent was not ready within ${READY_TIMEOUT_SECONDS}s: $reason"
  heartbeat_if_due
  sleep "$POLL_SECONDS"
done
log "the agent is ready: $ready_url answers 200"

# --- in service: the group registers the instance with the target group once the hook completes ----------
complete_hook CONTINUE || log "could not complete the lifecycle action with CONTINUE (none waiting?): the target health decides"

if [ -n "$TARGET_GROUP_ARN" ]; then
  deadline=$((SECONDS + HEALTHY_TIMEOUT_SECONDS))
  state=unknown
  while :; do
    state="$(aws elbv2 describe-target-health --region "$AWS_REGION" --target-group-arn "$TARGET_GROUP_ARN" \
      --targets "Id=$instance_id,Port=$AGENT_PORT" --query 'TargetHealthDescriptions[0].TargetHealth.State' --output text \
      2>/dev/null || echo unknown)"
    [ "$state" = healthy ] && break
    [ "$SECONDS" -ge "$deadline" ] && die "target $instance_id is '$state' in the target group after ${HEALTHY_TIMEOUT_SECONDS}s"
    sleep "$POLL_SECONDS"
  done
  log "the load balancer reports $instance_id healthy"
fi

signal_cfn 0
log "done: agent serving"
