#!/bin/sh
# Runs once, when the primary's data directory is created (docker-entrypoint-initdb.d): lets the
# replica of the scale profile stream WAL from the compose network, with the same password.
set -e
echo "host replication all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
