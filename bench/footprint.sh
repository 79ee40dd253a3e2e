#!/usr/bin/env bash
# What logspout costs a host when it has little to do: memory and start with no route, and CPU with
# many containers each writing a line a second. See bench/README.md ("Footprint").
#   bench/footprint.sh [RUNS]        default 5 (or env RUNS); 0 runs only the low-rate case
# Environment:
#   FOOTPRINT_KINDS      what to start, space-separated, alternating run by run (default
#                        "launcher jar image"): launcher = scripts/run.sh, jar = java -jar with no
#                        option, image = the image of scripts/image.sh in a container; and the
#                        floors under them (bench/floor/Floor.java, the launcher's JVM options, the
#                        jar on the class path): floor-jvm = a JVM that opens a port and sleeps,
#                        floor-docker-java = one that also pings, lists and follows the events with
#                        docker-java as logspout does, and does nothing else
#   FOOTPRINT_IDLE_S     seconds after launch at which idle RSS is read (default 10)
#   FOOTPRINT_CLASS_CACHE the image's class cache: full (default), jdk or none (scripts/image.sh --class-cache)
#   LOWRATE_CONTAINERS   containers of the low-rate case (default 100; 0 skips it) ...
#   LOWRATE_WARMUP_S     ... measured after this many seconds (default 30) ...
#   LOWRATE_S            ... for this many (default 60) ...
#   LOWRATE_RUNS         ... this many times (default 1), one launch each
#   LOGSPOUT_JAR_B       a second jar for the low-rate case: each run measures both on the same
#                        containers, one after the other, the order alternating run by run
#   BENCH_DOCKER_DIR     the private Docker engine's directory (default /tmp/lsd-bench)
#   LOGSPOUT_JAR         the jar measured (default distribution/target/logspout.jar, built when
#                        stale); the launcher runs it through scripts/run.sh's LOGSPOUT_JAR
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${1:-${RUNS:-5}}
kinds=(${FOOTPRINT_KINDS:-launcher jar image})
idle_s=${FOOTPRINT_IDLE_S:-10}
lowrate_n=${LOWRATE_CONTAINERS:-100}
lowrate_warmup_s=${LOWRATE_WARMUP_S:-30}
lowrate_s=${LOWRATE_S:-60}
lowrate_runs=${LOWRATE_RUNS:-1}

. bench/lib.sh
[[ $RUNS =~ ^[0-9]+$ ]] || fail "RUNS must be 0 (only the low-rate case) or more, not '$RUNS'"
[[ $lowrate_runs =~ ^[0-9]+$ && $lowrate_runs -ge 1 ]] || fail "LOWRATE_RUNS must be 1 or more, not '$lowrate_runs'"

if [ -z "${LOGSPOUT_JAR:-}" ]; then
  . scripts/build-jar.sh
  logspout_build_jar
fi
jar=${LOGSPOUT_JAR:-distribution/target/logspout.jar}

bench_lock
bench_start_engine
bench_build_sink

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out=bench/results/footprint-$stamp
mkdir -p "$out"
image=logspout-jvm:footprint
if ((RUNS > 0)) && [[ " ${kinds[*]} " == *" image "* ]]; then
  lsd_ensure_build_images
  # On the stand-ins for the Dockerfile's base images that DockerImageIT builds on, made from this
  # machine's JDK (no registry is reachable here).
  scripts/image.sh --jar "$jar" --tag "$image" --jdk-image "$LSD_JDK_IMAGE" --base-image "$LSD_BASE_IMAGE" \
    --class-cache "${FOOTPRINT_CLASS_CACHE:-full}" -- --quiet 2>"$out/image-build.log" >/dev/null ||
    fail "scripts/image.sh failed; see $out/image-build.log"
  tail -1 "$out/image-build.log" >&2
