// Which CloudNode build suits the visitor's machine, guessed from the browser. The guess
// only picks the initial tab of the install card; every platform stays one click away.

export type NodePlatform = "linux" | "macos" | "windows" | "raspberry-pi";

export const PLATFORMS: { id: NodePlatform; label: string }[] = [
  { id: "linux", label: "Linux" },
  { id: "macos", label: "macOS" },
  { id: "windows", label: "Windows" },
  { id: "raspberry-pi", label: "Raspberry Pi" },
];

interface UserAgentData {
  platform?: string;
}

/** `navigator.userAgentData?.platform || navigator.userAgent`, plus the user agent for the CPU. */
export function browserPlatformHints(nav: Navigator = navigator): { platform: string; userAgent: string } {
  const data = (nav as Navigator & { userAgentData?: UserAgentData }).userAgentData;
  return { platform: data?.platform || nav.userAgent || "", userAgent: nav.userAgent || "" };
}

/** The platform named by the hints, or null when they name none we ship (phones, unknown). */
export function detectPlatform({ platform, userAgent }: { platform: string; userAgent: string }): NodePlatform | null {
  const both = `${platform} ${userAgent}`;
  // Phones report Linux (Android) or Mac-like strings but cannot run a node.
  if (/android|iphone|ipad|ipod/i.test(both)) return null;
  if (/win/i.test(platform) || /windows/i.test(userAgent)) return "windows";
  if (/mac/i.test(platform) || /macintosh|mac os x/i.test(userAgent)) return "macos";
  // Chromium on Raspberry Pi OS reports "Linux armv7l" or "Linux aarch64".
  if (/linux|x11|cros/i.test(both)) return /arm|aarch64/i.test(both) ? "raspberry-pi" : "linux";
  return null;
}

export interface InstallInstructions {
  /** The command to run, or null when the platform installs from a download. */
  command: string | null;
  /** A download link (Windows MSI), when there is one. */
  download: { href: string; label: string } | null;
  steps: string[];
}

// install.sh refuses to run without root, and takes node id, key and URL as arguments.
export function installInstructions(platform: NodePlatform, origin: string, nodeId = "<node_id>", apiKey = "<api_key>"): InstallInstructions {
  const script = `curl -fsSL ${origin}/install.sh | sudo bash -s -- ${nodeId} ${apiKey} ${origin}`;
  switch (platform) {
    case "windows":
      return {
        command: null,
        download: { href: `${origin}/downloads/windows/x86_64`, label: "Download the CloudNode MSI (x86_64)" },
        steps: [`Run the MSI, then enter the node id, its API key and ${origin} in the setup wizard.`],
      };
    case "macos":
      return {
        command: script,
        download: null,
        steps: ["Install Homebrew first when FFmpeg is missing: the installer uses it.", "The node runs as a launchd service."],
      };
    case "raspberry-pi":
      return {
        command: script,
        download: null,
        steps: [
          "Raspberry Pi OS 64-bit gets the aarch64 build and 32-bit the armv7 build; the installer picks it.",
          "FFmpeg is installed with apt when missing; the node runs as a systemd service.",
        ],
      };
    case "linux":
      return {
        command: script,
        download: null,
        steps: ["Works on x86_64 and ARM; FFmpeg is installed with apt, dnf or pacman when missing.", "The node runs as a systemd service."],
      };
  }
}
