//! `Mailer` over Resend's send-email API (resend-rs), behind the `EMAIL_ENABLED` kill switch.

use async_trait::async_trait;
use resend_rs::types::{CreateEmailBaseOptions, Tag};
use resend_rs::{ConfigBuilder, Resend};
use sentinel_domain::redaction::redact_address;
use sentinel_ports::driven::mailer::{Mailer, OutgoingEmail, SendFailure, SendOutcome};

pub const DEFAULT_BASE_URL: &str = "https://api.resend.com";

/// What the mailer needs from the configuration.
#[derive(Debug, Clone)]
pub struct ResendSettings {
    /// `EMAIL_ENABLED`: false → nothing leaves the process ("would have sent" is logged).
    pub enabled: bool,
    pub api_key: String,
    pub from_address: String,
    pub from_name: String,
    /// Resend's API root; tests point it at a local fake.
    pub base_url: String,
}

#[derive(Debug, thiserror::Error)]
#[error("invalid Resend base URL: {0}")]
pub struct InvalidBaseUrl(String);

pub struct ResendMailer {
    settings: ResendSettings,
    client: Option<Resend>,
}

impl ResendMailer {
    pub fn new(settings: ResendSettings) -> Result<Self, InvalidBaseUrl> {
        let base_url = settings
            .base_url
            .parse()
            .map_err(|_| InvalidBaseUrl(settings.base_url.clone()))?;
        let client = (!settings.api_key.is_empty()).then(|| {
            Resend::with_config(
                ConfigBuilder::new(settings.api_key.clone())
                    .base_url(base_url)
                    .build(),
            )
        });
        Ok(Self { settings, client })
    }

    /// `"<name> <address>"`, or the address alone when the name is empty.
    fn from(&self) -> String {
        if self.settings.from_name.is_empty() {
            self.settings.from_address.clone()
        } else {
            format!(
                "{} <{}>",
                self.settings.from_name, self.settings.from_address
            )
        }
    }
}

#[async_trait]
impl Mailer for ResendMailer {
    async fn send(&self, email: &OutgoingEmail) -> Result<SendOutcome, SendFailure> {
        if !self.settings.enabled {
            tracing::info!(
                to = %redact_address(&email.to),
                subject = %email.subject,
                kind = %email.kind,
                idempotency_key = %email.idempotency_key,
                "EMAIL_ENABLED=false: would have sent e-mail"
            );
            return Ok(SendOutcome::Skipped);
        }
        let Some(client) = self
            .client
            .as_ref()
            .filter(|_| !self.settings.from_address.is_empty())
        else {
            return Err(SendFailure(
                "resend_unconfigured: RESEND_API_KEY or EMAIL_FROM_ADDRESS missing".to_owned(),
            ));
        };
        let options = CreateEmailBaseOptions::new(self.from(), [email.to.as_str()], &email.subject)
            .with_text(&email.text)
            .with_html(&email.html)
            .with_tag(Tag::new("event", &email.kind))
            .with_tag(Tag::new("source", "command_center"))
            .with_idempotency_key(&email.idempotency_key);
        match client.emails.send(options).await {
            Ok(response) => {
                let id = response.id.to_string();
                if id.is_empty() {
                    Err(SendFailure("resend_no_message_id".to_owned()))
                } else {
                    Ok(SendOutcome::Sent { message_id: id })
                }
            }
            Err(error) => Err(SendFailure(format!("{}: {error}", error_type(&error)))),
        }
    }
}

fn error_type(error: &resend_rs::Error) -> &'static str {
    match error {
        resend_rs::Error::Http(_) => "HttpError",
        resend_rs::Error::Resend(_) => "ResendError",
        resend_rs::Error::Parse(_) => "ParseError",
        resend_rs::Error::RateLimit { .. } => "RateLimitError",
    }
}
