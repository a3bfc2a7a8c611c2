//! Reconnect delays: doubling from a short first wait to a ceiling, reset on success.

use std::time::Duration;

const FIRST: Duration = Duration::from_millis(200);
const CEILING: Duration = Duration::from_secs(10);

#[derive(Debug)]
pub struct Backoff {
    next: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Self { next: FIRST }
    }
}

impl Backoff {
    /// The wait before the next attempt; each call doubles the one after.
    pub fn next_delay(&mut self) -> Duration {
        let delay = self.next;
        self.next = (self.next * 2).min(CEILING);
        delay
    }

    pub fn reset(&mut self) {
        self.next = FIRST;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_up_to_the_ceiling_and_reset() {
        let mut backoff = Backoff::default();
        let delays: Vec<_> = (0..8).map(|_| backoff.next_delay()).collect();
        assert_eq!(delays[0], FIRST);
        assert_eq!(delays[1], FIRST * 2);
        assert_eq!(delays[7], CEILING);
        backoff.reset();
        assert_eq!(backoff.next_delay(), FIRST);
    }
}
