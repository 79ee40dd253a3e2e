#!/usr/bin/env bash
# The project's test command: builds every module and runs its unit tests and its integration
# tests, the latter against a private Docker engine started here and stopped on exit.
# Made for a Debian 12 machine run as root: it installs what is missing with apt-get, and is
# quick when everything is there already. Extra arguments go to Maven, for example
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
# TLS tools that the syslog integration tests use.
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
install_missing docker.io busybox-static rsyslog rsyslog-gnutls openssl

# 3. The private engine; the EXIT trap stops it whatever way this script ends.
trap lsd_stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
lsd_start
lsd_remove_all_containers

# 4. The image the test containers run.
lsd_ensure_image

# 5. The build and all tests.
say "DOCKER_HOST=$DOCKER_HOST; running ./mvnw -B -ntp verify $*"
# Maven runs in the background so that an INT or TERM sent to this script stops it at once (the
# traps pass it on), and the engine right after, rather than when the build would have ended.
./mvnw -B -ntp verify "$@" 9>&- &
maven=$!
trap 'kill -TERM "$maven" 2>/dev/null; wait "$maven"; exit 130' INT
trap 'kill -TERM "$maven" 2>/dev/null; wait "$maven"; exit 143' TERM
status=0
wait "$maven" || status=$?
say "Maven exited with status $status"
exit "$status"
