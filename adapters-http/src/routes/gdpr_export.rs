//! GDPR Art. 20 export: every org table as JSON in one ZIP (built in memory), with a
//! manifest; never blob bytes.

use crate::error::ApiError;
use crate::extract::{AdminUser, actor};
use crate::responses::files::ZipArchive;
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, post, web};
use sentinel_application::blocking::unblock;
use sentinel_application::blocking::unblock_value;
use sentinel_application::gdpr::ExportArchive;
use sentinel_domain::rate_limit::RateLimit;
use std::io::Write;
use utoipa_actix_web::service_config::ServiceConfig;

const EXPORT_LIMIT: RateLimit = RateLimit::per_hour(3);

pub fn configure(config: &mut ServiceConfig) {
    config.service(export);
}

/// The org's data as a ZIP: `<table>.json` per table, then `manifest.json`
/// (`format_version` 1). The `gdpr_export` audit row is written before the archive is sent.
#[utoipa::path(
    tag = "settings",
    security(("session" = ["admin"])),
    responses(
        (status = 200, content_type = "application/zip", body = ZipArchive, description = "Attachment `gdpr-export-<org>-<YYYYMMDD>.zip`"),
        (status = 429, description = "More than 3 per hour")
    )
)]
#[post("/api/gdpr/export")]
async fn export(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: AdminUser,
) -> Result<HttpResponse, ApiError> {
    state
        .rate_limiter
        .check(&req, "gdpr_export", EXPORT_LIMIT)
        .await?;
    let (export, actor, now) = (
        state.use_cases.gdpr_export.clone(),
        actor(&req, &user),
        state.clock.now(),
    );
    let ExportArchive { filename, members } = unblock(move || export.export(&actor, now)).await?;
    let archive = unblock_value(move || zip_members(members))
        .await?
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("application/zip")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(archive))
}

/// A deflated ZIP of `(name, bytes)` members, in order.
fn zip_members(members: Vec<(String, Vec<u8>)>) -> Result<Vec<u8>, zip::result::ZipError> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in members {
        writer.start_file(name, options)?;
        writer.write_all(&bytes)?;
    }
    Ok(writer.finish()?.into_inner())
}
