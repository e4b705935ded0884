#!/usr/bin/env bash
# Upload/download benchmark of the files API (issue 7): Release builds of Platform.Auth + Platform.Api on a
# throwaway native PostgreSQL and the project's patched s3rver, all on 127.0.0.1. Measures, in one run:
#   1. a SIZE_MIB (default 1024) upload through POST /api/files (limit raised) vs the same file straight to the S3
#      server with the Minio SDK (bench/Platform.Bench.Storage: PutObjectAsync, multipart — the issue's direct
#      path) and as one presigned PUT from POST /api/files/uploads (the bytes never touch the api);
#   2. 100 concurrent 1 MiB uploads through the api;
#   3. the big file's download through GET /api/files/{id}/content, whole and with Range (second half);
# and the api process's peak working set (VmHWM) before and after.
# Usage: bench/upload.sh [size-mib]   Results: printed, and appended to bench/results/upload.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
size_mib=${1:-1024}
say() { printf '==> %s\n' "$*"; }

for tool in curl node npm python3; do command -v "$tool" >/dev/null || { echo "$tool is missing (apt-get install -y $tool)" >&2; exit 1; }; done
pgbin=$(dirname "$(ls /usr/lib/postgresql/*/bin/postgres 2>/dev/null | sort -V | tail -n1)")
[ -x "$pgbin/postgres" ] || { echo "PostgreSQL server binaries missing: apt-get install -y postgresql" >&2; exit 1; }

