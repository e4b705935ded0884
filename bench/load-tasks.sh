#!/usr/bin/env bash
# Load test of the tasks API (issue 6): Release builds of Platform.Auth + Platform.Api on a throwaway native
# PostgreSQL, all on 127.0.0.1. Seeds 100 users x 100 tasks, mints 1,000 JWTs (10 per signed-in session through
# GET /api/auth/token), then runs wrk (2 threads, 64 connections, 5 s warm-up + 20 s measured) rotating
# credentials: GET /api/tasks?limit=20 with JWTs, the same with API keys, and POST /api/tasks with JWTs.
# Usage: bench/load-tasks.sh [measured-seconds]   Results: printed, and appended to bench/results/load-tasks.md.
# Each measured run also prints where the CPU went (seconds of user+system per process: api, auth, PostgreSQL, wrk).
# PERF=1 also records the API with `perf` during the JWT list run and prints its hottest functions (JIT frames named
# through DOTNET_PerfMapEnabled).
# Experiments: API_ENV="DOTNET_gcServer=0 ..." adds environment variables to the API process, SCENARIOS="jwt-list"
# runs only the named scenarios, PG_POOL=N sets both services' Maximum Pool Size (KEEP=1 keeps logs and wrk output); any of them prints the results without appending them to bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
duration=${1:-20}
say() { printf '==> %s\n' "$*"; }

command -v wrk >/dev/null || { say "apt-get install -y wrk"; apt-get install -y -qq wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }; }
pgbin=$(dirname "$(ls /usr/lib/postgresql/*/bin/postgres 2>/dev/null | sort -V | tail -n1)")
[ -x "$pgbin/postgres" ] || { echo "PostgreSQL server binaries missing: apt-get install -y postgresql" >&2; exit 1; }

