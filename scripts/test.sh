#!/usr/bin/env bash
# The project's test command: builds every module and runs its unit tests and its integration
# tests, the latter against a private Docker engine started here and stopped on exit.
# Made for a Debian 12 machine run as root: it installs what is missing with apt-get, and is
# quick when everything is there already. Without arguments it runs everything: the project's
# tests, the GELF example's and the custom build check. Arguments run Maven with them instead, e.g.
#   scripts/test.sh -pl adapter-syslog -am
#   scripts/test.sh -pl logspout-core -am -Dtest='Route*'
set -euo pipefail
cd "$(dirname "$0")/.."

LSD_PREFIX=test.sh
say() { echo "test.sh: $*"; }
fail() {
  say "$*" >&2
  exit 1
}

# 1. A JDK 21+ (java-home.sh stops with its own message when there is none).
. scripts/java-home.sh
say "JDK: $JAVA_HOME"

. scripts/docker-engine.sh
lsd_lock

# 2. Packages: the engine, the static busybox for the test image, and the syslog server and
# TLS tools that the syslog integration tests use, and the Prometheus server that scrapes /metrics.
install_missing() {
  local missing=() pkg rc=0 policy=/usr/sbin/policy-rc.d added_policy=
  for pkg in "$@"; do
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null)" = installed ] || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || fail "missing packages: ${missing[*]}; as root: apt-get install ${missing[*]}"
  say "installing ${missing[*]} (apt-get log: $LSD_DIR/apt.log)"
  # Installing must not start a system-wide dockerd or rsyslogd: the tests run their own.
  if [ ! -e "$policy" ]; then
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod +x "$policy"
    added_policy=1
  fi
  {
    apt-get -o DPkg::Lock::Timeout=300 update &&
      DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y "${missing[@]}"
  } </dev/null >"$LSD_DIR/apt.log" 2>&1 || rc=$?
  if [ -n "$added_policy" ]; then
    rm -f "$policy"
    trap - EXIT
  fi
  if [ "$rc" -ne 0 ]; then
    tail -n 30 "$LSD_DIR/apt.log" | sed 's/^/    /' >&2
    fail "apt-get failed (exit $rc) installing ${missing[*]}"
  fi
}
install_missing docker.io busybox-static rsyslog rsyslog-gnutls openssl binutils prometheus chromium chromium-driver

# DeployManifestsIT checks deploy/docker-compose.yml with `docker stack config`, a command of the
# Docker CLI 23 and newer; Debian 12's docker.io client is 20.10. Say so before a long run, not
# after it.
docker_cli=$(command -v docker)
cli_version=$(docker --version 2>/dev/null | sed -n 's/^Docker version \([0-9][0-9]*\)\..*/\1/p')
if [ -z "$cli_version" ] || [ "$cli_version" -lt 23 ]; then
  cli_problem="the Docker CLI first in PATH, $docker_cli ($(docker --version 2>&1 | head -n 1)), is older than 23:"
  cli_problem+=" DeployManifestsIT (distribution) needs 'docker stack config' of a CLI 23 or newer. Install docker-ce-cli"
  cli_problem+=" from Docker's apt repository (docs.docker.com/engine/install/debian), or put a newer docker before it in PATH"
  if [ $# -eq 0 ]; then
    fail "$cli_problem"
  fi
  say "warning: $cli_problem"
fi

# 3. The private engine; the EXIT trap stops it whatever way this script ends.
lsd_start_for_run

# 4. The image the test containers run.
lsd_ensure_image
lsd_ensure_build_images # the JDK and base images DockerImageIT builds on

# 5. The build and all tests. Each step runs in the background so that an INT or TERM sent to
# this script stops it at once (the traps pass it on), and the engine right after.
step=
trap 'kill -TERM "$step" 2>/dev/null; wait "$step"; exit 130' INT
trap 'kill -TERM "$step" 2>/dev/null; wait "$step"; exit 143' TERM
run_step() { # $1: what, then the command
  local what=$1 status=0
  shift
  say "$what: $*"
  "$@" 9>&- &
  step=$!
  wait "$step" || status=$?
  [ "$status" -eq 0 ] || fail "$what failed (exit $status)"
}
say "DOCKER_HOST=$DOCKER_HOST"
if [ $# -gt 0 ]; then
  run_step "Maven" ./mvnw -B -ntp verify "$@"
  say "passed in $((SECONDS / 60)) min $((SECONDS % 60)) s"
  exit 0
fi
# The whole suite: the project, installed into ~/.m2 so that what builds against it as a user would
# can: the third-party adapter example (its drop-in test runs the jar just built), then a custom
# build with that example from its Maven coordinates.
run_step "Maven" ./mvnw -B -ntp install
run_step "the GELF example" ./mvnw -B -ntp -f examples/adapter-gelf/pom.xml install -Dlogspout.jar="$PWD/distribution/target/logspout.jar"
run_step "the custom build" scripts/check-custom-build.sh
say "all tests passed in $((SECONDS / 60)) min $((SECONDS % 60)) s"
