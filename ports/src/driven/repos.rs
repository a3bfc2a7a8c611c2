//! Repository traits (owned by the storage helper).
