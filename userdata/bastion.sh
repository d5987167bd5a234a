#!/bin/bash
# zerodown bastion boot script (Amazon Linux 2023, run as root by cloud-init).
#
# Moves the stack's Elastic IP to this instance, so the bastion keeps its address when the auto
# scaling group replaces it. Reads ALLOCATION_ID from /etc/zerodown/bootstrap.env (written by the
# generated UserData wrapper); instance id and region come from IMDSv2, nothing is hard-coded.
# Idempotent (re-association is allowed). Paths below ROOT (default /) for tests.
set -euo pipefail
umask 022

ROOT="${ROOT:-/}"
ROOT="${ROOT%/}"
IMDS="${IMDS_ENDPOINT:-http://169.254.169.254}"
POLL_SECONDS="${POLL_SECONDS:-5}"
LOG_FILE="$ROOT/var/log/user-data.log"
mkdir -p "$(dirname "$LOG_FILE")"
if [ -z "$ROOT" ] && command -v systemd-cat >/dev/null 2>&1; then
  exec > >(tee -a "$LOG_FILE" >(systemd-cat -t zerodown-bastion)) 2>&1  # file, journal, and cloud-init's output
else
  exec > >(tee -a "$LOG_FILE") 2>&1
fi

log() { printf '%s zerodown-bastion: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

BOOTSTRAP="$ROOT/etc/zerodown/bootstrap.env"
[ -r "$BOOTSTRAP" ] || die "missing $BOOTSTRAP: it is written by the launch template's UserData wrapper"
ALLOCATION_ID=''
while IFS='=' read -r key value || [ -n "$key" ]; do
  case "$key" in
    ALLOCATION_ID) ALLOCATION_ID="$value" ;;
    *) ;;
  esac
done < "$BOOTSTRAP"
[[ "$ALLOCATION_ID" =~ ^eipalloc-[a-z0-9]+$ ]] || die "$BOOTSTRAP has no valid ALLOCATION_ID: '$ALLOCATION_ID'"

token="$(curl -fsS -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' --max-time 2 "$IMDS/latest/api/token")" \
  || die "IMDSv2 token request failed"
imds() { curl -fsS -H "X-aws-ec2-metadata-token: $token" --max-time 2 "$IMDS/latest/meta-data/$1"; }
instance_id="$(imds instance-id)" || die "could not read the instance id from IMDS"
region="$(imds placement/region)" || die "could not read the region from IMDS"

for attempt in 1 2 3 4 5 6 7 8 9 10; do
  if aws ec2 associate-address --region "$region" --allocation-id "$ALLOCATION_ID" \
      --instance-id "$instance_id" --allow-reassociation >/dev/null; then
    log "Elastic IP $ALLOCATION_ID associated with $instance_id"
    exit 0
  fi
  log "associate-address attempt $attempt failed; retrying"
  sleep "$POLL_SECONDS"
done
die "could not associate $ALLOCATION_ID with $instance_id in $region"
