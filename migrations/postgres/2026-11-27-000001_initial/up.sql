-- The whole Sentinel schema for PostgreSQL: the twin of migrations/sqlite (same tables,
-- columns, defaults and index names), with the column types diesel's schema reads
-- (BIGSERIAL ids, BIGINT foreign keys and counters, TIMESTAMP, BYTEA, BOOLEAN).
-- Datetimes are naive UTC, as on SQLite.

CREATE TABLE IF NOT EXISTS camera_nodes (
    id BIGSERIAL PRIMARY KEY,
    node_id VARCHAR(100) NOT NULL,
    org_id VARCHAR(100) NOT NULL,
    api_key_hash VARCHAR(128) NOT NULL,
    name VARCHAR(100) NOT NULL,
    hostname VARCHAR(100),
    local_ip VARCHAR(45),
    http_port INTEGER DEFAULT 8080,
    status VARCHAR(20) DEFAULT 'offline',
    last_seen TIMESTAMP,
    key_rotated_at TIMESTAMP,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    video_codec VARCHAR(50),
    audio_codec VARCHAR(50),
    codec_detected_at TIMESTAMP,
    last_register_error VARCHAR(500),
    last_register_error_at TIMESTAMP,
    node_version VARCHAR(50),
    version_checked_at TIMESTAMP,
    storage_used_bytes BIGINT,
    storage_max_bytes BIGINT,
    storage_disk_free_bytes BIGINT,
    storage_disk_total_bytes BIGINT,
    storage_reported_at TIMESTAMP
);
CREATE UNIQUE INDEX IF NOT EXISTS ix_camera_nodes_node_id ON camera_nodes (node_id);
CREATE INDEX IF NOT EXISTS ix_camera_nodes_org_id ON camera_nodes (org_id);
-- Every node-authenticated request looks the node up by key hash.
CREATE INDEX IF NOT EXISTS ix_camera_nodes_api_key_hash ON camera_nodes (api_key_hash);

