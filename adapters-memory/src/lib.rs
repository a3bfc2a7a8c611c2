//! In-process adapters for a single instance: the live segment store (and, later, the
//! event bus and the viewer meter).

mod live_store;

pub use live_store::MemoryLiveStore;
