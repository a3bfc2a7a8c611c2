//! Where `DATABASE_URL` points: the original's SQLAlchemy forms (SQLite files, memory,
//! PostgreSQL servers) plus a plain path.

use crate::StorageError;
use std::path::PathBuf;

/// A parsed `DATABASE_URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseLocation {
    /// A database file (relative paths resolve against the working directory).
    File(PathBuf),
    /// A private in-memory database: it lives exactly as long as its single connection.
    Memory,
    /// A PostgreSQL server (`postgres://` or `postgresql://`, SQLAlchemy's `+driver` suffix
    /// dropped).
    Postgres(PostgresUrl),
}

/// A libpq connection URL. Its `Debug` shows no credentials (it ends up in logs).
#[derive(Clone, PartialEq, Eq)]
pub struct PostgresUrl(String);

impl PostgresUrl {
    /// The URL to hand to libpq, credentials included.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Host, port and database, for logs.
    pub fn redacted(&self) -> String {
        let rest = self
            .0
            .split_once("://")
            .map_or(self.0.as_str(), |(_, rest)| rest);
        let rest = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
        let rest = rest.split_once('?').map_or(rest, |(path, _)| path);
        format!("postgres://{rest}")
    }
}

impl std::fmt::Debug for PostgresUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl DatabaseLocation {
    /// Accepts:
    /// - `sqlite:///./x.db`, `sqlite:///x.db` — relative path (SQLAlchemy: three slashes);
    /// - `sqlite:////data/x.db` — absolute path (four slashes);
    /// - `sqlite://`, `sqlite://:memory:`, `sqlite:///:memory:`, `:memory:` — in memory;
    /// - `sqlite://x.db`, `sqlite:x.db` — relative path (sqlx-style spellings);
    /// - anything without a scheme — a plain file path.
    ///
    /// - `postgres://…`, `postgresql://…`, `postgresql+psycopg2://…` — a PostgreSQL server.
    ///
    /// A `?query` after a `sqlite:` URL (SQLAlchemy connect args) is ignored. Other schemes
    /// (`mysql://`...) are refused.
    pub fn parse(url: &str) -> Result<Self, StorageError> {
        let url = url.trim();
        let unsupported = || StorageError::UnsupportedUrl(without_credentials(url));
        if url.is_empty() {
            return Err(unsupported());
        }
        if let Some(postgres) = postgres_url(url) {
            return Ok(Self::Postgres(postgres));
        }
        let Some(after_scheme) = url.strip_prefix("sqlite:") else {
            if url.contains("://") {
                return Err(unsupported());
            }
            return Ok(Self::file_or_memory(url));
        };
        let without_query = after_scheme
            .split_once('?')
            .map_or(after_scheme, |(path, _)| path);
        let path = without_query
            .strip_prefix("///")
            .or_else(|| without_query.strip_prefix("//"))
            .unwrap_or(without_query);
        if path.is_empty() {
            // `sqlite://` is SQLAlchemy's in-memory URL; `sqlite:///` names no file.
            return if without_query == "//" {
                Ok(Self::Memory)
            } else {
                Err(unsupported())
            };
        }
        Ok(Self::file_or_memory(path))
    }

    fn file_or_memory(path: &str) -> Self {
        if path == ":memory:" {
            Self::Memory
        } else {
            Self::File(PathBuf::from(path))
        }
    }
}

/// `url` for an error message: whatever stands before an `@` after the scheme (user and
/// password) is left out, so a mistyped `postgress://user:secret@host/db` logs no secret.
fn without_credentials(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => match rest.rsplit_once('@') {
            Some((_, host)) => format!("{scheme}://…@{host}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

/// `postgres[ql][+driver]://rest` as `postgresql://rest`, or `None` for other schemes.
fn postgres_url(url: &str) -> Option<PostgresUrl> {
    let (scheme, rest) = url.split_once("://")?;
    let engine = scheme.split_once('+').map_or(scheme, |(engine, _)| engine);
    let is_postgres =
        engine.eq_ignore_ascii_case("postgres") || engine.eq_ignore_ascii_case("postgresql");
    (is_postgres && !rest.is_empty()).then(|| PostgresUrl(format!("postgresql://{rest}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str) -> DatabaseLocation {
        DatabaseLocation::File(PathBuf::from(path))
    }

    #[test]
    fn three_slashes_are_relative() {
        assert_eq!(
            DatabaseLocation::parse("sqlite:///./sentinel.db").unwrap(),
            file("./sentinel.db")
        );
        assert_eq!(
            DatabaseLocation::parse("sqlite:///relative.db").unwrap(),
            file("relative.db")
        );
        assert_eq!(
            DatabaseLocation::parse("sqlite:///data/x.db").unwrap(),
            file("data/x.db")
        );
    }

    #[test]
    fn four_slashes_are_absolute() {
        assert_eq!(
            DatabaseLocation::parse("sqlite:////data/sentinel.db").unwrap(),
            file("/data/sentinel.db")
        );
    }

    #[test]
    fn memory_spellings() {
        for url in [
            "sqlite://",
            "sqlite://:memory:",
            "sqlite:///:memory:",
            ":memory:",
            "sqlite::memory:",
        ] {
            assert_eq!(
                DatabaseLocation::parse(url).unwrap(),
                DatabaseLocation::Memory,
                "{url}"
            );
        }
    }

    #[test]
    fn plain_paths_and_short_spellings() {
        assert_eq!(
            DatabaseLocation::parse("/var/lib/x.db").unwrap(),
            file("/var/lib/x.db")
        );
        assert_eq!(DatabaseLocation::parse("x.db").unwrap(), file("x.db"));
        assert_eq!(
            DatabaseLocation::parse("sqlite://x.db").unwrap(),
            file("x.db")
        );
        assert_eq!(
            DatabaseLocation::parse("sqlite:x.db").unwrap(),
            file("x.db")
        );
    }

    #[test]
    fn query_strings_are_ignored() {
        assert_eq!(
            DatabaseLocation::parse("sqlite:///./x.db?check_same_thread=false").unwrap(),
            file("./x.db")
        );
    }

    #[test]
    fn other_schemes_and_empty_urls_are_refused() {
        for url in ["", "  ", "postgres://", "mysql://h/db", "sqlite:///"] {
            assert!(
                matches!(
                    DatabaseLocation::parse(url),
                    Err(StorageError::UnsupportedUrl(_))
                ),
                "{url}"
            );
        }
    }

    #[test]
    fn postgres_spellings_name_a_server_and_hide_the_password() {
        for url in [
            "postgres://app:secret@db.internal:5432/sentinel",
            "postgresql://app:secret@db.internal:5432/sentinel",
            "postgresql+psycopg2://app:secret@db.internal:5432/sentinel",
        ] {
            let DatabaseLocation::Postgres(parsed) = DatabaseLocation::parse(url).unwrap() else {
                panic!("{url} is not PostgreSQL");
            };
            assert_eq!(
                parsed.expose(),
                "postgresql://app:secret@db.internal:5432/sentinel"
            );
            let shown = format!("{parsed:?}");
            assert_eq!(shown, "postgres://db.internal:5432/sentinel");
            assert!(!shown.contains("secret"));
        }
    }

    #[test]
    fn a_refused_url_is_reported_without_its_credentials() {
        let Err(StorageError::UnsupportedUrl(shown)) =
            DatabaseLocation::parse("postgress://app:secret@db.internal:5432/sentinel")
        else {
            panic!("a misspelled scheme is refused");
        };
        assert_eq!(shown, "postgress://…@db.internal:5432/sentinel");
        assert!(!shown.contains("secret"));
    }
}
