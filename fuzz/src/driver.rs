//! A stable-toolchain fuzz driver: seeded random mutation (bit flips, byte edits, splices,
//! dictionary tokens) of a growing corpus, each input run under `catch_unwind`. It has no
//! coverage feedback, so it keeps inputs only for variety; it is bounded by time and by
//! input count so CI can run it for seconds and a person for hours.

use crate::Target;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const MAX_INPUT: usize = 4096;
const MAX_CORPUS: usize = 512;

/// A failing input and where it was written.
#[derive(Debug)]
pub struct Crash {
    pub input: Vec<u8>,
    pub message: String,
    pub saved_to: Option<PathBuf>,
}

/// Runs `target` until `budget` elapses or `max_inputs` ran. Returns the count of inputs
/// run, or the first crash (written under `artifacts` when given).
pub fn run(
    target: &Target,
    seed: u64,
    budget: Duration,
    max_inputs: u64,
    artifacts: Option<&Path>,
) -> Result<u64, Crash> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut corpus: Vec<Vec<u8>> = target.seeds.iter().map(|seed| seed.to_vec()).collect();
    let started = Instant::now();
    let mut count = 0;
    for seed in target.seeds {
        check(target, seed, artifacts)?;
        count += 1;
    }
    while count < max_inputs && started.elapsed() < budget {
        let parent = corpus[rng.usize(..corpus.len())].clone();
        let input = mutate(&mut rng, parent, &corpus, target.dictionary);
        check(target, &input, artifacts)?;
        count += 1;
        if rng.u8(..16) == 0 {
            if corpus.len() >= MAX_CORPUS {
                let slot = rng.usize(target.seeds.len()..corpus.len());
                corpus[slot] = input;
            } else {
                corpus.push(input);
            }
        }
    }
    Ok(count)
}

fn check(target: &Target, input: &[u8], artifacts: Option<&Path>) -> Result<(), Crash> {
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| (target.run)(input)));
    let Err(payload) = outcome else {
        return Ok(());
    };
    let message = payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "panic".to_owned());
    let saved_to = artifacts.and_then(|dir| save(dir, target.name, input));
    Err(Crash {
        input: input.to_vec(),
        message,
        saved_to,
    })
}

fn save(dir: &Path, name: &str, input: &[u8]) -> Option<PathBuf> {
    std::fs::create_dir_all(dir).ok()?;
    let hash = input.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
    });
    let path = dir.join(format!("crash-{name}-{hash:016x}"));
    std::fs::write(&path, input).ok()?;
    Some(path)
}

fn mutate(
    rng: &mut fastrand::Rng,
    mut input: Vec<u8>,
    corpus: &[Vec<u8>],
    dict: &[&[u8]],
) -> Vec<u8> {
    for _ in 0..=rng.usize(..4) {
        let at = rng.usize(..=input.len());
        match rng.u8(..8) {
            0 if !input.is_empty() => {
                let i = rng.usize(..input.len());
                input[i] ^= 1 << rng.u8(..8);
            }
            1 if !input.is_empty() => {
                let i = rng.usize(..input.len());
                input[i] = rng.u8(..);
            }
            2 => input.insert(at, rng.u8(..)),
            3 if at < input.len() => {
                let end = (at + 1 + rng.usize(..8)).min(input.len());
                input.drain(at..end);
            }
            4 | 5 if !dict.is_empty() => {
                let token = dict[rng.usize(..dict.len())];
                input.splice(at..at, token.iter().copied());
            }
            6 => {
                let other = &corpus[rng.usize(..corpus.len())];
                let from = rng.usize(..=other.len());
                let to = (from + rng.usize(..=64)).min(other.len());
                input.splice(at..at, other[from..to].iter().copied());
            }
            7 if at < input.len() => {
                // Repeat a chunk: long lines, deep nesting, many fields.
                let end = (at + 1 + rng.usize(..16)).min(input.len());
                let chunk = input[at..end].to_vec();
                for _ in 0..rng.usize(1..32) {
                    input.splice(at..at, chunk.iter().copied());
                }
            }
            _ => {}
        }
    }
    input.truncate(MAX_INPUT);
    input
}
