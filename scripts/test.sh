#!/usr/bin/env bash
# Runs every test of Sauda: builds the package, starts a scratch PostgreSQL server from Debian's
# packages on loopback (port 55432) for the storage contract tests, runs `swift test`, stops it, and
# checks the model simulators against the official Python SDKs (google-genai, openai from PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."

as_postgres() {
    if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

if [ -z "$(pg_bin)" ] || [ ! -x "$(pg_bin)/postgres" ]; then
    echo "== installing PostgreSQL (Debian package)"
    if [ "$(id -u)" != "0" ]; then echo "PostgreSQL is missing: run 'sudo apt-get install postgresql' or run this script as root" >&2; exit 1; fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
if ! command -v pdftotext >/dev/null 2>&1; then
    # The knowledge base reads PDF files with poppler's pdftotext; its test needs it.
    if [ "$(id -u)" = "0" ]; then
        echo "== installing poppler-utils (Debian package) for pdftotext"
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; } \
            || echo "poppler-utils could not be installed; the PDF test is skipped" >&2
    else
        echo "pdftotext is missing: 'sudo apt-get install poppler-utils'; the PDF test is skipped" >&2
    fi
fi
PGBIN="$(pg_bin)"
PGPORT="${SAUDA_TEST_PG_PORT:-55432}"
SCRATCH="$(mktemp -d /tmp/sauda-test-pg.XXXXXX)"
chmod 755 "$SCRATCH"
[ "$(id -u)" = "0" ] && chown postgres "$SCRATCH"

stop_postgres() {
    as_postgres "$PGBIN/pg_ctl" -D "$SCRATCH/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$SCRATCH"
}
trap stop_postgres EXIT

echo "== starting PostgreSQL on 127.0.0.1:$PGPORT"
as_postgres "$PGBIN/initdb" -D "$SCRATCH/data" -A trust -U sauda -E UTF8 >/dev/null
as_postgres "$PGBIN/pg_ctl" -D "$SCRATCH/data" -l "$SCRATCH/postgres.log" -w \
    -o "-p $PGPORT -k $SCRATCH -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
export SAUDA_TEST_POSTGRES_URL="postgres://sauda@127.0.0.1:$PGPORT/postgres"

echo "== building"
swift build
export SAUDA_BINARY="$PWD/.build/debug/sauda"

echo "== testing (SQLite and PostgreSQL)"
swift test "$@"

echo "== checking the model simulators with the official Python SDKs"
python3 -m venv "$SCRATCH/venv"
"$SCRATCH/venv/bin/pip" install -q --disable-pip-version-check google-genai openai
"$SCRATCH/venv/bin/python" scripts/check_simulators.py "$SAUDA_BINARY"
