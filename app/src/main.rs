//! The `sentinel` binary: `serve` (default) and `migrate`.

use clap::{Parser, Subcommand};
use sentinel_app::config::Config;
use std::process::ExitCode;

/// jemalloc, purging freed pages from a background thread: once a large segment cache
/// empties, its memory goes back to the OS within seconds even on an idle server (glibc's
/// malloc raises its mmap threshold after the first large frees and keeps such memory).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[derive(Debug, Parser)]
#[command(name = "sentinel", version, about = "Sentinel Command Center")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the API and dashboard (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Act as one or more CloudNodes streaming to a Command Center.
    SimulateNode(sentinel_simulator::SimulatorArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A missing .env is normal; a malformed one is reported by the variables it breaks.
    let _ = dotenvy::dotenv();
    if let Some(Command::SimulateNode(args)) = cli.command {
        return simulate(args);
    }
    let config = match Config::from_process_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("sentinel: configuration error: {error}");
            return ExitCode::from(2);
        }
    };
    sentinel_app::telemetry::init(config.log_format);
    let _error_tracking = sentinel_app::telemetry::init_error_tracking(&config);
    let outcome = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => run_server(config),
        Command::Migrate => migrate(&config),
        Command::SimulateNode(_) => Ok(()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "sentinel stopped with an error");
            eprintln!("sentinel: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run_server(config: Config) -> Result<(), Box<dyn std::error::Error>> {
    if let Err(error) = tikv_jemalloc_ctl::background_thread::write(true) {
        tracing::warn!(%error, "jemalloc background purging unavailable; memory returns on activity only");
    }
    actix_web::rt::System::new().block_on(sentinel_app::server::serve(config))?;
    Ok(())
}

/// The simulator is a client: it needs none of the server's configuration.
fn simulate(args: sentinel_simulator::SimulatorArgs) -> ExitCode {
    sentinel_app::telemetry::init(sentinel_app::config::LogFormat::Text);
    match actix_web::rt::System::new().block_on(sentinel_simulator::run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("sentinel simulate-node: {error}");
            ExitCode::FAILURE
        }
    }
}

fn migrate(config: &Config) -> Result<(), Box<dyn std::error::Error>> {
    let applied = sentinel_app::database::Database::migrate_only(&config.database_url)?;
    tracing::info!(count = applied.len(), ?applied, "migrations applied");
    Ok(())
}