work=$(mktemp -d /tmp/platform-bench-upload-XXXXXX)
pids=()
cleanup() {
  local status=$?
  if [ "$status" -ne 0 ] && [ -f "$work/api.log" ]; then echo "--- api.log (last 80 lines)" >&2; tail -n 80 "$work/api.log" >&2; fi
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  as_pg "$pgbin/pg_ctl" -D "$work/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
as_pg() { if [ "$(id -u)" -eq 0 ]; then setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"; else "$@"; fi; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
mbps() { python3 -c "print(f'{$1/1048576/$2:.1f}')"; }
hwm_mib() { awk '/VmHWM/ {printf "%d", $2/1024}' "/proc/$1/status"; }
rss_mib() { awk '/VmRSS/ {printf "%d", $2/1024}' "/proc/$1/status"; }

say "s3rver: npm ci + fixes (tools/s3rver)"
[ -d tools/s3rver/node_modules/s3rver ] || (cd tools/s3rver && npm ci --no-audit --no-fund --loglevel=error)
(cd tools/s3rver && node patch.js >/dev/null)

say "dotnet publish -c Release (auth, api, the SDK uploader)"
dotnet publish Platform.Auth -c Release -o "$work/auth" --nologo -v quiet -clp:ErrorsOnly
dotnet publish bench/Platform.Bench.Storage -c Release -o "$work/sdk" --nologo -v quiet -clp:ErrorsOnly
dotnet publish Platform.Api -c Release -o "$work/api" --nologo -v quiet -clp:ErrorsOnly

pgport=$(free_port); authport=$(free_port); apiport=$(free_port); s3port=$(free_port)
say "PostgreSQL on :$pgport, s3rver on :$s3port"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$work"
as_pg "$pgbin/initdb" -D "$work/data" -U postgres --auth=trust -E UTF8 >/dev/null
as_pg "$pgbin/pg_ctl" -D "$work/data" -l "$work/pg.log" -w -o "-p $pgport -k $work -h 127.0.0.1" start >/dev/null
as_pg "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -qc "CREATE DATABASE authdb" -c "CREATE DATABASE platformdb" >/dev/null
cs() { echo "Host=127.0.0.1;Port=$pgport;Username=postgres;Database=$1"; }
mkdir -p "$work/s3"
node tools/s3rver/node_modules/s3rver/bin/s3rver.js --directory "$work/s3" --address 127.0.0.1 --port "$s3port" \
  --silent --configure-bucket platform >"$work/s3.log" 2>&1 &
pids+=($!)

token=$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')
common=(ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning Auth__Issuer=http://bench-auth Auth__InternalToken="$token")
say "auth on :$authport, api on :$apiport"
env "${common[@]}" ASPNETCORE_URLS="http://127.0.0.1:$authport" ConnectionStrings__authdb="$(cs authdb)" \
  dotnet "$work/auth/Platform.Auth.dll" >"$work/auth.log" 2>&1 &
pids+=($!)
env "${common[@]}" ASPNETCORE_URLS="http://127.0.0.1:$apiport" ConnectionStrings__platformdb="$(cs platformdb)" \
  ConnectionStrings__storage="Endpoint=http://127.0.0.1:$s3port;AccessKey=S3RVER;SecretKey=S3RVER" \
  Storage__MaxUploadBytes=$(( (size_mib + 1) * 1048576 )) RateLimiting__PermitLimit=1000000 \
  services__auth__http__0="http://127.0.0.1:$authport" dotnet "$work/api/Platform.Api.dll" >"$work/api.log" 2>&1 &
apipid=$!
pids+=($apipid)
for port in "$authport" "$apiport"; do
  for _ in $(seq 120); do curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.5; done
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null || { echo "service on :$port did not become healthy" >&2; tail -n 50 "$work"/*.log >&2; exit 1; }
done

api="http://127.0.0.1:$apiport"
jwt=$(curl -fsS -H 'Content-Type: application/json' "http://127.0.0.1:$authport/api/auth/sign-up/email" \
  -d '{"email":"bench@bench.test","password":"bench password 123","name":"Bench"}' | json '["accessToken"]')
auth=(-H "Authorization: Bearer $jwt")

say "generating a ${size_mib} MiB file and 1 MiB file"
head -c $(( size_mib * 1048576 )) /dev/urandom >"$work/big.bin"
head -c 1048576 /dev/urandom >"$work/small.bin"
bytes=$(( size_mib * 1048576 ))
curl -fsS "${auth[@]}" -F "file=@$work/small.bin" "$api/api/files" >/dev/null   # warm-up
base_hwm=$(hwm_mib "$apipid"); base_rss=$(rss_mib "$apipid")

say "1a: ${size_mib} MiB through POST /api/files"
t_api=$(curl -fsS -o "$work/up.json" -w '%{time_total}' "${auth[@]}" -F "file=@$work/big.bin;type=application/octet-stream" "$api/api/files")
id=$(json '["id"]' <"$work/up.json")
hwm_upload=$(hwm_mib "$apipid")

say "1b: the same file PUT straight to s3rver (presigned)"
curl -fsS "${auth[@]}" -H 'Content-Type: application/json' -d "{\"name\":\"direct.bin\",\"size\":$bytes}" "$api/api/files/uploads" >"$work/direct.json"
url=$(json '["uploadUrl"]' <"$work/direct.json"); did=$(json '["fileId"]' <"$work/direct.json")
t_direct=$(curl -fsS -o /dev/null -w '%{time_total}' -T "$work/big.bin" "$url")
t_complete=$(curl -fsS -o /dev/null -w '%{time_total}' "${auth[@]}" -X POST "$api/api/files/$did/complete")

say "1c: the same file straight to s3rver with the Minio SDK (multipart)"
t_sdk=$(dotnet "$work/sdk/Platform.Bench.Storage.dll" "http://127.0.0.1:$s3port" S3RVER S3RVER platform "bench/sdk.bin" "$work/big.bin")

say "2: 100 concurrent 1 MiB uploads"
start=$(date +%s.%N)
seq 100 | xargs -P 100 -I{} curl -sS -o /dev/null -w '%{http_code}\n' "${auth[@]}" -F "file=@$work/small.bin" "$api/api/files" >"$work/many.txt" || true
t_many=$(python3 -c "import time; print(time.time() - $start)")
many_ok=$(grep -c '^201$' "$work/many.txt" || true)
many_codes=$(sort "$work/many.txt" | uniq -c | awk '{printf "%s×%s ", $1, $2}')
hwm_many=$(hwm_mib "$apipid")

say "3: ${size_mib} MiB download, whole and Range (second half)"
t_get=$(curl -fsS -o /dev/null -w '%{time_total}' "${auth[@]}" "$api/api/files/$id/content")
half=$(( bytes / 2 ))
t_range=$(curl -fsS -o /dev/null -w '%{time_total}' "${auth[@]}" -H "Range: bytes=$half-" "$api/api/files/$id/content")
hwm_end=$(hwm_mib "$apipid")

{
  echo
  echo "## $(date -u +%Y-%m-%dT%H:%MZ) — commit $(git rev-parse --short HEAD)"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB; curl, api, auth, PostgreSQL and s3rver share the cores (and one disk)."
  echo "Command: \`bench/upload.sh $size_mib\`; api GC: ${DOTNET_gcServer:+DOTNET_gcServer=$DOTNET_gcServer}${DOTNET_gcServer-default (Server GC)}"
  echo
  echo "| measurement | time (s) | MB/s (MiB/s) |"
  echo "|---|---|---|"
  echo "| ${size_mib} MiB upload through POST /api/files | $t_api | $(mbps $bytes "$t_api") |"
  echo "| ${size_mib} MiB straight to s3rver with the Minio SDK (\`PutObjectAsync\`, multipart) | $t_sdk | $(mbps $bytes "$t_sdk") |"
  echo "| ${size_mib} MiB PUT straight to s3rver (presigned, one request) | $t_direct | $(mbps $bytes "$t_direct") |"
  echo "| POST .../complete of that upload (stat + streamed SHA-256) | $t_complete | $(mbps $bytes "$t_complete") |"
  echo "| 100 concurrent 1 MiB uploads through the api ($many_ok × 201; codes: $many_codes) | $(printf '%.2f' "$t_many") | $(mbps $(( many_ok * 1048576 )) "$t_many") |"
  echo "| ${size_mib} MiB download, whole | $t_get | $(mbps $bytes "$t_get") |"
  echo "| ${size_mib} MiB download, Range second half | $t_range | $(mbps $half "$t_range") |"
  echo
  echo "API path / direct path throughput: $(python3 -c "print(f'{$t_sdk/$t_api*100:.0f} %')") against the SDK (the issue's direct path; target ≥ 70 %), $(python3 -c "print(f'{$t_direct/$t_api*100:.0f} %')") against one presigned PUT."
  echo "api working set: $base_rss MiB RSS after warm-up (peak $base_hwm MiB); peak after the big upload $hwm_upload MiB (+$(( hwm_upload - base_hwm )) MiB; target ≤ 64 MiB whatever the file size), after the 100 concurrent uploads $hwm_many MiB, after the downloads $hwm_end MiB → growth $(( hwm_end - base_hwm )) MiB in all."
} | tee -a "$root/bench/results/upload.md"
