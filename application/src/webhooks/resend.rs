//! Resend events (§9.3): bounces and complaints suppress the addresses and the sent message.

use super::{WebhookPorts, text};
use sentinel_ports::driven::repos::Suppression;
use serde_json::Value;

/// Applies one verified Resend event; failures are logged, never returned (§9.3).
pub(super) fn apply(ports: &WebhookPorts, event_type: &str, data: &Value) {
    let reason = match event_type {
        "email.bounced" => "bounce",
        "email.complained" => "complaint",
        "email.delivered" => {
            tracing::info!(email_id = ?text(data, &["email_id"]), "resend: delivered");
            return;
        }
        _ => return,
    };
    let at = ports.clock.now().naive_utc();
    for address in addresses(data.get("to")) {
        let suppression = Suppression {
            address,
            reason: reason.to_owned(),
            source: "resend_webhook".to_owned(),
        };
        if let Err(error) = ports.outbox.suppress_global(&suppression, at) {
            tracing::warn!(%error, "resend: suppression not stored");
        }
    }
    if let Some(email_id) = text(data, &["email_id"]) {
        let error = format!("webhook_event:{event_type}:reason={reason}");
        if let Err(failure) = ports
            .ledger
            .suppress_sent_outbox_by_message_id_all_orgs(email_id, &error)
        {
            tracing::warn!(error = %failure, "resend: outbox row not suppressed");
        }
    }
}

/// `data.to`: a list of strings or one string; only entries with `@`, trimmed, lower-cased.
fn addresses(to: Option<&Value>) -> Vec<String> {
    let raw: Vec<&str> = match to {
        Some(Value::String(one)) => vec![one.as_str()],
        Some(Value::Array(many)) => many.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    raw.into_iter()
        .map(|address| address.trim().to_lowercase())
        .filter(|address| address.contains('@'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::addresses;
    use serde_json::json;

    #[test]
    fn to_may_be_one_string_or_a_list() {
        assert_eq!(
            addresses(Some(&json!(" A@B.io "))),
            vec!["a@b.io".to_owned()]
        );
        assert_eq!(
            addresses(Some(&json!(["x@y.z", "nope", 3]))),
            vec!["x@y.z".to_owned()]
        );
        assert!(addresses(None).is_empty());
    }
}
