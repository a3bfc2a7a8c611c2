//! E-mail over Resend: the [`ResendMailer`] transport (with the `EMAIL_ENABLED` kill switch)
//! and the [`AskamaRenderer`] templates (layout + 15 kinds × subject / text / HTML).

mod mailer;
mod templates;

pub use mailer::{DEFAULT_BASE_URL, InvalidBaseUrl, ResendMailer, ResendSettings};
pub use templates::{AskamaRenderer, severity_color};
