//! Org settings keys (owned by the storage helper).