CREATE TABLE IF NOT EXISTS camera_groups (
    id BIGSERIAL PRIMARY KEY,
    org_id VARCHAR(100) NOT NULL,
    name VARCHAR(100) NOT NULL,
    color VARCHAR(7) DEFAULT '#22c55e',
    icon VARCHAR(10) DEFAULT '📁',
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX IF NOT EXISTS ix_camera_groups_org_id ON camera_groups (org_id);

-- FKs without ON DELETE, as in the original: the node delete removes cameras first and the
-- group delete nulls group_id first, both in one transaction (adapters-sqlite).
CREATE TABLE IF NOT EXISTS cameras (
    id BIGSERIAL PRIMARY KEY,
    camera_id VARCHAR(100) NOT NULL,
    org_id VARCHAR(100) NOT NULL,
    node_id BIGINT REFERENCES camera_nodes (id),
    name VARCHAR(100) NOT NULL,
    node_type VARCHAR(20) DEFAULT 'unknown',
    capabilities VARCHAR(500) DEFAULT 'streaming',
    group_id BIGINT REFERENCES camera_groups (id),
    last_seen TIMESTAMP,
    status VARCHAR(20) DEFAULT 'offline',
    last_error VARCHAR(500),
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    video_codec VARCHAR(50),
    audio_codec VARCHAR(50),
    codec_detected_at TIMESTAMP,
    disabled_by_plan BOOLEAN NOT NULL DEFAULT FALSE,
    continuous_24_7 BOOLEAN NOT NULL DEFAULT FALSE,
    scheduled_recording BOOLEAN NOT NULL DEFAULT FALSE,
    scheduled_start VARCHAR(5),
    scheduled_end VARCHAR(5)
);
CREATE INDEX IF NOT EXISTS ix_cameras_id ON cameras (id);
CREATE UNIQUE INDEX IF NOT EXISTS ix_cameras_camera_id ON cameras (camera_id);
CREATE INDEX IF NOT EXISTS ix_cameras_org_id ON cameras (org_id);

-- Key/value per org. (org_id, key) is deliberately NOT unique (data-model.md §1.3).
CREATE TABLE IF NOT EXISTS settings (
    id BIGSERIAL PRIMARY KEY,
    org_id VARCHAR(100) NOT NULL,
    "key" VARCHAR(100) NOT NULL,
    value TEXT,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX IF NOT EXISTS ix_settings_org_id ON settings (org_id);
CREATE INDEX IF NOT EXISTS ix_settings_key ON settings ("key");
CREATE INDEX IF NOT EXISTS ix_settings_org_key ON settings (org_id, "key");

CREATE TABLE IF NOT EXISTS audit_log (
    id BIGSERIAL PRIMARY KEY,
    org_id VARCHAR(100) NOT NULL,
    timestamp TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    event VARCHAR(50) NOT NULL,
    ip_address VARCHAR(45),
    username VARCHAR(80),
    user_id VARCHAR(100),
    details TEXT
);
CREATE INDEX IF NOT EXISTS ix_audit_log_org_id ON audit_log (org_id);
CREATE INDEX IF NOT EXISTS ix_audit_log_timestamp ON audit_log (timestamp);
CREATE INDEX IF NOT EXISTS ix_audit_log_event ON audit_log (event);

CREATE TABLE IF NOT EXISTS stream_access_logs (
    id BIGSERIAL PRIMARY KEY,
    user_id VARCHAR(100) NOT NULL,
    user_email VARCHAR(255) DEFAULT '',
    org_id VARCHAR(100) NOT NULL,
    camera_id VARCHAR(100) NOT NULL,
    node_id VARCHAR(100) NOT NULL,
    ip_address VARCHAR(45),
    user_agent VARCHAR(500),
    accessed_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX IF NOT EXISTS ix_stream_access_logs_user_id ON stream_access_logs (user_id);
CREATE INDEX IF NOT EXISTS ix_stream_access_logs_org_id ON stream_access_logs (org_id);
CREATE INDEX IF NOT EXISTS ix_stream_access_logs_camera_id ON stream_access_logs (camera_id);
CREATE INDEX IF NOT EXISTS ix_stream_access_logs_accessed_at ON stream_access_logs (accessed_at);
CREATE INDEX IF NOT EXISTS ix_stream_access_logs_org_accessed ON stream_access_logs (org_id, accessed_at);

CREATE TABLE IF NOT EXISTS mcp_api_keys (
    id BIGSERIAL PRIMARY KEY,
    org_id VARCHAR(100) NOT NULL,
    key_hash VARCHAR(128) NOT NULL,
    name VARCHAR(100) NOT NULL,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    last_used_at TIMESTAMP,
    revoked BOOLEAN DEFAULT FALSE,
    scope_mode VARCHAR(20) DEFAULT 'all',
    scope_tools TEXT,
    kind VARCHAR(20) NOT NULL DEFAULT 'mcp',
    UNIQUE (key_hash)
);
CREATE INDEX IF NOT EXISTS ix_mcp_api_keys_org_id ON mcp_api_keys (org_id);

CREATE TABLE IF NOT EXISTS mcp_activity_logs (
    id BIGSERIAL PRIMARY KEY,
    org_id VARCHAR(100) NOT NULL,
    tool_name VARCHAR(100) NOT NULL,
    key_name VARCHAR(100) NOT NULL,
    status VARCHAR(20) NOT NULL,
    duration_ms INTEGER,
    args_summary VARCHAR(500),
    error VARCHAR(500),
    timestamp TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX IF NOT EXISTS ix_mcp_activity_logs_org_id ON mcp_activity_logs (org_id);
CREATE INDEX IF NOT EXISTS ix_mcp_activity_logs_tool_name ON mcp_activity_logs (tool_name);
CREATE INDEX IF NOT EXISTS ix_mcp_activity_logs_timestamp ON mcp_activity_logs (timestamp);
CREATE INDEX IF NOT EXISTS ix_mcp_activity_logs_org_timestamp ON mcp_activity_logs (org_id, timestamp);

CREATE TABLE IF NOT EXISTS incidents (
    id BIGSERIAL PRIMARY KEY,
    org_id VARCHAR(100) NOT NULL,
    camera_id VARCHAR(100),
    title VARCHAR(200) NOT NULL,
    summary TEXT NOT NULL,
    report TEXT DEFAULT '',
    severity VARCHAR(20) NOT NULL DEFAULT 'medium',
    status VARCHAR(20) NOT NULL DEFAULT 'open',
    created_by VARCHAR(150) NOT NULL,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    resolved_at TIMESTAMP,
    resolved_by VARCHAR(150)
);
CREATE INDEX IF NOT EXISTS ix_incidents_org_id ON incidents (org_id);
CREATE INDEX IF NOT EXISTS ix_incidents_camera_id ON incidents (camera_id);
CREATE INDEX IF NOT EXISTS ix_incidents_severity ON incidents (severity);
CREATE INDEX IF NOT EXISTS ix_incidents_status ON incidents (status);
CREATE INDEX IF NOT EXISTS ix_incidents_created_at ON incidents (created_at);

CREATE TABLE IF NOT EXISTS incident_evidence (
    id BIGSERIAL PRIMARY KEY,
    incident_id BIGINT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    kind VARCHAR(20) NOT NULL,
    text TEXT,
    camera_id VARCHAR(100),
    data BYTEA,
    data_mime VARCHAR(50),
    timestamp TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX IF NOT EXISTS ix_incident_evidence_incident_id ON incident_evidence (incident_id);

CREATE TABLE IF NOT EXISTS motion_events (
    id BIGSERIAL PRIMARY KEY,
    org_id VARCHAR(100) NOT NULL,
    camera_id VARCHAR(100) NOT NULL,
    node_id VARCHAR(100) NOT NULL,
    score INTEGER NOT NULL,
    segment_seq BIGINT,
    timestamp TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX IF NOT EXISTS ix_motion_events_org_id ON motion_events (org_id);
CREATE INDEX IF NOT EXISTS ix_motion_events_camera_id ON motion_events (camera_id);
CREATE INDEX IF NOT EXISTS ix_motion_events_node_id ON motion_events (node_id);
CREATE INDEX IF NOT EXISTS ix_motion_events_timestamp ON motion_events (timestamp);
CREATE INDEX IF NOT EXISTS ix_motion_events_org_timestamp ON motion_events (org_id, timestamp);

CREATE TABLE IF NOT EXISTS notifications (
    id BIGSERIAL PRIMARY KEY,
    org_id VARCHAR(100) NOT NULL,
    kind VARCHAR(40) NOT NULL,
    audience VARCHAR(20) NOT NULL DEFAULT 'all',
    title VARCHAR(200) NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    severity VARCHAR(20) NOT NULL DEFAULT 'info',
    link VARCHAR(500),
    camera_id VARCHAR(100),
    node_id VARCHAR(100),
    meta_json TEXT,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX IF NOT EXISTS ix_notifications_org_id ON notifications (org_id);
CREATE INDEX IF NOT EXISTS ix_notifications_kind ON notifications (kind);
CREATE INDEX IF NOT EXISTS ix_notifications_severity ON notifications (severity);
CREATE INDEX IF NOT EXISTS ix_notifications_camera_id ON notifications (camera_id);
CREATE INDEX IF NOT EXISTS ix_notifications_node_id ON notifications (node_id);
CREATE INDEX IF NOT EXISTS ix_notifications_created_at ON notifications (created_at);
CREATE INDEX IF NOT EXISTS ix_notifications_org_created ON notifications (org_id, created_at);

CREATE TABLE IF NOT EXISTS user_notification_state (
    id BIGSERIAL PRIMARY KEY,
    clerk_user_id VARCHAR(100) NOT NULL,
    org_id VARCHAR(100) NOT NULL,
    last_viewed_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    cleared_at TIMESTAMP,
    CONSTRAINT uq_user_notif_state_user_org UNIQUE (clerk_user_id, org_id)
);
CREATE INDEX IF NOT EXISTS ix_user_notification_state_clerk_user_id ON user_notification_state (clerk_user_id);
CREATE INDEX IF NOT EXISTS ix_user_notification_state_org_id ON user_notification_state (org_id);

-- Global on purpose (no org_id): webhook dedupe ledger.
CREATE TABLE IF NOT EXISTS processed_webhooks (
    id BIGSERIAL PRIMARY KEY,
    svix_msg_id VARCHAR(255) NOT NULL,
    event_type VARCHAR(100) DEFAULT '',
    processed_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX IF NOT EXISTS ix_processed_webhooks_svix_msg_id ON processed_webhooks (svix_msg_id);
CREATE INDEX IF NOT EXISTS ix_processed_webhooks_processed_at ON processed_webhooks (processed_at);

CREATE TABLE IF NOT EXISTS org_monthly_usage (
    id BIGSERIAL PRIMARY KEY,
    org_id VARCHAR(100) NOT NULL,
    year_month VARCHAR(7) NOT NULL,
    viewer_seconds BIGINT NOT NULL DEFAULT 0,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT uq_org_monthly_usage UNIQUE (org_id, year_month)
);
CREATE INDEX IF NOT EXISTS ix_org_monthly_usage_org_id ON org_monthly_usage (org_id);

CREATE TABLE IF NOT EXISTS email_outbox (
    id BIGSERIAL PRIMARY KEY,
    org_id VARCHAR(100) NOT NULL,
    recipient_email VARCHAR(320) NOT NULL,
    subject VARCHAR(500) NOT NULL,
    body_text TEXT NOT NULL DEFAULT '',
    body_html TEXT NOT NULL DEFAULT '',
    kind VARCHAR(40) NOT NULL,
    notification_id BIGINT,
    status VARCHAR(20) NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    last_attempt_at TIMESTAMP,
    sent_at TIMESTAMP,
    resend_message_id VARCHAR(100),
    error TEXT,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX IF NOT EXISTS ix_email_outbox_org_id ON email_outbox (org_id);
CREATE INDEX IF NOT EXISTS ix_email_outbox_status ON email_outbox (status);
CREATE INDEX IF NOT EXISTS ix_email_outbox_created_at ON email_outbox (created_at);
CREATE INDEX IF NOT EXISTS ix_email_outbox_status_created ON email_outbox (status, created_at);

CREATE TABLE IF NOT EXISTS email_log (
    id BIGSERIAL PRIMARY KEY,
    org_id VARCHAR(100) NOT NULL,
    timestamp TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    recipient_email VARCHAR(320) NOT NULL,
    kind VARCHAR(40) NOT NULL,
    status VARCHAR(20) NOT NULL,
    resend_message_id VARCHAR(100),
    error TEXT
);
CREATE INDEX IF NOT EXISTS ix_email_log_org_id ON email_log (org_id);
CREATE INDEX IF NOT EXISTS ix_email_log_timestamp ON email_log (timestamp);
CREATE INDEX IF NOT EXISTS ix_email_log_kind ON email_log (kind);
CREATE INDEX IF NOT EXISTS ix_email_log_org_timestamp ON email_log (org_id, timestamp);

-- Global on purpose (no org_id): a bounced address is suppressed for every org.
CREATE TABLE IF NOT EXISTS email_suppression (
    id BIGSERIAL PRIMARY KEY,
    address VARCHAR(320) NOT NULL,
    reason VARCHAR(40) NOT NULL,
    source VARCHAR(40) NOT NULL,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX IF NOT EXISTS ix_email_suppression_address ON email_suppression (address);

CREATE TABLE IF NOT EXISTS sentinel_config (
    id BIGSERIAL PRIMARY KEY,
    org_id VARCHAR(100) NOT NULL,
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    motion_enabled BOOLEAN NOT NULL DEFAULT TRUE,
    incident_opened_enabled BOOLEAN NOT NULL DEFAULT TRUE,
    motion_cooldown_min INTEGER NOT NULL DEFAULT 5,
    schedule_mode VARCHAR(20) NOT NULL DEFAULT 'always',
    schedule_start VARCHAR(5) NOT NULL DEFAULT '22:00',
    schedule_end VARCHAR(5) NOT NULL DEFAULT '06:00',
    active_days TEXT,
    camera_scope TEXT,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX IF NOT EXISTS ix_sentinel_config_org_id ON sentinel_config (org_id);

-- String primary key (UUID hex minted by the application), unlike every other table.
CREATE TABLE IF NOT EXISTS sentinel_runs (
    id VARCHAR(32) NOT NULL PRIMARY KEY,
    org_id VARCHAR(100) NOT NULL,
    triggered_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    trigger_type VARCHAR(40) NOT NULL,
    camera_id VARCHAR(100),
    tool_call_count INTEGER NOT NULL DEFAULT 0,
    outcome VARCHAR(20) NOT NULL,
    severity VARCHAR(20),
    incident_id BIGINT,
    started_at TIMESTAMP,
    completed_at TIMESTAMP,
    manual_prompt TEXT,
    summary TEXT DEFAULT '',
    tool_trace TEXT
);
CREATE INDEX IF NOT EXISTS ix_sentinel_runs_org_id ON sentinel_runs (org_id);
CREATE INDEX IF NOT EXISTS ix_sentinel_runs_triggered_at ON sentinel_runs (triggered_at);
CREATE INDEX IF NOT EXISTS ix_sentinel_runs_camera_id ON sentinel_runs (camera_id);
CREATE INDEX IF NOT EXISTS ix_sentinel_runs_org_triggered ON sentinel_runs (org_id, triggered_at);
