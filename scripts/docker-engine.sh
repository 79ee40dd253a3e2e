#!/usr/bin/env bash
# The private Docker engine that the integration tests run against (see testing.md in the
# project's shared notes): its own socket, data root, exec root and pid file, no iptables
# and no bridge, so the host's network and any system Docker stay untouched.
#
# scripts/test.sh sources this file. It can also be run by hand, to keep an engine up while
# running integration tests from an IDE:
#   scripts/docker-engine.sh start    # then: export DOCKER_HOST=unix:///tmp/lsd/docker.sock
#   scripts/docker-engine.sh stop
#   scripts/docker-engine.sh restart  # the same engine stopped and started again, for tests
# start also imports the test images: busybox, and the JDK and base images that the logspout
# image is built on in the tests (lsd_ensure_build_images).
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

# Starts the engine for the calling script alone: stopped when it exits however it ends, with
# no container left by an earlier run.
lsd_start_for_run() {
  trap lsd_stop EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  lsd_start
  lsd_remove_all_containers
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

# Prints the logspout.rootfs label of image $1: the hash of what it was made from (empty if none).
lsd_rootfs_label() {
  docker image inspect --format '{{ index .Config.Labels "logspout.rootfs" }}' "$1" 2>/dev/null || true
}

# Imports directory $2 as image $1 labelled logspout.rootfs=$3, with the `docker import --change`
# instructions that follow; removes the directory.
lsd_import_rootfs() {
  local image=$1 root=$2 hash=$3 change changes=()
  shift 3
  for change in "LABEL logspout.rootfs=$hash" "$@"; do changes+=(--change "$change"); done
  lsd_say "importing $image"
  tar -C "$root" --owner=0 --group=0 --numeric-owner -c . | docker import "${changes[@]}" - "$image" >/dev/null
  rm -rf "$root"
}

# Imports the busybox image unless the one there was made from the same busybox and applets.
lsd_ensure_image() {
  local want root applet
  [ -x "$LSD_BUSYBOX" ] || lsd_fail "$LSD_BUSYBOX not found: install busybox-static (scripts/test.sh does)"
  want="$(sha256sum <"$LSD_BUSYBOX" | cut -c1-16)-$(sha256sum <<<"$LSD_APPLETS" | cut -c1-16)"
  [ "$(lsd_rootfs_label "$LSD_IMAGE")" = "$want" ] && return 0
  root=$(mktemp -d)
  mkdir -p "$root/bin" "$root/tmp"
  chmod 1777 "$root/tmp"
  cp "$LSD_BUSYBOX" "$root/bin/busybox"
  for applet in $LSD_APPLETS; do ln -s busybox "$root/bin/$applet"; done
  lsd_import_rootfs "$LSD_IMAGE" "$root" "$want"
  [ "$(docker run --rm --network none "$LSD_IMAGE" sh -c 'echo ok')" = ok ] ||
    lsd_fail "a container of the freshly imported $LSD_IMAGE does not run"
}

# The images distribution/Dockerfile builds FROM in the tests (DockerImageIT). No registry is
# reachable, so they are made from this machine's JDK 21+ (JAVA_HOME, see java-home.sh): one
# with the JDK that jlink runs in, for eclipse-temurin:25-jdk, and one with only the C libraries
# and a shell, for debian:12-slim. Each is imported again only when what it is made from changes,
# these functions included.
LSD_JDK_IMAGE=logspout-build/jdk:latest
LSD_BASE_IMAGE=logspout-build/base:latest
LSD_BASE_APPLETS="sh mkdir ln rm" # what the Dockerfile's RUN and ENTRYPOINT call

# Prints the JDK's programs and native libraries, one a line.
lsd_jdk_binaries() {
  find "$LSD_JDK" -type f \( -name '*.so' -o -perm -u+x \)
}

# Prints the shared libraries that the files named on stdin link, as ldd resolves them here, the
# dynamic loader included, except the JDK's own.
lsd_linked_libs() {
  { xargs -d '\n' ldd 2>/dev/null || true; } | awk -v own="$LSD_JDK/" '
    $2 == "=>" && $3 ~ /^\// && index($3, own) != 1 { print $3 }
    NF == 2 && $1 ~ /^\// { print $1 }' | sort -u
}

# Makes a root file system in a new directory, printed: /tmp, root's home and passwd entry, and
# the libraries named on stdin at their paths.
lsd_new_rootfs() {
  local root lib
  root=$(mktemp -d -p "$LSD_DIR")
  mkdir -p "$root/tmp" "$root/etc" "$root/root"
  chmod 1777 "$root/tmp"
  echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
  echo 'root:x:0:' >"$root/etc/group"
  while read -r lib; do cp -L --parents "$lib" "$root"; done
  echo "$root"
}

lsd_ensure_jdk_image() {
  local objcopy libs want root
  # jlink --strip-debug runs objcopy on the native libraries.
  objcopy=$(command -v objcopy) || lsd_fail "objcopy not found: install binutils (scripts/test.sh does)"
  libs=$( { lsd_jdk_binaries; echo "$objcopy"; } | lsd_linked_libs)
  want=$( {
    declare -f lsd_ensure_jdk_image lsd_jdk_binaries lsd_linked_libs lsd_new_rootfs
    find -L "$LSD_JDK" -printf '%P %s %T@\n' | LC_ALL=C sort
    # shellcheck disable=SC2086 # one path per word
    sha256sum "$objcopy" $libs
  } | sha256sum | cut -c1-16)
  [ "$(lsd_rootfs_label "$LSD_JDK_IMAGE")" = "$want" ] && return 0
  root=$(lsd_new_rootfs <<<"$libs")
  mkdir -p "$root/opt/java" "$root/usr/bin"
  # The JDK where the Temurin images have it, less its sources (a sixth of it; jlink needs none).
  # -L: a packaged JDK links some files to the system's (lib/security/cacerts).
  cp -RL "$LSD_JDK" "$root/opt/java/openjdk"
  rm -f "$root/opt/java/openjdk/lib/src.zip"
  cp "$objcopy" "$root/usr/bin/objcopy"
  lsd_import_rootfs "$LSD_JDK_IMAGE" "$root" "$want" \
    "ENV JAVA_HOME=/opt/java/openjdk" "ENV PATH=/opt/java/openjdk/bin:/usr/bin"
  docker run --rm --network none "$LSD_JDK_IMAGE" jlink --version >/dev/null ||
    lsd_fail "jlink does not run in the freshly imported $LSD_JDK_IMAGE"
}

lsd_ensure_base_image() {
  local libs want root applet
  [ -x "$LSD_BUSYBOX" ] || lsd_fail "$LSD_BUSYBOX not found: install busybox-static (scripts/test.sh does)"
  libs=$(lsd_jdk_binaries | lsd_linked_libs)
  want=$( {
    declare -f lsd_ensure_base_image lsd_jdk_binaries lsd_linked_libs lsd_new_rootfs
    echo "$LSD_BASE_APPLETS"
    # shellcheck disable=SC2086 # one path per word
    sha256sum "$LSD_BUSYBOX" $libs
  } | sha256sum | cut -c1-16)
  [ "$(lsd_rootfs_label "$LSD_BASE_IMAGE")" = "$want" ] && return 0
  root=$(lsd_new_rootfs <<<"$libs")
  mkdir -p "$root/bin" "$root/run" "$root/var"
  ln -s ../run "$root/var/run" # as in Debian: the Dockerfile links the Docker socket there
  cp "$LSD_BUSYBOX" "$root/bin/busybox"
  for applet in $LSD_BASE_APPLETS; do ln -s busybox "$root/bin/$applet"; done
  lsd_import_rootfs "$LSD_BASE_IMAGE" "$root" "$want"
  [ "$(docker run --rm --network none "$LSD_BASE_IMAGE" sh -c 'echo ok')" = ok ] ||
    lsd_fail "a container of the freshly imported $LSD_BASE_IMAGE does not run"
}

lsd_ensure_build_images() {
  [ -n "${JAVA_HOME:-}" ] || lsd_fail "JAVA_HOME is not set: source scripts/java-home.sh first"
  LSD_JDK=$(realpath "$JAVA_HOME")
  lsd_ensure_jdk_image
  lsd_ensure_base_image
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  case "${1:-}" in
  start)
    . "$(dirname "${BASH_SOURCE[0]}")/java-home.sh"
    lsd_lock
    lsd_start
    lsd_remove_all_containers
    lsd_ensure_image
    lsd_ensure_build_images
    echo "export DOCKER_HOST=$DOCKER_HOST"
    ;;
  stop)
    lsd_lock
    lsd_stop
    ;;
  restart)
    # For a test of what an engine restart does (test-support's DockerHost.restartEngine): stops
    # the engine by its pid file and starts it again with the same arguments. It takes no lock:
    # the run that calls it (scripts/test.sh) holds it; containers and images stay.
    lsd_stop
    lsd_start
    ;;
  *) lsd_fail "usage: $0 start|stop|restart" ;;
  esac
fi
