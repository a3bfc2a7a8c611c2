//! `GET /api/usage/viewer-hours` (rest-api.md §4.3): the org's viewer-hours today, this
//! month and per UTC day, and its active viewers.

use sentinel_application::viewer_usage::ViewerUsageReport;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct ViewerUsage {
    /// Days in `by_day` (1–90).
    pub days: u32,
    /// Hours watched today (UTC), 2 decimals.
    pub today_hours: f64,
    /// Hours counted toward this month's cap, 2 decimals (as `GET /api/nodes/plan`).
    pub month_hours: f64,
    /// The plan's monthly viewer-hour cap.
    pub month_limit_hours: u32,
    /// Distinct users who opened a live stream in the last 5 minutes.
    pub active_viewers: u64,
    /// One entry per UTC day, oldest first, ending today; 0 for days without viewing.
    pub by_day: Vec<ViewerDay>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ViewerDay {
    /// `YYYY-MM-DD` (UTC).
    pub date: String,
    /// 2 decimals.
    pub hours: f64,
}

impl ViewerUsage {
    pub fn new(days: u32, month_limit_hours: u32, report: ViewerUsageReport) -> Self {
        Self {
            days,
            today_hours: hours(report.today_seconds),
            month_hours: hours(report.month_seconds),
            month_limit_hours,
            active_viewers: report.active_viewers,
            by_day: report
                .by_day
                .into_iter()
                .map(|day| ViewerDay {
                    date: day.day,
                    hours: hours(day.seconds),
                })
                .collect(),
        }
    }
}

fn hours(seconds: u64) -> f64 {
    // Viewer-seconds stay far below 2^53, where f64 stops being exact.
    let hours = seconds as f64 / 3600.0;
    (hours * 100.0).round() / 100.0
}
