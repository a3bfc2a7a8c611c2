-- Viewer-seconds per org and UTC day (`YYYY-MM-DD`), written by the same flush as
-- org_monthly_usage, so the admin page can show today's viewer-hours and a daily chart.
CREATE TABLE IF NOT EXISTS org_daily_usage (
    id INTEGER NOT NULL PRIMARY KEY,
    org_id VARCHAR(100) NOT NULL,
    day VARCHAR(10) NOT NULL,
    viewer_seconds INTEGER NOT NULL DEFAULT 0,
    updated_at DATETIME DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT uq_org_daily_usage UNIQUE (org_id, day)
);
