//! CloudNode releases: the version a release tag names, and which asset of the latest release
//! `/downloads/{os}/{arch}` sends a browser to (rest-api.md §7, notifications-email-webhooks.md
//! §11).

use crate::fleet::NodeVersion;
use chrono::TimeDelta;

/// A cached release is fresh for this long; after it, a download asks the feed again (and
/// keeps serving the old release when the feed fails).
pub const RELEASE_CACHE_TTL: TimeDelta = TimeDelta::seconds(600);

/// The latest CloudNode release as the release feed describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    /// `tag_name` as published (`v0.2.0`); `None` when the feed gave none.
    pub tag_name: Option<String>,
    /// The version the tag names; `None` when there is no usable tag (the configured
    /// `LATEST_NODE_VERSION` applies then).
    pub version: Option<NodeVersion>,
    pub assets: Vec<ReleaseAsset>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseAsset {
    pub name: String,
    pub browser_download_url: String,
}

impl Release {
    /// A release whose `version` is read from `tag_name`: one leading `v`/`V` dropped, then
    /// [`NodeVersion::parse_lenient`]; an absent or empty tag names no version.
    pub fn new(tag_name: Option<String>, assets: Vec<ReleaseAsset>) -> Self {
        let version = tag_name.as_deref().and_then(tag_version);
        Self {
            tag_name,
            version,
            assets,
        }
    }

    /// The asset to download for `target`: names matching `<os>.*<arch>` (ignoring case),
    /// best packaging first (see [`packaging_rank`]), ties in the feed's order.
    pub fn asset_for(&self, target: DownloadTarget) -> Result<&ReleaseAsset, DownloadError> {
        let mut candidates: Vec<&ReleaseAsset> = self
            .assets
            .iter()
            .filter(|asset| target.matches(&asset.name))
            .collect();
        candidates.sort_by_key(|asset| packaging_rank(target.os, &asset.name));
        candidates
            .first()
            .copied()
            .ok_or_else(|| DownloadError::NoPrebuiltBinary {
                target,
                release: self
                    .tag_name
                    .clone()
                    .filter(|tag| !tag.is_empty())
                    .unwrap_or_else(|| "latest".to_owned()),
            })
    }
}

/// The version a tag names: `v0.2.0` and `0.2.0` are `0.2.0`; `""` (or a lone `v`) is none.
fn tag_version(tag: &str) -> Option<NodeVersion> {
    let tag = tag.trim();
    let bare = tag
        .strip_prefix('v')
        .or_else(|| tag.strip_prefix('V'))
        .unwrap_or(tag);
    (!bare.is_empty()).then(|| NodeVersion::parse_lenient(bare))
}

/// Operating systems with prebuilt CloudNode binaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetOs {
    Linux,
    Macos,
    Windows,
}

/// CPU architectures with prebuilt CloudNode binaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetArch {
    X86_64,
    Aarch64,
    Armv7,
}

impl TargetOs {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Linux => "linux",
            Self::Macos => "macos",
            Self::Windows => "windows",
        }
    }
}

impl TargetArch {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::X86_64 => "x86_64",
            Self::Aarch64 => "aarch64",
            Self::Armv7 => "armv7",
        }
    }
}

/// A platform a download was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DownloadTarget {
    pub os: TargetOs,
    pub arch: TargetArch,
}

impl DownloadTarget {
    /// Reads the path's `os` and `arch` in any case; the OS is checked first.
    pub fn parse(os: &str, arch: &str) -> Result<Self, DownloadError> {
        let os = match os.to_lowercase().as_str() {
            "linux" => TargetOs::Linux,
            "macos" => TargetOs::Macos,
            "windows" => TargetOs::Windows,
            _ => return Err(DownloadError::UnsupportedOs(os.to_owned())),
        };
        let arch = match arch.to_lowercase().as_str() {
            "x86_64" => TargetArch::X86_64,
            "aarch64" => TargetArch::Aarch64,
            "armv7" => TargetArch::Armv7,
            _ => return Err(DownloadError::UnsupportedArch(arch.to_owned())),
        };
        Ok(Self { os, arch })
    }

    /// `true` when `name` matches the regex `<os>.*<arch>` case-insensitively: the arch
    /// somewhere after the OS, on the same line (`.` does not cross a newline).
    pub fn matches(self, name: &str) -> bool {
        let (os, arch) = (self.os.as_str(), self.arch.as_str());
        name.to_ascii_lowercase().split('\n').any(|line| {
            line.find(os)
                .is_some_and(|at| line[at + os.len()..].contains(arch))
        })
    }
}

