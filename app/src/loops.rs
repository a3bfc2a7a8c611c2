//! Named periodic tasks with graceful shutdown. A failing or panicking tick is logged and
//! the loop carries on: one bad row must not silence a background job for good.

use std::future::Future;
use std::time::Duration;
use tokio::task::JoinHandle;
use tokio::time::MissedTickBehavior;
use tokio_util::sync::CancellationToken;

/// Why a tick failed, for the log line.
pub type TickError = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FirstRun {
    Immediately,
    AfterOnePeriod,
}

#[derive(Default)]
pub struct LoopRunner {
    shutdown: CancellationToken,
    loops: Vec<(&'static str, JoinHandle<()>)>,
}

impl LoopRunner {
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs `tick` every `period` (first run after one period) until shutdown.
    pub fn spawn<F, Fut>(&mut self, name: &'static str, period: Duration, tick: F)
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), TickError>> + Send + 'static,
    {
        self.spawn_loop(name, period, FirstRun::AfterOnePeriod, tick);
    }

    /// Runs `tick` at once (in the background: start-up does not wait for it), then every
    /// `period`, until shutdown.
    pub fn spawn_now<F, Fut>(&mut self, name: &'static str, period: Duration, tick: F)
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), TickError>> + Send + 'static,
    {
        self.spawn_loop(name, period, FirstRun::Immediately, tick);
    }

    fn spawn_loop<F, Fut>(&mut self, name: &'static str, period: Duration, first: FirstRun, tick: F)
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), TickError>> + Send + 'static,
    {
        let shutdown = self.shutdown.clone();
        let handle = tokio::spawn(async move {
            let mut interval = tokio::time::interval(period.max(Duration::from_millis(1)));
            interval.set_missed_tick_behavior(MissedTickBehavior::Delay);
            if first == FirstRun::AfterOnePeriod {
                // An interval's first tick completes at once.
                interval.tick().await;
            }
            loop {
                tokio::select! {
                    () = shutdown.cancelled() => break,
                    _ = interval.tick() => run_tick(name, tick()).await,
                }
            }
            tracing::info!(task = name, "background loop stopped");
        });
        self.loops.push((name, handle));
    }

    pub fn names(&self) -> Vec<&'static str> {
        self.loops.iter().map(|(name, _)| *name).collect()
    }

    /// Signals every loop and waits for each to finish its current tick.
    pub async fn shutdown(self) {
        self.shutdown.cancel();
        for (name, handle) in self.loops {
            if let Err(error) = handle.await {
                tracing::error!(task = name, %error, "background loop ended abnormally");
            }
        }
    }
}

/// Runs one tick in its own task so a panic is contained and reported.
async fn run_tick<Fut>(name: &'static str, tick: Fut)
where
    Fut: Future<Output = Result<(), TickError>> + Send + 'static,
{
    let span = tracing::info_span!("background_tick", task = name);
    match tokio::spawn(tick).await {
        Ok(Ok(())) => {}
        Ok(Err(error)) => span.in_scope(|| tracing::error!(%error, "tick failed")),
        Err(join_error) => span.in_scope(|| tracing::error!(%join_error, "tick panicked")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[tokio::test(start_paused = true)]
    async fn failing_and_panicking_ticks_do_not_stop_the_loop() {
        let ticks = Arc::new(AtomicU32::new(0));
        let mut runner = LoopRunner::new();
        let counter = ticks.clone();
        runner.spawn("flaky", Duration::from_secs(10), move || {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            async move {
                match n % 3 {
                    0 => Err::<(), TickError>("boom".into()),
                    1 => panic!("tick panicked on purpose"),
                    _ => Ok(()),
                }
            }
        });
        tokio::time::sleep(Duration::from_secs(65)).await;
        assert_eq!(ticks.load(Ordering::SeqCst), 6);
        runner.shutdown().await;
    }

    #[tokio::test(start_paused = true)]
    async fn a_loop_spawned_now_ticks_at_once_then_every_period() {
        let ticks = Arc::new(AtomicU32::new(0));
        let mut runner = LoopRunner::new();
        let counter = ticks.clone();
        runner.spawn_now("eager", Duration::from_secs(10), move || {
            counter.fetch_add(1, Ordering::SeqCst);
            async { Ok(()) }
        });
        tokio::time::sleep(Duration::from_millis(1)).await;
        assert_eq!(ticks.load(Ordering::SeqCst), 1);
        tokio::time::sleep(Duration::from_secs(25)).await;
        assert_eq!(ticks.load(Ordering::SeqCst), 3);
        runner.shutdown().await;
    }

    #[tokio::test(start_paused = true)]
    async fn shutdown_stops_every_loop() {
        let ticks = Arc::new(AtomicU32::new(0));
        let mut runner = LoopRunner::new();
        for name in ["a", "b"] {
            let counter = ticks.clone();
            runner.spawn(name, Duration::from_secs(1), move || {
                counter.fetch_add(1, Ordering::SeqCst);
                async { Ok(()) }
            });
        }
        assert_eq!(runner.names(), ["a", "b"]);
        tokio::time::sleep(Duration::from_millis(2500)).await;
        runner.shutdown().await;
        let after_shutdown = ticks.load(Ordering::SeqCst);
        assert_eq!(after_shutdown, 4);
        tokio::time::sleep(Duration::from_secs(10)).await;
        assert_eq!(ticks.load(Ordering::SeqCst), after_shutdown);
    }
}
