#!/usr/bin/env bash
# ./test.sh: installs what the tests need (libxgboost, Python cross-check packages, PostgreSQL), starts
# PostgreSQL, builds, and runs every test. Extra arguments go to 'dotnet test' (e.g. --filter Ingestion).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
. "$ROOT/scripts/prereqs.sh"
runtime_prereqs
# Cross-checks (python3-xgboost, scikit-learn, scipy, statsmodels), the sqlite3 shell and a PostgreSQL server.
apt_install libxgboost-dev python3-xgboost python3-sklearn python3-pandas python3-scipy python3-statsmodels sqlite3 postgresql

# PostgreSQL: start the distribution's cluster and make a test role and database.
start_postgres() {
  local ver
  ver=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)
  [ -n "$ver" ] || { echo "test.sh: PostgreSQL is not installed" >&2; exit 4; }
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -q "^$ver main$"; then
    pg_createcluster "$ver" main >/dev/null
  fi
  pg_ctlcluster "$ver" main start 2>/dev/null || true
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p "${PGPORT:-5432}" && break
    sleep 0.5
  done
  su postgres -c "psql -q -p ${PGPORT:-5432} -tc \"SELECT 1 FROM pg_roles WHERE rolname='leanml'\" | grep -q 1 || psql -q -p ${PGPORT:-5432} -c \"CREATE ROLE leanml LOGIN SUPERUSER PASSWORD 'leanml'\"" >/dev/null
  su postgres -c "psql -q -p ${PGPORT:-5432} -tc \"SELECT 1 FROM pg_database WHERE datname='leanml_test'\" | grep -q 1 || psql -q -p ${PGPORT:-5432} -c \"CREATE DATABASE leanml_test OWNER leanml\"" >/dev/null
}
if [ "$(id -u)" -eq 0 ]; then
  start_postgres
fi
export LEANML_TEST_PG="${LEANML_TEST_PG:-Host=127.0.0.1;Port=${PGPORT:-5432};Username=leanml;Password=leanml;Database=leanml_test}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

dotnet build LeanML.slnx -c Release -nologo -v quiet
# The CLI tests run the executable users run: the one ./leanml builds (natively compiled where it can be).
"$ROOT/leanml" --version >/dev/null
export LEANML_TEST_CLI="$ROOT/artifacts/cli/LeanML.Cli"
LOG=$(mktemp)
set +e
dotnet test LeanML.slnx -c Release --no-build -nologo "$@" 2>&1 | tee "$LOG"
rc=${PIPESTATUS[0]}
set -e
# One plain closing line: the totals over every test assembly.
awk -F'[:,]' '/(Passed|Failed)! +- Failed:/ { f += $2; p += $4; s += $6 } END { printf "Tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$LOG"
rm -f "$LOG"
exit "$rc"
