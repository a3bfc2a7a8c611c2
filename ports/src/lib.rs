//! The edge of the hexagon: `driven` traits that adapters implement, and the `usecases`
//! (application services) that handlers and background loops call.

pub mod driven;
pub mod usecases;
