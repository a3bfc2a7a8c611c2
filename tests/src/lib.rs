//! `TestApp`: the real HTTP app on a loopback port, over a temp SQLite file, with a manual
//! clock and, when a test asks, a fake identity or an extra route.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod event_stream;
mod fake_identity;

pub use event_stream::EventStream;
pub use fake_identity::FakeIdentity;

use actix_web::dev::ServerHandle;
use actix_web::{HttpServer, web};
use chrono::{TimeZone, Utc};
use sentinel_adapters_http::{AppState, RateLimiter, build_app};
use sentinel_adapters_postgres::testing::{PostgresSchema, postgres_requested};
use sentinel_app::config::Config;
use sentinel_app::database::{Database, DatabaseLocation};
use sentinel_app::wiring::assemble;
use sentinel_ports::driven::clock::ManualClock;
use sentinel_ports::driven::identity::IdentityVerifier;
use sentinel_ports::driven::rate_limit::RateLimitStore;
use std::collections::HashMap;
use std::net::TcpListener;
use std::sync::Arc;
use tempfile::TempDir;

type RouteConfig = Arc<dyn Fn(&mut web::ServiceConfig) + Send + Sync>;

#[derive(Default)]
pub struct TestAppBuilder {
    env: HashMap<String, String>,
    identity: Option<Arc<dyn IdentityVerifier>>,
    rate_limit_store: Option<Arc<dyn RateLimitStore>>,
    extra_routes: Option<RouteConfig>,
}

pub struct TestApp {
    pub base_url: String,
    pub address: std::net::SocketAddr,
    pub client: reqwest::Client,
    pub clock: Arc<ManualClock>,
    pub database: Database,
    pub state: AppState,
    /// The app's fleet event bus, to subscribe to transitions.
    pub fleet_events: Arc<sentinel_adapters_memory::BroadcastFleetEvents>,
    /// The app's motion event bus, to subscribe to accepted motion events.
    pub motion_events: Arc<sentinel_adapters_memory::BroadcastMotionEvents>,
    handle: ServerHandle,
    _dir: TempDir,
    _schema: Option<PostgresSchema>,
}

/// A direct connection to whichever engine the app runs on, for fixtures and checks that
/// write or read rows behind the app's back (diesel's query builder, or portable SQL).
#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    Sqlite(diesel::SqliteConnection),
    Postgres(diesel::PgConnection),
}

impl TestApp {
    /// A fresh connection to the app's database (SQLite waits up to 5 s for a lock).
    pub fn sql(&self) -> AnyConnection {
        use diesel::Connection;
        use diesel::connection::SimpleConnection;
        match self.database.location() {
            DatabaseLocation::Postgres(url) => {
                AnyConnection::Postgres(diesel::PgConnection::establish(url.expose()).unwrap())
            }
            DatabaseLocation::File(path) => {
                let mut conn = diesel::SqliteConnection::establish(path.to_str().unwrap()).unwrap();
                conn.batch_execute("PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;")
                    .unwrap();
                AnyConnection::Sqlite(conn)
            }
            DatabaseLocation::Memory => panic!("the test app never runs in memory"),
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.database.engine() == sentinel_app::database::Engine::Postgres
    }

    /// A blob literal in the app's SQL dialect (`hex` is upper-case hex digits).
    pub fn blob_literal(&self, hex: &str) -> String {
        if self.is_postgres() {
            format!("'\\x{hex}'::bytea")
        } else {
            format!("X'{hex}'")
        }
    }

    pub fn builder() -> TestAppBuilder {
        TestAppBuilder::default()
    }

    /// The default app: local mode, fresh database.
    pub async fn start() -> TestApp {
        Self::builder().start().await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// A local-mode session token (`role` admin|member, `org` slug).
    pub async fn local_token(&self, role: &str, org: &str) -> String {
        let response = self
            .client
            .post(self.url("/api/local/session"))
            .json(&serde_json::json!({"role": role, "org": org}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "local session refused");
        let body: serde_json::Value = response.json().await.unwrap();
        body["token"].as_str().unwrap().to_owned()
    }

    pub async fn stop(self) {
        self.handle.stop(false).await;
    }
}

impl TestAppBuilder {
    /// Sets a configuration variable as the environment would.
    pub fn env(mut self, name: &str, value: &str) -> Self {
        self.env.insert(name.to_owned(), value.to_owned());
        self
    }

    pub fn identity(mut self, verifier: Arc<dyn IdentityVerifier>) -> Self {
        self.identity = Some(verifier);
        self
    }

    pub fn rate_limit_store(mut self, store: Arc<dyn RateLimitStore>) -> Self {
        self.rate_limit_store = Some(store);
        self
    }

    /// Mounts test-only routes next to the product's (to exercise extractors and
    /// middleware that no product route of this stage uses yet).
    pub fn routes(
        mut self,
        configure: impl Fn(&mut web::ServiceConfig) + Send + Sync + 'static,
    ) -> Self {
        self.extra_routes = Some(Arc::new(configure));
        self
    }

    pub async fn start(self) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let mut env = self.env;
        // SENTINEL_TEST_DATABASE=postgres: a fresh schema on the test server instead of a file.
        let schema = (!env.contains_key("DATABASE_URL") && postgres_requested())
            .then(|| PostgresSchema::create().unwrap());
        env.entry("DATABASE_URL".into())
            .or_insert_with(|| match &schema {
                Some(schema) => schema.url(),
                None => format!("sqlite:///{}", dir.path().join("test.db").display()),
            });
        env.entry("STATIC_DIR".into())
            .or_insert_with(|| dir.path().join("no-web-build").display().to_string());
        let config = Config::from_source(&move |name| env.get(name).cloned()).unwrap();
        let clock = Arc::new(ManualClock::new(
            Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap(),
        ));
        let assembly = assemble(&config, clock.clone()).await.unwrap();
        let mut state = assembly.state;
        if let Some(identity) = self.identity {
            state.identity = identity;
        }
        if let Some(store) = self.rate_limit_store {
            state.rate_limiter = RateLimiter::new(store);
        }
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let app_state = state.clone();
        let extra = self.extra_routes.clone();
        let server = HttpServer::new(move || {
            let extra = extra.clone();
            build_app(app_state.clone()).configure(move |config| {
                if let Some(extra) = &extra {
                    extra(config);
                }
            })
        })
        .workers(1);
        let server = sentinel_app::server::with_connection_limits(server)
            .listen(listener)
            .unwrap()
            .run();
        let handle = server.handle();
        actix_web::rt::spawn(server);
        TestApp {
            base_url: format!("http://{address}"),
            address,
            client: reqwest::Client::new(),
            clock,
            database: assembly.database,
            fleet_events: assembly.fleet_events,
            motion_events: assembly.motion_events,
            state,
            handle,
            _dir: dir,
            _schema: schema,
        }
    }
}
