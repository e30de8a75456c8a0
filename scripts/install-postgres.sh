#!/usr/bin/env bash
# Installs the PostgreSQL server binaries (initdb, pg_ctl, postgres) that the tests and benches of
# flink-ddl-postgres start a throwaway server from. Idempotent: does nothing when they are there.
# Debian and Ubuntu: `apt-get install -y postgresql` (run as root, or with sudo available).
# The tests look for the binaries in $FLINK_DDL_PG_BINDIR, /usr/lib/postgresql/<version>/bin, then PATH.
set -euo pipefail

have_server() {
    if [ -n "${FLINK_DDL_PG_BINDIR:-}" ] && [ -x "$FLINK_DDL_PG_BINDIR/initdb" ] && [ -x "$FLINK_DDL_PG_BINDIR/pg_ctl" ]; then
        return 0
    fi
    for bin in /usr/lib/postgresql/*/bin; do
        if [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ]; then
            return 0
        fi
    done
    command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1
}

if have_server; then
    echo "install-postgres: the PostgreSQL server binaries are installed"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-postgres: no apt-get here; install the PostgreSQL server (initdb, pg_ctl) with your" >&2
    echo "package manager, or set FLINK_DDL_PG_BINDIR to the directory that holds them" >&2
    exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
echo "install-postgres: apt-get install -y postgresql"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# The package's own cluster is not needed (the tests make their own): keep it from starting.
$SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
if command -v pg_lsclusters >/dev/null 2>&1; then
    pg_lsclusters --no-header 2>/dev/null | while read -r version name _; do
        $SUDO pg_ctlcluster "$version" "$name" stop 2>/dev/null || true
    done
fi
have_server
echo "install-postgres: installed"
