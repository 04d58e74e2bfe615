#!/usr/bin/env bash
# Runs a scratch RabbitMQ node (Debian's rabbitmq-server package) on loopback for the AMQP tests.
#
#   scripts/rabbitmq.sh start   # starts the node, waits until it is up, prints its amqp:// URL
#   scripts/rabbitmq.sh stop    # stops the node and removes its folder
#   scripts/rabbitmq.sh ctl ARGS...   # runs rabbitmqctl against the node (e.g. close_all_connections)
#
# The node runs as the user `rabbitmq` with its data, logs, Erlang cookie and enabled-plugins
# file in a folder made by mktemp, so it never touches a system node. Settings (environment):
#   SAUDA_RABBITMQ_PORT      AMQP port, default 55672 (distribution port: +1, epmd: 54369)
#   SAUDA_RABBITMQ_NODENAME  node name, default sauda-test@localhost
set -euo pipefail

PORT="${SAUDA_RABBITMQ_PORT:-55672}"
DIST_PORT="${SAUDA_RABBITMQ_DIST_PORT:-$((PORT + 1))}"
EPMD_PORT="${SAUDA_RABBITMQ_EPMD_PORT:-54369}"
NODENAME="${SAUDA_RABBITMQ_NODENAME:-sauda-test@localhost}"
STATE_FILE="/tmp/sauda-test-rabbitmq-$PORT.dir"
RABBIT_BIN=/usr/lib/rabbitmq/bin

as_rabbitmq() {
    local dir="$1"; shift
    local envs=(
        HOME="$dir"
        RABBITMQ_MNESIA_BASE="$dir/mnesia"
        RABBITMQ_LOG_BASE="$dir/log"
        RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
        RABBITMQ_NODE_PORT="$PORT"
        RABBITMQ_DIST_PORT="$DIST_PORT"
        ERL_EPMD_PORT="$EPMD_PORT"
        ERL_EPMD_ADDRESS=127.0.0.1
        RABBITMQ_NODENAME="$NODENAME"
        RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins"
        RABBITMQ_CONFIG_FILE="$dir/rabbitmq"
        RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config"
        RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq-env.conf"
        RABBITMQ_PID_FILE="$dir/rabbitmq.pid"
        RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
    )
    if [ "$(id -u)" = "0" ]; then
        runuser -u rabbitmq -- env "${envs[@]}" "$@"
    else
        env "${envs[@]}" "$@"
    fi
}

ensure_installed() {
    if [ ! -x "$RABBIT_BIN/rabbitmq-server" ]; then
        echo "rabbitmq-server is missing: run 'apt-get install rabbitmq-server' as root" >&2
        exit 1
    fi
}

start() {
    ensure_installed
    if [ -f "$STATE_FILE" ] && [ -d "$(cat "$STATE_FILE")" ]; then
        echo "a scratch RabbitMQ node seems to run already ($(cat "$STATE_FILE")); stopping it first" >&2
        stop
    fi
    local dir
    dir="$(mktemp -d /tmp/sauda-test-rabbitmq.XXXXXX)"
    echo "$dir" > "$STATE_FILE"
    mkdir -p "$dir/mnesia" "$dir/log"
    echo "[rabbitmq_consistent_hash_exchange]." > "$dir/enabled_plugins"
    cat > "$dir/rabbitmq.conf" <<EOF
listeners.tcp.default = 127.0.0.1:$PORT
loopback_users.guest = true
disk_free_limit.absolute = 10MB
log.console = false
log.file.level = info
EOF
    echo "[]." > "$dir/advanced.config"
    : > "$dir/rabbitmq-env.conf"
    chmod 755 "$dir"
    if [ "$(id -u)" = "0" ]; then chown -R rabbitmq:rabbitmq "$dir"; fi

    as_rabbitmq "$dir" "$RABBIT_BIN/rabbitmq-server" > "$dir/log/startup.log" 2>&1 &
    local started=0
    for _ in $(seq 1 90); do
        if as_rabbitmq "$dir" "$RABBIT_BIN/rabbitmqctl" -n "$NODENAME" -q await_startup --timeout 2 >/dev/null 2>&1; then
            started=1; break
        fi
        sleep 1
    done
    if [ "$started" != "1" ]; then
        echo "RabbitMQ did not start; its log:" >&2
        tail -n 40 "$dir/log/startup.log" >&2 || true
        tail -n 40 "$dir/log/"*.log >&2 || true
        stop
        exit 1
    fi
    echo "amqp://guest:guest@127.0.0.1:$PORT/"
}

stop() {
    [ -f "$STATE_FILE" ] || return 0
    local dir
    dir="$(cat "$STATE_FILE")"
    if [ -d "$dir" ]; then
        as_rabbitmq "$dir" "$RABBIT_BIN/rabbitmqctl" -n "$NODENAME" -q stop >/dev/null 2>&1 || true
        # The node's pid file names the Erlang VM; make sure it is gone before removing its folder.
        if [ -f "$dir/rabbitmq.pid" ]; then
            local pid
            pid="$(cat "$dir/rabbitmq.pid")"
            for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
            kill -9 "$pid" 2>/dev/null || true
        fi
        # epmd was started for this node on its own port; end it by that port only.
        as_rabbitmq "$dir" /usr/bin/epmd -port "$EPMD_PORT" -kill >/dev/null 2>&1 || true
        rm -rf "$dir"
    fi
    rm -f "$STATE_FILE"
}

ctl() {
    local dir
    dir="$(cat "$STATE_FILE")"
    as_rabbitmq "$dir" "$RABBIT_BIN/rabbitmqctl" -n "$NODENAME" "$@"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    ctl) shift; ctl "$@" ;;
    *) echo "usage: $0 start|stop|ctl ARGS..." >&2; exit 2 ;;
esac
