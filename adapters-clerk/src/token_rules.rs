//! The claim checks made after the signature (what PyJWT and Clerk's SDK check in the
//! original): times with a 5 s leeway, and the authorised party. `iss` and `aud` are not
//! checked.

use chrono::{DateTime, Utc};
use serde_json::Value;

/// Clock skew tolerated between Clerk (or the local issuer) and this server.
pub const CLOCK_SKEW_LEEWAY_SECONDS: f64 = 5.0;

/// The furthest ahead a token's `exp` may lie. Clerk's session tokens live a minute and
/// local sessions an hour; a token claiming to be good for longer (`exp: 1e300`) is not
/// one we issue or accept, and would otherwise stay in the verified-token memory for ever.
pub const MAX_TOKEN_LIFETIME_SECONDS: f64 = 24.0 * 3600.0;

#[derive(Debug, Clone)]
pub(crate) struct TokenRules {
    /// `azp` must equal this exactly (the raw FRONTEND_URL).
    pub(crate) authorized_party: String,
}

impl TokenRules {
    /// `Ok` when the token is inside its lifetime at `now` and was minted for our frontend.
    /// `exp` is required (a session token without one would never expire); `nbf` and `iat`
    /// are checked when present.
    pub(crate) fn check(&self, claims: &Value, now: DateTime<Utc>) -> Result<(), TokenRejected> {
        let now = now.timestamp_millis() as f64 / 1000.0;
        let leeway = CLOCK_SKEW_LEEWAY_SECONDS;

        let exp = whole_seconds(claims.get("exp")).ok_or(TokenRejected::MissingExpiry)??;
        if exp <= now - leeway {
            return Err(TokenRejected::Expired);
        }
        if exp > now + MAX_TOKEN_LIFETIME_SECONDS {
            return Err(TokenRejected::LivesTooLong);
        }
        let nbf = whole_seconds(claims.get("nbf")).transpose()?;
        if nbf.is_some_and(|nbf| nbf > now + leeway) {
            return Err(TokenRejected::NotYetValid);
        }
        let iat = whole_seconds(claims.get("iat")).transpose()?;
        if iat.is_some_and(|iat| iat > now + leeway) {
            return Err(TokenRejected::IssuedInTheFuture);
        }
        match claims.get("azp").and_then(Value::as_str) {
            Some(azp) if azp == self.authorized_party => Ok(()),
            _ => Err(TokenRejected::WrongAuthorizedParty),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenRejected {
    MissingExpiry,
    MalformedTime,
    Expired,
    LivesTooLong,
    NotYetValid,
    IssuedInTheFuture,
    WrongAuthorizedParty,
}

/// A time claim as PyJWT reads it (`int(value)`: fractions truncated). `None` when absent,
/// `Some(Err)` when present but not a number.
fn whole_seconds(value: Option<&Value>) -> Option<Result<f64, TokenRejected>> {
    let value = value?;
    Some(
        value
            .as_f64()
            .map(f64::trunc)
            .ok_or(TokenRejected::MalformedTime),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use serde_json::json;

    const NOW: i64 = 1_700_000_000;

    fn check(claims: Value) -> Result<(), TokenRejected> {
        let rules = TokenRules {
            authorized_party: "http://localhost:5173".into(),
        };
        rules.check(&claims, Utc.timestamp_opt(NOW, 0).unwrap())
    }

    fn with_times(exp: i64, extra: Value) -> Value {
        let mut claims = json!({"azp": "http://localhost:5173", "exp": exp});
        if let (Some(claims), Value::Object(extra)) = (claims.as_object_mut(), extra) {
            claims.extend(extra);
        }
        claims
    }

    #[test]
    fn expiry_is_allowed_five_seconds_of_skew() {
        assert_eq!(check(with_times(NOW + 60, json!({}))), Ok(()));
        assert_eq!(check(with_times(NOW - 3, json!({}))), Ok(()));
        assert_eq!(
            check(with_times(NOW - 5, json!({}))),
            Err(TokenRejected::Expired)
        );
        assert_eq!(
            check(with_times(NOW - 10, json!({}))),
            Err(TokenRejected::Expired)
        );
    }

    #[test]
    fn an_expiry_more_than_a_day_ahead_is_refused() {
        assert_eq!(check(with_times(NOW + 86_400, json!({}))), Ok(()));
        assert_eq!(
            check(with_times(NOW + 86_401, json!({}))),
            Err(TokenRejected::LivesTooLong)
        );
        let far = json!({"azp": "http://localhost:5173", "exp": 1e300});
        assert_eq!(check(far), Err(TokenRejected::LivesTooLong));
    }

    #[test]
    fn not_before_and_issued_at_are_allowed_five_seconds_ahead() {
        assert_eq!(
            check(with_times(
                NOW + 60,
                json!({"nbf": NOW + 5, "iat": NOW + 5})
            )),
            Ok(())
        );
        assert_eq!(
            check(with_times(NOW + 60, json!({"nbf": NOW + 6}))),
            Err(TokenRejected::NotYetValid)
        );
        assert_eq!(
            check(with_times(NOW + 60, json!({"iat": NOW + 6}))),
            Err(TokenRejected::IssuedInTheFuture)
        );
    }

    #[test]
    fn time_claims_must_be_numbers_and_exp_must_exist() {
        assert_eq!(
            check(json!({"azp": "http://localhost:5173"})),
            Err(TokenRejected::MissingExpiry)
        );
        assert_eq!(
            check(with_times(NOW + 60, json!({"nbf": "soon"}))),
            Err(TokenRejected::MalformedTime)
        );
        assert_eq!(
            check(json!({"azp": "http://localhost:5173", "exp": "later"})),
            Err(TokenRejected::MalformedTime)
        );
    }

    #[test]
    fn azp_must_be_present_and_exact() {
        let without_azp = json!({"exp": NOW + 60});
        assert_eq!(check(without_azp), Err(TokenRejected::WrongAuthorizedParty));
        for azp in [
            json!("http://localhost:5173/"),
            json!("http://evil"),
            json!(null),
            json!(1),
        ] {
            let claims = json!({"exp": NOW + 60, "azp": azp});
            assert_eq!(check(claims), Err(TokenRejected::WrongAuthorizedParty));
        }
    }

    #[test]
    fn iss_and_aud_are_not_checked() {
        assert_eq!(
            check(with_times(
                NOW + 60,
                json!({"iss": "https://anyone", "aud": "anything"})
            )),
            Ok(())
        );
    }
}
