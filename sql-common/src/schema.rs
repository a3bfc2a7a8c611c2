//! Diesel's view of `migrations/` (hand-written: keep it in step with `up.sql`; the
//! `schema_matches_the_migration` tests read and write every column of every table).
//!
//! Integer columns that hold row ids, foreign keys or counters that can grow past 2^31 are
//! read as `BigInt` (SQLite integers are 64-bit whatever the declared type); small bounded
//! integers (ports, durations, scores, attempts) stay `Integer`.

diesel::table! {
    camera_nodes (id) {
        id -> BigInt,
        node_id -> Text,
        org_id -> Text,
        api_key_hash -> Text,
        name -> Text,
        hostname -> Nullable<Text>,
        local_ip -> Nullable<Text>,
        http_port -> Nullable<Integer>,
        status -> Nullable<Text>,
        last_seen -> Nullable<Timestamp>,
        key_rotated_at -> Nullable<Timestamp>,
        created_at -> Nullable<Timestamp>,
        video_codec -> Nullable<Text>,
        audio_codec -> Nullable<Text>,
        codec_detected_at -> Nullable<Timestamp>,
        last_register_error -> Nullable<Text>,
        last_register_error_at -> Nullable<Timestamp>,
        node_version -> Nullable<Text>,
        version_checked_at -> Nullable<Timestamp>,
        storage_used_bytes -> Nullable<BigInt>,
        storage_max_bytes -> Nullable<BigInt>,
        storage_disk_free_bytes -> Nullable<BigInt>,
        storage_disk_total_bytes -> Nullable<BigInt>,
        storage_reported_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    camera_groups (id) {
        id -> BigInt,
        org_id -> Text,
        name -> Text,
        color -> Nullable<Text>,
        icon -> Nullable<Text>,
        created_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    cameras (id) {
        id -> BigInt,
        camera_id -> Text,
        org_id -> Text,
        node_id -> Nullable<BigInt>,
        name -> Text,
        node_type -> Nullable<Text>,
        capabilities -> Nullable<Text>,
        group_id -> Nullable<BigInt>,
        last_seen -> Nullable<Timestamp>,
        status -> Nullable<Text>,
        last_error -> Nullable<Text>,
        created_at -> Nullable<Timestamp>,
        video_codec -> Nullable<Text>,
        audio_codec -> Nullable<Text>,
        codec_detected_at -> Nullable<Timestamp>,
        disabled_by_plan -> Bool,
        continuous_24_7 -> Bool,
        scheduled_recording -> Bool,
        scheduled_start -> Nullable<Text>,
        scheduled_end -> Nullable<Text>,
    }
}

diesel::table! {
    settings (id) {
        id -> BigInt,
        org_id -> Text,
        key -> Text,
        value -> Nullable<Text>,
        updated_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        org_id -> Text,
        timestamp -> Nullable<Timestamp>,
        event -> Text,
        ip_address -> Nullable<Text>,
        username -> Nullable<Text>,
        user_id -> Nullable<Text>,
        details -> Nullable<Text>,
    }
}

diesel::table! {
    stream_access_logs (id) {
        id -> BigInt,
        user_id -> Text,
        user_email -> Nullable<Text>,
        org_id -> Text,
        camera_id -> Text,
        node_id -> Text,
        ip_address -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        accessed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    mcp_api_keys (id) {
        id -> BigInt,
        org_id -> Text,
        key_hash -> Text,
        name -> Text,
        created_at -> Nullable<Timestamp>,
        last_used_at -> Nullable<Timestamp>,
        revoked -> Nullable<Bool>,
        scope_mode -> Nullable<Text>,
        scope_tools -> Nullable<Text>,
        kind -> Text,
    }
}

diesel::table! {
    mcp_activity_logs (id) {
        id -> BigInt,
        org_id -> Text,
        tool_name -> Text,
        key_name -> Text,
        status -> Text,
        duration_ms -> Nullable<Integer>,
        args_summary -> Nullable<Text>,
        error -> Nullable<Text>,
        timestamp -> Nullable<Timestamp>,
    }
}

diesel::table! {
    incidents (id) {
        id -> BigInt,
        org_id -> Text,
        camera_id -> Nullable<Text>,
        title -> Text,
        summary -> Text,
        report -> Nullable<Text>,
        severity -> Text,
        status -> Text,
        created_by -> Text,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        resolved_at -> Nullable<Timestamp>,
        resolved_by -> Nullable<Text>,
    }
}

diesel::table! {
    incident_evidence (id) {
        id -> BigInt,
        incident_id -> BigInt,
        kind -> Text,
        text -> Nullable<Text>,
        camera_id -> Nullable<Text>,
        data -> Nullable<Binary>,
        data_mime -> Nullable<Text>,
        timestamp -> Nullable<Timestamp>,
    }
}

diesel::table! {
    motion_events (id) {
        id -> BigInt,
        org_id -> Text,
        camera_id -> Text,
        node_id -> Text,
        score -> Integer,
        segment_seq -> Nullable<BigInt>,
        timestamp -> Nullable<Timestamp>,
    }
}

diesel::table! {
    notifications (id) {
        id -> BigInt,
        org_id -> Text,
        kind -> Text,
        audience -> Text,
        title -> Text,
        body -> Text,
        severity -> Text,
        link -> Nullable<Text>,
        camera_id -> Nullable<Text>,
        node_id -> Nullable<Text>,
        meta_json -> Nullable<Text>,
        created_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    user_notification_state (id) {
        id -> BigInt,
        clerk_user_id -> Text,
        org_id -> Text,
        last_viewed_at -> Nullable<Timestamp>,
        cleared_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    processed_webhooks (id) {
        id -> BigInt,
        svix_msg_id -> Text,
        event_type -> Nullable<Text>,
        processed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    org_daily_usage (id) {
        id -> BigInt,
        org_id -> Text,
        day -> Text,
        viewer_seconds -> BigInt,
        updated_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    share_links (id) {
        id -> BigInt,
        org_id -> Text,
        label -> Text,
        scope -> Text,
        camera_id -> Nullable<Text>,
        group_id -> Nullable<BigInt>,
        token_hash -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        max_viewers -> Nullable<BigInt>,
        views -> BigInt,
        last_used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    member_access (id) {
        id -> BigInt,
        org_id -> Text,
        user_id -> Text,
        group_ids -> Text,
        updated_by -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    org_monthly_usage (id) {
        id -> BigInt,
        org_id -> Text,
        year_month -> Text,
        viewer_seconds -> BigInt,
        updated_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    email_outbox (id) {
        id -> BigInt,
        org_id -> Text,
        recipient_email -> Text,
        subject -> Text,
        body_text -> Text,
        body_html -> Text,
        kind -> Text,
        notification_id -> Nullable<BigInt>,
        status -> Text,
        attempts -> Integer,
        last_attempt_at -> Nullable<Timestamp>,
        sent_at -> Nullable<Timestamp>,
        resend_message_id -> Nullable<Text>,
        error -> Nullable<Text>,
        created_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    email_log (id) {
        id -> BigInt,
        org_id -> Text,
        timestamp -> Nullable<Timestamp>,
        recipient_email -> Text,
        kind -> Text,
        status -> Text,
        resend_message_id -> Nullable<Text>,
        error -> Nullable<Text>,
    }
}

diesel::table! {
    email_suppression (id) {
        id -> BigInt,
        address -> Text,
        reason -> Text,
        source -> Text,
        created_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sentinel_config (id) {
        id -> BigInt,
        org_id -> Text,
        enabled -> Bool,
        motion_enabled -> Bool,
        incident_opened_enabled -> Bool,
        motion_cooldown_min -> Integer,
        schedule_mode -> Text,
        schedule_start -> Text,
        schedule_end -> Text,
        active_days -> Nullable<Text>,
        camera_scope -> Nullable<Text>,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sentinel_runs (id) {
        id -> Text,
        org_id -> Text,
        triggered_at -> Timestamp,
        trigger_type -> Text,
        camera_id -> Nullable<Text>,
        tool_call_count -> Integer,
        outcome -> Text,
        severity -> Nullable<Text>,
        incident_id -> Nullable<BigInt>,
        started_at -> Nullable<Timestamp>,
        completed_at -> Nullable<Timestamp>,
        manual_prompt -> Nullable<Text>,
        summary -> Nullable<Text>,
        tool_trace -> Nullable<Text>,
    }
}

diesel::joinable!(cameras -> camera_nodes (node_id));
diesel::joinable!(cameras -> camera_groups (group_id));
diesel::joinable!(incident_evidence -> incidents (incident_id));

diesel::allow_tables_to_appear_in_same_query!(
    camera_nodes,
    camera_groups,
    cameras,
    settings,
    audit_log,
    stream_access_logs,
    mcp_api_keys,
    mcp_activity_logs,
    incidents,
    incident_evidence,
    motion_events,
    notifications,
    user_notification_state,
    processed_webhooks,
    org_monthly_usage,
    email_outbox,
    email_log,
    email_suppression,
    sentinel_config,
    sentinel_runs,
    org_daily_usage,
    share_links,
    member_access,
);
