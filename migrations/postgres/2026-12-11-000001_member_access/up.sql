-- Member access by camera group (docs/design/member-access.md §3): one row per restricted
-- member. The row itself means "restricted"; group_ids is a JSON array of camera_groups.id,
-- and an empty array restricts to nothing.
CREATE TABLE IF NOT EXISTS member_access (
    id BIGSERIAL PRIMARY KEY,
    org_id VARCHAR(100) NOT NULL,
    user_id VARCHAR(100) NOT NULL,
    group_ids TEXT NOT NULL DEFAULT '[]',
    updated_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT uq_member_access_org_user UNIQUE (org_id, user_id)
);
CREATE INDEX IF NOT EXISTS ix_member_access_org_id ON member_access (org_id);
