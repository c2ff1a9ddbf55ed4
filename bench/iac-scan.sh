#!/usr/bin/env bash
# Benchmark: `onus scan terraform` vs `checkov --framework terraform_plan`, on the
# same generated plan files, in the same run.
#
#   bench/iac-scan.sh [N...]            (default 1000 10000 100000)
#
# For each N, bench/gen_tf_plan.py writes a plan with N resources; onus scans
# it three times (median wall seconds, largest peak RSS) and Checkov once, both
# measured with GNU time. Checkov runs
# in a venv under $HOME/.cache/onus/venv-checkov and is capped at
# CHECKOV_TIMEOUT seconds (default 1800); a capped run is reported as such.
# Results go to bench/out/iac/ and a Markdown table to stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@"); [ ${#sizes[@]} -eq 0 ] && sizes=(1000 10000 100000)
out=bench/out/iac; mkdir -p "$out"
checkov_timeout="${CHECKOV_TIMEOUT:-1800}"

venv="${ONUS_CHECKOV_VENV:-${HOME:-/tmp}/.cache/onus/venv-checkov}"
if [ ! -x "$venv/bin/checkov" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check checkov
fi
command -v /usr/bin/time >/dev/null || { echo "GNU time is needed: apt-get install time" >&2; exit 1; }
cargo build --release --quiet -p onus-cli
onus=target/release/onus

measure() { # label, timeout, command... → prints "wall_s peak_mib exit"
  local label=$1 limit=$2; shift 2
  local tf="$out/$label.time"
  set +e
  /usr/bin/time -f '%e %M' -o "$tf" timeout "$limit" "$@" >"$out/$label.out" 2>"$out/$label.err"
  local rc=$?
  set -e
  # GNU time writes "Command exited with non-zero status N" first when the tool fails.
  read -r wall kib < <(tail -n 1 "$tf") || { wall=nan; kib=0; }
  echo "$wall $((kib / 1024)) $rc"
}

echo "| N | plan MiB | onus s | onus MiB | onus results | checkov s | checkov MiB | checkov results | time ratio | memory ratio |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  plan="$out/plan-$n.json"
  python3 bench/gen_tf_plan.py "$n" "$plan"
  mib=$(( $(stat -c %s "$plan") / 1048576 ))
  # onus runs three times and reports the median wall time (and the largest peak
  # memory): a single run of under a second varies with the first touch of its
  # memory and of the binary's pages on this kind of machine. Checkov runs once;
  # its runs last minutes.
  walls=(); o_mib=0
  for _ in 1 2 3; do
    read -r w m o_rc < <(measure "onus-$n" 3600 "$onus" -q scan terraform "$plan" --format json --fail-on none -o "$out/onus-$n.json")
    walls+=("$w"); [ "$m" -gt "$o_mib" ] && o_mib=$m
  done
  o_wall=$(printf '%s\n' "${walls[@]}" | sort -g | sed -n 2p)
  o_results=$(python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(sum(1 for x in r['results'] if x['status'] in ('fail','pass')))" "$out/onus-$n.json" 2>/dev/null || echo "?")
  read -r c_wall c_mib c_rc < <(measure "checkov-$n" "$checkov_timeout" "$venv/bin/checkov" -f "$plan" --framework terraform_plan -o json --quiet --compact --skip-download)
  if [ "$c_rc" = 124 ]; then
    c_results="timed out"
    c_wall=">$checkov_timeout"
    ratio=">$(python3 -c "print(f'{$checkov_timeout/$o_wall:.0f}')")"
  else
    c_results=$(python3 -c "
import json,sys
d=json.load(open(sys.argv[1]))
d=d if isinstance(d,list) else [d]
print(sum(x.get('summary',{}).get('passed',0)+x.get('summary',{}).get('failed',0) for x in d))" "$out/checkov-$n.out" 2>/dev/null || echo "?")
    ratio=$(python3 -c "print(f'{$c_wall/max($o_wall,0.01):.0f}')")
  fi
  mratio=$(python3 -c "print(f'{$c_mib/max($o_mib,1):.1f}')")
  echo "| $n | $mib | $o_wall | $o_mib | $o_results | $c_wall | $c_mib | $c_results | ${ratio}× | ${mratio}× |"
done
