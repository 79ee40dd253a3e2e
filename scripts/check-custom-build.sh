#!/usr/bin/env bash
# Proves the custom build flow of custom/README.md as a user follows it: copies custom/pom.xml,
# takes in the third-party module it shows (the GELF example), builds the jar, and checks that the
# jar holds exactly the chosen modules: the banner lists what is really there.
# Needs logspout and the GELF example installed in ~/.m2 and a Docker engine at DOCKER_HOST;
# scripts/test.sh runs it after both installs.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh

say() { echo "check-custom-build.sh: $*"; }
fail() {
  say "FAILED: $*" >&2
  exit 1
}

work=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# custom/README.md: "uncomment the third-party dependency" - the lines that only open or close
# its comment go.
sed -e '/^    <!--$/d' -e '/^    -->$/d' custom/pom.xml >"$work/pom.xml"
grep -q '<artifactId>adapter-gelf</artifactId>' "$work/pom.xml" || fail "custom/pom.xml no longer shows the GELF example dependency"
say "building a custom jar: core, raw, syslog, tcp, udp, httpstream, and gelf from its Maven coordinates"
./mvnw -q -B -ntp -f "$work/pom.xml" package
jar=$work/target/logspout.jar
[ -f "$jar" ] || fail "the custom build made no $jar"

PORT=0 LOGSPOUT_PLUGINS="$work/no-plugins" "$JAVA_HOME/bin/java" -jar "$jar" >"$work/stdout" 2>"$work/stderr" &
pid=$!
for ((i = 0; i < 600; i++)); do
  grep -q '# routes' "$work/stderr" && break
  kill -0 "$pid" 2>/dev/null || fail "the custom jar exited: $(cat "$work/stderr")"
  sleep 0.1
done
grep -q '# routes' "$work/stderr" || fail "no banner within 60 s: $(cat "$work/stderr")"

expect_line() { # $1: what, $2: extended regex the banner line must match in full
  grep -Eq "^[0-9/]+ [0-9:]+ $2\$" "$work/stderr" || fail "$1: expected a banner line matching '$2'; the banner was:
$(cat "$work/stderr")"
}
expect_line "adapters" '# adapters: gelf raw syslog tcp udp'
expect_line "transports" '# transports: tcp udp'
expect_line "jobs" '# jobs    : routes pump http\[logs,health\]:[0-9]+'
say "ok: the custom jar holds exactly the chosen modules"