work=$(mktemp -d /tmp/platform-bench-XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  as_pg "$pgbin/pg_ctl" -D "$work/data" -m fast stop >/dev/null 2>&1 || true
  if [ -n "${KEEP:-}" ]; then rm -rf "$work/data"; echo "logs and wrk output kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
as_pg() { if [ "$(id -u)" -eq 0 ]; then setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"; else "$@"; fi; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

say "dotnet publish -c Release (auth, api)"
dotnet publish Platform.Auth -c Release -o "$work/auth" --nologo -v quiet -clp:ErrorsOnly
dotnet publish Platform.Api -c Release -o "$work/api" --nologo -v quiet -clp:ErrorsOnly

pgport=$(free_port); authport=$(free_port); apiport=$(free_port)
say "PostgreSQL on 127.0.0.1:$pgport"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$work"
as_pg "$pgbin/initdb" -D "$work/data" -U postgres --auth=trust -E UTF8 >/dev/null
as_pg "$pgbin/pg_ctl" -D "$work/data" -l "$work/pg.log" -w -o "-p $pgport -k $work -h 127.0.0.1 -c max_connections=400" start >/dev/null
as_pg "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -qc "CREATE DATABASE authdb" -c "CREATE DATABASE platformdb" >/dev/null
cs() { echo "Host=127.0.0.1;Port=$pgport;Username=postgres;Database=$1${PG_POOL:+;Maximum Pool Size=$PG_POOL}"; }

token=$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')
common=(ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning Auth__Issuer=http://bench-auth Auth__InternalToken="$token")
# The API serves files too, so it needs the S3 server (the project's patched s3rver) even for the tasks scenarios.
[ -d tools/s3rver/node_modules/s3rver ] || (cd tools/s3rver && npm ci --no-audit --no-fund --loglevel=error)
s3port=$(free_port)
mkdir -p "$work/s3"
node tools/s3rver/node_modules/s3rver/bin/s3rver.js --directory "$work/s3" --address 127.0.0.1 --port "$s3port" \
  --silent --configure-bucket platform >"$work/s3.log" 2>&1 &
pids+=($!)
say "auth on :$authport, api on :$apiport, s3rver on :$s3port"
env "${common[@]}" ASPNETCORE_URLS="http://127.0.0.1:$authport" ConnectionStrings__authdb="$(cs authdb)" \
  Auth__SignInRateLimit__PermitLimit=1000000 dotnet "$work/auth/Platform.Auth.dll" >"$work/auth.log" 2>&1 &
pids+=($!)
env "${common[@]}" ASPNETCORE_URLS="http://127.0.0.1:$apiport" ConnectionStrings__platformdb="$(cs platformdb)" \
  ConnectionStrings__storage="Endpoint=http://127.0.0.1:$s3port;AccessKey=S3RVER;SecretKey=S3RVER" \
  services__auth__http__0="http://127.0.0.1:$authport" RateLimiting__PermitLimit=1000000 \
  DOTNET_PerfMapEnabled="${PERF:-0}" ${API_ENV:-} dotnet "$work/api/Platform.Api.dll" >"$work/api.log" 2>&1 &
pids+=($!)
apipid=$!
for port in "$authport" "$apiport"; do
  for _ in $(seq 120); do curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.5; done
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null || { echo "service on :$port did not become healthy" >&2; tail -n 50 "$work"/*.log >&2; exit 1; }
done

say "seeding 100 users x 100 tasks, 1,000 JWTs, 100 API keys"
python3 "$root/bench/load-tasks-seed.py" "http://127.0.0.1:$authport" "http://127.0.0.1:$apiport" "$work"

hz=$(getconf CLK_TCK)
cpu_ticks() { # user+system ticks of the given processes
  local total=0 pid
  for pid in "$@"; do total=$(( total + $(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{print $12 + $13}' || echo 0) )); done
  echo "$total"
}
authpid=${pids[1]}
run() { # name method script-args...
  local name=$1; shift
  case " ${SCENARIOS:-jwt-list key-list jwt-create} " in *" $name "*) ;; *) return 0 ;; esac
  wrk -t2 -c64 -d5s -s "$root/bench/load-tasks.lua" "http://127.0.0.1:$apiport" -- "$@" >/dev/null
  local pg api auth perfpid=""
  pg=$(cpu_ticks $(pgrep -x postgres)); api=$(cpu_ticks "$apipid"); auth=$(cpu_ticks "$authpid")
  if [ "${PERF:-0}" = 1 ] && [ "$name" = jwt-list ]; then
    perf record -F 999 -g -p "$apipid" -o "$work/perf.data" -- sleep "$duration" >/dev/null 2>&1 &
    perfpid=$!
  fi
  /usr/bin/time -f "%U %S" -o "$work/wrk-cpu" \
    wrk -t2 -c64 -d"${duration}s" --latency -s "$root/bench/load-tasks.lua" "http://127.0.0.1:$apiport" -- "$@" | tee "$work/$name.txt"
  [ -z "$perfpid" ] || wait "$perfpid" || true
  pg=$(( $(cpu_ticks $(pgrep -x postgres)) - pg )); api=$(( $(cpu_ticks "$apipid") - api )); auth=$(( $(cpu_ticks "$authpid") - auth ))
  awk -v a="$api" -v p="$pg" -v u="$auth" -v hz="$hz" -v d="$duration" -v w="$(awk '{print $1 + $2}' "$work/wrk-cpu")" \
    'BEGIN {printf "CPU seconds in %d s (2 cores = %d): api %.1f, postgres %.1f, auth %.1f, wrk %.1f\n", d, 2 * d, a / hz, p / hz, u / hz, w}' \
    | tee "$work/$name.cpu"
  if [ "${PERF:-0}" = 1 ] && [ "$name" = jwt-list ]; then
    perf report -i "$work/perf.data" --no-children --sort dso,symbol --percent-limit 0.7 --stdio 2>/dev/null | grep -v '^$' | grep '%' | head -60
  fi
}
say "scenario 1: GET /api/tasks?limit=20 with JWTs"
run jwt-list "$work/jwts.txt" bearer GET
say "scenario 2: GET /api/tasks?limit=20 with API keys"
run key-list "$work/keys.txt" apikey GET
say "scenario 3: POST /api/tasks with JWTs"
run jwt-create "$work/jwts.txt" bearer POST

if [ -n "${API_ENV:-}${SCENARIOS:-}${PG_POOL:-}" ]; then
  for name in jwt-list key-list jwt-create; do [ ! -f "$work/$name.txt" ] || awk -v n="$name" '/Requests\/sec/ {rps=$2} /^ +99%/ {p99=$2} END {print n, rps, "rps, p99", p99}' "$work/$name.txt"; done
  exit 0
fi
summary() { awk -v n="$1" '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Non-2xx/ {err=$NF} END {printf "| %s | %s | %s | %s | %s |\n", n, rps, p50, p99, (err==""?0:err)}' "$work/$1.txt"; }
{
  echo
  echo "## $(date -u +%Y-%m-%dT%H:%MZ) — commit $(git rev-parse --short HEAD)"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB; wrk shares the cores with auth, api and PostgreSQL."
  echo "Command: \`bench/load-tasks.sh $duration\` (wrk -t2 -c64, 5 s warm-up + ${duration} s measured)"
  echo
  echo "| scenario | requests/s | p50 | p99 | non-2xx |"
  echo "|---|---|---|---|---|"
  summary jwt-list; summary key-list; summary jwt-create
} | tee -a "$root/bench/results/load-tasks.md"
