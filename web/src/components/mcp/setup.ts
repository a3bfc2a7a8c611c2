// How each MCP client is pointed at this Command Center. The endpoint is `<origin>/mcp/`
// (docs/mcp.md: the original answered a POST to /mcp with a 307, which not every client
// follows) and the osc_ key travels as a bearer token. The shapes match what
// /mcp-setup.sh writes for each client.

export type McpClient = "claude-code" | "claude-desktop" | "cursor" | "generic" | "script";

export const MCP_CLIENTS: { id: McpClient; label: string }[] = [
  { id: "claude-code", label: "Claude Code" },
  { id: "claude-desktop", label: "Claude Desktop" },
  { id: "cursor", label: "Cursor" },
  { id: "generic", label: "Other clients" },
  { id: "script", label: "Setup script" },
];

export const KEY_PLACEHOLDER = "<your osc_ key>";
const SERVER = "opensentry";

export interface ClientSetup {
  /** Where the snippet goes, in a sentence. */
  where: string;
  blocks: { label: string; value: string }[];
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

export function mcpEndpoint(origin: string): string {
  return `${origin.replace(/\/$/, "")}/mcp/`;
}

export function clientSetup(client: McpClient, origin: string, key = KEY_PLACEHOLDER): ClientSetup {
  const url = mcpEndpoint(origin);
  const bearer = `Bearer ${key}`;
  switch (client) {
    case "claude-code":
      return {
        where: "Run once in a terminal; the server is added for your user in every project.",
        blocks: [{ label: "Claude Code command", value: `claude mcp add --scope user --transport http ${SERVER} ${url} --header "Authorization: ${bearer}"` }],
      };
    case "claude-desktop":
      return {
        where:
          "Claude Desktop speaks stdio only, so the mcp-remote bridge (needs Node.js) carries the key. Add this to claude_desktop_config.json (Settings, Developer, Edit config: ~/Library/Application Support/Claude on macOS, %APPDATA%\\Claude on Windows) and restart Claude.",
        blocks: [
          {
            label: "claude_desktop_config.json",
            value: json({ mcpServers: { [SERVER]: { command: "npx", args: ["-y", "mcp-remote", url, "--header", "Authorization:${OPENSENTRY_AUTH}"], env: { OPENSENTRY_AUTH: bearer } } } }),
          },
        ],
      };
    case "cursor":
      return {
        where: "Add this to ~/.cursor/mcp.json (or the project's .cursor/mcp.json) and reload Cursor.",
        blocks: [{ label: "Cursor mcp.json", value: json({ mcpServers: { [SERVER]: { url, headers: { Authorization: bearer } } } }) }],
      };
    case "generic":
      return {
        where: "Any client with Streamable HTTP transport: POST JSON-RPC to the endpoint with the key as a bearer token.",
        blocks: [
          { label: "Endpoint URL", value: url },
          { label: "Authorization header", value: `Authorization: ${bearer}` },
        ],
      };
    case "script":
      return {
        where: "Detects Claude Code, Claude Desktop, Cursor and Windsurf on this machine and configures the ones you pick.",
        blocks: [
          { label: "macOS / Linux", value: `curl -fsSL ${origin}/mcp-setup.sh | bash -s -- '${key}' '${origin}'` },
          { label: "Windows PowerShell", value: `& ([scriptblock]::Create((irm ${origin}/mcp-setup.ps1))) '${key}' '${origin}'` },
        ],
      };
  }
}
