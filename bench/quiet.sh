# Sourced by bench/lib.sh (for run.sh, delivery.sh, footprint.sh) and bench/jmh.sh. On a shared
# machine other work takes CPU from what is measured, so the benchmarks wait for a quiet moment first:
#   BENCH_QUIET         the host's busy share of all its CPU (0..1) to wait below (default 0.10;
#                       1 turns waiting off) ...
#   BENCH_QUIET_WAIT_S  ... for at most this long (default 600), then measure anyway
bench_quiet=${BENCH_QUIET:-0.10}
bench_quiet_wait_s=${BENCH_QUIET_WAIT_S:-600}

# The host's busy share of all CPU over one second, from /proc/stat (user..steal minus idle, iowait).
bench_busy_share() {
  local a b
  a=$(head -1 /proc/stat)
  sleep 1
  b=$(head -1 /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN {
    split(a, x); split(b, y); total = 0; idle = 0
    for (i = 2; i <= 9; i++) { d = y[i] - x[i]; total += d; if (i == 5 || i == 6) idle += d }
    printf "%.2f", (total > 0 ? (total - idle) / total : 0) }'
}

# Waits until the host is quiet; prints what it does on stderr, prefixed with $1.
bench_wait_quiet() {
  local deadline=$((SECONDS + bench_quiet_wait_s)) share
  share=$(bench_busy_share)
  while awk -v s="$share" -v q="$bench_quiet" 'BEGIN { exit !(s > q) }'; do
    if ((SECONDS >= deadline)); then
      echo "$1: host still busy ($share of its CPU) after ${bench_quiet_wait_s}s; measuring anyway" >&2
      return 0
    fi
    echo "$1: host busy ($share of its CPU > $bench_quiet); waiting" >&2
    sleep 4
    share=$(bench_busy_share)
  done
}
