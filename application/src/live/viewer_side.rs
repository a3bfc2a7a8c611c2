//! The viewer's side of the live pipeline: playlists and segments, from this instance's
//! store or the shared tier, metered against the plan's viewer-hour cap.

use super::*;

impl LivePipeline {
    /// The rewritten media playlist, if pushed in the last 30 s. Logs the access (hit or
    /// miss, at most once per user and camera every five minutes) once the camera checks
    /// passed. Not metered.
    pub fn playlist_for_viewer(
        &self,
        viewer: &Viewer,
        camera_id: &CameraId,
    ) -> Result<Bytes, LiveError> {
        let camera = self.camera(&viewer.org, camera_id)?;
        self.playlist_of(viewer, &camera)
    }

    /// [`Self::playlist_for_viewer`] once the camera passed its checks.
    fn playlist_of(&self, viewer: &Viewer, camera: &LiveCamera) -> Result<Bytes, LiveError> {
        let camera_id = &camera.camera_id;
        let node_row_id = camera.node_row_id.ok_or(LiveError::CameraNodeNotFound)?;
        let now = self.ports.clock.now();
        self.access
            .offer(&viewer.org, &viewer.user_id, camera_id, now, || {
                StreamAccess {
                    user_id: viewer.user_id.clone(),
                    user_email: viewer.email.clone(),
                    camera_id: camera_id.clone(),
                    node_ref: node_row_id.to_string(),
                    ip_address: viewer.ip_address.clone(),
                    user_agent: viewer
                        .user_agent
                        .as_deref()
                        .map(|agent| truncate_chars(agent, USER_AGENT_MAX_CHARS)),
                    accessed_at: now.naive_utc(),
                }
            });
        let (body, _) = self.fresh_playlist(camera_id, now)?;
        self.counters.playlist_served();
        Ok(body)
    }

    /// A one-variant master playlist for `stream.m3u8` carrying `BANDWIDTH` and, once
    /// known, the camera's `CODECS`. Same checks as the media playlist, not logged.
    pub fn master_playlist_for_viewer(
        &self,
        viewer: &Viewer,
        camera_id: &CameraId,
    ) -> Result<String, LiveError> {
        let camera = self.camera(&viewer.org, camera_id)?;
        camera.node_row_id.ok_or(LiveError::CameraNodeNotFound)?;
        let now = self.ports.clock.now();
        let (_, target_duration) = self.fresh_playlist(camera_id, now)?;
        let codecs = self.codecs.get(camera_id, now).ok_or_else(|| {
            LiveError::Cold(Warmup::Codecs {
                org: viewer.org.clone(),
                camera_id: camera_id.clone(),
            })
        })?;
        let largest = self.largest_segment_bytes(camera_id, now);
        let bandwidth = estimate_bandwidth(largest, target_duration);
        Ok(master_playlist(bandwidth, codecs.as_ref()))
    }

    /// A cached segment, in the contract's order: camera (404) → file name (400) →
    /// viewer-hour cap (429) → bytes (404 `Segment not found`, not charged). A served
    /// segment counts one viewer-second.
    pub fn segment_for_viewer(
        &self,
        org: &OrgId,
        user: &UserId,
        camera_id: &CameraId,
        filename: &str,
    ) -> Result<Bytes, LiveError> {
        self.camera(org, camera_id)?;
        self.segment_of(org, user, camera_id, filename)
    }

    /// [`Self::segment_for_viewer`] once the camera passed its checks.
    fn segment_of(
        &self,
        org: &OrgId,
        user: &UserId,
        camera_id: &CameraId,
        filename: &str,
    ) -> Result<Bytes, LiveError> {
        let name = SegmentName::parse(filename).map_err(|_| LiveError::InvalidSegmentName)?;
        let now = self.ports.clock.now();
        let month = MonthKey::of(now);
        let cold = || LiveError::Cold(Warmup::ViewerUsage { org: org.clone() });
        let plan = self.plans.get(org, now).ok_or_else(cold)?;
        let used = self.ports.meter.used(org, month).ok_or_else(cold)?;
        if let Some(cap_seconds) = viewer_cap_seconds(plan.effective(now))
            && used >= cap_seconds
        {
            return Err(LiveError::ViewerCapReached { cap_seconds });
        }
        let bytes = self.cached_segment(camera_id, name, now)?;
        self.ports.meter.record(org, month, 1);
        self.counters
            .segment_served(user, camera_id, bytes.len(), now);
        Ok(bytes)
    }

