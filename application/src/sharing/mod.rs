//! Share links (rest-api.md §14): admins mint, list and revoke them ([`ShareLinks`]); whoever
//! holds one watches its cameras live and nothing else ([`SharedAccess`]). What an instance
//! has resolved stays in [`ShareGrants`].

mod access;
mod grants;
mod links;

pub use access::{ShareAccessError, SharedAccess, SharedCamera, SharedClient, SharedView};
pub use grants::{GRANT_TTL_SECONDS, Grant, ShareGrants};
pub use links::{CreatedShareLink, ShareLinkError, ShareLinkView, ShareLinks};
