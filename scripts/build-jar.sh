# shellcheck shell=bash
# Sourced by run.sh and image.sh, from the project root with JAVA_HOME set (java-home.sh):
# builds the runnable jar when it is missing or older than the sources.
LOGSPOUT_JAR=distribution/target/logspout.jar
logspout_build_jar() {
  if [ ! -f "$LOGSPOUT_JAR" ] || [ -n "$(find . \( -path ./.git -o -path ./bench -o -path ./examples -o -path ./custom -o -name target \) -prune -o \( -name '*.java' -o -name pom.xml -o -name '*.xml' -path '*/resources/*' \) -newer "$LOGSPOUT_JAR" -print -quit)" ]; then
    echo "$(basename "$0"): building $LOGSPOUT_JAR" >&2
    ./mvnw -q -B -ntp package -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip >&2
  fi
}