fi
{
  echo "date: $(date -u +%FT%TZ)"
  echo "git: $(git rev-parse HEAD 2>/dev/null)$(git diff --quiet HEAD -- . ':!bench' 2>/dev/null || echo ' (+ uncommitted changes)')"
  echo "jar: $jar sha256=$(sha256sum <"$jar" | cut -c1-16)"
  echo "image class cache: ${FOOTPRINT_CLASS_CACHE:-full}"
  echo "java: $("$java" -version 2>&1 | head -1)"
  echo "host: $(nproc) cores, load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$out/env.txt"
cat "$out/env.txt" >&2

if [[ " ${kinds[*]} " == *" floor-"* ]]; then
  mkdir -p bench/target/floor
  "$JAVA_HOME/bin/javac" -cp "$jar" -d bench/target/floor bench/floor/Floor.java
  . scripts/java-opts.sh # the launcher's JVM options, java_opts
fi

now_ns() { date +%s%N; }
kb() { awk -v k="$2" '$1 == k":" { print $2 }' "/proc/$1/status"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
free_port() { sink count </dev/null; }

# Starts logspout of one kind with the given routes, in the background; sets pid (java's) and log.
launch() { # kind port routes [jar, default $jar; launcher only]
  local kind=$1 port=$2 routes=$3
  log=$out/$kind-$port.log
  case "$kind" in
  launcher)
    LOGSPOUT_JAR=${4:-$jar} PORT=$port scripts/run.sh "$routes" >"$log" 2>&1 &
    pid=$!
    ;;
  jar)
    PORT=$port "$java" -jar "$jar" "$routes" >"$log" 2>&1 &
    pid=$!
    ;;
  floor-*)
    PORT=$port MALLOC_ARENA_MAX=$malloc_arena_max "$java" "${java_opts[@]}" -cp "bench/target/floor:$jar" \
      io.logspout.bench.Floor "${kind#floor-}" >"$log" 2>&1 &
    pid=$!
    ;;
  image)
    docker run -d --name "lfp-$port" --network host -e "PORT=$port" \
      -v "$LSD_SOCK:/var/run/docker.sock" "$image" "$routes" >/dev/null
    pid=$(docker inspect --format '{{.State.Pid}}' "lfp-$port")
    ;;
  esac
}
stop() { # kind port
  if [ "$1" = image ]; then
    docker logs "lfp-$2" >"$out/$1-$2.log" 2>&1 || true
    docker rm -f "lfp-$2" >/dev/null
  else
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}
logs_of() { # kind port
  if [ "$1" = image ]; then docker logs "lfp-$2" 2>&1; else cat "$out/$1-$2.log"; fi
}

