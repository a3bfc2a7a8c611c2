//! The dashboard's Content-Security-Policy, sent with the SPA's HTML. It is what the
//! built app needs and no more: hls.js plays through MediaSource (`blob:` media) and
//! demuxes in a `blob:` worker, evidence downloads use `blob:` links, the favicon is a
//! `data:` URL, and React and Clerk set inline styles. Clerk's Frontend API (its script,
//! session calls and images), Cloudflare's bot check, Clerk's fraud protection and the
//! Stripe pieces of Clerk's billing checkout (the Pricing page's "Manage plan") are allowed
//! only when Clerk is configured; local mode loads nothing from elsewhere.

/// Where Clerk's browser SDK talks besides the Frontend API itself.
const CLERK_IMAGES: &str = "https://img.clerk.com";
const CLERK_CHALLENGES: &str = "https://challenges.cloudflare.com";
/// Clerk's abuse and fraud protection, served on several ports.
const CLERK_PROTECT: &str = "https://*.protect.clerk.com";
/// Clerk Billing takes card details in Stripe's Payment Element: Stripe.js, its API, and
/// its frames (3-D Secure challenges come through `hooks.stripe.com`), as Stripe's CSP guide
/// lists them.
const STRIPE_JS: &str = "https://js.stripe.com";
const STRIPE_API: &str = "https://api.stripe.com";
const STRIPE_HOOKS: &str = "https://hooks.stripe.com";

/// The policy for `clerk_frontend_api` (`https://<host>`, from the publishable key), or
/// the self-only policy when Clerk is not configured.
pub fn spa_policy(clerk_frontend_api: Option<&str>) -> String {
    let (scripts, connect, images, frames) = match clerk_frontend_api {
        Some(api) => (
            format!(" {api} {CLERK_CHALLENGES} {CLERK_PROTECT} {STRIPE_JS}"),
            format!(" {api} {CLERK_PROTECT}:* {STRIPE_API}"),
            format!(" {CLERK_IMAGES}"),
            format!("frame-src {CLERK_CHALLENGES} {CLERK_PROTECT} {STRIPE_JS} {STRIPE_HOOKS}"),
        ),
        None => (
            String::new(),
            String::new(),
            String::new(),
            "frame-src 'none'".to_owned(),
        ),
    };
    [
        "default-src 'self'".to_owned(),
        format!("script-src 'self'{scripts}"),
        "style-src 'self' 'unsafe-inline'".to_owned(),
        format!("img-src 'self' data: blob:{images}"),
        "media-src 'self' blob:".to_owned(),
        "worker-src 'self' blob:".to_owned(),
        format!("connect-src 'self'{connect}"),
        "font-src 'self' data:".to_owned(),
        frames,
        "object-src 'none'".to_owned(),
        "base-uri 'self'".to_owned(),
        "form-action 'self'".to_owned(),
        "frame-ancestors 'none'".to_owned(),
    ]
    .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directive<'a>(policy: &'a str, name: &str) -> &'a str {
        policy
            .split("; ")
            .find(|d| d.starts_with(name))
            .unwrap_or_default()
    }

    #[test]
    fn local_mode_allows_only_the_origin_and_blob_media() {
        let policy = spa_policy(None);
        assert_eq!(directive(&policy, "script-src"), "script-src 'self'");
        assert_eq!(directive(&policy, "media-src"), "media-src 'self' blob:");
        assert_eq!(directive(&policy, "worker-src"), "worker-src 'self' blob:");
        assert_eq!(directive(&policy, "connect-src"), "connect-src 'self'");
        assert!(!policy.contains("clerk"));
        assert!(!policy.contains("unsafe-eval"));
    }

    #[test]
    fn clerk_adds_its_own_hosts_and_its_billing_checkouts_only() {
        let policy = spa_policy(Some("https://good-fox-1.clerk.accounts.dev"));
        assert_eq!(
            directive(&policy, "script-src"),
            "script-src 'self' https://good-fox-1.clerk.accounts.dev \
             https://challenges.cloudflare.com https://*.protect.clerk.com https://js.stripe.com"
        );
        assert_eq!(
            directive(&policy, "frame-src"),
            "frame-src https://challenges.cloudflare.com https://*.protect.clerk.com \
             https://js.stripe.com https://hooks.stripe.com"
        );
        assert_eq!(
            directive(&policy, "connect-src"),
            "connect-src 'self' https://good-fox-1.clerk.accounts.dev https://*.protect.clerk.com:* \
             https://api.stripe.com"
        );
        let wildcards: Vec<&str> = policy
            .split([' ', ';'])
            .filter(|source| source.contains('*'))
            .collect();
        assert!(
            wildcards
                .iter()
                .all(|w| w.starts_with("https://*.protect.clerk.com")),
            "{wildcards:?}"
        );
    }
}
