#!/usr/bin/env bash
# Runs every test of Sauda: builds the package, starts a scratch PostgreSQL server from Debian's
# packages on loopback (port 55432) for the storage contract tests and a scratch RabbitMQ node
# (scripts/rabbitmq.sh, port 55672) for the AMQP client's integration tests, installs Chromium and
# its driver for the operator console's browser test, makes a Python venv with pika (AMQP
# interoperability), the official model SDKs, Selenium and schemathesis, runs `swift test`, stops both
# servers, and checks the model simulators against the SDKs (google-genai, openai from PyPI).
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
if ! command -v chromedriver >/dev/null 2>&1 || ! { command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; }; then
    # The operator console's browser test drives headless Chromium through Debian's chromium-driver.
    if [ "$(id -u)" = "0" ]; then
        echo "== installing chromium and chromium-driver (Debian packages) for the console's browser test"
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; } \
            || echo "chromium could not be installed; the browser test is skipped" >&2
    else
        echo "chromium is missing: 'sudo apt-get install chromium chromium-driver'; the browser test is skipped" >&2
    fi
fi
if [ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ]; then
    echo "== installing RabbitMQ (Debian package)"
    if [ "$(id -u)" != "0" ]; then echo "RabbitMQ is missing: run 'sudo apt-get install rabbitmq-server' or run this script as root" >&2; exit 1; fi
    apt-get update -qq
    # Keep the package from starting a system node: the tests run their own on other ports.
    policy_added=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && policy_added=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rabbitmq-server >/dev/null
    if [ "$policy_added" = "1" ]; then rm -f /usr/sbin/policy-rc.d; fi
fi
PGBIN="$(pg_bin)"
PGPORT="${SAUDA_TEST_PG_PORT:-55432}"
SCRATCH="$(mktemp -d /tmp/sauda-test-pg.XXXXXX)"
chmod 755 "$SCRATCH"
[ "$(id -u)" = "0" ] && chown postgres "$SCRATCH"

stop_servers() {
    scripts/rabbitmq.sh stop >/dev/null 2>&1 || true
    as_postgres "$PGBIN/pg_ctl" -D "$SCRATCH/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$SCRATCH"
}
trap stop_servers EXIT

# RabbitMQ takes a while to boot: start it now, beside PostgreSQL and the build.
echo "== starting RabbitMQ on 127.0.0.1:${SAUDA_RABBITMQ_PORT:-55672} (in the background)"
scripts/rabbitmq.sh start > "$SCRATCH/rabbitmq.url" 2> "$SCRATCH/rabbitmq.log" &
RABBITMQ_STARTER=$!

echo "== starting PostgreSQL on 127.0.0.1:$PGPORT"
as_postgres "$PGBIN/initdb" -D "$SCRATCH/data" -A trust -U sauda -E UTF8 >/dev/null
as_postgres "$PGBIN/pg_ctl" -D "$SCRATCH/data" -l "$SCRATCH/postgres.log" -w \
    -o "-p $PGPORT -k $SCRATCH -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
export SAUDA_TEST_POSTGRES_URL="postgres://sauda@127.0.0.1:$PGPORT/postgres"

echo "== making a Python venv (pika for AMQP interoperability, the model SDKs, the CRM clients, Selenium for the console's browser test)"
python3 -m venv "$SCRATCH/venv"
"$SCRATCH/venv/bin/pip" install -q --disable-pip-version-check google-genai openai pika schemathesis pyairtable fast-bitrix24 yclients aioamocrm python-1c-odata python-telegram-bot
"$SCRATCH/venv/bin/pip" install -q --disable-pip-version-check selenium \
    || echo "selenium could not be installed; the browser test is skipped" >&2
export SAUDA_TEST_PYTHON="$SCRATCH/venv/bin/python"

# Files the tests keep (process logs, screenshots), under .build/ (not in git).
export SAUDA_TEST_ARTIFACTS="$PWD/.build/test-artifacts"
rm -rf "$SAUDA_TEST_ARTIFACTS"

