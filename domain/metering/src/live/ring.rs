//! Segment-cache policy (rest-api.md §9.1): each camera keeps its newest N segments, and a
//! global byte budget evicts the oldest pushes across every camera.
//!
//! "Newest" is by sequence number, not push time, so a segment that arrives late (the node
//! has up to 4 uploads in flight per camera and retries) still takes its place in order.
//! But sequence numbers restart at 0 whenever the node's FFmpeg restarts, and then a
//! *newer* push must outrank a *higher* number from the previous run: the ring counts runs
//! ("epochs") and orders by `(epoch, sequence)`. A push starts a new epoch when its number
//! falls more than [`REORDER_WINDOW`] below the highest of the current run, or when it
//! reuses a name the ring already holds below that highest (a run restarted before it got
//! far). A retried duplicate of an older segment is read as a restart too; that only
//! changes which of two old segments is evicted first.
//!
//! The original ordered by file name (lexicographic), so after a restart it evicted the new
//! run's `segment_00000.ts` at once and kept serving the dead run for a minute.

use super::segment_name::SegmentName;

/// How far below the run's highest sequence number a late segment may land and still be
/// taken for an out-of-order arrival rather than a restart (4 uploads in flight, 3 retries
/// within 1.75 s: a few seconds of 1-second segments).
pub const REORDER_WINDOW: u64 = 8;

/// `SEGMENT_CACHE_MAX_PER_CAMERA` and `SEGMENT_CACHE_MAX_TOTAL_BYTES`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SegmentCacheLimits {
    pub max_segments_per_camera: usize,
    pub max_total_bytes: u64,
}

impl SegmentCacheLimits {
    /// The per-camera cap, never below one (a cap of 0 would drop every push on arrival).
    pub fn per_camera(&self) -> usize {
        self.max_segments_per_camera.max(1)
    }
}

/// One cached segment. `pushed` is the store's push order (monotonic across cameras): the
/// global budget evicts the smallest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot<P> {
    sequence: u64,
    pushed: u64,
    epoch: u32,
    digits: u8,
    payload: P,
}

impl<P> Slot<P> {
    pub fn name(&self) -> SegmentName {
        SegmentName::from_parts(self.sequence, self.digits)
    }

    pub fn pushed(&self) -> u64 {
        self.pushed
    }

    pub fn payload(&self) -> &P {
        &self.payload
    }

    pub fn into_payload(self) -> P {
        self.payload
    }

    fn order(&self) -> (u32, u64) {
        (self.epoch, self.sequence)
    }

    fn is(&self, name: SegmentName) -> bool {
        self.sequence == name.sequence() && self.digits == name.digits()
    }
}

/// What a push changed: the caller adjusts its byte total by `added - removed` and drops
/// the removed payloads (outside any lock).
#[derive(Debug)]
pub struct PushOutcome<P> {
    pub added_bytes: u64,
    pub removed_bytes: u64,
    /// The previous segment of the same name, if this push overwrote one.
    pub replaced: Option<Slot<P>>,
    /// Segments trimmed by the per-camera cap, oldest first.
    pub evicted: Vec<Slot<P>>,
}

/// One camera's segments, ordered oldest to newest by `(epoch, sequence)`.
#[derive(Debug, Clone)]
pub struct SegmentRing<P> {
    slots: Vec<Slot<P>>,
    epoch: u32,
    /// Highest sequence number of the current epoch.
    high: Option<u64>,
    bytes: u64,
}

impl<P> Default for SegmentRing<P> {
    fn default() -> Self {
        Self {
            slots: Vec::new(),
            epoch: 0,
            high: None,
            bytes: 0,
        }
    }
}

