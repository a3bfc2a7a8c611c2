//! Tokens already verified, remembered until they expire: a viewer's player sends the same
//! session token with every segment and playlist request, and an RS256 check costs tens of
//! microseconds where a lookup costs well under one. Keyed by the token's SHA-256, so the
//! map never holds a usable credential.
//!
//! Our clock (not the cache crate's) decides expiry, so tests drive it; the map is bounded.

use aws_lc_rs::digest::{SHA256, digest};
use chrono::{DateTime, Utc};
use sentinel_domain::identity::AuthUser;
use std::collections::HashMap;
use std::sync::{PoisonError, RwLock};

/// At most this many tokens are remembered (a few MB).
pub const MAX_REMEMBERED_TOKENS: usize = 10_000;

type TokenDigest = [u8; 32];

#[derive(Default)]
pub(crate) struct VerifiedTokens {
    entries: RwLock<HashMap<TokenDigest, (AuthUser, DateTime<Utc>)>>,
}

impl VerifiedTokens {
    /// The user of a token verified earlier, while `now` is before its expiry.
    pub(crate) fn get(&self, token: &str, now: DateTime<Utc>) -> Option<AuthUser> {
        let entries = self.entries.read().unwrap_or_else(PoisonError::into_inner);
        let (user, valid_until) = entries.get(&token_digest(token))?;
        (now < *valid_until).then(|| user.clone())
    }

    /// Remembers a token that just passed every check, until `valid_until`.
    pub(crate) fn remember(
        &self,
        token: &str,
        user: &AuthUser,
        valid_until: DateTime<Utc>,
        now: DateTime<Utc>,
    ) {
        let mut entries = self.entries.write().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= MAX_REMEMBERED_TOKENS {
            entries.retain(|_, (_, until)| now < *until);
            if entries.len() >= MAX_REMEMBERED_TOKENS {
                // Still full of live tokens: start over rather than grow (a re-verify is
                // only slower, never wrong).
                entries.clear();
            }
        }
        entries.insert(token_digest(token), (user.clone(), valid_until));
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries
            .read()
            .map(|entries| entries.len())
            .unwrap_or(0)
    }
}

/// When a token whose `exp` is `exp` stops being accepted (the rules' leeway included).
pub(crate) fn valid_until(exp: f64, leeway_seconds: f64) -> Option<DateTime<Utc>> {
    let millis = ((exp + leeway_seconds) * 1000.0).floor();
    if !millis.is_finite() {
        return None;
    }
    DateTime::from_timestamp_millis(millis as i64)
}

fn token_digest(token: &str) -> TokenDigest {
    let mut out = [0u8; 32];
    out.copy_from_slice(digest(&SHA256, token.as_bytes()).as_ref());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sentinel_domain::ids::{OrgId, UserId};

    fn user(id: &str) -> AuthUser {
        AuthUser {
            user_id: UserId::new(id),
            org_id: OrgId::new("org_a"),
            org_role: Some("org:admin".into()),
            is_admin: true,
            permissions: Vec::new(),
            features: Vec::new(),
            plan: sentinel_domain::plans::Plan::PRO,
            email: String::new(),
            username: String::new(),
        }
    }

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + seconds, 0).unwrap()
    }

    #[test]
    fn a_remembered_token_answers_until_it_expires() {
        let tokens = VerifiedTokens::default();
        tokens.remember("t1", &user("u1"), at(60), at(0));
        assert_eq!(tokens.get("t1", at(59)).unwrap().user_id, UserId::new("u1"));
        assert!(tokens.get("t1", at(60)).is_none(), "expired");
        assert!(tokens.get("t2", at(1)).is_none(), "never verified");
    }

    #[test]
    fn the_map_stays_bounded() {
        let tokens = VerifiedTokens::default();
        for i in 0..MAX_REMEMBERED_TOKENS {
            tokens.remember(&format!("old{i}"), &user("u"), at(10), at(0));
        }
        // All expired by now: pruned, not cleared wholesale.
        tokens.remember("fresh", &user("u"), at(100), at(20));
        assert_eq!(tokens.len(), 1);
        assert!(tokens.get("fresh", at(21)).is_some());
    }

    #[test]
    fn expiry_includes_the_leeway() {
        assert_eq!(valid_until(1_800_000_060.0, 5.0), Some(at(65)));
        assert_eq!(valid_until(f64::INFINITY, 5.0), None);
    }
}
