#!/usr/bin/env bash
# Sentinel Command Center: connect your AI tools to this Command Center over MCP.
#
#   curl -fsSL __SENTINEL_API_URL__/mcp-setup.sh | bash -s -- <api_key> [server_url]
#
# Detects Claude Code, Claude Desktop, Cursor and Windsurf, asks which to configure and
# merges an "opensentry" server entry into each one's JSON config. Existing entries of
# other servers are kept; a config file that is not valid JSON is backed up first.
# Options: --yes (configure every detected client without asking), --dry-run.
set -euo pipefail

DEFAULT_SERVER_URL="__SENTINEL_API_URL__"
SERVER_NAME="opensentry"

say() { printf '%s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

ASSUME_YES=0
DRY_RUN=0
POSITIONAL=()
for arg in "$@"; do
  case "$arg" in
    --yes|-y) ASSUME_YES=1 ;;
    --dry-run) DRY_RUN=1 ;;
    -h|--help)
      say "usage: mcp-setup.sh <api_key> [server_url] [--yes] [--dry-run]"
      exit 0 ;;
    *) POSITIONAL+=("$arg") ;;
  esac
done

API_KEY="${POSITIONAL[0]:-${OPENSENTRY_API_KEY:-}}"
SERVER_URL="${POSITIONAL[1]:-${OPENSENTRY_SERVER_URL:-$DEFAULT_SERVER_URL}}"
SERVER_URL="${SERVER_URL%/}"
case "$SERVER_URL" in
  __SENTINEL_*) die "no server URL: pass it as the second argument" ;;
esac
[ -n "$API_KEY" ] || die "no API key: pass the osc_ key from the MCP page as the first argument"
case "$API_KEY" in
  osc_*) ;;
  *) die "the key must be an MCP key (starts with osc_)" ;;
esac
MCP_URL="$SERVER_URL/mcp"

# When piped (curl | bash) stdin is the script itself: questions go to the terminal.
ask() {
  local prompt="$1" answer=""
  if [ "$ASSUME_YES" = 1 ]; then
    echo y
    return
  fi
  if [ -t 0 ]; then
    read -r -p "$prompt" answer || answer=""
  elif { exec 3</dev/tty; } 2>/dev/null; then
    printf '%s' "$prompt" >/dev/tty
    read -r answer <&3 || answer=""
    exec 3<&-
  else
    # No terminal at all (CI, provisioning): configure what was detected.
    answer=y
  fi
  echo "${answer:-y}"
}

# A JSON tool to merge with: python3, else node.
json_runtime() {
  if command -v python3 >/dev/null 2>&1; then echo python3
  elif command -v node >/dev/null 2>&1; then echo node
  else echo ""
  fi
}

# merge_entry <file> <json of the server entry>
merge_entry() {
  local file="$1" entry="$2" runtime
  runtime="$(json_runtime)"
  [ -n "$runtime" ] || { warn "python3 or node is needed to edit $file; add this entry by hand under mcpServers.$SERVER_NAME: $entry"; return 1; }
  if [ "$DRY_RUN" = 1 ]; then
    say "  would write mcpServers.$SERVER_NAME to $file"
    return 0
  fi
  mkdir -p "$(dirname "$file")"
  if [ "$runtime" = python3 ]; then
    SENTINEL_FILE="$file" SENTINEL_ENTRY="$entry" SENTINEL_NAME="$SERVER_NAME" python3 - <<'PY'
import json, os, shutil, time
path, name = os.environ["SENTINEL_FILE"], os.environ["SENTINEL_NAME"]
entry = json.loads(os.environ["SENTINEL_ENTRY"])
config = {}
if os.path.exists(path) and os.path.getsize(path) > 0:
    try:
        with open(path, encoding="utf-8") as handle:
            config = json.load(handle)
        if not isinstance(config, dict):
            raise ValueError("not an object")
    except ValueError:
        backup = "%s.bak.%d" % (path, int(time.time()))
        shutil.copy2(path, backup)
        print("  %s was not valid JSON; backed up to %s" % (path, backup))
        config = {}
servers = config.get("mcpServers")
if not isinstance(servers, dict):
    servers = {}
servers[name] = entry
config["mcpServers"] = servers
tmp = path + ".tmp"
with open(tmp, "w", encoding="utf-8") as handle:
    json.dump(config, handle, indent=2)
    handle.write("\n")
os.replace(tmp, path)
PY
  else
    SENTINEL_FILE="$file" SENTINEL_ENTRY="$entry" SENTINEL_NAME="$SERVER_NAME" node - <<'JS'
const fs = require("fs");
const path = process.env.SENTINEL_FILE, name = process.env.SENTINEL_NAME;
const entry = JSON.parse(process.env.SENTINEL_ENTRY);
let config = {};
if (fs.existsSync(path) && fs.statSync(path).size > 0) {
  try {
    config = JSON.parse(fs.readFileSync(path, "utf8"));
    if (config === null || typeof config !== "object" || Array.isArray(config)) throw new Error("not an object");
  } catch (error) {
    const backup = `${path}.bak.${Math.floor(Date.now() / 1000)}`;
    fs.copyFileSync(path, backup);
    console.log(`  ${path} was not valid JSON; backed up to ${backup}`);
    config = {};
  }
}
if (config.mcpServers === null || typeof config.mcpServers !== "object" || Array.isArray(config.mcpServers)) config.mcpServers = {};
config.mcpServers[name] = entry;
fs.writeFileSync(path + ".tmp", JSON.stringify(config, null, 2) + "\n");
fs.renameSync(path + ".tmp", path);
JS
  fi
  chmod 600 "$file" 2>/dev/null || true
  say "  wrote mcpServers.$SERVER_NAME to $file"
}

