#!/usr/bin/env bash
# Measures Platform.Hosting's PostgresServer: initdb + start + first connection from an empty directory.
# Usage: bench/postgres-start.sh [runs]   (prints one line per run; median at the end)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
dotnet build Platform.Tests -c Release --nologo -v quiet -clp:ErrorsOnly
times=()
for i in $(seq "$runs"); do
  ms=$(dotnet test Platform.Tests -c Release --no-build --nologo \
        --filter "FullyQualifiedName~PostgresServerTests.Starts_from_an_empty_directory" \
        --logger "console;verbosity=detailed" 2>&1 | sed -nE 's/.*first connection: ([0-9]+) ms.*/\1/p' | head -n1)
  echo "run $i: ${ms} ms"
  times+=("$ms")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print "median:", a[int((NR+1)/2)], "ms"}'
