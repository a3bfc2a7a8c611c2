//! The edge of the hexagon: the `driven` traits that adapters implement (repositories,
//! identity, mail, the live store, event buses, rate limits, leases, the clock). The use
//! cases that drive them live in `sentinel-application`.

pub mod driven;
