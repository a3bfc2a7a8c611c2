//! E-mail preferences of the org and the public one-click unsubscribe link.

use crate::error::ApiError;
use crate::extract::{AdminUser, Json, Query, Validate, ViewUser, actor};
use crate::responses::email::{EmailPreferencesBody, EmailPreferencesUpdated};
use crate::routes::cameras::now;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use sentinel_application::blocking::unblock;
use sentinel_application::blocking::unblock_value;
use sentinel_application::email::UnsubscribeOutcome;
use sentinel_application::email::preferences::{
    EMAIL_CAMERA_OFFLINE, EMAIL_CAMERANODE_DISK_LOW, EMAIL_INCIDENT_CREATED, EMAIL_MCP_KEY_AUDIT,
    EMAIL_MEMBER_AUDIT, EMAIL_MOTION, EMAIL_NODE_OFFLINE, PreferencesUpdate,
};
use sentinel_domain::rate_limit::RateLimit;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

const UNSUBSCRIBE_LIMIT: RateLimit = RateLimit::per_minute(60);

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(get_preferences)
        .service(set_preferences)
        .service(unsubscribe);
}

/// The org's e-mail preferences and whether e-mail is enabled at all (`EMAIL_ENABLED`).
#[utoipa::path(
    tag = "email",
    security(("session" = [])),
    responses((status = 200, body = EmailPreferencesBody))
)]
#[get("/api/notifications/email/preferences")]
async fn get_preferences(
    state: web::Data<AppState>,
    user: ViewUser,
) -> Result<web::Json<EmailPreferencesBody>, ApiError> {
    let (email, org) = (state.email.clone(), user.org_id.clone());
    let preferences = unblock(move || email.preferences(&org)).await?;
    Ok(web::Json(EmailPreferencesBody::new(
        state.email.globally_enabled,
        preferences,
    )))
}

/// Any subset of the settable preferences; `null` is ignored, `email_welcome` is not settable.
#[derive(Debug, Deserialize, ToSchema)]
pub struct EmailPreferencesRequest {
    email_camera_offline: Option<bool>,
    email_node_offline: Option<bool>,
    email_incident_created: Option<bool>,
    email_mcp_key_audit: Option<bool>,
    email_cameranode_disk_low: Option<bool>,
    email_member_audit: Option<bool>,
    email_motion: Option<bool>,
}

impl Validate for EmailPreferencesRequest {}

impl EmailPreferencesRequest {
    fn into_update(self) -> PreferencesUpdate {
        PreferencesUpdate(
            [
                (EMAIL_CAMERA_OFFLINE, self.email_camera_offline),
                (EMAIL_NODE_OFFLINE, self.email_node_offline),
                (EMAIL_INCIDENT_CREATED, self.email_incident_created),
                (EMAIL_MCP_KEY_AUDIT, self.email_mcp_key_audit),
                (EMAIL_CAMERANODE_DISK_LOW, self.email_cameranode_disk_low),
                (EMAIL_MEMBER_AUDIT, self.email_member_audit),
                (EMAIL_MOTION, self.email_motion),
            ]
            .into_iter()
            .filter_map(|(key, value)| value.map(|value| (key, value)))
            .collect(),
        )
    }
}

#[utoipa::path(
    tag = "email",
    security(("session" = ["admin"])),
    request_body = EmailPreferencesRequest,
    responses((status = 200, body = EmailPreferencesUpdated))
)]
#[post("/api/notifications/email/preferences")]
async fn set_preferences(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
    body: Json<EmailPreferencesRequest>,
) -> Result<web::Json<EmailPreferencesUpdated>, ApiError> {
    let update = body.0.into_update();
    let (email, actor, at) = (state.email.clone(), actor(&req, &user), now(&state));
    let (preferences, changes) =
        unblock(move || email.update_preferences(&actor, &update, at)).await?;
    Ok(web::Json(EmailPreferencesUpdated {
        email_globally_enabled: state.email.globally_enabled,
        preferences: preferences.0,
        changes,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct UnsubscribeQuery {
    /// The signed token from the e-mail.
    t: String,
}

impl Validate for UnsubscribeQuery {}

/// One-click unsubscribe (public): suppresses the recipient's address for every e-mail.
#[utoipa::path(
    tag = "email",
    security(()),
    params(UnsubscribeQuery),
    responses(
        (status = 200, content_type = "text/html", body = String, description = "HTML confirmation page"),
        (status = 400, content_type = "text/html", body = String, description = "HTML \"Link not recognised\" page: the token is invalid or expired"),
        (status = 422, description = "`t` missing"),
        (status = 429, description = "Over 60 a minute")
    )
)]
#[get("/api/notifications/email/unsubscribe")]
async fn unsubscribe(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: Query<UnsubscribeQuery>,
) -> Result<HttpResponse, ApiError> {
    state
        .rate_limiter
        .check(&req, "email_unsubscribe", UNSUBSCRIBE_LIMIT)
        .await?;
    let (email, token, at) = (state.email.clone(), query.0.t, now(&state));
    let outcome = unblock_value(move || email.unsubscribe(&token, at)).await?;
    let settings_url = format!(
        "{}/settings#settings-notifications",
        state.config.frontend_url.trim_end_matches('/')
    );
    let (status, page) = match outcome {
        UnsubscribeOutcome::Unsubscribed { kind } => (
            StatusCode::OK,
            page(
                "You're unsubscribed",
                &format!(
                    "You have been unsubscribed from Sentinel e-mails (you followed a <strong>{}</strong> notification link). You will not receive further notification e-mails at this address.",
                    escape_html(&kind.replace('_', " "))
                ),
                &settings_url,
            ),
        ),
        UnsubscribeOutcome::Invalid => (
            StatusCode::BAD_REQUEST,
            page(
                "Link not recognised",
                "This unsubscribe link is invalid or has expired. You can manage e-mail notifications from your settings.",
                &settings_url,
            ),
        ),
    };
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .body(page))
}

/// `message_html` is trusted markup (anything user-derived in it is already escaped).
fn page(title: &str, message_html: &str, settings_url: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title></head>\
         <body style=\"font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;max-width:560px;margin:48px auto;padding:0 16px;color:#0f172a\">\
         <h1>{title}</h1><p>{message_html}</p><p><a href=\"{settings}\">Manage e-mail notifications</a></p></body></html>",
        title = escape_html(title),
        settings = escape_html(settings_url),
    )
}

fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#x27;"),
            other => escaped.push(other),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::escape_html;

    #[test]
    fn html_special_characters_are_escaped() {
        assert_eq!(
            escape_html("<b>\"x\" & 'y'</b>"),
            "&lt;b&gt;&quot;x&quot; &amp; &#x27;y&#x27;&lt;/b&gt;"
        );
    }
}
