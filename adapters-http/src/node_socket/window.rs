//! A sliding-window counter: at most `max` events in any `span`.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct SlidingWindow {
    max: usize,
    span: Duration,
    events: VecDeque<Instant>,
}

impl SlidingWindow {
    pub fn new(max: usize, span: Duration) -> Self {
        Self {
            max,
            span,
            events: VecDeque::with_capacity(max.min(256)),
        }
    }

    /// Records an event at `now` unless the window is full; `false` means refused.
    pub fn admit(&mut self, now: Instant) -> bool {
        while self
            .events
            .front()
            .is_some_and(|oldest| now.duration_since(*oldest) >= self.span)
        {
            self.events.pop_front();
        }
        if self.events.len() >= self.max {
            return false;
        }
        self.events.push_back(now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admits_up_to_max_then_slides() {
        let start = Instant::now();
        let mut window = SlidingWindow::new(3, Duration::from_secs(60));
        assert!(window.admit(start));
        assert!(window.admit(start + Duration::from_secs(1)));
        assert!(window.admit(start + Duration::from_secs(2)));
        assert!(!window.admit(start + Duration::from_secs(3)));
        assert!(
            window.admit(start + Duration::from_secs(60)),
            "the first event slid out"
        );
        assert!(!window.admit(start + Duration::from_secs(60)));
    }
}
