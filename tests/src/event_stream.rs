//! An open `text/event-stream` response, read frame by frame.

use crate::TestApp;
use serde_json::Value;
use std::time::Duration;

pub struct EventStream {
    response: reqwest::Response,
    seen: String,
}

impl EventStream {
    /// Opens `path` with `token` and checks the SSE response headers.
    pub async fn open(app: &TestApp, path: &str, token: &str) -> EventStream {
        let response = app
            .client
            .get(app.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["content-type"], "text/event-stream");
        assert_eq!(response.headers()["cache-control"], "no-cache");
        assert_eq!(response.headers()["x-accel-buffering"], "no");
        EventStream {
            response,
            seen: String::new(),
        }
    }

    /// Reads until the next complete `data:` frame; `None` after `wait` without one.
    pub async fn next_data(&mut self, wait: Duration) -> Option<Value> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if let Some(end) = self.seen.find("\n\n") {
                let frame: String = self.seen.drain(..end + 2).collect();
                if let Some(data) = frame.strip_prefix("data: ") {
                    return Some(serde_json::from_str(data.trim_end()).unwrap());
                }
                continue;
            }
            let chunk = tokio::time::timeout_at(deadline, self.response.chunk())
                .await
                .ok()?
                .unwrap()?;
            self.seen.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
}
