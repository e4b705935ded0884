#!/usr/bin/env bash
# Cold start of the built stack: `dotnet run --project Platform.AppHost --no-build --launch-profile http`
# until every service's /health answers 200 (web 5100, auth 5101, api 5102, worker 5103; each waits
# for its databases and storage to be healthy first), then SIGTERM and wait for every child to go.
# Usage: bench/coldstart.sh [runs]   (one line per run; median at the end). Data stays in .platform/.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
timeout_s=${COLDSTART_TIMEOUT:-180}
echo "building (Debug, as a developer runs it)"
dotnet build Platform.sln --nologo -v quiet -clp:ErrorsOnly
export ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true ASPIRE_ALLOW_UNSECURED_TRANSPORT=true
times=()
for i in $(seq "$runs"); do
  for port in 5100 5101 5102 5103 18888 54320 54330; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is busy: stop the other AppHost first" >&2; exit 1; fi
  done
  log=$(mktemp)
  start=$(date +%s%N)
  setsid dotnet run --project Platform.AppHost --no-build --launch-profile http >"$log" 2>&1 &
  apphost=$!
  healthy=""
  while [ $(( ($(date +%s%N) - start) / 1000000000 )) -lt "$timeout_s" ]; do
    ok=0
    for port in 5100 5101 5102 5103; do
      [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://localhost:$port/health" || true)" = 200 ] && ok=$((ok + 1))
    done
    if [ "$ok" -eq 4 ]; then healthy=$(( ($(date +%s%N) - start) / 1000000 )); break; fi
    sleep 0.2
  done
  kill -TERM -- "-$apphost" 2>/dev/null || true
  wait "$apphost" 2>/dev/null || true
  if [ -z "$healthy" ]; then echo "run $i: not healthy within ${timeout_s}s; AppHost output: $log" >&2; exit 1; fi
  echo "run $i: ${healthy} ms"
  times+=("$healthy")
  rm -f "$log"
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print "median:", a[int((NR+1)/2)], "ms"}'
