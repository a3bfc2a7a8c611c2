//! The repositories compiled for SQLite: `sql-common/repositories/` with `Conn` =
//! [`SqliteConnection`], plus what only SQLite spells its own way.

use crate::error::StoreFailure;
use diesel::SqliteConnection;
use diesel::r2d2::{ConnectionManager, Pool};

pub(crate) type Conn = SqliteConnection;
pub(crate) type Backend = diesel::sqlite::Sqlite;
pub(crate) type ConnPool = Pool<ConnectionManager<Conn>>;

/// `BEGIN IMMEDIATE`: take the write lock up front, so a read-then-write never fails to
/// upgrade its lock under WAL.
pub(crate) fn write_transaction<T>(
    conn: &mut Conn,
    work: impl FnOnce(&mut Conn) -> Result<T, StoreFailure>,
) -> Result<T, StoreFailure> {
    conn.immediate_transaction(work)
}

/// The export's SQL pieces.
pub(crate) mod export_sql {
    /// `name`, `type_` of every column of the bound table, in declaration order.
    pub(crate) const COLUMNS: &str =
        "SELECT name, type AS type_ FROM pragma_table_info(?) ORDER BY cid";
    pub(crate) const JSON_OBJECT: &str = "json_object";
    pub(crate) const PARAM: &str = "?";
}

#[path = "../../sql-common/repositories/mod.rs"]
pub mod store;