echo "== checking the module graph (providers below their generic modules, simulators out of production)"
python3 scripts/module_graph.py

echo "== building"
swift build
export SAUDA_BINARY="$PWD/.build/debug/sauda"

if ! wait "$RABBITMQ_STARTER"; then
    echo "RabbitMQ did not start:" >&2
    cat "$SCRATCH/rabbitmq.log" >&2
    exit 1
fi
export SAUDA_TEST_RABBITMQ_URL="$(cat "$SCRATCH/rabbitmq.url")"
echo "== RabbitMQ is up at $SAUDA_TEST_RABBITMQ_URL"

# The fuzz targets of the parsers of untrusted input (ParserFuzzTests, WappiWebhookFuzzTests, FrameDecoderFuzzTests)
# run 20,000 cases each here (a few seconds); the seed is fixed so that a failure repeats.
export SAUDA_FUZZ_ITERATIONS="${SAUDA_FUZZ_ITERATIONS:-20000}"

echo "== testing (SQLite, PostgreSQL)"
swift test --skip "AMQPTests|DistributedModeTests|SeedInteroperabilityTests|BrowserConsoleTests|WhatsAppEndToEndTests|TelegramEndToEndTests|ConsoleCatalogueTests" "$@"

# Apart from the rest, on their own: the WhatsApp and Telegram suites' fifty messages through a 429 storm check the
# order of every chat's replies, and the catalogue's 20 MB upload has the test client's 15-second read timeout; with the
# whole suite beside them on two cores the WhatsApp one failed on load alone (docs/testing.md). They run whole, with
# every assertion.
echo "== testing WhatsApp and Telegram end to end and the console's catalogue upload, on their own"
swift test --skip-build --filter "WhatsAppEndToEndTests|TelegramEndToEndTests|ConsoleCatalogueTests" "$@"

# Apart from the rest: these restart the broker and run several sauda processes, which would crowd the
# timing-sensitive tests above on a two-core machine.
# One group at a time: the AMQP client's and the distributed mode's tests each restart the broker.
echo "== testing against RabbitMQ: the AMQP client"
swift test --skip-build --filter "AMQPTests" "$@"
echo "== testing against RabbitMQ: the earlier Python gateway and agent"
swift test --skip-build --filter "SeedInteroperabilityTests" "$@"
echo "== testing against RabbitMQ: a gateway and two agents, one killed, the broker restarted"
# Its processes log their deliveries and turns, so that a failure shows what happened to a conversation.
SAUDA_TEST_NODE_LOG_LEVEL=debug swift test --skip-build --filter "DistributedModeTests" "$@"

echo "== testing the operator console in headless Chromium (screenshots in $SAUDA_TEST_ARTIFACTS/browser)"
swift test --skip-build --filter "BrowserConsoleTests" "$@"

echo "== fuzzing the admin API against its OpenAPI document (schemathesis, seeded, bounded)"
scripts/schemathesis.sh "$SAUDA_BINARY" "$SCRATCH/venv/bin/schemathesis"

echo "== checking the model simulators with the official Python SDKs"
"$SCRATCH/venv/bin/python" scripts/check_simulators.py "$SAUDA_BINARY"

echo "== checking the CRM simulators with third-party Python clients (yclients, fast-bitrix24, aioamocrm, pyairtable, python-1c-odata)"
"$SCRATCH/venv/bin/python" scripts/check_crm_airtable.py "$SAUDA_BINARY"
"$SCRATCH/venv/bin/python" scripts/check_crm_bitrix24.py "$SAUDA_BINARY"
"$SCRATCH/venv/bin/python" scripts/check_crm_yclients.py "$SAUDA_BINARY"
"$SCRATCH/venv/bin/python" scripts/check_crm_amocrm.py "$SAUDA_BINARY"
"$SCRATCH/venv/bin/python" scripts/check_crm_onec.py "$SAUDA_BINARY"

echo "== checking the Telegram Bot API simulator with python-telegram-bot"
"$SCRATCH/venv/bin/python" scripts/check_telegram_simulator.py "$SAUDA_BINARY"
