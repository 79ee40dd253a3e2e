#!/usr/bin/env bash
# The private Docker engine that the integration tests run against (see testing.md in the
# project's shared notes): its own socket, data root, exec root and pid file, no iptables
# and no bridge, so the host's network and any system Docker stay untouched.
#
# scripts/test.sh sources this file. It can also be run by hand, to keep an engine up while
# running integration tests from an IDE:
#   scripts/docker-engine.sh start    # then: export DOCKER_HOST=unix:///tmp/lsd/docker.sock
#   scripts/docker-engine.sh stop
# LOGSPOUT_DOCKER_DIR chooses another directory than /tmp/lsd (one engine per directory).

LSD_DIR=${LOGSPOUT_DOCKER_DIR:-/tmp/lsd}
LSD_SOCK=$LSD_DIR/docker.sock
LSD_PIDFILE=$LSD_DIR/docker.pid
LSD_LOG=$LSD_DIR/dockerd.log
LSD_IMAGE=logspout-test/busybox:latest
# The commands test containers may call; changing this list makes the image anew.
LSD_APPLETS="sh echo sleep cat seq yes printf head tr dd awk sed env true false"
LSD_BUSYBOX=/bin/busybox # from busybox-static: the image has no libc

lsd_say() { echo "${LSD_PREFIX:-docker-engine.sh}: $*"; }
lsd_fail() {
  lsd_say "$*" >&2
  exit 1
}

# Takes the engine directory's lock on fd 9, for as long as this shell lives: runs that share
# the directory go one at a time.
lsd_lock() {
  mkdir -p "$LSD_DIR"
  exec 9>"$LSD_DIR/test.lock"
  if ! flock -n 9; then
    lsd_say "another run uses the engine in $LSD_DIR; waiting for it to finish (at most 30 min)"
    flock -w 1800 9 || lsd_fail "still locked after 30 min: $LSD_DIR/test.lock"
  fi
}

# Prints the pid in pid file $1 if that process lives and its command line contains $2: a pid
# file left by a killed process may name a pid reused since, or a zombie (empty command line).
lsd_live_pid() {
  local pid cmdline
  pid=$(cat "$1" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  cmdline=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 1
  [[ "$cmdline " == *"$2"* ]] || return 1
  echo "$pid"
}

# Prints the pid of the dockerd that owns our pid file, if one runs.
lsd_pid() { lsd_live_pid "$LSD_PIDFILE" "--pidfile $LSD_PIDFILE "; }

lsd_stop() {
  local pid i
  pid=$(lsd_pid) || return 0
  lsd_say "stopping dockerd (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 150; i++)); do
    lsd_pid >/dev/null || return 0
    sleep 0.2
  done
  lsd_say "dockerd (pid $pid) still runs 30 s after SIGTERM; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

# Removes what a dockerd killed with SIGKILL leaves: its pid file, and the containerd it ran for
# itself (still running, or its pid file). Where init does not reap orphans, a killed daemon
# stays a zombie that holds its pid, and the next dockerd would refuse to start or wait for it.
lsd_clear_leftovers() {
  local dir=$LSD_DIR/exec/containerd pid
  rm -f "$LSD_PIDFILE"
  if pid=$(lsd_live_pid "$dir/containerd.pid" "$dir/containerd.toml"); then
    lsd_say "stopping the containerd (pid $pid) of a dockerd that was killed"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/containerd.pid"
}

lsd_fail_with_log() {
  lsd_say "$1; last lines of $LSD_LOG:" >&2
  tail -n 30 "$LSD_LOG" | sed 's/^/    /' >&2
  lsd_stop
  exit 1
}

# Starts the engine (stopping one left over by an earlier run first), waits until it answers
# and exports DOCKER_HOST for it.
lsd_start() {
  local pid starter deadline
  command -v dockerd >/dev/null || lsd_fail "dockerd not found: install docker.io (scripts/test.sh does)"
  if pid=$(lsd_pid); then
    lsd_say "a dockerd from an earlier run still runs (pid $pid)"
    lsd_stop
  fi
  lsd_clear_leftovers
  lsd_say "starting a private dockerd on unix://$LSD_SOCK (log: $LSD_LOG)"
  # setsid: a Ctrl-C in the terminal reaches us, not the daemon, so the EXIT trap stops it in
  # order. Own containerd namespaces keep it apart from a system containerd it might share.
  # fd 9 holds the lock (lsd_lock): the daemon must not keep it once we are gone.
  setsid -w dockerd --host "unix://$LSD_SOCK" \
    --data-root "$LSD_DIR/data" --exec-root "$LSD_DIR/exec" --pidfile "$LSD_PIDFILE" \
    --iptables=false --bridge=none \
    --containerd-namespace logspout-test --containerd-plugins-namespace logspout-test-plugins \
    --shutdown-timeout 2 \
    </dev/null >"$LSD_LOG" 2>&1 9>&- &
  starter=$!
  export DOCKER_HOST=unix://$LSD_SOCK
  # The user's own client settings must not send the tests elsewhere.
  unset DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH
  deadline=$((SECONDS + 60))
  until docker version >/dev/null 2>&1; do
    kill -0 "$starter" 2>/dev/null || lsd_fail_with_log "dockerd exited while starting"
    ((SECONDS < deadline)) || lsd_fail_with_log "dockerd did not answer within 60 s"
    sleep 0.2
  done
  lsd_say "dockerd ready (pid $(lsd_pid), server $(docker version --format '{{.Server.Version}}'))"
}

# Removes every container: the engine is ours alone, and containers left by an interrupted
# run would otherwise show up in tests that watch all containers.
lsd_remove_all_containers() {
  local ids
  ids=$(docker ps -aq)
  [ -z "$ids" ] && return 0
  lsd_say "removing $(wc -w <<<"$ids") container(s) left by an earlier run"
  # shellcheck disable=SC2086 # one id per word
  docker rm -f $ids >/dev/null
}

# Imports the busybox image unless the one there was made from the same busybox and applets.
lsd_ensure_image() {
  local want have root applet
  [ -x "$LSD_BUSYBOX" ] || lsd_fail "$LSD_BUSYBOX not found: install busybox-static (scripts/test.sh does)"
  want="$(sha256sum <"$LSD_BUSYBOX" | cut -c1-16)-$(sha256sum <<<"$LSD_APPLETS" | cut -c1-16)"
  have=$(docker image inspect --format '{{ index .Config.Labels "logspout.rootfs" }}' "$LSD_IMAGE" 2>/dev/null || true)
  [ "$have" = "$want" ] && return 0
  lsd_say "importing $LSD_IMAGE"
  root=$(mktemp -d)
  mkdir -p "$root/bin" "$root/tmp"
  chmod 1777 "$root/tmp"
  cp "$LSD_BUSYBOX" "$root/bin/busybox"
  for applet in $LSD_APPLETS; do ln -s busybox "$root/bin/$applet"; done
  tar -C "$root" -c . | docker import --change "LABEL logspout.rootfs=$want" - "$LSD_IMAGE" >/dev/null
  rm -rf "$root"
  [ "$(docker run --rm --network none "$LSD_IMAGE" sh -c 'echo ok')" = ok ] ||
    lsd_fail "a container of the freshly imported $LSD_IMAGE does not run"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  case "${1:-}" in
  start)
    lsd_lock
    lsd_start
    lsd_remove_all_containers
    lsd_ensure_image
    echo "export DOCKER_HOST=$DOCKER_HOST"
    ;;
  stop)
    lsd_lock
    lsd_stop
    ;;
  *) lsd_fail "usage: $0 start|stop" ;;
  esac
fi