/// Lower is better. Windows: `.msi`, then `.zip`, then anything else; Linux and macOS:
/// `.tar.gz`/`.tgz`, then `.zip`, then anything else. Extensions are compared ignoring case.
pub fn packaging_rank(os: TargetOs, name: &str) -> u8 {
    let name = name.to_ascii_lowercase();
    let preferred: &[&str] = match os {
        TargetOs::Windows => &[".msi"],
        TargetOs::Linux | TargetOs::Macos => &[".tar.gz", ".tgz"],
    };
    if preferred.iter().any(|ext| name.ends_with(ext)) {
        0
    } else if name.ends_with(".zip") {
        1
    } else {
        2
    }
}

/// Why `/downloads/{os}/{arch}` cannot redirect; the messages are the wire's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DownloadError {
    /// The OS as the client wrote it.
    #[error("Unsupported OS '{0}'. Try one of: ['linux', 'macos', 'windows'].")]
    UnsupportedOs(String),
    /// The arch as the client wrote it.
    #[error("Unsupported arch '{0}'. Try one of: ['aarch64', 'armv7', 'x86_64'].")]
    UnsupportedArch(String),
    /// Nothing was ever fetched from the release feed, and fetching now failed.
    #[error(
        "Release metadata unavailable. Try /install.sh on Linux/macOS, or download the MSI directly from the latest GitHub release on Windows."
    )]
    ReleaseUnavailable,
    #[error(
        "No prebuilt binary for {}/{} in release {release}. Try the install script for a source fallback.",
        target.os.as_str(),
        target.arch.as_str()
    )]
    NoPrebuiltBinary {
        target: DownloadTarget,
        /// The release's tag, or `latest` when it has none.
        release: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asset(name: &str) -> ReleaseAsset {
        ReleaseAsset {
            name: name.to_owned(),
            browser_download_url: format!("https://example.com/{name}"),
        }
    }

    fn release(tag: Option<&str>, names: &[&str]) -> Release {
        Release::new(
            tag.map(str::to_owned),
            names.iter().map(|n| asset(n)).collect(),
        )
    }

    fn target(os: &str, arch: &str) -> DownloadTarget {
        DownloadTarget::parse(os, arch).unwrap()
    }

    fn pick(release: &Release, os: &str, arch: &str) -> Result<String, DownloadError> {
        release
            .asset_for(target(os, arch))
            .map(|asset| asset.name.clone())
    }

    const ASSETS: &[&str] = &[
        "sourcebox-sentry-cloudnode-linux-x86_64.zip",
        "sourcebox-sentry-cloudnode-linux-x86_64.tar.gz",
        "sourcebox-sentry-cloudnode-linux-aarch64.tgz",
        "sourcebox-sentry-cloudnode-linux-armv7",
        "SourceBox-Sentry-CloudNode-Windows-x86_64.zip",
        "SourceBox-Sentry-CloudNode-Windows-x86_64.msi",
        "sourcebox-sentry-cloudnode-macos-aarch64.zip",
        "checksums.txt",
    ];

    #[test]
    fn tags_name_versions_with_or_without_a_v() {
        let version = |tag: &str| Release::new(Some(tag.to_owned()), vec![]).version;
        assert_eq!(version("v0.2.0"), Some(NodeVersion::new(0, 2, 0)));
        assert_eq!(version("V1.4.10"), Some(NodeVersion::new(1, 4, 10)));
        assert_eq!(version("0.1.80-rc1"), Some(NodeVersion::new(0, 1, 80)));
        assert_eq!(version("nightly"), Some(NodeVersion::default()));
        assert_eq!(version(""), None);
        assert_eq!(version("v"), None);
        assert_eq!(Release::new(None, vec![]).version, None);
    }

    #[test]
    fn os_and_arch_are_read_in_any_case_and_os_is_checked_first() {
        assert_eq!(
            target("Linux", "X86_64"),
            DownloadTarget {
                os: TargetOs::Linux,
                arch: TargetArch::X86_64
            }
        );
        assert_eq!(
            DownloadTarget::parse("BeOS", "z80")
                .unwrap_err()
                .to_string(),
            "Unsupported OS 'BeOS'. Try one of: ['linux', 'macos', 'windows']."
        );
        assert_eq!(
            DownloadTarget::parse("macos", "PPC")
                .unwrap_err()
                .to_string(),
            "Unsupported arch 'PPC'. Try one of: ['aarch64', 'armv7', 'x86_64']."
        );
        assert!(DownloadTarget::parse("darwin", "x86_64").is_err());
        assert!(DownloadTarget::parse("linux", "amd64").is_err());
    }

    #[test]
    fn unix_prefers_tarballs_then_zips() {
        let release = release(Some("v0.2.0"), ASSETS);
        assert_eq!(
            pick(&release, "linux", "x86_64").unwrap(),
            "sourcebox-sentry-cloudnode-linux-x86_64.tar.gz"
        );
        assert_eq!(
            pick(&release, "linux", "aarch64").unwrap(),
            "sourcebox-sentry-cloudnode-linux-aarch64.tgz"
        );
        assert_eq!(
            pick(&release, "linux", "armv7").unwrap(),
            "sourcebox-sentry-cloudnode-linux-armv7"
        );
        assert_eq!(
            pick(&release, "macos", "aarch64").unwrap(),
            "sourcebox-sentry-cloudnode-macos-aarch64.zip"
        );
    }

    #[test]
    fn windows_prefers_the_msi_and_matches_ignoring_case() {
        let release = release(Some("v0.2.0"), ASSETS);
        assert_eq!(
            pick(&release, "windows", "x86_64").unwrap(),
            "SourceBox-Sentry-CloudNode-Windows-x86_64.msi"
        );
        let zips_only = self::release(
            None,
            &[
                "cloudnode-windows-x86_64.exe",
                "cloudnode-windows-x86_64.zip",
            ],
        );
        assert_eq!(
            pick(&zips_only, "windows", "x86_64").unwrap(),
            "cloudnode-windows-x86_64.zip"
        );
    }

    #[test]
    fn ties_keep_the_feed_order() {
        let release = release(None, &["b-linux-x86_64.tar.gz", "a-linux-x86_64.tgz"]);
        assert_eq!(
            pick(&release, "linux", "x86_64").unwrap(),
            "b-linux-x86_64.tar.gz"
        );
    }

    #[test]
    fn the_arch_must_come_after_the_os_on_one_line() {
        let t = target("linux", "x86_64");
        assert!(t.matches("cloudnode-LINUX-x86_64"));
        assert!(t.matches("linux_x86_64"));
        assert!(t.matches("x86_64-linux-x86_64.tar.gz"));
        assert!(!t.matches("cloudnode-x86_64-linux.tar.gz"));
        assert!(!t.matches("linux\nx86_64"));
        assert!(!t.matches("cloudnode-linux-aarch64"));
    }

    #[test]
    fn packaging_ranks() {
        assert_eq!(packaging_rank(TargetOs::Windows, "a.MSI"), 0);
        assert_eq!(packaging_rank(TargetOs::Windows, "a.zip"), 1);
        assert_eq!(packaging_rank(TargetOs::Windows, "a.tar.gz"), 2);
        assert_eq!(packaging_rank(TargetOs::Linux, "a.tar.gz"), 0);
        assert_eq!(packaging_rank(TargetOs::Macos, "a.tgz"), 0);
        assert_eq!(packaging_rank(TargetOs::Linux, "a.zip"), 1);
        assert_eq!(packaging_rank(TargetOs::Linux, "a.msi"), 2);
        assert_eq!(packaging_rank(TargetOs::Linux, "a"), 2);
    }

    #[test]
    fn no_candidate_names_the_release_or_latest() {
        let tagged = release(Some("v0.2.0"), ASSETS);
        assert_eq!(
            pick(&tagged, "macos", "armv7").unwrap_err().to_string(),
            "No prebuilt binary for macos/armv7 in release v0.2.0. Try the install script for a source fallback."
        );
        for untagged in [release(None, &[]), release(Some(""), &[])] {
            assert_eq!(
                pick(&untagged, "Windows", "AARCH64")
                    .unwrap_err()
                    .to_string(),
                "No prebuilt binary for windows/aarch64 in release latest. Try the install script for a source fallback."
            );
        }
    }

    #[test]
    fn the_unavailable_message_is_the_wire_text() {
        assert_eq!(
            DownloadError::ReleaseUnavailable.to_string(),
            "Release metadata unavailable. Try /install.sh on Linux/macOS, or download the MSI directly from the latest GitHub release on Windows."
        );
    }
}