    /// The cached playlist and its target duration, if pushed less than 30 s ago.
    fn fresh_playlist(
        &self,
        camera_id: &CameraId,
        now: DateTime<Utc>,
    ) -> Result<(Bytes, Option<u64>), LiveError> {
        let playlist = self
            .cached_playlist(camera_id, now)?
            .filter(|playlist| now.signed_duration_since(playlist.pushed_at) < PLAYLIST_FRESH_FOR)
            .ok_or(LiveError::StreamNotStarted)?;
        let target = std::str::from_utf8(&playlist.body)
            .ok()
            .and_then(target_duration_seconds);
        Ok((playlist.body, target))
    }

    /// A viewer's segment: this instance's store, or the shared tier's hot memory
    /// ([`LiveError::Fetch`] on a miss).
    fn cached_segment(
        &self,
        camera_id: &CameraId,
        name: SegmentName,
        now: DateTime<Utc>,
    ) -> Result<Bytes, LiveError> {
        match &self.shared {
            None => self
                .ports
                .store
                .segment(camera_id, name)
                .ok_or(LiveError::SegmentNotFound),
            Some(shared) => shared.hot_segment(camera_id, name, now).ok_or_else(|| {
                LiveError::Fetch(SharedFetch::Segment {
                    camera_id: camera_id.clone(),
                    name,
                })
            }),
        }
    }

    /// A viewer's playlist (fresh or not): this instance's store, or the shared tier's
    /// memo ([`LiveError::Fetch`] once it is older than [`PLAYLIST_MEMO_TTL`]).
    fn cached_playlist(
        &self,
        camera_id: &CameraId,
        now: DateTime<Utc>,
    ) -> Result<Option<CachedPlaylist>, LiveError> {
        match &self.shared {
            None => Ok(self.ports.store.playlist(camera_id)),
            Some(shared) => match shared.memo_playlist(camera_id, now) {
                Some(memo) => Ok(Some(memo.playlist)),
                None => Err(LiveError::Fetch(SharedFetch::Playlist {
                    camera_id: camera_id.clone(),
                })),
            },
        }
    }

    /// The master playlist's bandwidth source: the largest segment this instance or (with
    /// a shared tier) the whole cluster holds for the camera.
    fn largest_segment_bytes(&self, camera_id: &CameraId, now: DateTime<Utc>) -> Option<u64> {
        let shared = self
            .shared
            .as_ref()
            .and_then(|shared| shared.memo_playlist(camera_id, now))
            .and_then(|memo| memo.largest_segment_bytes);
        shared.or_else(|| self.ports.store.largest_segment_bytes(camera_id))
    }
}

/// The viewer's side for a share link's bearer (rest-api.md §14): the same playlists and
/// segments, but only of cameras the plan has not suspended, and only while the org's
/// effective plan includes sharing.
impl LivePipeline {
    /// Whether the org's effective plan includes share links (Pro, Pro Plus).
    pub fn plan_allows_sharing(&self, org: &OrgId) -> Result<bool, LiveError> {
        let now = self.ports.clock.now();
        let plan = self
            .plans
            .get(org, now)
            .ok_or_else(|| LiveError::Cold(Warmup::ViewerUsage { org: org.clone() }))?;
        Ok(plan.effective(now).is_paid())
    }

    pub fn playlist_for_share(
        &self,
        viewer: &Viewer,
        camera_id: &CameraId,
    ) -> Result<Bytes, LiveError> {
        let camera = self.unsuspended_camera(&viewer.org, camera_id)?;
        self.playlist_of(viewer, &camera)
    }

    pub fn segment_for_share(
        &self,
        org: &OrgId,
        principal: &UserId,
        camera_id: &CameraId,
        filename: &str,
    ) -> Result<Bytes, LiveError> {
        self.unsuspended_camera(org, camera_id)?;
        self.segment_of(org, principal, camera_id, filename)
    }

    /// A camera the plan's cap suspended is not shared: it reads as unknown.
    fn unsuspended_camera(
        &self,
        org: &OrgId,
        camera_id: &CameraId,
    ) -> Result<LiveCamera, LiveError> {
        let camera = self.camera(org, camera_id)?;
        if camera.disabled_by_plan {
            return Err(LiveError::CameraNotFound);
        }
        Ok(camera)
    }
}
