#!/usr/bin/env bash
# The test command: installs what a fresh machine lacks, builds, runs every test, and ends with
# "N passed, N failed, N skipped". Usage: ./test.sh [extra dotnet test arguments, e.g. --filter Category=Unit]
set -euo pipefail
cd "$(dirname "$0")"

say() { printf '==> %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else echo "need root for: $*" >&2; return 1; fi; }

apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then
    say "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  say "apt-get install -y $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# PostgreSQL server binaries: Platform.Hosting runs them itself (tests and the AppHost).
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 && ! command -v postgres >/dev/null; then
  apt_install postgresql
fi

# Debian's Chromium for the Browser tests (Playwright never downloads a browser here).
if ! command -v chromium >/dev/null; then
  apt_install chromium
fi

# The embedded S3 server (npm package s3rver with the project's fixes), when the project carries it.
if [ -f tools/s3rver/package-lock.json ] && [ ! -d tools/s3rver/node_modules/s3rver ]; then
  say "npm ci (tools/s3rver)"
  (cd tools/s3rver && npm ci --no-audit --no-fund --loglevel=error)
fi

command -v dotnet >/dev/null || { echo "dotnet SDK 10 is required: https://dot.net" >&2; exit 1; }

say "dotnet build Platform.sln"
dotnet build Platform.sln -c Debug --nologo -v quiet -clp:ErrorsOnly

log=$(mktemp)
trap 'rm -f "$log"' EXIT
say "dotnet test Platform.sln $*"
set +e
dotnet test Platform.sln --no-build --nologo \
  --results-directory TestResults \
  --blame-hang-timeout 10m \
  "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# Sum the per-assembly summaries: "Passed!  - Failed: 0, Passed: 28, Skipped: 0, Total: 28".
read -r passed failed skipped < <(
  grep -E '(Passed|Failed)! +- +Failed: +[0-9]+' "$log" |
    sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\2 \1 \3/' |
    awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}'
)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the run itself failed (build, crash or hang) without a per-test count
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
