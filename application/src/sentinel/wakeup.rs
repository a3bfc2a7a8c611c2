//! Building and firing the signed wake-up (§3.5).

use super::SentinelService;
use hmac::{Hmac, Mac};
use sentinel_ports::driven::agent_wakeup::WakeupRequest;
use sha2::Sha256;

/// The wake-up for `ts`: body exactly `{"ts": <ts>}` (Python's `json.dumps` spacing),
/// signature `sha256=<hex HMAC-SHA256(key, body)>`.
pub fn signed_wakeup(url: &str, agent_key: &str, ts: i64) -> WakeupRequest {
    let body = format!("{{\"ts\": {ts}}}");
    let signature = match Hmac::<Sha256>::new_from_slice(agent_key.as_bytes()) {
        Ok(mut mac) => {
            mac.update(body.as_bytes());
            hex::encode(mac.finalize().into_bytes())
        }
        // HMAC takes keys of any length; this arm is unreachable.
        Err(_) => String::new(),
    };
    WakeupRequest {
        url: url.to_owned(),
        body,
        signature: format!("sha256={signature}"),
    }
}

impl SentinelService {
    /// Fires a wake-up in the background: skipped silently without a webhook URL, with a
    /// warning without an agent key.
    pub fn wake_agent(&self) {
        let settings = &self.ports.settings;
        if settings.webhook_url.is_empty() {
            return;
        }
        if settings.agent_key.is_empty() {
            tracing::warn!("SENTINEL_AGENT_KEY is empty: agent wake-up skipped");
            return;
        }
        let at = self.ports.clock.now();
        self.activity.wakeup_sent(at);
        let activity = self.activity.clone();
        self.ports.wakeup.send(
            signed_wakeup(&settings.webhook_url, &settings.agent_key, at.timestamp()),
            Box::new(move |outcome| activity.wakeup_finished(at, outcome.err())),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_and_signature_match_the_agents_check() {
        let request = signed_wakeup("http://agent/wake", "secret", 1_764_244_800);
        assert_eq!(request.body, "{\"ts\": 1764244800}");
        let mut mac = Hmac::<Sha256>::new_from_slice(b"secret").unwrap();
        mac.update(request.body.as_bytes());
        let expected = hex::encode(mac.finalize().into_bytes());
        assert_eq!(request.signature, format!("sha256={expected}"));
        assert_eq!(request.url, "http://agent/wake");
    }
}
