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
# A log router on a small host: the serial collector and a bounded heap keep its memory small
# (the JVM would otherwise size the heap from the host's RAM). LOGSPOUT_JAVA_OPTS replaces them.
# distribution/Dockerfile gives the image the same defaults.
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" ${LOGSPOUT_JAVA_OPTS:--XX:+UseSerialGC -Xms16m -Xmx128m} -jar "$LOGSPOUT_JAR" "$@"
