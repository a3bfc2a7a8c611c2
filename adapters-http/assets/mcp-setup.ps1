# Sentinel Command Center: connect your AI tools to this Command Center over MCP (Windows).
#
#   & ([scriptblock]::Create((irm __SENTINEL_API_URL__/mcp-setup.ps1))) '<api_key>' '<server_url>'
#
# (`irm ... | iex` cannot pass arguments: iex has no -Args, hence the scriptblock.)
# Detects Claude Code, Claude Desktop, Cursor and Windsurf, asks which to configure and
# merges an "opensentry" server entry into each one's JSON config. Entries of other servers
# are kept; a config file that is not valid JSON is backed up first.
param(
    [Parameter(Position = 0)] [string] $ApiKey = $env:OPENSENTRY_API_KEY,
    [Parameter(Position = 1)] [string] $ServerUrl = $env:OPENSENTRY_SERVER_URL,
    [switch] $Yes,
    [switch] $DryRun
)

$ErrorActionPreference = 'Stop'
$ServerName = 'opensentry'
$DefaultServerUrl = '__SENTINEL_API_URL__'

if ([string]::IsNullOrWhiteSpace($ServerUrl)) { $ServerUrl = $DefaultServerUrl }
$ServerUrl = $ServerUrl.TrimEnd('/')
if ($ServerUrl.StartsWith('__SENTINEL_')) { throw 'No server URL: pass it as the second argument.' }
if ([string]::IsNullOrWhiteSpace($ApiKey)) { throw 'No API key: pass the osc_ key from the MCP page as the first argument.' }
if (-not $ApiKey.StartsWith('osc_')) { throw 'The key must be an MCP key (starts with osc_).' }
$McpUrl = "$ServerUrl/mcp"
$Authorization = "Bearer $ApiKey"

function Confirm-Client([string] $Label) {
    if ($Yes) { return $true }
    $answer = Read-Host "Configure $Label? [Y/n]"
    return -not ($answer -match '^(n|no)$')
}

function Merge-Entry([string] $Path, $Entry) {
    if ($DryRun) { Write-Host "  would write mcpServers.$ServerName to $Path"; return }
    $dir = Split-Path -Parent $Path
    if (-not (Test-Path $dir)) { New-Item -ItemType Directory -Path $dir -Force | Out-Null }
    $config = [pscustomobject]@{}
    if ((Test-Path $Path) -and ((Get-Item $Path).Length -gt 0)) {
        try {
            $config = Get-Content -Raw -Path $Path | ConvertFrom-Json
            if ($null -eq $config -or $config -isnot [pscustomobject]) { throw 'not an object' }
        } catch {
            $backup = "$Path.bak.$([DateTimeOffset]::UtcNow.ToUnixTimeSeconds())"
            Copy-Item -Path $Path -Destination $backup -Force
            Write-Host "  $Path was not valid JSON; backed up to $backup"
            $config = [pscustomobject]@{}
        }
    }
    if ($null -eq $config.mcpServers -or $config.mcpServers -isnot [pscustomobject]) {
        $config | Add-Member -NotePropertyName mcpServers -NotePropertyValue ([pscustomobject]@{}) -Force
    }
    $config.mcpServers | Add-Member -NotePropertyName $ServerName -NotePropertyValue $Entry -Force
    $json = $config | ConvertTo-Json -Depth 20
    $tmp = "$Path.tmp"
    [System.IO.File]::WriteAllText($tmp, $json + "`n", (New-Object System.Text.UTF8Encoding $false))
    Move-Item -Path $tmp -Destination $Path -Force
    Write-Host "  wrote mcpServers.$ServerName to $Path"
}

$headers = [pscustomobject]@{ Authorization = $Authorization }
$clients = @(
    [pscustomobject]@{
        Label = 'Claude Code'
        Present = [bool](Get-Command claude -ErrorAction SilentlyContinue) -or (Test-Path "$HOME\.claude.json") -or (Test-Path "$HOME\.claude")
        Path = "$HOME\.claude.json"
        Entry = [pscustomobject]@{ type = 'http'; url = $McpUrl; headers = $headers }
    },
    [pscustomobject]@{
        Label = 'Claude Desktop'
        Present = Test-Path "$env:APPDATA\Claude"
        Path = "$env:APPDATA\Claude\claude_desktop_config.json"
        # Claude Desktop speaks stdio only: the mcp-remote bridge carries the key in an env var.
        Entry = [pscustomobject]@{
            command = 'npx'
            args = @('-y', 'mcp-remote', $McpUrl, '--header', 'Authorization:${OPENSENTRY_AUTH}')
            env = [pscustomobject]@{ OPENSENTRY_AUTH = $Authorization }
        }
    },
    [pscustomobject]@{
        Label = 'Cursor'
        Present = Test-Path "$HOME\.cursor"
        Path = "$HOME\.cursor\mcp.json"
        Entry = [pscustomobject]@{ url = $McpUrl; headers = $headers }
    },
    [pscustomobject]@{
        Label = 'Windsurf'
        Present = Test-Path "$HOME\.codeium\windsurf"
        Path = "$HOME\.codeium\windsurf\mcp_config.json"
        Entry = [pscustomobject]@{ serverUrl = $McpUrl; headers = $headers }
    }
)

Write-Host "Sentinel MCP setup for $McpUrl"
$detected = @($clients | Where-Object { $_.Present })
if ($detected.Count -eq 0) {
    Write-Host 'No MCP client found (Claude Code, Claude Desktop, Cursor, Windsurf).'
    Write-Host "Add this server by hand: URL $McpUrl, header 'Authorization: Bearer <your key>'."
    return
}

$configured = 0
foreach ($client in $detected) {
    if (-not (Confirm-Client $client.Label)) { Write-Host "  skipped $($client.Label)"; continue }
    try {
        Merge-Entry -Path $client.Path -Entry $client.Entry
        $configured++
    } catch {
        Write-Warning "Could not configure $($client.Label): $_"
    }
}
Write-Host "Configured $configured client(s). Restart them to load the $ServerName server."
