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
# A log router on a small host takes little memory (bench/footprint.sh measures it): the serial
# collector; a heap that starts small and has a bound (the JVM would size it from the host's RAM);
# the C1 compiler alone (C2 and its compilations take 20-30 MB more at the peak, for no CPU per line
# that the benchmark can tell); two malloc arenas instead of two per core and thread. Set outside,
# LOGSPOUT_JAVA_OPTS replaces the options, MALLOC_ARENA_MAX the arenas. distribution/Dockerfile
# gives the image the same defaults.
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
# Always, whatever LOGSPOUT_JAVA_OPTS says (README.md, "Footprint", has the figures):
# - C1's compilation of one JDK method, the class-file API's StackMapGenerator::processBlock (run
#   when lambdas and proxies are made at startup), takes 6.4 MB of compiler memory at once, most of
#   start's peak above idle: it stays interpreted, for no start time a run could tell (quiet: no
#   line about it on stdout, where the routes table goes).
# - What the JVM frees (compilations, class parsing) stays in malloc's arenas unless it is given
#   back: every 2 s the JVM does (JDK 23+; JDK 21 and 22 have the option as an experimental one).
memory_opts=(-XX:CompileCommand=quiet -XX:CompileCommand=exclude,jdk.internal.classfile.impl.StackMapGenerator::processBlock)
[ "$(java_major "$JAVA_HOME")" -lt 23 ] || memory_opts+=(-XX:TrimNativeHeapInterval=2000)
# A class data sharing archive of the classes a run loads, made by the first run after each build
# (JDK 19+) beside the jar: later launches map them instead of parsing them (about 0.2 s less to
# ready), whatever LOGSPOUT_JAVA_OPTS says. The image has its AOT cache instead. An archive older
# than the jar goes first: the JVM would neither use it (the class path changed) nor make it again,
# and run with 8 MB more memory.
[ ! -f "$LOGSPOUT_JAR.jsa" ] || [ "$LOGSPOUT_JAR.jsa" -nt "$LOGSPOUT_JAR" ] || rm -f "$LOGSPOUT_JAR.jsa"
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" "${memory_opts[@]}" ${LOGSPOUT_JAVA_OPTS:--XX:+UseSerialGC -Xms8m -Xmx128m -XX:TieredStopAtLevel=1} \
  -XX:SharedArchiveFile="$LOGSPOUT_JAR.jsa" -XX:+AutoCreateSharedArchive -jar "$LOGSPOUT_JAR" "$@"
