//! Bearer token -> AuthUser (owned by the identity helper).
