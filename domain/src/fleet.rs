//! Nodes, cameras, groups (owned by the storage helper).
