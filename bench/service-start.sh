#!/usr/bin/env bash
# Start-up cost of each service on its own: starts the stack (as bench/coldstart.sh does, temporary data), waits
# until it is healthy and quiet, then starts each service's built executable again beside it, N times, with the
# running replica's environment (same connection strings, telemetry, configuration) on a spare port, and reports
# the time and CPU until its first /health 200 and ServiceDefaults' start-up line (CPU, JIT-compiled methods).
# Usage: bench/service-start.sh [runs per service]   (default 3). NO_BUILD=1 starts what is built as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
runs=${1:-3}
# shellcheck source=bench/apphost-common.sh
source bench/apphost-common.sh service-start
hz=$(getconf CLK_TCK)
status() { curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$1/health" || true; }

setsid dotnet run --project Platform.AppHost --no-build --launch-profile http -- \
  --Platform:DataDirectory="$data" >"$data/apphost.log" 2>&1 &
apphost=$!
for p in 5100 5101 5102 5103; do
  for _ in $(seq 180); do [ "$(status "$p")" = 200 ] && break; sleep 1; done
  [ "$(status "$p")" = 200 ] || { echo "the stack did not get healthy; AppHost output: $data/apphost.log" >&2; exit 1; }
done
sleep 15 # let the stack's own start-up work finish

for s in Auth Api Worker Web; do
  project="Platform.$s"
  pid=$(pgrep -f -- "$root/$project/bin/.*/$project\$" | head -1)
  exe=$(readlink "/proc/$pid/exe")
  mapfile -t environment < <(tr '\0' '\n' <"/proc/$pid/environ" | grep -v '^ASPNETCORE_URLS=\|^ASPNETCORE_HTTP_PORTS=\|^HTTP_PORTS=')
  for k in $(seq "$runs"); do
    port=5209
    log="$data/$s-$k.log"
    (cd "$root/$project" && exec env -i "${environment[@]}" ASPNETCORE_URLS="http://127.0.0.1:$port" "$exe") >"$log" 2>&1 &
    service=$!
    begin=${EPOCHREALTIME/./}
    until [ "$(status "$port")" = 200 ]; do
      kill -0 "$service" 2>/dev/null || { echo "$s exited: $log" >&2; cat "$log" >&2; exit 1; }
      sleep 0.05
    done
    elapsed=$(( (${EPOCHREALTIME/./} - begin) / 1000 ))
    cpu=$(sed 's/.*) //' "/proc/$service/stat" | awk -v hz="$hz" '{printf "%d", ($12 + $13) * 1000 / hz}')
    echo "${s,,} $k: /health 200 after $elapsed ms, $cpu ms CPU; $(grep -o 'Started in.*' "$log" | head -1)"
    kill -TERM "$service"; wait "$service" 2>/dev/null || true
    sleep 2
  done
done
