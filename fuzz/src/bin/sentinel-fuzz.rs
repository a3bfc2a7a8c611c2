//! `sentinel-fuzz [TARGET|all] [--seconds N] [--seed S]`: runs the stable driver; exits 1 on
//! the first crash (written to fuzz/artifacts/). `--replay FILE` reruns one input.

use sentinel_fuzz::{TARGETS, driver, target};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| {
        args.iter()
            .position(|arg| arg == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let seconds: u64 = flag("--seconds").and_then(|s| s.parse().ok()).unwrap_or(5);
    let seed: u64 = flag("--seed")
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| fastrand::u64(..));
    let name = args
        .first()
        .filter(|a| !a.starts_with("--"))
        .cloned()
        .unwrap_or_else(|| "all".to_owned());
    let chosen: Vec<_> = if name == "all" {
        TARGETS.iter().collect()
    } else {
        match target(&name) {
            Some(target) => vec![target],
            None => {
                eprintln!("unknown target {name}; targets: {}", names());
                return ExitCode::from(2);
            }
        }
    };
    if let Some(file) = flag("--replay") {
        let Ok(input) = std::fs::read(&file) else {
            eprintln!("cannot read {file}");
            return ExitCode::from(2);
        };
        for target in chosen {
            (target.run)(&input);
        }
        eprintln!("replay: no panic");
        return ExitCode::SUCCESS;
    }
    let artifacts = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("artifacts");
    for target in chosen {
        match driver::run(
            target,
            seed,
            Duration::from_secs(seconds),
            u64::MAX,
            Some(&artifacts),
        ) {
            Ok(count) => eprintln!(
                "fuzz {}: {count} inputs, no crash (seed {seed})",
                target.name
            ),
            Err(crash) => {
                eprintln!(
                    "fuzz {}: CRASH (seed {seed}): {}\n  input: {:?}\n  saved: {:?}",
                    target.name,
                    crash.message,
                    String::from_utf8_lossy(&crash.input),
                    crash.saved_to
                );
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}

fn names() -> String {
    TARGETS
        .iter()
        .map(|t| t.name)
        .collect::<Vec<_>>()
        .join(", ")
}
