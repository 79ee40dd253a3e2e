#!/usr/bin/env bash
# Durable delivery under stress, at default settings: a stalled route, and restarts with
# checkpoints. Prints per case what each route received, lost, repeated and reordered, and
# logspout's peak RSS. See bench/README.md ("Delivery").
#   bench/delivery.sh [CASES]        default "stalled term kill"
# Cases:
#   stalled  STALL_K containers' STALL_L lines each (backlog), two raw+tcp routes: one sink
#            reads, the other accepts but reads nothing for STALL_HOLD_S seconds, then reads;
#            measured beside runs with the reading route alone and with two reading routes,
#            on the same containers
#   term     RESTART_K containers printing RESTART_L numbered lines at RESTART_RATE lines/s each;
#   kill     logspout (CHECKPOINT_PATH set) is stopped with SIGTERM (term) or SIGKILL (kill)
#            RESTART_AFTER_S seconds after its first line arrived and started again RESTART_DOWN_S
#            seconds later; container 0 prints faster, to exit while logspout is down
# Environment:
#   STALL_K, STALL_L, STALL_HOLD_S       4, 75000, 20
#   RESTART_K, RESTART_L, RESTART_RATE   4, 30000, 1000
#   RESTART_AFTER_S, RESTART_DOWN_S      6, 8
#   LOGSPOUT_JAVA_OPTS, LOGSPOUT_JAR, BENCH_DOCKER_DIR, BENCH_TIMEOUT_S, BENCH_QUIET,
#   BENCH_QUIET_WAIT_S                   as for bench/run.sh
# Exits 1 when a line was lost or reordered, or repeated where nothing may be (all but kill).
set -euo pipefail
cd "$(dirname "$0")/.."

cases=(${1:-stalled term kill})
stall_k=${STALL_K:-4}
stall_l=${STALL_L:-75000}
hold_s=${STALL_HOLD_S:-20}
restart_k=${RESTART_K:-4}
restart_l=${RESTART_L:-30000}
rate=${RESTART_RATE:-1000}
after_s=${RESTART_AFTER_S:-6}
down_s=${RESTART_DOWN_S:-8}
timeout_s=${BENCH_TIMEOUT_S:-60}
LOGSPOUT_JAVA_OPTS=${LOGSPOUT_JAVA_OPTS:-}

. bench/lib.sh
for c in "${cases[@]}"; do [[ $c == stalled || $c == term || $c == kill ]] || fail "cases are stalled, term and kill, not '$c'"; done
for v in stall_k stall_l hold_s restart_k restart_l rate after_s down_s; do
  [[ ${!v} =~ ^[0-9]+$ && ${!v} -ge 1 ]] || fail "$v must be a whole number of 1 or more, not '${!v}'"
done
((stall_k <= 99 && restart_k <= 99)) || fail "STALL_K and RESTART_K must be 99 at most"
((rate >= 10)) || fail "RESTART_RATE must be 10 lines/s or more (the containers print a tenth of it at a time)"

bench_lock
src_jar=${LOGSPOUT_JAR:-distribution/target/logspout.jar}
bench_copy_jar "$src_jar" logspout.jar
jar=bench/target/logspout.jar
bench_build_sink

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out=bench/results/delivery-$stamp
mkdir -p "$out"
bench_start_engine
{
  bench_env
  echo "cases: ${cases[*]}; stalled: $stall_k x $stall_l lines, hold ${hold_s}s; restart: $restart_k x $restart_l lines at $rate lines/s, stop after ${after_s}s, down ${down_s}s"
  echo "jar: $src_jar sha256=$(sha256sum <"$jar" | cut -c1-16)"
  echo "logspout JVM options: ${LOGSPOUT_JAVA_OPTS:-(none)}"
} >"$out/env.txt"
cat "$out/env.txt" >&2

field() { tr '\t' '\n' <<<"$1" | sed -n "s/^$2=//p"; } # record key

# One measurement of logspout by the sink: side, containers, lines, routes, then sink options.
measure() {
  local side=$1 k=$2 l=$3 routes=$4
  shift 4
  # The restart cases wait before they start their containers instead: container 0's timing is
  # counted from then.
  [ -n "${waited_quiet:-}" ] || bench_wait_quiet "bench/delivery.sh"
  say "$side"
  # Any free HTTP port: another logspout on the host may hold 80.
  # shellcheck disable=SC2086 # LOGSPOUT_JAVA_OPTS is a list of options
  PORT=${PORT:-0} sink measure --side "$side" --run 1 --containers "$k" --lines "$l" --dockerd-pid "$dockerd_pid" \
    --clk-tck "$(getconf CLK_TCK)" --timeout-s "$timeout_s" --log "$out/$side.log" "$@" \
    --tcp "$java" $LOGSPOUT_JAVA_OPTS -jar "$jar" "$routes" | tee -a "$out/runs.tsv"
}

status=0
check() { # record, then the counts that must be 0
  local record=$1 key
  shift
  [ "$(field "$record" outcome)" = complete ] || { say "$(field "$record" side): $(field "$record" outcome)"; status=1; }
  for key in "$@"; do
    [ "$(field "$record" "$key")" = 0 ] || { say "$(field "$record" side): $key $(field "$record" "$key")"; status=1; }
  done
}

