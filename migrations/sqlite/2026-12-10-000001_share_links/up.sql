-- Share links (rest-api.md §14): one camera's or one group's live view for someone without an
-- account. Only the token's SHA-256 is stored.
CREATE TABLE IF NOT EXISTS share_links (
    id INTEGER NOT NULL PRIMARY KEY,
    org_id VARCHAR(100) NOT NULL,
    label VARCHAR(100) NOT NULL,
    scope VARCHAR(10) NOT NULL,
    camera_id TEXT,
    group_id INTEGER,
    token_hash VARCHAR(64) NOT NULL,
    created_by TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    expires_at DATETIME NOT NULL,
    revoked_at DATETIME,
    max_viewers INTEGER,
    views INTEGER NOT NULL DEFAULT 0,
    last_used_at DATETIME,
    CONSTRAINT uq_share_links_token_hash UNIQUE (token_hash)
);
CREATE INDEX IF NOT EXISTS ix_share_links_org_id ON share_links (org_id, id);
