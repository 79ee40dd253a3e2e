# Sourced by mvnw and the scripts: points JAVA_HOME at a JDK 21 or newer.
# Keeps JAVA_HOME when it is new enough, else takes the newest JDK under /usr/lib/jvm.
# A JDK's major version: from its release file, which costs nothing (scripts/run.sh's start time
# counts this), else from the JVM itself.
java_major() {
  local release
  release=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null)
  if [ -n "$release" ]; then
    echo "$release"
    return
  fi
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}
logspout_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(java_major "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then
    return 0
  fi
  best="" best_major=0
  for dir in /usr/lib/jvm/*; do
    [ -x "$dir/bin/javac" ] || continue
    major=$(java_major "$dir")
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best=$dir best_major=$major
    fi
  done
  if [ -z "$best" ]; then
    echo "logspout: no JDK 21 or newer found (JAVA_HOME=${JAVA_HOME:-unset}, none under /usr/lib/jvm)." >&2
    echo "logspout: install one and set JAVA_HOME to it, or unpack it under /usr/lib/jvm. Debian 12 packages only JDK 17:" >&2
    echo "logspout: there, take Eclipse Temurin 21+ (package temurin-21-jdk from Adoptium's apt repository, https://adoptium.net/installation/linux/)." >&2
    return 1
  fi
  export JAVA_HOME=$best
}
logspout_find_jdk || exit 1
export PATH="$JAVA_HOME/bin:$PATH"
