#!/usr/bin/env bash
# Runs logspout against the local Docker engine (DOCKER_HOST, default /var/run/docker.sock),
# building the jar first when it is missing or older than the sources. Arguments are logspout's:
#   scripts/run.sh tcp://127.0.0.1:5000
#   scripts/run.sh --version
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
jar=distribution/target/logspout.jar
if [ ! -f "$jar" ] || [ -n "$(find . -path ./bench -prune -o \( -name '*.java' -o -name pom.xml -o -name '*.xml' -path '*/resources/*' \) -newer "$jar" -print -quit)" ]; then
  echo "run.sh: building $jar" >&2
  ./mvnw -q -B -ntp package -DskipTests >&2
fi
exec "$JAVA_HOME/bin/java" -jar "$jar" "$@"
