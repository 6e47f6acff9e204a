#!/usr/bin/env bash
# EMR bootstrap action (runs on every node, before applications install): installs Node.js and the
# trendoff CLI bundle, so Spark can pipe partitions through `trendoff cluster aggregate`.
# Idempotent: a rerun on a node that has everything changes nothing.
#
# Usage: install-trendoff.sh s3://…/dist/trendoff.js s3://…/bootstrap/reanalyse.py
set -euo pipefail

readonly CLI_URI="${1:?usage: install-trendoff.sh CLI_URI JOB_URI}"
readonly JOB_URI="${2:?usage: install-trendoff.sh CLI_URI JOB_URI}"
readonly PREFIX=/opt/trendoff
readonly INFO=/mnt/var/lib/info/instance.json

log() { echo "install-trendoff: $*" >&2; }

node_major() {
  local bin="$1"
  command -v "$bin" >/dev/null 2>&1 || { echo 0; return; }
  "$bin" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

# Node.js 20 or later; Amazon Linux 2023 (EMR 7.x) packages it as nodejs20 (binary node-20).
install_node() {
  if [ "$(node_major node)" -ge 20 ]; then
    command -v node
  elif [ "$(node_major node-20)" -ge 20 ]; then
    command -v node-20
  else
    log "installing Node.js 20"
    sudo dnf install -y -q nodejs20 >&2
    command -v node-20
  fi
}

# The primary node is told apart by instance.json (the retired run-if action fails on EMR 4.x+).
is_primary() {
  [ -r "$INFO" ] && grep -Eq '"isMaster"[[:space:]]*:[[:space:]]*true' "$INFO"
}

main() {
  local node tmp
  node="$(install_node)"
  sudo mkdir -p "$PREFIX"
  tmp="$(mktemp)"
  aws s3 cp --only-show-errors "$CLI_URI" "$tmp"
  sudo install -m 0644 "$tmp" "$PREFIX/trendoff.js"
  rm -f "$tmp"
  # A wrapper on the PATH of every user, Spark's executors included.
  printf '#!/bin/sh\nexec %s %s/trendoff.js "$@"\n' "$node" "$PREFIX" | sudo tee /usr/local/bin/trendoff >/dev/null
  sudo chmod 0755 /usr/local/bin/trendoff
  if is_primary; then
    # Only the primary node submits jobs: keep a copy of the job there for manual spark-submit runs.
    mkdir -p "$HOME/trendoff"
    aws s3 cp --only-show-errors "$JOB_URI" "$HOME/trendoff/reanalyse.py"
    log "primary node: job copied to $HOME/trendoff/reanalyse.py"
  fi
  log "installed $(/usr/local/bin/trendoff --help | head -n 1 || true)"
}

main "$@"
