//! Rate-limit counters.
