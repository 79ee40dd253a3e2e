#!/usr/bin/env bash
# Runs logspout against the local Docker engine (DOCKER_HOST, default /var/run/docker.sock),
# building the jar first when it is missing or older than the sources. Arguments are logspout's:
#   scripts/run.sh tcp://127.0.0.1:5000
#   scripts/run.sh --version
#   LOGSPOUT_JAVA_OPTS='-Xmx256m' scripts/run.sh ...   # other JVM options
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
. scripts/build-jar.sh
logspout_build_jar
. scripts/java-opts.sh
export MALLOC_ARENA_MAX=$malloc_arena_max
# A class data sharing archive of the classes a run loads, made by the first run after each build
# (JDK 19+) beside the jar: later launches map them instead of parsing them (about 0.2 s less to
# ready), whatever LOGSPOUT_JAVA_OPTS says. The image has its AOT cache instead. An archive older
# than the jar goes first: the JVM would neither use it (the class path changed) nor make it again,
# and run with 8 MB more memory.
[ ! -f "$LOGSPOUT_JAR.jsa" ] || [ "$LOGSPOUT_JAR.jsa" -nt "$LOGSPOUT_JAR" ] || rm -f "$LOGSPOUT_JAR.jsa"
exec "$JAVA_HOME/bin/java" "${java_opts[@]}" \
  -XX:SharedArchiveFile="$LOGSPOUT_JAR.jsa" -XX:+AutoCreateSharedArchive -jar "$LOGSPOUT_JAR" "$@"
