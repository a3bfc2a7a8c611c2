#!/usr/bin/env bash
# Sentinel CloudNode installer for Linux and macOS.
#
# Served by a Sentinel Command Center at /install.sh. It installs the CloudNode binary,
# stores its credentials and runs it as a service (systemd on Linux, launchd on macOS).
#
#   curl -fsSL https://<command-center>/install.sh | sudo bash -s -- <node_id> <api_key>
#
# Arguments (or the environment variables of the same meaning):
#   1. node id   SOURCEBOX_SENTRY_NODE_ID   (8 hex characters, shown when the node is created)
#   2. API key   SOURCEBOX_SENTRY_API_KEY   (shown once, when the node is created)
#   3. API URL   SOURCEBOX_SENTRY_API_URL   (defaults to the Command Center that served this file)
set -euo pipefail

API_URL_DEFAULT="__SENTINEL_API_URL__"
BINARY_NAME="sourcebox-sentry-cloudnode"
INSTALL_DIR="/usr/local/bin"

say() { printf '\033[1;32m==>\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# Piped through `curl | bash`, stdin is the script itself: prompts read the terminal.
ask() {
  local prompt="$1" answer=""
  if [ -r /dev/tty ]; then
    read -r -p "$prompt" answer </dev/tty || true
  fi
  printf '%s' "$answer"
}

NODE_ID="${1:-${SOURCEBOX_SENTRY_NODE_ID:-}}"
API_KEY="${2:-${SOURCEBOX_SENTRY_API_KEY:-}}"
API_URL="${3:-${SOURCEBOX_SENTRY_API_URL:-$API_URL_DEFAULT}}"
[ -n "$NODE_ID" ] || NODE_ID="$(ask 'Node ID: ')"
[ -n "$API_KEY" ] || API_KEY="$(ask 'API key: ')"
[ -n "$NODE_ID" ] && [ -n "$API_KEY" ] || fail "a node id and an API key are required (see the dashboard's Add node dialog)"
case "$NODE_ID" in
  *[!0-9a-f]* | "") fail "node id '$NODE_ID' should be 8 lowercase hex characters" ;;
esac
API_URL="${API_URL%/}"

[ "$(id -u)" -eq 0 ] || fail "run as root (pipe into 'sudo bash -s -- …')"

case "$(uname -s)" in
  Linux) OS=linux ;;
  Darwin) OS=macos ;;
  *) fail "unsupported system $(uname -s); on Windows use the MSI from the latest CloudNode release" ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) ARCH=x86_64 ;;
  aarch64 | arm64) ARCH=aarch64 ;;
  armv7l | armv7*) ARCH=armv7 ;;
  *) fail "unsupported architecture $(uname -m)" ;;
esac

say "Checking the Command Center at $API_URL"
curl -fsS --max-time 10 "$API_URL/api/health" >/dev/null || fail "cannot reach $API_URL/api/health"

say "Checking the node's credentials"
status=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 10 -X POST "$API_URL/api/nodes/validate" \
  -H "X-Node-API-Key: $API_KEY" -H 'Content-Type: application/json' -d "{\"node_id\":\"$NODE_ID\"}")
case "$status" in
  2*) ;;
  404) fail "node $NODE_ID does not exist on $API_URL: create it in the dashboard first" ;;
  401 | 403) fail "the API key does not belong to node $NODE_ID (rotate the key in the dashboard if it was lost)" ;;
  *) fail "credential check failed with HTTP $status" ;;
esac

if ! command -v ffmpeg >/dev/null 2>&1; then
  say "Installing FFmpeg"
  if command -v apt-get >/dev/null 2>&1; then apt-get update -qq && apt-get install -y -qq ffmpeg
  elif command -v dnf >/dev/null 2>&1; then dnf install -y -q ffmpeg
  elif command -v pacman >/dev/null 2>&1; then pacman -Sy --noconfirm ffmpeg
  elif command -v brew >/dev/null 2>&1; then sudo -u "${SUDO_USER:-$USER}" brew install ffmpeg
  else fail "install FFmpeg with your package manager, then run this script again"
  fi
