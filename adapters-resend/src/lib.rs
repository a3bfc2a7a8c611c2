//! E-mail over Resend (built by the notifications issue).
