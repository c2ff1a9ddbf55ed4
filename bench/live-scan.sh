#!/usr/bin/env bash
# Benchmark: onus scan aws vs prowler aws, on the same moto server, same run.
#
#   bench/live-scan.sh [USERS BUCKETS SECURITY_GROUPS]     (default 1000 1000 2000)
#
# Seeds a fresh moto at the given scale (one region), then runs each tool
# against it once, measuring wall time and peak memory (GNU time) and counting
# the API requests each made from moto's own access log, the same way for both.
# Results go to bench/out/ and a summary table to stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
users="${1:-1000}" buckets="${2:-1000}" groups="${3:-2000}"
out=bench/out; mkdir -p "$out"

eval "$(./scripts/install-test-deps)"
prowler_venv="${ONUS_PROWLER_VENV:-${HOME:-/tmp}/.cache/onus/venv-prowler}"
if [ ! -x "$prowler_venv/bin/prowler" ]; then
  python3 -m venv "$prowler_venv"
  "$prowler_venv/bin/pip" install --quiet --disable-pip-version-check prowler
fi
command -v /usr/bin/time >/dev/null || { echo "GNU time is needed: apt-get install time" >&2; exit 1; }
cargo build --release --quiet -p onus-cli

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
log="$out/moto-access.log"
MOTO_EC2_LOAD_DEFAULT_AMIS=false "$ONUS_MOTO_SERVER" -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
moto=$!
trap 'kill $moto 2>/dev/null' EXIT
for _ in $(seq 100); do (echo >/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.2; done
endpoint="http://127.0.0.1:$port"
echo "seeding $users users, $buckets buckets, $groups security groups..." >&2
"$ONUS_MOTO_PYTHON" bench/seed_scale.py "$endpoint" "$users" "$buckets" "$groups" | tee "$out/seed.json" >&2

export AWS_ENDPOINT_URL="$endpoint" AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing \
       AWS_REGION=eu-west-1 AWS_DEFAULT_REGION=eu-west-1 AWS_EC2_METADATA_DISABLED=true

requests() { grep -c '" [0-9][0-9][0-9] ' "$log" || true; }

run() { # name, command...
  local name=$1; shift
  local before; before=$(requests)
  /usr/bin/time -f "%e %M" -o "$out/$name.time" "$@" >"$out/$name.stdout" 2>"$out/$name.stderr" || true
  local after; after=$(requests)
  read -r secs kib <"$out/$name.time"
  echo "$name $secs $((kib / 1024)) $((after - before))"
}

# Prowler's names for the services onus collects.
services="iam s3 ec2 vpc rds cloudtrail kms awslambda dynamodb guardduty elbv2 cloudwatch config acm backup ssm wafv2 organizations secretsmanager sns sqs eks ecr efs securityhub accessanalyzer"
onus_line=$(run onus ./target/release/onus scan aws --region eu-west-1 --format json --fail-on none)
prowler_line=$(run prowler "$prowler_venv/bin/prowler" aws --region eu-west-1 --services $services \
  --output-formats json-ocsf --output-directory "$out/prowler" --no-banner --ignore-exit-code-3)

read -r _ o_s o_mb o_req <<<"$onus_line"
read -r _ p_s p_mb p_req <<<"$prowler_line"
o_results=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["results"]))' "$out/onus.stdout" 2>/dev/null || echo "?")
p_results=$(python3 -c 'import json,glob; print(sum(len(json.load(open(f))) for f in glob.glob("bench/out/prowler/*.ocsf.json")))' 2>/dev/null || echo "?")
echo
echo "| tool | wall s | peak MiB | API requests | results |"
echo "|---|---|---|---|---|"
echo "| onus | $o_s | $o_mb | $o_req | $o_results |"
echo "| prowler | $p_s | $p_mb | $p_req | $p_results |"
python3 -c "import sys; o,p=float(sys.argv[1]),float(sys.argv[2]); print(f'\nprowler / onus wall time: {p/o:.1f}x')" "$o_s" "$p_s"