# Idle: no route. Launch to the HTTP port open and to the engine attached; RSS idle_s after launch.
idle_tsv=$out/idle.tsv
for ((run = 1; run <= RUNS; run++)); do
  for ((k = 0; k < ${#kinds[@]}; k++)); do
    kind=${kinds[(k + run) % ${#kinds[@]}]}
    port=$(free_port)
    t0=$(now_ns)
    launch "$kind" "$port" ""
    ready="" attached=""
    while [ -z "$ready" ] || [ -z "$attached" ]; do
      (($(now_ns) - t0 < 60000000000)) || fail "$kind did not get ready in 60 s; see its log in $out"
      [ -n "$ready" ] || ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || ready=$(now_ns)
      [ -n "$attached" ] || ! logs_of "$kind" "$port" | grep -q 'Docker engine at .* reachable\|^floor ready' || attached=$(now_ns)
      sleep 0.02
    done
    sleep "$(awk -v t0="$t0" -v now="$(now_ns)" -v s="$idle_s" 'BEGIN { d = s - (now - t0) / 1e9; print (d > 0 ? d : 0) }')"
    rss=$(kb "$pid" VmRSS) hwm=$(kb "$pid" VmHWM) # run.sh execs java: its pid is java's
    stop "$kind" "$port"
    printf 'kind=%s\trun=%d\tready_s=%.3f\tattached_s=%.3f\tidle_rss_mb=%.1f\tidle_hwm_mb=%.1f\n' "$kind" "$run" \
      "$(((ready - t0) / 1000))e-6" "$(((attached - t0) / 1000))e-6" "$((rss / 100))e-1" "$((hwm / 100))e-1" | tee -a "$idle_tsv" >&2
  done
done

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
field() { # kind key
  awk -v kind="$1" -v key="$2" -F'\t' '{ ok = 0; v = "" } { for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "kind" && kv[2] == kind) ok = 1; if (kv[1] == key) v = kv[2] } } ok { print v }' "$idle_tsv"
}
((RUNS == 0)) || {
  printf '\nmedian of %d runs, no route          %12s %12s %12s %12s\n' "$RUNS" ready_s attached_s idle_rss_mb idle_hwm_mb
  for kind in "${kinds[@]}"; do
    printf '%-36s %12s %12s %12s %12s\n' "$kind" "$(field "$kind" ready_s | median)" "$(field "$kind" attached_s | median)" \
      "$(field "$kind" idle_rss_mb | median)" "$(field "$kind" idle_hwm_mb | median)"
  done
} | tee "$out/summary.txt"

# Low rate: many containers, a line a second each, routed by the shipped launcher to a counting
# sink; with LOGSPOUT_JAR_B, each jar in turn on the same containers, round after round.
lowrate_jars=("$jar")
[ -z "${LOGSPOUT_JAR_B:-}" ] || lowrate_jars+=("$LOGSPOUT_JAR_B")
for j in "${lowrate_jars[@]}"; do [ -f "$j" ] || fail "no jar at $j"; done
# Context switches of all of java's threads (those alive at the time: its threads live as long as it).
ctx_switches() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/^(non)?voluntary_ctxt_switches:/ { n += $2 } END { print n + 0 }'; }
if ((lowrate_n > 0)); then
  say "low rate: starting $lowrate_n containers writing a line a second each"
  for ((i = 0; i < lowrate_n; i++)); do
    docker run -d --network none --name "lfr-$stamp-$i" logspout-test/busybox \
      sh -c 'i=0; while true; do i=$((i+1)); echo "lowrate line $i of $HOSTNAME"; sleep 1; done' >/dev/null
  done
  coproc SINK { sink count; }
  read -r sink_port <&"${SINK[0]}"
  counted() {
    echo >&"${SINK[1]}"
    read -r n <&"${SINK[0]}"
    echo "$n"
  }
  lowrate_tsv=$out/lowrate.tsv
  for ((run = 1; run <= lowrate_runs; run++)); do
    for ((k = 0; k < ${#lowrate_jars[@]}; k++)); do
      side=$(((k + run + 1) % ${#lowrate_jars[@]}))
      port=$(free_port)
      launch launcher "$port" "raw+tcp://127.0.0.1:$sink_port?filter.name=lfr-$stamp-*" "${lowrate_jars[side]}"
      sleep "$lowrate_warmup_s"
      ticks0=$(cpu_ticks "$pid") ctx0=$(ctx_switches "$pid") lines0=$(counted) t0=$(now_ns)
      sleep "$lowrate_s"
      ticks1=$(cpu_ticks "$pid") ctx1=$(ctx_switches "$pid") lines1=$(counted) t1=$(now_ns)
      rss=$(kb "$pid" VmRSS) hwm=$(kb "$pid" VmHWM)
      stop launcher "$port"
      awk -v side="$([ "$side" = 0 ] && echo a || echo b)" -v run="$run" -v dt="$(((t1 - t0) / 1000000))" -v ticks="$((ticks1 - ticks0))" \
        -v hz="$(getconf CLK_TCK)" -v ctx="$((ctx1 - ctx0))" -v lines="$((lines1 - lines0))" -v rss="$rss" -v hwm="$hwm" \
        -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN { s = dt / 1000
          printf "jar=%s\trun=%d\tlines_per_s=%.1f\tcpu_pct=%.2f\tcpu_us_per_line=%.1f\tctx_per_line=%.2f\trss_mb=%.1f\thwm_mb=%.1f\tload=%s\n",
            side, run, lines / s, 100 * ticks / hz / s, (lines > 0 ? 1e6 * ticks / hz / lines : 0), (lines > 0 ? ctx / lines : 0),
            rss / 1024, hwm / 1024, load }' | tee -a "$lowrate_tsv" >&2
    done
  done
  exec {SINK[1]}>&-
  bench_remove_containers "lfr-$stamp-"
  lowrate_field() { # jar key
    awk -v jar="$1" -v key="$2" -F'\t' '{ ok = 0; v = "" } { for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "jar" && kv[2] == jar) ok = 1; if (kv[1] == key) v = kv[2] } } ok { print v }' "$lowrate_tsv"
  }
  {
    printf '\nlow rate: %d containers x 1 line/s, scripts/run.sh, %s s after %s s of warm-up, median of %d runs\n' "$lowrate_n" "$lowrate_s" "$lowrate_warmup_s" "$lowrate_runs"
    printf '  %-32s %12s %12s\n' "" "jar a" "$([ ${#lowrate_jars[@]} = 2 ] && echo "jar b")"
    for row in "lines routed per second:lines_per_s" "logspout CPU, % of a core:cpu_pct" "logspout CPU per line, us:cpu_us_per_line" \
      "context switches per line:ctx_per_line" "logspout RSS, MB:rss_mb" "logspout peak RSS, MB:hwm_mb"; do
      printf '  %-32s %12s %12s\n' "${row%%:*}" "$(lowrate_field a "${row##*:}" | median)" "$([ ${#lowrate_jars[@]} = 2 ] && lowrate_field b "${row##*:}" | median)"
    done
    echo "  jar a: $jar sha256=$(sha256sum <"$jar" | cut -c1-16)"
    [ ${#lowrate_jars[@]} = 1 ] || echo "  jar b: $LOGSPOUT_JAR_B sha256=$(sha256sum <"$LOGSPOUT_JAR_B" | cut -c1-16)"
    echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
  } | tee -a "$out/summary.txt"
fi
say "results in $out"
