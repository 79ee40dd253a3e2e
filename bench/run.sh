#!/usr/bin/env bash
# End-to-end benchmark: logspout (raw+tcp to a checking sink) against `docker logs -f` on the same
# containers, in the same run. See bench/README.md for what is measured and how to read it.
# Exits 1 when a side did not deliver every line exactly once and in order.
#   bench/run.sh [CONTAINERS [LINES [RUNS]]]      defaults 4 250000 3 (or env K, L, RUNS)
# Environment:
#   LOGSPOUT_JAVA_OPTS  JVM options for logspout (default none: the JVM's defaults, as users run it)
#   LOGSPOUT_JAR        the jar to measure (default distribution/target/logspout.jar, built if missing)
#   LOGSPOUT_JAR_B, LOGSPOUT_ENV_B  when either is set, a third side, logspout-b, in every run:
#                       this jar (default LOGSPOUT_JAR) with these extra environment variables
#                       (space-separated NAME=value), to compare two builds or settings side by side
#   BENCH_DOCKER_DIR    the private Docker engine's directory (default /tmp/lsd-bench)
#   BENCH_TIMEOUT_S     give up on a side after this long without a new line (default 60)
#   BENCH_QUIET, BENCH_QUIET_WAIT_S  waiting for a quiet host before each side (bench/quiet.sh)
#   BENCH_MAX_OTHER     a side during which other work took more than this share of the host's
#                       CPU (other_cpu_share) is measured again (default 0.10) ...
#   BENCH_ATTEMPTS      ... up to this many times in all (default 3); the last attempt counts
#   BENCH_ROUTE         raw+tcp (default) or otlp: logspout's route, to a sink that checks the
#                       lines of TCP, or decodes OTLP/HTTP bodies with OTLP's generated classes
set -euo pipefail
cd "$(dirname "$0")/.."

K=${1:-${K:-4}}
L=${2:-${L:-250000}}
RUNS=${3:-${RUNS:-3}}
LOGSPOUT_JAVA_OPTS=${LOGSPOUT_JAVA_OPTS:-}
timeout_s=${BENCH_TIMEOUT_S:-60}
max_other=${BENCH_MAX_OTHER:-0.10}
attempts=${BENCH_ATTEMPTS:-3}
route=${BENCH_ROUTE:-raw+tcp}
env_b=(${LOGSPOUT_ENV_B:-})

. bench/lib.sh
[[ $route == raw+tcp || $route == otlp ]] || fail "BENCH_ROUTE must be raw+tcp or otlp, not '$route'"
for var in "${env_b[@]}"; do [[ $var == [A-Z]*=* ]] || fail "LOGSPOUT_ENV_B takes NAME=value words, not '$var'"; done
[[ $K =~ ^[0-9]+$ && $K -ge 1 && $K -le 99 ]] || fail "CONTAINERS must be 1..99, not '$K'"
[[ $L =~ ^[0-9]+$ && $L -ge 1 && $L -le 999999999 ]] || fail "LINES must be 1..999999999, not '$L'"
[[ $RUNS =~ ^[0-9]+$ && $RUNS -ge 1 ]] || fail "RUNS must be 1 or more, not '$RUNS'"

bench_lock
src_jar=${LOGSPOUT_JAR:-distribution/target/logspout.jar}
bench_copy_jar "$src_jar" logspout.jar
jar=bench/target/logspout.jar
sides_logspout=(logspout)
if [ -n "${LOGSPOUT_JAR_B:-}${LOGSPOUT_ENV_B:-}" ]; then
  src_jar_b=${LOGSPOUT_JAR_B:-$src_jar}
  bench_copy_jar "$src_jar_b" logspout-b.jar
  sides_logspout+=(logspout-b)
fi
bench_build_sink

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out=bench/results/$stamp
mkdir -p "$out"

# The private engine: nothing else runs in it.
bench_start_engine

{
  bench_env
  echo "params: containers=$K lines=$L runs=$RUNS line_bytes=100"
  echo "jar: $src_jar sha256=$(sha256sum <"$jar" | cut -c1-16)"
  [ -z "${src_jar_b:-}" ] || echo "jar of logspout-b: $src_jar_b sha256=$(sha256sum <bench/target/logspout-b.jar | cut -c1-16), extra environment: ${env_b[*]:-(none)}"
  echo "logspout JVM options: ${LOGSPOUT_JAVA_OPTS:-(none)}"
  echo "logspout environment: $(env | grep -E '^(RAW_FORMAT|ROUTE_|BACKLOG|TAIL|DEBUG|INACTIVITY_TIMEOUT|EXCLUDE_LABEL|ALLOW_TTY|CHECKPOINT_PATH)' | tr '\n' ' ')"
} >"$out/env.txt"
cat "$out/env.txt" >&2

measure() { # side run prefix
  local side=$1 run=$2 prefix=$3 names=() i
  for ((i = 0; i < K; i++)); do names+=("$prefix-$i"); done
  local common=(--side "$side" --run "$run" --containers "$K" --lines "$L" --dockerd-pid "$dockerd_pid"
    --clk-tck "$(getconf CLK_TCK)" --timeout-s "$timeout_s" --log "$out/run$run-$side.log")
  if [ "$side" = docker-logs ]; then
    sink measure "${common[@]}" --docker-logs "${names[@]}"
  else
    local side_jar=$jar side_env=()
    [ "$side" = logspout ] || side_jar=bench/target/logspout-b.jar side_env=("${env_b[@]}")
    (
      # Any free HTTP port: another logspout on the host may hold 80.
      export PORT=${PORT:-0}
      for var in "${side_env[@]}"; do export "${var?}"; done
      # shellcheck disable=SC2086 # LOGSPOUT_JAVA_OPTS is a list of options
      sink measure "${common[@]}" "--${route#raw+}" "$java" $LOGSPOUT_JAVA_OPTS -jar "$side_jar" \
        "$route://127.0.0.1:{port}?filter.name=$prefix-*"
    )
  fi
}

for ((run = 1; run <= RUNS; run++)); do
  prefix=lsb-$stamp-r$run
  say "run $run/$RUNS: starting $K containers of $L lines ($prefix-*)"
  bench_backlog_containers "$prefix" "$K" "$L"
  # Rotating the order cancels what the first side leaves behind (page cache, dockerd's heap).
  sides=(docker-logs "${sides_logspout[@]}")
  shift_by=$(((run - 1) % ${#sides[@]}))
  sides=("${sides[@]:shift_by}" "${sides[@]:0:shift_by}")
  for side in "${sides[@]}"; do
    for ((attempt = 1; ; attempt++)); do
      bench_wait_quiet bench/run.sh
      say "run $run/$RUNS: $side"
      record=$(measure "$side" "$run" "$prefix")
      other=$(tr '\t' '\n' <<<"$record" | sed -n 's/^other_cpu_share=//p')
      awk -v o="${other:-0}" -v m="$max_other" 'BEGIN { exit !(o > m) }' && ((attempt < attempts)) || break
      say "run $run/$RUNS: $side disturbed (other work took $other of the host's CPU); measuring it again"
    done
    record="attempt=$attempt"$'\t'"$record"
    echo "$record" >>"$out/runs.tsv"
    echo "$record" | tr '\t' ' ' >&2
  done
  bench_remove_containers "$prefix-"
done

echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/env.txt"
status=0
sink summary "$out/runs.tsv" | tee "$out/summary.txt" || status=$?
say "results in $out"
exit "$status"
