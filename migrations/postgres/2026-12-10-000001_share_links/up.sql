-- Share links (rest-api.md §14): one camera's or one group's live view for someone without an
-- account. Only the token's SHA-256 is stored.
CREATE TABLE IF NOT EXISTS share_links (
    id BIGSERIAL PRIMARY KEY,
    org_id VARCHAR(100) NOT NULL,
    label VARCHAR(100) NOT NULL,
    scope VARCHAR(10) NOT NULL,
    camera_id TEXT,
    group_id BIGINT,
    token_hash VARCHAR(64) NOT NULL,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    max_viewers BIGINT,
    views BIGINT NOT NULL DEFAULT 0,
    last_used_at TIMESTAMP,
    CONSTRAINT uq_share_links_token_hash UNIQUE (token_hash)
);
CREATE INDEX IF NOT EXISTS ix_share_links_org_id ON share_links (org_id, id);