impl<P: AsRef<[u8]>> SegmentRing<P> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Stores (or overwrites) a segment, then trims the ring to `max_segments` (at least 1).
    pub fn push(
        &mut self,
        name: SegmentName,
        payload: P,
        pushed: u64,
        max_segments: usize,
    ) -> PushOutcome<P> {
        let sequence = name.sequence();
        let existing = self.slots.iter().rposition(|slot| slot.is(name));
        let restarted = self.high.is_some_and(|high| {
            sequence < high && (high - sequence > REORDER_WINDOW || existing.is_some())
        });
        if restarted {
            self.epoch = self.epoch.saturating_add(1);
            self.high = Some(sequence);
        } else {
            self.high = Some(self.high.map_or(sequence, |high| high.max(sequence)));
        }
        let replaced = existing.map(|index| self.slots.remove(index));
        let slot = Slot {
            sequence,
            pushed,
            epoch: self.epoch,
            digits: name.digits(),
            payload,
        };
        let added_bytes = byte_len(&slot.payload);
        let at = self
            .slots
            .partition_point(|other| other.order() <= slot.order());
        self.slots.insert(at, slot);
        let excess = self.slots.len().saturating_sub(max_segments.max(1));
        let evicted: Vec<Slot<P>> = self.slots.drain(..excess).collect();
        let removed_bytes = replaced
            .iter()
            .chain(&evicted)
            .map(|s| byte_len(&s.payload))
            .sum();
        self.bytes = self.bytes + added_bytes - removed_bytes;
        PushOutcome {
            added_bytes,
            removed_bytes,
            replaced,
            evicted,
        }
    }

    pub fn get(&self, name: SegmentName) -> Option<&P> {
        self.slots
            .iter()
            .rev()
            .find(|slot| slot.is(name))
            .map(|slot| &slot.payload)
    }

    /// Removes `name` if it is still the push `pushed` (not overwritten since).
    pub fn remove_push(&mut self, name: SegmentName, pushed: u64) -> Option<Slot<P>> {
        let index = self
            .slots
            .iter()
            .position(|slot| slot.is(name) && slot.pushed == pushed)?;
        let slot = self.slots.remove(index);
        self.bytes -= byte_len(&slot.payload);
        Some(slot)
    }

    /// The newest `count` segments, oldest first (the MCP clip helper's order).
    pub fn newest(&self, count: usize) -> impl Iterator<Item = &Slot<P>> {
        self.slots[self.slots.len().saturating_sub(count)..].iter()
    }

    /// Every segment, oldest first.
    pub fn slots(&self) -> impl Iterator<Item = &Slot<P>> {
        self.slots.iter()
    }

    /// Empties the ring (keeping its epoch), returning the segments.
    pub fn drain(&mut self) -> Vec<Slot<P>> {
        self.bytes = 0;
        self.slots.drain(..).collect()
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Running byte total of the ring.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// The byte total summed afresh (tests compare it with [`SegmentRing::bytes`]).
    pub fn recount_bytes(&self) -> u64 {
        self.slots.iter().map(|slot| byte_len(&slot.payload)).sum()
    }

    pub fn largest_segment_bytes(&self) -> Option<u64> {
        self.slots.iter().map(|slot| byte_len(&slot.payload)).max()
    }
}

fn byte_len<P: AsRef<[u8]>>(payload: &P) -> u64 {
    u64::try_from(payload.as_ref().len()).unwrap_or(u64::MAX)
}

/// A segment the global budget may evict, named by whatever `key` the caller needs to find
/// it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvictionCandidate<K> {
    pub pushed: u64,
    pub bytes: u64,
    pub key: K,
}

/// `floor(0.95 × cap)`: where the global eviction stops.
pub fn low_water_mark(cap: u64) -> u64 {
    u64::try_from(u128::from(cap) * 95 / 100).unwrap_or(u64::MAX)
}

