//! The node's side of the live pipeline: segment, playlist and codec pushes.

use super::*;

impl LivePipeline {
    /// The checks of a segment push before its body is read, in the contract's order:
    /// camera of this node (404) → suspended by the plan (402) → file name (400).
    pub fn admit_segment(
        &self,
        node: &AuthNode,
        camera_id: &CameraId,
        filename: &str,
    ) -> Result<AdmittedSegment, LiveError> {
        let camera = self.node_camera(node, camera_id)?;
        if camera.disabled_by_plan {
            let now = self.ports.clock.now();
            let plan = self.plans.get(&node.org_id, now).ok_or_else(|| {
                LiveError::Cold(Warmup::Plan {
                    org: node.org_id.clone(),
                })
            })?;
            let suspended = SuspendedCamera { name: camera.name };
            return Err(LiveError::Suspended(suspended.notice(&plan.nominal)));
        }
        let name = SegmentName::parse(filename).map_err(|_| LiveError::InvalidSegmentName)?;
        Ok(AdmittedSegment {
            camera_id: camera.camera_id,
            name,
        })
    }

    /// Caches an admitted segment in this instance's store; returns how many segments the
    /// camera now has there.
    pub fn store_segment(&self, segment: &AdmittedSegment, bytes: Bytes) -> usize {
        let now = self.ports.clock.now();
        self.counters.segment_pushed();
        self.ports
            .store
            .put_segment(&segment.camera_id, segment.name, bytes, now)
    }

    /// Caches an admitted segment here and, with a shared tier, awaits its write there;
    /// returns how many segments the camera now has (in the shared tier when there is one).
    pub async fn push_segment(
        &self,
        segment: &AdmittedSegment,
        bytes: Bytes,
    ) -> Result<usize, LiveError> {
        let Some(shared) = &self.shared else {
            return Ok(self.store_segment(segment, bytes));
        };
        self.store_segment(segment, bytes.clone());
        let now = self.ports.clock.now();
        Ok(shared
            .put_segment(&segment.camera_id, segment.name, bytes, now)
            .await?)
    }

    /// The camera of a playlist, codec or motion push: the node's own, in its org (404
    /// otherwise). No plan check: suspended cameras may still push playlists.
    pub fn node_camera(
        &self,
        node: &AuthNode,
        camera_id: &CameraId,
    ) -> Result<LiveCamera, LiveError> {
        let camera = self.camera(&node.org_id, camera_id)?;
        if camera.node_row_id == Some(node.row_id) {
            Ok(camera)
        } else {
            Err(LiveError::CameraNotFound)
        }
    }

    /// Rewrites and caches a pushed playlist in this instance's store; every
    /// `CLEANUP_INTERVAL`-th push of the camera also sweeps the caches.
    pub fn update_playlist(&self, camera: &LiveCamera, body: &[u8]) -> Result<(), LiveError> {
        self.cache_playlist(camera, body).map(drop)
    }

    /// [`Self::update_playlist`] and, with a shared tier, the shared write of the same
    /// rewritten body (rewritten once per push).
    pub async fn push_playlist(&self, camera: &LiveCamera, body: &[u8]) -> Result<(), LiveError> {
        let rewritten = self.cache_playlist(camera, body)?;
        let Some(shared) = &self.shared else {
            return Ok(());
        };
        let now = self.ports.clock.now();
        let largest = self.ports.store.largest_segment_bytes(&camera.camera_id);
        shared
            .put_playlist(&camera.camera_id, rewritten, now, largest)
            .await?;
        Ok(())
    }

    /// Decodes, rewrites and caches here; returns the rewritten body.
    fn cache_playlist(&self, camera: &LiveCamera, body: &[u8]) -> Result<Bytes, LiveError> {
        let text = decode_playlist(body).map_err(|error| LiveError::InvalidPlaylist(error.0))?;
        let rewritten = rewrite_playlist(text);
        if rewritten.dropped > 0 {
            self.note_dropped_playlist_lines(camera, rewritten.dropped);
        }
        let rewritten = Bytes::from(rewritten.text);
        let now = self.ports.clock.now();
        let pushes = self
            .ports
            .store
            .put_playlist(&camera.camera_id, rewritten.clone(), now);
        let interval = self.policy.cleanup_interval;
        if interval > 0 && pushes % interval == 0 {
            self.sweep_caches();
        }
        Ok(rewritten)
    }

    /// Counts what a rewrite dropped; logs it when the running total reaches a power of
    /// two, so a node that keeps pushing foreign URIs is seen without flooding the log.
    fn note_dropped_playlist_lines(&self, camera: &LiveCamera, lines: usize) {
        let before = self.counters.playlist_lines_dropped(lines);
        let after = before.saturating_add(u64::try_from(lines).unwrap_or(u64::MAX));
        if before == 0 || before.ilog2() != after.ilog2() {
            tracing::warn!(
                camera_id = %camera.camera_id,
                org = %camera.org_id,
                lines,
                total = after,
                "pushed playlist named URIs other than its own segments; dropped"
            );
        }
    }

    /// Stores a codec report on the camera (video level repaired, audio defaulted) and on
    /// the node if it has none yet. **Blocking**: writes the database (once per camera per
    /// node run).
    pub fn record_codecs(
        &self,
        node: &AuthNode,
        camera: &LiveCamera,
        body: &[u8],
    ) -> Result<(), LiveError> {
        let report = parse_codec_report(body)?;
        let codecs = CodecPair {
            video: sanitize_video_codec(&report.video),
            audio: report.audio,
        };
        let now = self.ports.clock.now();
        let at = now.naive_utc();
        let org = &node.org_id;
        self.ports.cameras.update_codecs(
            org,
            &camera.camera_id,
            &codecs.video,
            &codecs.audio,
            at,
        )?;
        let node_row = self.ports.nodes.get(org, &node.node_id)?;
        if node_row.is_some_and(|row| row.video_codec.as_deref().is_none_or(str::is_empty)) {
            let changes = NodeChanges {
                video_codec: Some(Some(codecs.video.clone())),
                audio_codec: Some(Some(codecs.audio.clone())),
                codec_detected_at: Some(Some(at)),
                ..NodeChanges::default()
            };
            self.ports.nodes.update(org, &node.node_id, &changes)?;
        }
        self.codecs.remember(&camera.camera_id, Some(codecs), now);
        Ok(())
    }
}
