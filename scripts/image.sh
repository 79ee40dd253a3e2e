#!/usr/bin/env bash
# Builds the logspout image (distribution/Dockerfile) on the Docker engine in DOCKER_HOST (default
# /var/run/docker.sock), from distribution/target/logspout.jar, which it builds first when it is
# missing or older than the sources, or from another jar (a custom build, see custom/README.md).
#
#   scripts/image.sh                                   # logspout-jvm:<version> and logspout-jvm:latest
#   scripts/image.sh --jar custom/target/logspout.jar --tag my-logspout:1.0
#   scripts/image.sh --jdk-image eclipse-temurin:25-jdk --base-image ubuntu:24.04
#
# Options:
#   --jar PATH          the jar to put in the image (taken as it is: no build)
#   --tag NAME[:TAG]    the image's name, instead of logspout-jvm:<version> and logspout-jvm:latest;
#                       may be given more than once
#   --jdk-image IMAGE   the JDK 21+ image that jlink runs in (default eclipse-temurin:25-jdk)
#   --class-cache KIND  what the JVM starts from (distribution/DOCKER.md): full (default; JDK 25+),
#                       the ahead-of-time cache of the JDK's and logspout's classes; jdk, a class
#                       data archive of the JDK's classes alone (18 MB less, a slower start); none
#                       (38 MB less than full, a start twice as slow and 10 MB more memory)
#   --base-image IMAGE  the glibc-based image with /bin/sh to build on (default debian:12-slim)
# Anything after -- goes to docker build (e.g. -- --pull --no-cache).
set -euo pipefail

say() { echo "image.sh: $*" >&2; }
fail() {
  say "$*"
  exit 1
}
usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"
  exit 0
}

jar="" tags=() build_args=()
while [ $# -gt 0 ]; do
  case "$1" in
  --jar | --tag | --jdk-image | --base-image | --class-cache)
    [ $# -ge 2 ] || fail "$1 needs a value; see $0 --help"
    case "$1" in
    --jar) jar=$2 ;;
    --tag) tags+=("$2") ;;
    --jdk-image) build_args+=(--build-arg "JDK_IMAGE=$2") ;;
    --base-image) build_args+=(--build-arg "BASE_IMAGE=$2") ;;
    --class-cache)
      case "$2" in full | jdk | none) build_args+=(--build-arg "CLASS_CACHE=$2") ;; *) fail "--class-cache $2: give full, jdk or none" ;; esac
      ;;
    esac
    shift 2
    ;;
  --)
    shift
    break
    ;;
  -h | --help) usage ;;
  *) fail "unknown option '$1'; see $0 --help" ;;
  esac
done

if [ -n "$jar" ]; then
  [ -f "$jar" ] || fail "--jar $jar: no such file; give the path of a logspout jar (custom/README.md makes one)"
  jar=$(realpath "$jar") # before the cd below
fi
cd "$(dirname "$0")/.."
. scripts/java-home.sh
if [ -z "$jar" ]; then
  . scripts/build-jar.sh
  logspout_build_jar
  jar=$LOGSPOUT_JAR
fi
version=$("$JAVA_HOME/bin/java" -jar "$jar" --version) ||
  fail "--jar $jar: 'java -jar $jar --version' failed; is it a runnable logspout jar?"
version=${version#v}
[ ${#tags[@]} -gt 0 ] || tags=("logspout-jvm:$version" logspout-jvm:latest)

# The build context holds the jar alone: distribution/target has much else the engine would be sent.
context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
cp "$jar" "$context/logspout.jar"
tag_args=()
for tag in "${tags[@]}"; do tag_args+=(--tag "$tag"); done
say "building ${tags[*]} from $jar (logspout $version)"
docker build --file distribution/Dockerfile --build-arg "VERSION=$version" \
  "${build_args[@]}" "${tag_args[@]}" "$@" "$context" >&2

# What the image adds to its base: the layers that make /opt/logspout (the runtime, the jar, the cache).
added=$(docker history --no-trunc --human=false --format '{{.Size}} {{.CreatedBy}}' "${tags[0]}" |
  awk '/\/opt\/logspout/ { sum += $1 } END { print sum + 0 }')
say "built ${tags[*]}: $(($(docker image inspect --format '{{.Size}}' "${tags[0]}") / 1000000)) MB, of which the runtime, the jar and the class cache $((added / 1000000)) MB"
echo "${tags[0]}"
