#!/usr/bin/env bash
# Starts the local services the integration tests use, if they are installed and not running.
# Idempotent; uses the same commands the machine image starts them with.
set -u
up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if ! up 5432 && command -v pg_ctlcluster >/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
fi
if ! up 4222 && [ -x /usr/sbin/nats-server ]; then
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- \
    -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log || true
fi
for i in $(seq 1 30); do up 5432 && up 4222 && break; sleep 1; done
up 5432 && echo "postgres: up" || echo "postgres: NOT reachable"
up 4222 && echo "nats: up" || echo "nats: NOT reachable"
