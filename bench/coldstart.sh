#!/usr/bin/env bash
# Cold start of the built stack: `dotnet run --project Platform.AppHost --no-build --launch-profile http`
# until every service's /health answers 200 (web 5100, auth 5101, api 5102, worker 5103), then SIGTERM and
# wait for every process of the run to go. Data lives in a temporary folder (Platform:DataDirectory), never in
# .platform/: run 0 starts on an empty folder (initdb) and is reported apart; runs 1..N start on its data.
# Each run prints where the time went, in seconds since `dotnet run` started: the AppHost process, DCP,
# postgres, and per service `dotnet run` (DCP launches it), the service's own process, /health 200.
# Usage: bench/coldstart.sh [runs]   (default 5; the median is printed at the end). Extra AppHost arguments
# go in COLDSTART_ARGS, e.g. COLDSTART_ARGS="--replicas api=2". NO_BUILD=1 starts what is built as it is.
# APPHOST=bench/Platform.Bench.AspireFloor measures Aspire's own floor the same way: an AppHost whose four
# resources are trivial processes answering /health on the same ports (no PostgreSQL, no .NET services).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
apphost_project=${APPHOST:-Platform.AppHost}
runs=${1:-5}
timeout_s=${COLDSTART_TIMEOUT:-180}
read -r -a extra <<<"${COLDSTART_ARGS:-}"
# shellcheck source=bench/apphost-common.sh
source bench/apphost-common.sh coldstart

hz=$(getconf CLK_TCK)
# Start time of a process in clock ticks since boot (field 22 of /proc/PID/stat, after the command name).
ticks() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $20}'; }
since() { # seconds from the run's dotnet run to the start of the first process matching $1
  local pid
  pid=$(pgrep -f -- "$1" | head -1 || true)
  if [ -z "$pid" ]; then echo "-"; return; fi
  awk -v a="$(ticks "$apphost")" -v b="$(ticks "$pid")" -v hz="$hz" 'BEGIN {printf "%.1f", (b - a) / hz}'
}

desc() { local p; for p in $(pgrep -P "$1" || true); do echo "$p"; desc "$p"; done; }
cpu() { # CPU seconds (user + system) used so far by the given processes
  local total=0 pid
  for pid in "$@"; do
    total=$(( total + $(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{print $12 + $13}' || echo 0) ))
  done
  awk -v t="$total" -v hz="$hz" 'BEGIN {printf "%.1f", t / hz}'
}
by_comm() { local p; for p in "${@:2}"; do [ "$(cat "/proc/$p/comm" 2>/dev/null)" = "$1" ] && echo "$p"; done; return 0; }

# The wait for /health must not take the CPU it measures: one curl per service every 100 ms was ~12 % of both
# cores during a start (perf). health() speaks HTTP over bash's /dev/tcp and the pause is a read with a
# timeout, so polling starts no process at all.
health() { # is GET /health on 127.0.0.1:$1 answered 200?
  local status=""
  { exec {conn}<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  printf 'GET /health HTTP/1.1\r\nHost: localhost:%s\r\nConnection: close\r\n\r\n' "$1" >&"$conn"
  read -r -t 1 -u "$conn" _ status _ || true
  exec {conn}>&-
  [ "$status" = 200 ]
}
exec {pause}<> <(:)

declare -A port=([web]=5100 [auth]=5101 [api]=5102 [worker]=5103)
times=()
for i in $(seq 0 "$runs"); do
  for p in 5100 5101 5102 5103 18888 18889 25432 29000; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "port $p is busy: stop the other AppHost first" >&2; exit 1; fi
  done
  log=$(mktemp)
  start=${EPOCHREALTIME/./}
  setsid dotnet run --project "$apphost_project" --no-build --launch-profile http -- \
    --Platform:DataDirectory="$data" ${extra[@]+"${extra[@]}"} >"$log" 2>&1 &
  apphost=$!
  declare -A healthy=()
  total=""
  while now=${EPOCHREALTIME/./}; [ $(( (now - start) / 1000000 )) -lt "$timeout_s" ]; do
    for s in web auth api worker; do
      if [ -z "${healthy[$s]:-}" ] && health "${port[$s]}"; then
        healthy[$s]=$(( (${EPOCHREALTIME/./} - start) / 100000 ))
        healthy[$s]=$(( healthy[$s] / 10 )).$(( healthy[$s] % 10 ))
      fi
    done
    if [ "${#healthy[@]}" -eq 4 ]; then total=$(( (${EPOCHREALTIME/./} - start) / 1000 )); break; fi
    read -r -t 0.1 -u "$pause" || true
  done
  if [ -z "$total" ]; then
    echo "run $i: not healthy within ${timeout_s}s (healthy: ${!healthy[*]}); AppHost output: $log" >&2
    exit 1
  fi

  apphost_pid=$(pgrep -f -- "$root/$apphost_project/bin/" | head -1)
  line="apphost $(since "$root/$apphost_project/bin/"), dcp $(since "dcp start-apiserver --monitor $apphost_pid"), postgres $(since "postgres -D $data/postgres")"
  for s in auth api worker web; do
    project="Platform.${s^}"
    line+="; $s run $(since "dotnet run --project $root/$project/$project.csproj") exec $(since "$root/$project/bin/.*/$project\$") healthy ${healthy[$s]}"
  done
  dcp_api=$(pgrep -f -- "dcp start-apiserver --monitor $apphost_pid" | head -1)
  mapfile -t under_dcp < <(desc "$dcp_api")
  postmaster=$(pgrep -f -- "postgres -D $data/postgres" | head -1 || true)
  cpus="cpu s: dotnet run $(cpu "$apphost") + apphost $(cpu "$apphost_pid"), dcp $(cpu "$dcp_api" $(by_comm dcp "${under_dcp[@]}"))"
  cpus+=", dashboard $(cpu $(by_comm Aspire.Dashboar "${under_dcp[@]}")), postgres $(cpu ${postmaster:+"$postmaster" $(pgrep -P "$postmaster")})"
  cpus+=", storage $(cpu $(pgrep -f -- "--directory $data/storage|server $data/storage"))"
  for s in auth api worker web; do
    project="Platform.${s^}"
    cpus+=", $s: dotnet run $(cpu $(pgrep -f -- "dotnet run --project $root/$project/$project.csproj")) + $(cpu $(pgrep -f -- "$root/$project/bin/.*/$project\$"))"
  done
  trivial=$(pgrep -f -- "$root/$apphost_project/health.py" || true)
  if [ -n "$trivial" ]; then cpus+=", trivial resources $(cpu $trivial)"; fi
  if [ "$i" -eq 0 ]; then label="run 0 (empty data, initdb)"; else label="run $i"; times+=("$total"); fi
  echo "$label: ${total} ms  [$line]  load: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "        $cpus"

  stop=$(date +%s%N)
  kill -TERM "$apphost" 2>/dev/null || true
  wait "$apphost" 2>/dev/null || true
  while pgrep -f -- "dcp start-apiserver --monitor $apphost_pid|postgres -D $data/postgres" >/dev/null; do sleep 0.2; done
  echo "        stopped in $(( ($(date +%s%N) - stop) / 1000000 )) ms"
  apphost=""
  rm -f "$log"
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print "median of", NR ":", a[int((NR+1)/2)], "ms"}'