/// The global cap: nothing while `total ≤ cap`; past it, the oldest pushes across all
/// cameras until the total is at or below the low-water mark. Returns the chosen
/// candidates, oldest first.
pub fn plan_global_eviction<K>(
    total: u64,
    cap: u64,
    mut candidates: Vec<EvictionCandidate<K>>,
) -> Vec<EvictionCandidate<K>> {
    if total <= cap {
        return Vec::new();
    }
    let target = low_water_mark(cap);
    candidates.sort_unstable_by_key(|candidate| candidate.pushed);
    let mut remaining = total;
    let mut chosen = Vec::new();
    for candidate in candidates {
        if remaining <= target {
            break;
        }
        remaining = remaining.saturating_sub(candidate.bytes);
        chosen.push(candidate);
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(sequence: u64) -> SegmentName {
        SegmentName::parse(&format!("segment_{sequence:05}.ts")).unwrap()
    }

    fn sequences(ring: &SegmentRing<Vec<u8>>) -> Vec<u64> {
        ring.slots().map(|slot| slot.name().sequence()).collect()
    }

    struct Pusher {
        ring: SegmentRing<Vec<u8>>,
        clock: u64,
        max: usize,
    }

    impl Pusher {
        fn new(max: usize) -> Self {
            Self {
                ring: SegmentRing::new(),
                clock: 0,
                max,
            }
        }

        fn push(&mut self, sequence: u64, size: usize) -> PushOutcome<Vec<u8>> {
            self.clock += 1;
            self.ring
                .push(name(sequence), vec![0; size], self.clock, self.max)
        }
    }

    #[test]
    fn cap_five_with_eight_pushes_keeps_four_to_eight() {
        let mut pusher = Pusher::new(5);
        for sequence in 1..=8 {
            pusher.push(sequence, 10);
        }
        assert_eq!(sequences(&pusher.ring), [4, 5, 6, 7, 8]);
        assert_eq!(pusher.ring.bytes(), 50);
    }

    #[test]
    fn a_late_segment_takes_its_place_in_sequence_order() {
        let mut pusher = Pusher::new(3);
        pusher.push(1, 1);
        pusher.push(0, 1);
        pusher.push(2, 1);
        assert_eq!(sequences(&pusher.ring), [0, 1, 2]);
        let outcome = pusher.push(3, 1);
        assert_eq!(outcome.evicted.len(), 1);
        assert_eq!(
            outcome.evicted[0].name().sequence(),
            0,
            "lowest number goes"
        );
        // Out of order by a few: still the same run, trimmed as the oldest.
        pusher.push(10, 1);
        pusher.push(5, 1);
        assert_eq!(sequences(&pusher.ring), [3, 5, 10]);
    }

    #[test]
    fn a_node_restart_outranks_the_higher_numbers_of_the_old_run() {
        let mut pusher = Pusher::new(5);
        for sequence in 100..=110 {
            pusher.push(sequence, 1);
        }
        pusher.push(0, 1);
        assert_eq!(
            sequences(&pusher.ring),
            [107, 108, 109, 110, 0],
            "the new run's first segment is the newest, not evicted"
        );
        for sequence in 1..=4 {
            pusher.push(sequence, 1);
        }
        assert_eq!(sequences(&pusher.ring), [0, 1, 2, 3, 4]);
    }

    #[test]
    fn an_early_restart_is_recognised_by_the_reused_name() {
        let mut pusher = Pusher::new(5);
        for sequence in 0..=3 {
            pusher.push(sequence, 1);
        }
        let outcome = pusher.push(0, 2);
        assert!(outcome.replaced.is_some(), "same name overwrites");
        assert_eq!(sequences(&pusher.ring), [1, 2, 3, 0]);
        assert_eq!(
            pusher.ring.get(name(0)).unwrap().len(),
            2,
            "new bytes served"
        );
        pusher.push(1, 2);
        pusher.push(2, 2);
        pusher.push(3, 2);
        pusher.push(4, 2);
        pusher.push(5, 2);
        assert_eq!(sequences(&pusher.ring), [1, 2, 3, 4, 5]);
        assert_eq!(pusher.ring.bytes(), 10);
    }

    #[test]
    fn straggler_of_the_old_run_after_a_restart_heals() {
        let mut pusher = Pusher::new(4);
        for sequence in 50..=60 {
            pusher.push(sequence, 1);
        }
        pusher.push(0, 1); // restart
        pusher.push(61, 1); // last upload of the dead run lands late
        pusher.push(1, 1);
        pusher.push(2, 1);
        pusher.push(3, 1);
        pusher.push(4, 1);
        assert_eq!(sequences(&pusher.ring), [1, 2, 3, 4]);
    }

    #[test]
    fn repush_of_the_newest_overwrites_in_place() {
        let mut pusher = Pusher::new(5);
        pusher.push(1, 3);
        pusher.push(2, 3);
        let outcome = pusher.push(2, 7);
        assert_eq!(outcome.added_bytes, 7);
        assert_eq!(outcome.removed_bytes, 3);
        assert_eq!(sequences(&pusher.ring), [1, 2]);
        assert_eq!(pusher.ring.bytes(), 10);
    }

    #[test]
    fn running_total_equals_a_recount_after_push_and_evict_cycles() {
        let mut pusher = Pusher::new(7);
        let mut seed = 17u64;
        for step in 0..2_000u64 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let sequence = if step % 97 == 0 { 0 } else { (seed >> 33) % 40 };
            let size = usize::try_from((seed >> 20) % 50).unwrap();
            pusher.push(sequence, size);
            if step % 13 == 0 {
                let first = pusher.ring.slots().next().map(|s| (s.name(), s.pushed()));
                if let Some((name, pushed)) = first {
                    assert!(pusher.ring.remove_push(name, pushed).is_some());
                }
            }
            assert_eq!(pusher.ring.bytes(), pusher.ring.recount_bytes());
            assert!(pusher.ring.len() <= 7);
        }
    }

    #[test]
    fn remove_push_ignores_an_overwritten_segment() {
        let mut pusher = Pusher::new(5);
        pusher.push(1, 1);
        let stale_stamp = pusher.clock;
        pusher.push(1, 1);
        assert!(pusher.ring.remove_push(name(1), stale_stamp).is_none());
        assert!(pusher.ring.remove_push(name(1), pusher.clock).is_some());
        assert!(pusher.ring.is_empty());
    }

    #[test]
    fn newest_returns_the_tail_oldest_first() {
        let mut pusher = Pusher::new(10);
        for sequence in 1..=6 {
            pusher.push(sequence, 1);
        }
        let tail: Vec<u64> = pusher
            .ring
            .newest(3)
            .map(|slot| slot.name().sequence())
            .collect();
        assert_eq!(tail, [4, 5, 6]);
        assert_eq!(pusher.ring.newest(0).count(), 0);
        assert_eq!(pusher.ring.newest(99).count(), 6);
    }

    fn candidates(count: u64, bytes: u64) -> Vec<EvictionCandidate<u64>> {
        // Pushed out of order across "cameras" to prove the sort.
        let mut list: Vec<_> = (0..count)
            .map(|i| EvictionCandidate {
                pushed: (i * 7) % count,
                bytes,
                key: (i * 7) % count,
            })
            .collect();
        list.reverse();
        list
    }

    #[test]
    fn global_cap_with_nine_hundred_byte_segments_evicts_exactly_five() {
        let chosen = plan_global_eviction(900, 500, candidates(9, 100));
        let keys: Vec<u64> = chosen.iter().map(|c| c.key).collect();
        assert_eq!(keys, [0, 1, 2, 3, 4], "oldest push time first");
        assert_eq!(900 - chosen.iter().map(|c| c.bytes).sum::<u64>(), 400);
        assert!(400 <= low_water_mark(500));
        assert_eq!(low_water_mark(500), 475);
    }

    #[test]
    fn global_cap_is_a_no_op_at_or_under_the_cap() {
        assert!(plan_global_eviction(500, 500, candidates(5, 100)).is_empty());
        assert!(plan_global_eviction(10, 500, candidates(1, 10)).is_empty());
    }

    #[test]
    fn low_water_mark_never_overflows() {
        assert_eq!(low_water_mark(402_653_184), 382_520_524);
        assert_eq!(
            low_water_mark(u64::MAX),
            u64::MAX / 100 * 95 + (u64::MAX % 100) * 95 / 100
        );
    }

    #[test]
    fn per_camera_cap_of_zero_still_keeps_one() {
        let limits = SegmentCacheLimits {
            max_segments_per_camera: 0,
            max_total_bytes: 1,
        };
        assert_eq!(limits.per_camera(), 1);
        let mut pusher = Pusher::new(0);
        pusher.push(1, 1);
        pusher.push(2, 1);
        assert_eq!(sequences(&pusher.ring), [2]);
    }
}