summary=$out/summary.txt
: >"$summary"
if [[ " ${cases[*]} " == *" stalled "* ]]; then
  prefix=lsd-$stamp-s
  say "stalled: starting $stall_k containers of $stall_l lines ($prefix-*)"
  bench_backlog_containers "$prefix" "$stall_k" "$stall_l"
  route="raw+tcp://127.0.0.1:{port}?filter.name=$prefix-*"
  alone=$(measure stalled-alone "$stall_k" "$stall_l" "$route")
  check "$alone" lost duplicated reordered malformed
  two_routes="$route,raw+tcp://127.0.0.1:{hold-port}?filter.name=$prefix-*"
  two=$(measure stalled-two-reading "$stall_k" "$stall_l" "$two_routes" --hold-s 0)
  check "$two" lost duplicated reordered malformed held_lost held_duplicated held_reordered held_malformed
  both=$(measure stalled "$stall_k" "$stall_l" "$two_routes" --hold-s "$hold_s")
  check "$both" lost duplicated reordered malformed held_lost held_duplicated held_reordered held_malformed
  bench_remove_containers "$prefix-"
  {
    printf '\nstalled route: %d x %d lines (backlog), two raw+tcp routes at default settings, one sink reads\n' "$stall_k" "$stall_l"
    printf 'nothing for %d s; beside the reading route alone and two reading routes, on the same containers\n' "$hold_s"
    printf '%-52s %14s %14s %14s\n' "" "route alone" "two reading" "with stalled"
    for row in "received:received" "lost:lost" "repeated:duplicated" "reordered:reordered" "lines/s, first to last line:lines_per_s" \
      "first to last line, s:window_s" "logspout CPU per line, us:cpu_us_per_line"; do
      printf '%-52s %14s %14s %14s\n' "reading route: ${row%%:*}" "$(field "$alone" "${row#*:}")" "$(field "$two" "${row#*:}")" "$(field "$both" "${row#*:}")"
    done
    for row in "received:held_received" "lost:held_lost" "repeated:held_duplicated" "reordered:held_reordered" \
      "all lines in, s after it began to read:held_catchup_s"; do
      printf '%-52s %14s %14s %14s\n' "second route: ${row%%:*}" "" "$(field "$two" "${row#*:}")" "$(field "$both" "${row#*:}")"
    done
    printf '%-52s %14s %14s %14s\n' "logspout peak RSS, MB (VmHWM)" "$(field "$alone" rss_peak_end_mb)" "$(field "$two" rss_peak_end_mb)" "$(field "$both" rss_peak_end_mb)"
    awk -v a="$(field "$alone" lines_per_s)" -v t="$(field "$two" lines_per_s)" -v b="$(field "$both" lines_per_s)" 'BEGIN {
      if (a > 0) printf "%-52s %44.2f\n", "reading route lines/s, with stalled / alone", b / a
      if (t > 0) printf "%-52s %44.2f\n", "reading route lines/s, with stalled / two reading", b / t }'
  } | tee -a "$summary"
fi

ms_of() { date -d "$1" +%s%3N; } # Docker's RFC 3339 time in epoch milliseconds
restart_header=0
for signal_case in "${cases[@]}"; do
  [ "$signal_case" = stalled ] && continue
  signal=${signal_case^^}
  prefix=lsd-$stamp-$signal_case
  say "$signal_case: starting $restart_k containers printing $restart_l lines at $rate lines/s ($prefix-*)"
  # A tenth of a second's lines at a time. Container 0, started last, just before logspout, prints
  # at a rate that ends its lines halfway through logspout's time down, counting 2 s from
  # logspout's launch to its first line (a quiet host's; the summary says whether it did).
  every=$((rate / 10))
  tenths0=$(((2 + after_s) * 10 + down_s * 5))
  every0=$(((restart_l + tenths0 - 1) / tenths0))
  bench_wait_quiet "bench/delivery.sh"
  for ((i = restart_k - 1; i >= 0; i--)); do
    bench_numbered_container "$prefix-$i" "$restart_l" "$i" "$((i == 0 ? every0 : every))" 0.1 true
  done
  checkpoints=$out/checkpoints-$signal_case
  mkdir -p "$checkpoints"
  record=$(CHECKPOINT_PATH=$checkpoints waited_quiet=1 measure "$signal_case" "$restart_k" "$restart_l" "raw+tcp://127.0.0.1:{port}?filter.name=$prefix-*" \
    --restart-after-s "$after_s" --down-s "$down_s" --signal "$signal")
  if [ "$signal" = TERM ]; then check "$record" lost duplicated reordered malformed; else check "$record" lost reordered malformed; fi
  finished=$(ms_of "$(docker inspect --format '{{.State.FinishedAt}}' "$prefix-0")")
  exited_while_down=no
  (($(field "$record" down_from_ms) < finished && finished < $(field "$record" down_to_ms))) && exited_while_down=yes
  bench_remove_containers "$prefix-"
  restart_header=$((restart_header + 1))
  {
    if ((restart_header == 1)); then
      printf '\nrestart: %d containers x %d lines at %d lines/s, CHECKPOINT_PATH set; logspout stopped %d s after its first line, down %d s\n' \
        "$restart_k" "$restart_l" "$rate" "$after_s" "$down_s"
      printf '%-8s %10s %8s %9s %10s %12s %16s %18s\n' signal received lost repeated reordered "exit code" "peak RSS, MB" "c0 exited while down"
    fi
    printf '%-8s %10s %8s %9s %10s %12s %16s %18s\n' "$signal" "$(field "$record" received)" "$(field "$record" lost)" \
      "$(field "$record" duplicated)" "$(field "$record" reordered)" "$(field "$record" first_exit_code)" \
      "$(field "$record" rss_peak_mb)" "$exited_while_down"
  } | tee -a "$summary"
done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/env.txt"
say "results in $out"
exit "$status"
