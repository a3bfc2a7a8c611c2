//! Typed identifiers, so an org id can never be passed where a user id is expected.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_inner(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

string_id!(
    /// A Clerk organisation id (`org_2abc…`), or a local-mode org id. The tenant key of every table.
    OrgId
);
string_id!(
    /// A Clerk user id (`user_2abc…`), or a local-mode user id.
    UserId
);
string_id!(
    /// A CloudNode's public id (8 lowercase hex characters when created by the API).
    NodeId
);
string_id!(
    /// A camera's public id: `<node_id>_<sanitised device path>`.
    CameraId
);
