#!/usr/bin/env bash
# Runs logspout against the local Docker engine (DOCKER_HOST, default /var/run/docker.sock),
# building the jar first when it is missing or older than the sources. Arguments are logspout's:
#   scripts/run.sh tcp://127.0.0.1:5000
#   scripts/run.sh --version
#   LOGSPOUT_JAVA_OPTS='-Xmx256m' scripts/run.sh ...   # other JVM options
#   LOGSPOUT_JAR=/tmp/other.jar scripts/run.sh ...      # that jar as it is (bench/footprint.sh compares two)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
if [ -n "${LOGSPOUT_JAR:-}" ]; then
  [ -f "$LOGSPOUT_JAR" ] || { echo "scripts/run.sh: LOGSPOUT_JAR=$LOGSPOUT_JAR: no such file; unset it to run the project's jar" >&2; exit 1; }
else
  . scripts/build-jar.sh
  logspout_build_jar
fi
. scripts/java-opts.sh
export MALLOC_ARENA_MAX=$malloc_arena_max
# A class data sharing archive of the classes a run loads, made by the first run after each build
# (JDK 19+) beside the jar: later launches map them instead of parsing them (about 0.2 s less to
# ready), whatever LOGSPOUT_JAVA_OPTS says. The image has its AOT cache instead. The JVM does not
# replace an archive made from an older jar (JDK 25 says "shared class paths mismatch" and runs
# without one, at 8-15 MB more RSS): the archive goes when the jar is newer.
[ ! -f "$LOGSPOUT_JAR.jsa" ] || [ "$LOGSPOUT_JAR.jsa" -nt "$LOGSPOUT_JAR" ] || rm -f "$LOGSPOUT_JAR.jsa"
exec "$JAVA_HOME/bin/java" "${java_opts[@]}" \
  -XX:SharedArchiveFile="$LOGSPOUT_JAR.jsa" -XX:+AutoCreateSharedArchive -jar "$LOGSPOUT_JAR" "$@"
