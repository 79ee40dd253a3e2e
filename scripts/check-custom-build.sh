#!/usr/bin/env bash
# Proves the custom build flow of custom/README.md as a user follows it: copies custom/pom.xml,
# takes in the third-party module it shows (the GELF example), builds the jar and an image of it,
# and checks that both hold exactly the chosen modules: the banner lists what is really there.
# Needs logspout and the GELF example installed in ~/.m2 and the Docker engine of
# scripts/docker-engine.sh at DOCKER_HOST (with its build images); scripts/test.sh runs it after
# both installs.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
. scripts/docker-engine.sh

say() { echo "check-custom-build.sh: $*"; }
fail() {
  say "FAILED: $*" >&2
  exit 1
}

work=$(mktemp -d)
pid=
image=logspout-custom-check:$$
container=logspout-custom-check-$$
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  docker rm -f "$container" >/dev/null 2>&1 || true
  docker rmi "$image" >/dev/null 2>&1 || true
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

# The banner of a running logspout, in $work/$1.banner; $2... is how to start it in the background.
banner() {
  local out=$work/$1.banner
  shift
  "$@" >"$out" 2>&1 &
  pid=$!
  for ((i = 0; i < 600; i++)); do
    grep -q '# routes' "$out" && break
    kill -0 "$pid" 2>/dev/null || fail "it exited: $(cat "$out")"
    sleep 0.1
  done
  grep -q '# routes' "$out" || fail "no banner within 60 s: $(cat "$out")"
  kill "$pid"
  wait "$pid" || true
  pid=
}

expect_line() { # $1: which banner, $2: extended regex a line of it must match in full
  grep -Eq "^[0-9/]+ [0-9:]+ $2\$" "$work/$1.banner" || fail "$1: expected a banner line matching '$2'; the banner was:
$(cat "$work/$1.banner")"
}

expect_modules() { # $1: which banner
  # json comes with httpstream, which writes its JSON with the json adapter's MessageJson.
  expect_line "$1" '# adapters: gelf json raw syslog tcp udp'
  expect_line "$1" '# transports: tcp udp'
  expect_line "$1" '# jobs    : routes pump http\[logs,health\]:[0-9]+'
}

banner jar env PORT=0 LOGSPOUT_PLUGINS="$work/no-plugins" "$JAVA_HOME/bin/java" -jar "$jar"
expect_modules jar
say "ok: the custom jar holds exactly the chosen modules"

say "building an image of it"
scripts/image.sh --jar "$jar" --tag "$image" --jdk-image "$LSD_JDK_IMAGE" --base-image "$LSD_BASE_IMAGE" >"$work/image.log" 2>&1 ||
  fail "scripts/image.sh failed: $(tail -n 30 "$work/image.log")"
# No socket and no network: the banner comes before the engine is reached.
banner image docker run --name "$container" --network none -e PORT=0 "$image"
expect_modules image
say "ok: the custom image holds exactly the chosen modules"
