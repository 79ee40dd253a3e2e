#!/usr/bin/env bash
# JMH benchmarks of the per-line kernels (bench/jmh): log stream parsing, template rendering and the reader's counting,
# in ns per line. Installs logspout-core (with the API and the templates it depends on) into ~/.m2
# when the installed one is missing or older than the sources, builds bench/jmh/target/benchmarks.jar and runs it. Arguments go to JMH and
# replace the defaults below, e.g.
#   bench/jmh.sh            # everything: 1 fork, 5 warm-ups and 5 measurements of 1 s, with allocation per line
#   bench/jmh.sh TemplateBenchmark -p template=json -f 3
# It waits for a quiet host first (BENCH_QUIET, BENCH_QUIET_WAIT_S: see bench/quiet.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
. bench/quiet.sh

installed=~/.m2/repository/io/logspout/logspout-core/0.1.0-SNAPSHOT/logspout-core-0.1.0-SNAPSHOT.jar
if [ ! -f "$installed" ] || [ -n "$(find pom.xml logspout-api/pom.xml logspout-api/src/main logspout-template/pom.xml logspout-template/src/main logspout-core/pom.xml logspout-core/src/main -newer "$installed" -print -quit)" ]; then
  echo "bench/jmh.sh: installing logspout-core into ~/.m2" >&2
  ./mvnw -q -B -ntp install -DskipTests -DskipITs -pl logspout-core -am >&2
fi
./mvnw -q -B -ntp -f bench/jmh/pom.xml package >&2

mkdir -p bench/results
result=bench/results/jmh-$(date -u +%Y%m%dT%H%M%SZ).json
bench_wait_quiet bench/jmh.sh
if [ $# -eq 0 ]; then
  set -- -f 1 -wi 5 -w 1s -i 5 -r 1s -prof gc
fi
"$JAVA_HOME/bin/java" -jar bench/jmh/target/benchmarks.jar -rf json -rff "$result" "$@"
echo "bench/jmh.sh: results in $result" >&2
