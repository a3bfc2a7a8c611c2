//! The repositories compiled for PostgreSQL: `sql-common/repositories/` with `Conn` =
//! [`PgConnection`], plus what only PostgreSQL spells its own way.

use crate::error::StoreFailure;
use diesel::PgConnection;
use diesel::r2d2::{ConnectionManager, Pool};

pub(crate) type Conn = PgConnection;
pub(crate) type Backend = diesel::pg::Pg;
pub(crate) type ConnPool = Pool<ConnectionManager<Conn>>;

/// A read-committed transaction that first takes one advisory lock shared by every writer
/// of every instance (keyed by the schema, so databases that hold several deployments'
/// schemas, like the test server, do not serialise each other), so write transactions run
/// one at a time, exactly as under SQLite's `BEGIN IMMEDIATE`. The repositories rely on
/// that: several of them read, then write on what they read (run caps, outbox claims,
/// per-org name checks), which two concurrent read-committed transactions would both pass.
/// Reads never wait for it.
pub(crate) fn write_transaction<T>(
    conn: &mut Conn,
    work: impl FnOnce(&mut Conn) -> Result<T, StoreFailure>,
) -> Result<T, StoreFailure> {
    diesel::Connection::transaction(conn, |conn| {
        diesel::RunQueryDsl::execute(
            diesel::sql_query("SELECT pg_advisory_xact_lock(hashtext(current_schema()))"),
            conn,
        )?;
        work(conn)
    })
}

/// The export's SQL pieces.
pub(crate) mod export_sql {
    /// `name`, `type_` of every column of the bound table (in the connection's schema), in
    /// declaration order.
    pub(crate) const COLUMNS: &str = "SELECT column_name::text AS name, data_type::text AS type_ \
         FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position";
    pub(crate) const JSON_OBJECT: &str = "json_build_object";
    pub(crate) const PARAM: &str = "$1";
}

#[path = "../../sql-common/repositories/mod.rs"]
pub mod store;
