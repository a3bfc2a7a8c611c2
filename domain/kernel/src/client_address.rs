//! Which address a request came from. The socket peer, unless the peer is a proxy we were
//! told to trust: only then do `X-Forwarded-For` (from `TRUSTED_PROXIES`) and
//! `Fly-Client-IP` (on Fly.io, whose edge sets it) speak for the client. Anyone else can
//! write those headers, so believing them from every peer would let a caller forge the
//! address in audit rows and take a fresh per-address rate limit with every request.

use ipnet::IpNet;
use std::net::IpAddr;
use std::str::FromStr;

/// The proxies whose forwarding headers are believed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies {
    networks: Vec<IpNet>,
    /// Running on Fly.io: its edge proxy sets `Fly-Client-IP` on every request.
    fly: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid proxy address {0:?}: expected an IP address or a CIDR block like 10.0.0.0/8")]
pub struct InvalidProxy(pub String);

/// The request's view of where it came from.
#[derive(Debug, Clone, Copy, Default)]
pub struct Forwarding<'a> {
    pub peer: Option<IpAddr>,
    pub fly_client_ip: Option<&'a str>,
    pub forwarded_for: Option<&'a str>,
}

impl TrustedProxies {
    /// `TRUSTED_PROXIES`: comma-separated addresses or CIDR blocks (empty: none).
    pub fn parse(list: &str, fly: bool) -> Result<Self, InvalidProxy> {
        let networks = list
            .split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                IpNet::from_str(entry)
                    .or_else(|_| IpAddr::from_str(entry).map(IpNet::from))
                    .map_err(|_| InvalidProxy(entry.to_owned()))
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { networks, fly })
    }

    pub fn is_empty(&self) -> bool {
        self.networks.is_empty() && !self.fly
    }

    fn trusts(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.networks
            .iter()
            .any(|network| network.contains(&address))
    }

    /// The client's address: `Fly-Client-IP` on Fly; else, when the peer is a trusted
    /// proxy, the nearest `X-Forwarded-For` entry that is not one (read right to left,
    /// the order proxies append in); else the peer. `"unknown"` without a peer.
    pub fn client_ip(&self, request: &Forwarding<'_>) -> String {
        if self.fly
            && let Some(fly) = request.fly_client_ip.and_then(parse_ip)
        {
            return canonical(fly).to_string();
        }
        let Some(peer) = request.peer.map(canonical) else {
            return "unknown".to_owned();
        };
        if !self.trusts(peer) {
            return peer.to_string();
        }
        let mut nearest = peer;
        for entry in request.forwarded_for.unwrap_or("").rsplit(',') {
            let Some(hop) = parse_ip(entry) else {
                // Not an address: nothing further left can be believed.
                break;
            };
            nearest = canonical(hop);
            if !self.trusts(nearest) {
                break;
            }
        }
        nearest.to_string()
    }
}

/// An `X-Forwarded-For` or `Fly-Client-IP` entry: an address, IPv6 possibly in brackets.
fn parse_ip(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    let entry = entry
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .unwrap_or(entry);
    IpAddr::from_str(entry).ok()
}

/// IPv4-mapped IPv6 (`::ffff:1.2.3.4`, what a dual-stack socket reports) as IPv4.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request<'a>(peer: &str, fly: Option<&'a str>, xff: Option<&'a str>) -> Forwarding<'a> {
        Forwarding {
            peer: Some(peer.parse().unwrap()),
            fly_client_ip: fly,
            forwarded_for: xff,
        }
    }

    #[test]
    fn nobody_trusted_means_the_peer_whatever_the_headers_say() {
        let proxies = TrustedProxies::default();
        assert_eq!(
            proxies.client_ip(&request("198.51.100.7", Some("1.1.1.1"), Some("2.2.2.2"))),
            "198.51.100.7"
        );
        assert_eq!(proxies.client_ip(&Forwarding::default()), "unknown");
    }

    #[test]
    fn a_trusted_proxy_speaks_for_the_nearest_untrusted_hop() {
        let proxies = TrustedProxies::parse("10.0.0.0/8, 192.168.1.1", false).unwrap();
        // The client forged the first entry; the proxy appended the real one.
        assert_eq!(
            proxies.client_ip(&request("10.1.2.3", None, Some("6.6.6.6, 203.0.113.5"))),
            "203.0.113.5"
        );
        // Two trusted proxies in a row.
        assert_eq!(
            proxies.client_ip(&request(
                "10.1.2.3",
                None,
                Some("6.6.6.6, 203.0.113.5, 192.168.1.1")
            )),
            "203.0.113.5"
        );
        // Garbage stops the walk at the last address known.
        assert_eq!(
            proxies.client_ip(&request("10.1.2.3", None, Some("203.0.113.5, junk"))),
            "10.1.2.3"
        );
        // The header from an untrusted peer is ignored.
        assert_eq!(
            proxies.client_ip(&request("198.51.100.7", None, Some("203.0.113.5"))),
            "198.51.100.7"
        );
        assert_eq!(
            proxies.client_ip(&request("10.1.2.3", None, None)),
            "10.1.2.3"
        );
    }

    #[test]
    fn fly_client_ip_only_on_fly() {
        let on_fly = TrustedProxies::parse("", true).unwrap();
        let elsewhere = TrustedProxies::parse("", false).unwrap();
        let sent = request("172.16.0.2", Some(" 203.0.113.9 "), Some("6.6.6.6"));
        assert_eq!(on_fly.client_ip(&sent), "203.0.113.9");
        assert_eq!(elsewhere.client_ip(&sent), "172.16.0.2");
        assert_eq!(
            on_fly.client_ip(&request("172.16.0.2", Some("nonsense"), None)),
            "172.16.0.2"
        );
    }

    #[test]
    fn mapped_and_bracketed_addresses_are_read() {
        let proxies = TrustedProxies::parse("127.0.0.1", false).unwrap();
        assert_eq!(
            proxies.client_ip(&request("::ffff:127.0.0.1", None, Some("[2001:db8::1]"))),
            "2001:db8::1"
        );
    }

    #[test]
    fn bad_entries_are_refused_by_name() {
        assert_eq!(
            TrustedProxies::parse("10.0.0.0/8, proxy.internal", false),
            Err(InvalidProxy("proxy.internal".into()))
        );
        assert!(TrustedProxies::parse(" , ", false).unwrap().is_empty());
    }
}
