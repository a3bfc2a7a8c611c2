//! Audit-trail entries (owned by the storage helper).
