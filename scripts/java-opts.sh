# shellcheck shell=bash
# Sourced by scripts/run.sh and bench/footprint.sh after scripts/java-home.sh: the launcher's JVM
# options, in the array java_opts, and its malloc arenas, in malloc_arena_max (for
# MALLOC_ARENA_MAX). distribution/Dockerfile gives the image
# the same (DockerImageIT checks them).
#
# A log router on a small host takes little memory (bench/footprint.sh measures it): the serial
# collector; a heap that starts small and has a bound (the JVM would size it from the host's RAM);
# the C1 compiler alone (C2 and its compilations take 20-30 MB more at the peak, for no CPU per line
# that the benchmark can tell); two malloc arenas instead of two per core and thread. Set outside,
# LOGSPOUT_JAVA_OPTS replaces the options, MALLOC_ARENA_MAX the arenas.
malloc_arena_max=${MALLOC_ARENA_MAX:-2}
# Always, whatever LOGSPOUT_JAVA_OPTS says (README.md, "Footprint", has the figures):
# - C1's compilation of one JDK method, the class-file API's StackMapGenerator::processBlock (run
#   when lambdas and proxies are made at startup), takes 6.4 MB of compiler memory at once, most of
#   start's peak above idle: it stays interpreted, for no start time a run could tell (quiet: no
#   line about it on stdout, where the routes table goes).
# - What the JVM frees (compilations, class parsing) stays in malloc's arenas unless it is given
#   back: every 2 s the JVM does (JDK 23+; JDK 21 and 22 have the option as an experimental one).
java_opts=(-XX:CompileCommand=quiet -XX:CompileCommand=exclude,jdk.internal.classfile.impl.StackMapGenerator::processBlock)
[ "$(java_major "$JAVA_HOME")" -lt 23 ] || java_opts+=(-XX:TrimNativeHeapInterval=2000)
# shellcheck disable=SC2206
java_opts+=(${LOGSPOUT_JAVA_OPTS:--XX:+UseSerialGC -Xms8m -Xmx128m -XX:TieredStopAtLevel=1})
