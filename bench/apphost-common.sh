# Sourced by bench/coldstart.sh and bench/service-start.sh (argument: a name for the temporary folder).
# `data`: a temporary Platform:DataDirectory, never .platform/; on exit the AppHost whose pid is in `apphost` is
# killed, the servers DCP ran for it are waited for, and the folder goes. Builds Platform.sln in Debug, as a
# developer runs it (NO_BUILD=1 starts what is built as it is), and allows the dashboard without a login.
data=$(mktemp -d "/tmp/$1-XXXXXX")
chmod 755 "$data" # postgres runs as its own account when the AppHost is root: it must reach the folder
apphost=""
cleanup() {
  if [ -n "$apphost" ]; then
    kill -KILL -- "-$apphost" 2>/dev/null || true
    wait "$apphost" 2>/dev/null || true
    # DCP (detached) stops the servers and services once the AppHost is gone; then the data can go.
    for _ in $(seq 150); do pgrep -f -- "$data|$PWD/[A-Za-z.]*/bin/" >/dev/null || break; sleep 0.2; done
  fi
  rm -rf "$data"
}
trap cleanup EXIT

if [ -z "${NO_BUILD:-}" ]; then
  echo "building (Debug, as a developer runs it)"
  dotnet build Platform.sln --nologo -v quiet -clp:ErrorsOnly
fi
export ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true ASPIRE_ALLOW_UNSECURED_TRANSPORT=true
