# shellcheck shell=bash
# Sourced by bench/run.sh, bench/delivery.sh and bench/footprint.sh from the project root: what
# they share (messages, the private engine, the jar measured, the sink, the numbered containers).

say() { echo "bench/${0##*/}: $*" >&2; }
fail() {
  say "$*"
  exit 1
}

. scripts/java-home.sh
. bench/quiet.sh
java=$JAVA_HOME/bin/java

# Takes the private engine's lock (BENCH_DOCKER_DIR): other runs of the benchmarks that share the
# engine and bench/target wait from here on.
bench_lock() {
  LOGSPOUT_DOCKER_DIR=${BENCH_DOCKER_DIR:-/tmp/lsd-bench}
  LSD_PREFIX=bench/${0##*/}
  . scripts/docker-engine.sh
  lsd_lock
}

# Starts the private engine, stopped when the script exits, with no container left from an
# earlier run and the busybox image; sets dockerd_pid.
bench_start_engine() {
  lsd_start_for_run
  lsd_ensure_image
  dockerd_pid=$(lsd_pid)
}

# Copies jar $1 (built with ./mvnw package when it is distribution/target/logspout.jar and
# missing) to bench/target/$2, so that a rebuild during the benchmark changes nothing measured.
bench_copy_jar() {
  if [ ! -f "$1" ]; then
    [ "$1" = distribution/target/logspout.jar ] || fail "no jar at $1"
    say "building $1"
    ./mvnw -q -B -ntp package -DskipTests >&2
  fi
  mkdir -p bench/target
  cp "$1" "bench/target/$2"
}

# Compiles the sink when its source is newer, and sets sink_classes, its class path: OTLP's
# generated classes and protobuf (for the sink that decodes OTLP bodies) at the versions the
# parent pins, from the local Maven repository.
bench_build_sink() {
  local artifact group id version file
  pinned() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" pom.xml | head -1; }
  sink_classes=bench/target/sink
  for artifact in "com.google.protobuf:protobuf-java:$(pinned protobuf.version)" "io.opentelemetry.proto:opentelemetry-proto:$(pinned opentelemetry-proto.version)"; do
    IFS=: read -r group id version <<<"$artifact"
    file=$HOME/.m2/repository/${group//.//}/$id/$version/$id-$version.jar
    [ -f "$file" ] || ./mvnw -q -B dependency:get -Dartifact="$artifact" -Dtransitive=false >&2
    sink_classes=$sink_classes:$file
  done
  mkdir -p bench/target/sink
  if [ ! -f bench/target/sink/io/logspout/bench/BenchSink.class ] || [ bench/sink/BenchSink.java -nt bench/target/sink/io/logspout/bench/BenchSink.class ]; then
    "$JAVA_HOME/bin/javac" -cp "$sink_classes" -d bench/target/sink bench/sink/BenchSink.java
  fi
}

# The sink (bench_build_sink first). It is light by design (one scan per line); a serial GC keeps
# it off the second core.
sink() { "$java" -XX:+UseSerialGC -Xmx256m -cp "$sink_classes" io.logspout.bench.BenchSink "$@" 9>&-; }

# The first lines of env.txt: date, git commit, java, docker, host.
bench_env() {
  echo "date: $(date -u +%FT%TZ)"
  echo "git: $(git rev-parse HEAD 2>/dev/null)$(git diff --quiet HEAD -- . ':!bench' 2>/dev/null || echo ' (+ uncommitted changes)')"
  echo "java: $("$java" -version 2>&1 | head -1)"
  echo "docker: $(docker version --format '{{.Server.Version}}') log driver $(docker info --format '{{.LoggingDriver}}')"
  echo "host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# The sink's lines: `lsb cNN SSSSSSSSS xxx...x\n`, exactly 100 bytes, container NN (awk's c),
# sequence number S from 1 to n. `every` lines at a time, then `pause` seconds of sleep (0: at
# busybox awk's full speed, block-buffered into the log pipe).
bench_awk_prog='BEGIN { p = ""; for (i = 0; i < 81; i++) p = p "x"
  for (s = 1; s <= n; s++) { printf "lsb c%02d %09d %s\n", c, s, p; if (pause > 0 && s % every == 0) { fflush(); system("sleep " pause) } } }'

# Starts container $1 that prints $2 numbered lines as container number $3, `every` $4 lines
# then pausing $5 seconds, then runs the command $6 (e.g. `exec sleep 1000000`, or `true` to exit).
bench_numbered_container() {
  docker run -d --network none --name "$1" logspout-test/busybox \
    sh -c "awk -v c=$3 -v n=$2 -v every=$4 -v pause=$5 '$bench_awk_prog'; $6" >/dev/null
}

# Starts $2 containers $1-0 .. $1-<$2-1> that each print $3 lines at full speed, then sleep;
# returns when every log file holds all its lines, so that what a reader reads is the backlog:
# the same bytes, already on disk, and the producer's speed is out of the measurement.
bench_backlog_containers() { # prefix K L
  local i deadline=$((SECONDS + 120 + $3 / 10000)) logpath
  for ((i = 0; i < $2; i++)); do bench_numbered_container "$1-$i" "$3" "$i" 1 0 'exec sleep 1000000'; done
  # The json-file log has one line per entry.
  for ((i = 0; i < $2; i++)); do
    logpath=$(docker inspect --format '{{.LogPath}}' "$1-$i")
    until [ "$(wc -l <"$logpath")" -ge "$3" ]; do
      ((SECONDS < deadline)) || fail "container $1-$i did not write its $3 lines in time"
      sleep 0.2
    done
  done
}

# Removes the containers whose names start with $1.
bench_remove_containers() {
  local ids
  ids=$(docker ps -aq --filter "name=^$1")
  # shellcheck disable=SC2086 # one id per word
  [ -z "$ids" ] || docker rm -f $ids >/dev/null
}
