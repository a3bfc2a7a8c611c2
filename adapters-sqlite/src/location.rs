//! Where `DATABASE_URL` points: the original's SQLAlchemy forms plus a plain path.

use crate::StorageError;
use std::path::PathBuf;

/// A parsed `DATABASE_URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseLocation {
    /// A database file (relative paths resolve against the working directory).
    File(PathBuf),
    /// A private in-memory database: it lives exactly as long as its single connection.
    Memory,
}

impl DatabaseLocation {
    /// Accepts:
    /// - `sqlite:///./x.db`, `sqlite:///x.db` — relative path (SQLAlchemy: three slashes);
    /// - `sqlite:////data/x.db` — absolute path (four slashes);
    /// - `sqlite://`, `sqlite://:memory:`, `sqlite:///:memory:`, `:memory:` — in memory;
    /// - `sqlite://x.db`, `sqlite:x.db` — relative path (sqlx-style spellings);
    /// - anything without a scheme — a plain file path.
    ///
    /// A `?query` after a `sqlite:` URL (SQLAlchemy connect args) is ignored. Other schemes
    /// (`postgres://`...) are refused.
    pub fn parse(url: &str) -> Result<Self, StorageError> {
        let url = url.trim();
        let unsupported = || StorageError::UnsupportedUrl(url.to_owned());
        if url.is_empty() {
            return Err(unsupported());
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
        for url in ["", "  ", "postgres://u@h/db", "mysql://h/db", "sqlite:///"] {
            assert!(
                matches!(
                    DatabaseLocation::parse(url),
                    Err(StorageError::UnsupportedUrl(_))
                ),
                "{url}"
            );
        }
    }
}
