//! Turning a notification into outbox rows: e-mail gate → recipients by audience → render
//! once → one row per recipient with that recipient's unsubscribe link, in one commit.
//! Every failure is logged and swallowed: notifications never fail because of e-mail.

use super::preferences::email_enabled_for;
use super::recipients::RecipientDirectory;
use super::unsubscribe::{UnsubscribeTokens, unsubscribe_url};
use crate::blocking::unblock;
use crate::blocking::unblock_value;
use sentinel_domain::notifications::NotificationKind;
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::mailer::{EmailContext, EmailRenderer};
use sentinel_ports::driven::notification_events::NotificationCreated;
use sentinel_ports::driven::repos::{EmailOutboxRepo, NewOutboxEmail, SettingsRepo};
use std::sync::Arc;
use tokio::sync::broadcast;

/// Stands in for the recipient's link while rendering once for everyone.
const UNSUBSCRIBE_PLACEHOLDER: &str = "__SENTINEL_UNSUBSCRIBE_URL__";

pub struct EnqueuePorts {
    pub settings: Arc<dyn SettingsRepo>,
    pub outbox: Arc<dyn EmailOutboxRepo>,
    pub recipients: Arc<RecipientDirectory>,
    pub renderer: Arc<dyn EmailRenderer>,
    pub tokens: UnsubscribeTokens,
    pub clock: Arc<dyn Clock>,
    /// `EMAIL_ENABLED`.
    pub globally_enabled: bool,
    /// `FRONTEND_URL`.
    pub frontend_url: String,
}

pub struct EmailEnqueuer {
    ports: EnqueuePorts,
}

impl EmailEnqueuer {
    pub fn new(ports: EnqueuePorts) -> Self {
        Self { ports }
    }

    /// Drops the org's cached recipient lists (after a membership change).
    pub fn invalidate_recipients(&self, org: &sentinel_domain::ids::OrgId) {
        self.ports.recipients.invalidate(org);
    }

    /// Consumes the notification bus until it closes (run it as a background task).
    pub async fn run(self: Arc<Self>, mut events: broadcast::Receiver<NotificationCreated>) {
        loop {
            match events.recv().await {
                Ok(created) => {
                    self.enqueue(&created).await;
                }
                Err(broadcast::error::RecvError::Lagged(missed)) => {
                    tracing::error!(missed, "e-mail enqueuer lagged; notifications not e-mailed");
                }
                Err(broadcast::error::RecvError::Closed) => break,
            }
        }
    }

    /// §6: the camera's cooldown claim (writes the anchor when it passes).
    async fn claim_motion_email(&self, created: &NotificationCreated) -> bool {
        let (settings, org, camera, now) = (
            self.ports.settings.clone(),
            created.org.clone(),
            created.content.camera_id.clone(),
            self.ports.clock.now().naive_utc(),
        );
        unblock_value(move || {
            super::motion_cooldown::claim_immediate_email(
                settings.as_ref(),
                &org,
                camera.as_deref(),
                now,
            )
        })
        .await
        .unwrap_or(false)
    }

    /// Enqueues the notification's e-mails; returns how many rows were written.
    pub async fn enqueue(&self, created: &NotificationCreated) -> usize {
        let ports = &self.ports;
        let (settings, org, kind) = (
            ports.settings.clone(),
            created.org.clone(),
            created.content.kind.clone(),
        );
        let enabled = ports.globally_enabled;
        let gate =
            unblock_value(move || email_enabled_for(settings.as_ref(), enabled, &org, &kind))
                .await
                .unwrap_or(false);
        if !gate {
            return 0;
        }
        if created.content.kind == NotificationKind::Motion
            && !self.claim_motion_email(created).await
        {
            tracing::debug!(org = %created.org, "motion e-mail silenced by the cooldown");
            return 0;
        }
        let recipients = ports
            .recipients
            .recipients(&created.org, created.content.audience)
            .await;
        if recipients.is_empty() {
            return 0;
        }
        let rendered = ports.renderer.render(&EmailContext {
            kind: created.content.kind.clone(),
            title: created.content.title.clone(),
            body: created.content.body.clone(),
            severity: created.content.severity.as_str().to_owned(),
            link: created.content.link.clone(),
            camera_id: created.content.camera_id.clone(),
            node_id: created.content.node_id.clone(),
            meta: created
                .content
                .meta
                .clone()
                .filter(serde_json::Value::is_object)
                .unwrap_or_else(|| serde_json::json!({})),
            dashboard_url: ports.frontend_url.trim_end_matches('/').to_owned(),
            unsubscribe_url: UNSUBSCRIBE_PLACEHOLDER.to_owned(),
        });
        let now = ports.clock.now();
        let rows: Vec<NewOutboxEmail> = recipients
            .iter()
            .map(|recipient| {
                let link = match ports.tokens.mint(
                    created.org.as_str(),
                    created.content.kind.as_str(),
                    recipient,
                    now.timestamp(),
                ) {
                    Ok(token) => unsubscribe_url(&ports.frontend_url, &token),
                    Err(error) => {
                        tracing::warn!(%error, "unsubscribe link not minted");
                        format!(
                            "{}/settings#settings-notifications",
                            ports.frontend_url.trim_end_matches('/')
                        )
                    }
                };
                NewOutboxEmail {
                    recipient_email: recipient.clone(),
                    subject: rendered.subject.clone(),
                    body_text: rendered.text.replace(UNSUBSCRIBE_PLACEHOLDER, &link),
                    body_html: rendered.html.replace(UNSUBSCRIBE_PLACEHOLDER, &link),
                    kind: created.content.kind.as_str().to_owned(),
                    // `None` when the inbox gate kept the row out (a soft reference).
                    notification_id: created.id,
                }
            })
            .collect();
        let (outbox, org, at) = (ports.outbox.clone(), created.org.clone(), now.naive_utc());
        match unblock(move || outbox.enqueue(&org, &rows, at)).await {
            Ok(count) => count,
            Err(error) => {
                tracing::error!(%error, kind = %created.content.kind, "e-mail outbox rows not written");
                0
            }
        }
    }
}