json_string() {
  # The key and URL are checked above; escape the two JSON-special characters anyway.
  local value="${1//\\/\\\\}"
  printf '"%s"' "${value//\"/\\\"}"
}

HTTP_ENTRY="{\"type\": \"http\", \"url\": $(json_string "$MCP_URL"), \"headers\": {\"Authorization\": $(json_string "Bearer $API_KEY")}}"
CURSOR_ENTRY="{\"url\": $(json_string "$MCP_URL"), \"headers\": {\"Authorization\": $(json_string "Bearer $API_KEY")}}"
WINDSURF_ENTRY="{\"serverUrl\": $(json_string "$MCP_URL"), \"headers\": {\"Authorization\": $(json_string "Bearer $API_KEY")}}"
# Claude Desktop speaks stdio only: the mcp-remote bridge carries the key in an env var.
DESKTOP_ENTRY="{\"command\": \"npx\", \"args\": [\"-y\", \"mcp-remote\", $(json_string "$MCP_URL"), \"--header\", \"Authorization:\${OPENSENTRY_AUTH}\"], \"env\": {\"OPENSENTRY_AUTH\": $(json_string "Bearer $API_KEY")}}"

case "$(uname -s)" in
  Darwin) DESKTOP_DIR="$HOME/Library/Application Support/Claude" ;;
  *) DESKTOP_DIR="${XDG_CONFIG_HOME:-$HOME/.config}/Claude" ;;
esac

CLIENTS=()
detect() {
  local label="$1" present="$2"
  if [ "$present" = 1 ]; then CLIENTS+=("$label"); fi
}
has_dir() { [ -d "$1" ] && echo 1 || echo 0; }
has_cmd() { command -v "$1" >/dev/null 2>&1 && echo 1 || echo 0; }

claude_code_present=0
if [ "$(has_cmd claude)" = 1 ] || [ -f "$HOME/.claude.json" ] || [ -d "$HOME/.claude" ]; then
  claude_code_present=1
fi
detect "Claude Code" "$claude_code_present"
detect "Claude Desktop" "$(has_dir "$DESKTOP_DIR")"
detect "Cursor" "$(has_dir "$HOME/.cursor")"
detect "Windsurf" "$(has_dir "$HOME/.codeium/windsurf")"

say "Sentinel MCP setup for $MCP_URL"
if [ "${#CLIENTS[@]}" -eq 0 ]; then
  say "No MCP client found (Claude Code, Claude Desktop, Cursor, Windsurf)."
  say "Add this server by hand: URL $MCP_URL, header 'Authorization: Bearer <your key>'."
  exit 0
fi

configured=0
for client in "${CLIENTS[@]}"; do
  reply="$(ask "Configure $client? [Y/n] ")"
  case "$reply" in
    n|N|no|NO|No) say "  skipped $client"; continue ;;
  esac
  case "$client" in
    "Claude Code")
      if [ "$(has_cmd claude)" = 1 ] && [ "$DRY_RUN" = 0 ]; then
        claude mcp remove --scope user "$SERVER_NAME" >/dev/null 2>&1 || true
        if claude mcp add --scope user --transport http "$SERVER_NAME" "$MCP_URL" \
            --header "Authorization: Bearer $API_KEY" >/dev/null; then
          say "  added $SERVER_NAME to Claude Code"
        else
          merge_entry "$HOME/.claude.json" "$HTTP_ENTRY" || continue
        fi
      else
        merge_entry "$HOME/.claude.json" "$HTTP_ENTRY" || continue
      fi ;;
    "Claude Desktop") merge_entry "$DESKTOP_DIR/claude_desktop_config.json" "$DESKTOP_ENTRY" || continue ;;
    "Cursor") merge_entry "$HOME/.cursor/mcp.json" "$CURSOR_ENTRY" || continue ;;
    "Windsurf") merge_entry "$HOME/.codeium/windsurf/mcp_config.json" "$WINDSURF_ENTRY" || continue ;;
  esac
  configured=$((configured + 1))
done

say "Configured $configured client(s). Restart them to load the $SERVER_NAME server."
