#!/usr/bin/env bash
# The whole suite on SQLite, then on PostgreSQL. Without PostgreSQL it says so loudly and runs
# SQLite only — except under CI=true, where a missing PostgreSQL is a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_URL="${TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test}"
PYTEST_ARGS=("$@")

echo "==> Tests op SQLite"
TEST_DATABASE_URL= "$BIN/pytest" -q -p no:cacheprovider "${PYTEST_ARGS[@]}"
sqlite_rc=$?

if "$BIN/python" - "$PG_URL" <<'PY'
import sys
import psycopg
url = sys.argv[1].replace("postgresql+psycopg://", "postgresql://")
try:
    psycopg.connect(url, connect_timeout=3).close()
except Exception as exc:
    print(f"PostgreSQL niet bereikbaar: {exc}", file=sys.stderr)
    sys.exit(1)
PY
then
  echo "==> Tests op PostgreSQL ($PG_URL)"
  TEST_DATABASE_URL="$PG_URL" "$BIN/pytest" -q -p no:cacheprovider "${PYTEST_ARGS[@]}"
  pg_rc=$?
  pg_state=$([ $pg_rc -eq 0 ] && echo geslaagd || echo MISLUKT)
else
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!" >&2
  echo "!!  PostgreSQL is NIET getest: de server is niet bereikbaar.            !!" >&2
  echo "!!  Zet TEST_DATABASE_URL of start PostgreSQL op 127.0.0.1:5432.        !!" >&2
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!" >&2
  if [ "${CI:-}" = "true" ]; then
    echo "CI=true: zonder PostgreSQL faalt de testrun." >&2
    pg_rc=1
  else
    pg_rc=0
  fi
  pg_state="NIET GETEST"
fi

echo "==> SQLite: $([ $sqlite_rc -eq 0 ] && echo geslaagd || echo MISLUKT), PostgreSQL: $pg_state"
[ $sqlite_rc -eq 0 ] && [ $pg_rc -eq 0 ]
