//! Identity (owned by the identity helper).
