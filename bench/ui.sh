#!/usr/bin/env bash
# The log view under load: headless chromium follows logspout's page (module-ui) while one
# container prints RATE lines a second, for SECONDS; every 5 s it prints the lines the page has
# received, its frames per second, the share of its main thread in long tasks, how often the
# server cut it off as a slow client (HTTPSTREAM_QUEUE_SIZE) and the host's load. The harness is
# module-ui's UiLoadBench. Needs root (the private Docker engine, BENCH_DOCKER_DIR), chromium and
# chromium-driver (as scripts/test.sh installs them).
#   bench/ui.sh                # 10 000 lines a second for 30 s
#   bench/ui.sh 20000 60
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${1:-10000}
SECONDS_RUN=${2:-30}
[[ $RATE =~ ^[0-9]+$ && $RATE -ge 10 ]] || { echo "bench/ui.sh: RATE must be 10 or more, not '$RATE'" >&2; exit 2; }
[[ $SECONDS_RUN =~ ^[0-9]+$ && $SECONDS_RUN -ge 5 ]] || { echo "bench/ui.sh: SECONDS must be 5 or more, not '$SECONDS_RUN'" >&2; exit 2; }

. bench/lib.sh
bench_lock

# module-ui's test classes and their classpath, from the reactor (nothing is installed in ~/.m2).
mkdir -p bench/target
./mvnw -q -B -ntp -pl module-ui -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/bench/target/ui.classpath" -Dmaven.javadoc.skip -Dmaven.source.skip >&2
classpath=module-ui/target/test-classes:module-ui/target/classes:$(cat bench/target/ui.classpath)

bench_start_engine
bench_wait_quiet bench/ui.sh
"$JAVA_HOME/bin/java" -cp "$classpath" io.logspout.ui.UiLoadBench "$RATE" "$SECONDS_RUN" 9>&-
