#!/usr/bin/env bash
# End-to-end benchmark: logspout (raw+tcp to a checking sink) against `docker logs -f` on the same
# containers, in the same run. See bench/README.md for what is measured and how to read it.
# Exits 1 when a side did not deliver every line exactly once and in order.
#   bench/run.sh [CONTAINERS [LINES [RUNS]]]      defaults 4 250000 3 (or env K, L, RUNS)
# Environment:
#   LOGSPOUT_JAVA_OPTS  JVM options for logspout (default none: the JVM's defaults, as users run it)
#   LOGSPOUT_JAR        the jar to measure (default distribution/target/logspout.jar, built if missing)
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
[[ $route == raw+tcp || $route == otlp ]] || fail "BENCH_ROUTE must be raw+tcp or otlp, not '$route'"

say() { echo "bench/run.sh: $*" >&2; }
fail() {
  say "$*"
  exit 1
}
[[ $K =~ ^[0-9]+$ && $K -ge 1 && $K -le 99 ]] || fail "CONTAINERS must be 1..99, not '$K'"
[[ $L =~ ^[0-9]+$ && $L -ge 1 && $L -le 999999999 ]] || fail "LINES must be 1..999999999, not '$L'"
[[ $RUNS =~ ^[0-9]+$ && $RUNS -ge 1 ]] || fail "RUNS must be 1 or more, not '$RUNS'"

. scripts/java-home.sh
. bench/quiet.sh
java=$JAVA_HOME/bin/java

# The engine's lock keeps other runs of this script out from here on: they share the engine
# and bench/target.
LOGSPOUT_DOCKER_DIR=${BENCH_DOCKER_DIR:-/tmp/lsd-bench}
LSD_PREFIX=bench/run.sh
. scripts/docker-engine.sh
lsd_lock

# The jar is copied so that a rebuild during the benchmark does not change what is measured.
src_jar=${LOGSPOUT_JAR:-distribution/target/logspout.jar}
if [ ! -f "$src_jar" ]; then
  say "building $src_jar"
  ./mvnw -q -B -ntp package -DskipTests >&2
fi
mkdir -p bench/target/sink
jar=bench/target/logspout.jar
cp "$src_jar" "$jar"

# OTLP's generated classes and protobuf, for the sink that decodes OTLP bodies: the versions the parent pins.
pinned() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" pom.xml | head -1; }
otlp_classes=
for artifact in "com.google.protobuf:protobuf-java:$(pinned protobuf.version)" "io.opentelemetry.proto:opentelemetry-proto:$(pinned opentelemetry-proto.version)"; do
  IFS=: read -r group id version <<<"$artifact"
  file=$HOME/.m2/repository/${group//.//}/$id/$version/$id-$version.jar
  [ -f "$file" ] || ./mvnw -q -B dependency:get -Dartifact="$artifact" -Dtransitive=false >&2
  otlp_classes=$otlp_classes${otlp_classes:+:}$file
done
sink_src=bench/sink/BenchSink.java
if [ ! -f bench/target/sink/io/logspout/bench/BenchSink.class ] || [ "$sink_src" -nt bench/target/sink/io/logspout/bench/BenchSink.class ]; then
  "$JAVA_HOME/bin/javac" -cp "$otlp_classes" -d bench/target/sink "$sink_src"
fi
# The sink is light by design (one scan per line); a serial GC keeps it off the second core.
sink() { "$java" -XX:+UseSerialGC -Xmx256m -cp "bench/target/sink:$otlp_classes" io.logspout.bench.BenchSink "$@" 9>&-; }

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out=bench/results/$stamp
mkdir -p "$out"

# The private engine: nothing else runs in it.
trap lsd_stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
lsd_start
lsd_remove_all_containers
lsd_ensure_image
dockerd_pid=$(lsd_pid)

{
  echo "date: $(date -u +%FT%TZ)"
  echo "params: containers=$K lines=$L runs=$RUNS line_bytes=100"
  echo "git: $(git rev-parse HEAD 2>/dev/null)$(git diff --quiet HEAD -- . ':!bench' 2>/dev/null || echo ' (+ uncommitted changes)')"
  echo "jar: $src_jar sha256=$(sha256sum <"$jar" | cut -c1-16)"
  echo "java: $("$java" -version 2>&1 | head -1)"
  echo "logspout JVM options: ${LOGSPOUT_JAVA_OPTS:-(none)}"
  echo "logspout environment: $(env | grep -E '^(RAW_FORMAT|ROUTE_|BACKLOG|TAIL|DEBUG|INACTIVITY_TIMEOUT|EXCLUDE_LABEL|ALLOW_TTY)' | tr '\n' ' ')"
  echo "docker: $(docker version --format '{{.Server.Version}}') log driver $(docker info --format '{{.LoggingDriver}}')"
  echo "host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$out/env.txt"
cat "$out/env.txt" >&2

# Each container prints L lines of exactly 100 bytes with its index and sequence number, as fast
# as busybox awk can (block-buffered into the log pipe), then sleeps: the backlog is what both
# readers read, from the same json-file logs, so the producer's speed is out of the measurement.
awk_prog='BEGIN { p = ""; for (i = 0; i < 81; i++) p = p "x"; for (s = 1; s <= n; s++) printf "lsb c%02d %09d %s\n", c, s, p }'

start_containers() { # prefix
  local i
  for ((i = 0; i < K; i++)); do
    docker run -d --network none --name "$1-$i" logspout-test/busybox \
      sh -c "awk -v c=$i -v n=$L '$awk_prog'; exec sleep 1000000" >/dev/null
  done
  # Done when every log file holds all its lines: the json-file log has one line per entry.
  local deadline=$((SECONDS + 120 + L / 10000)) logpath
  for ((i = 0; i < K; i++)); do
    logpath=$(docker inspect --format '{{.LogPath}}' "$1-$i")
    until [ "$(wc -l <"$logpath")" -ge "$L" ]; do
      ((SECONDS < deadline)) || fail "container $1-$i did not write its $L lines in time"
      sleep 0.2
    done
  done
}

measure() { # side run prefix
  local side=$1 run=$2 prefix=$3 names=() i
  for ((i = 0; i < K; i++)); do names+=("$prefix-$i"); done
  local common=(--side "$side" --run "$run" --containers "$K" --lines "$L" --dockerd-pid "$dockerd_pid"
    --clk-tck "$(getconf CLK_TCK)" --timeout-s "$timeout_s" --log "$out/run$run-$side.log")
  if [ "$side" = docker-logs ]; then
    sink measure "${common[@]}" --docker-logs "${names[@]}"
  else
    # shellcheck disable=SC2086 # LOGSPOUT_JAVA_OPTS is a list of options
    sink measure "${common[@]}" "--${route#raw+}" "$java" $LOGSPOUT_JAVA_OPTS -jar "$jar" \
      "$route://127.0.0.1:{port}?filter.name=$prefix-*"
  fi
}

for ((run = 1; run <= RUNS; run++)); do
  prefix=lsb-$stamp-r$run
  say "run $run/$RUNS: starting $K containers of $L lines ($prefix-*)"
  start_containers "$prefix"
  # Alternating the order cancels what the first side leaves behind (page cache, dockerd's heap).
  if ((run % 2 == 1)); then sides=(docker-logs logspout); else sides=(logspout docker-logs); fi
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
  # shellcheck disable=SC2046 # one name per word
  docker rm -f $(docker ps -aq --filter "name=^$prefix-") >/dev/null
done

echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/env.txt"
status=0
sink summary "$out/runs.tsv" | tee "$out/summary.txt" || status=$?
say "results in $out"
exit "$status"