fi

say "Downloading CloudNode for $OS/$ARCH"
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
curl -fSL --max-time 300 -o "$workdir/asset" "$API_URL/downloads/$OS/$ARCH" \
  || fail "no CloudNode build for $OS/$ARCH could be downloaded"
case "$(file -b "$workdir/asset" 2>/dev/null || true)" in
  *gzip*) tar -xzf "$workdir/asset" -C "$workdir" ;;
  *Zip*) (cd "$workdir" && unzip -q asset) ;;
  *) cp "$workdir/asset" "$workdir/$BINARY_NAME" ;;
esac
binary=$(find "$workdir" -type f -name "$BINARY_NAME*" ! -name '*.sha256' | head -n 1)
[ -n "$binary" ] || fail "the download did not contain $BINARY_NAME"
install -m 0755 "$binary" "$INSTALL_DIR/$BINARY_NAME"

if [ "$OS" = linux ]; then
  CONFIG_DIR=/etc/sourcebox-sentry
  DATA_DIR=/var/lib/sourcebox-sentry
else
  CONFIG_DIR="/Library/Application Support/SourceBoxSentry"
  DATA_DIR="$CONFIG_DIR/data"
fi
mkdir -p "$CONFIG_DIR" "$DATA_DIR"
ENV_FILE="$CONFIG_DIR/cloudnode.env"
umask 077
cat >"$ENV_FILE" <<ENV
SOURCEBOX_SENTRY_NODE_ID=$NODE_ID
SOURCEBOX_SENTRY_API_KEY=$API_KEY
SOURCEBOX_SENTRY_API_URL=$API_URL
SOURCEBOX_SENTRY_DATA_DIR=$DATA_DIR
ENV
chmod 600 "$ENV_FILE"

if [ "$OS" = linux ]; then
  command -v systemctl >/dev/null 2>&1 || fail "systemd is required to run the node as a service; start $INSTALL_DIR/$BINARY_NAME yourself with the variables in $ENV_FILE"
  cat >/etc/systemd/system/sourcebox-sentry-cloudnode.service <<UNIT
[Unit]
Description=Sentinel CloudNode
After=network-online.target
Wants=network-online.target

[Service]
EnvironmentFile=$ENV_FILE
ExecStart=$INSTALL_DIR/$BINARY_NAME
Restart=always
RestartSec=5
SupplementaryGroups=video

[Install]
WantedBy=multi-user.target
UNIT
  systemctl daemon-reload
  systemctl enable --now sourcebox-sentry-cloudnode.service
  say "CloudNode is running: systemctl status sourcebox-sentry-cloudnode"
else
  PLIST=/Library/LaunchDaemons/com.sourcebox.sentry.cloudnode.plist
  cat >"$PLIST" <<PLIST
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict>
  <key>Label</key><string>com.sourcebox.sentry.cloudnode</string>
  <key>ProgramArguments</key><array><string>$INSTALL_DIR/$BINARY_NAME</string></array>
  <key>EnvironmentVariables</key><dict>
    <key>SOURCEBOX_SENTRY_NODE_ID</key><string>$NODE_ID</string>
    <key>SOURCEBOX_SENTRY_API_KEY</key><string>$API_KEY</string>
    <key>SOURCEBOX_SENTRY_API_URL</key><string>$API_URL</string>
    <key>SOURCEBOX_SENTRY_DATA_DIR</key><string>$DATA_DIR</string>
  </dict>
  <key>RunAtLoad</key><true/>
  <key>KeepAlive</key><true/>
</dict></plist>
PLIST
  chmod 600 "$PLIST"
  launchctl unload "$PLIST" 2>/dev/null || true
  launchctl load -w "$PLIST"
  say "CloudNode is running: sudo launchctl list | grep sourcebox"
fi
say "Done. The node appears online in the dashboard within a minute."
