//! The GitHub release feed against a fake release server on loopback.
#![allow(clippy::unwrap_used)]

use sentinel_adapters_github::GitHubReleaseFeed;
use sentinel_ports::driven::release_feed::ReleaseFeed;
use serde_json::json;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone)]
enum Reply {
    Answer {
        status: u16,
        body: String,
    },
    /// Accept the request and never answer.
    Hang,
}

/// Serves one canned reply on 127.0.0.1 and remembers the last request's headers.
struct FakeGitHub {
    url: String,
    reply: Arc<Mutex<Reply>>,
    last_headers: Arc<Mutex<Vec<(String, String)>>>,
}

impl FakeGitHub {
    fn start(reply: Reply) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!(
            "http://{}/repos/SourceBox-LLC/Sentinel-CameraNode/releases/latest",
            listener.local_addr().unwrap()
        );
        let reply = Arc::new(Mutex::new(reply));
        let last_headers = Arc::new(Mutex::new(Vec::new()));
        let (served_reply, seen) = (reply.clone(), last_headers.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (reply, seen) = (served_reply.clone(), seen.clone());
                std::thread::spawn(move || serve(stream, &reply, &seen));
            }
        });
        Self {
            url,
            reply,
            last_headers,
        }
    }

    fn set(&self, reply: Reply) {
        *self.reply.lock().unwrap() = reply;
    }

    fn header(&self, name: &str) -> Option<String> {
        self.last_headers
            .lock()
            .unwrap()
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.clone())
    }
}

fn serve(stream: TcpStream, reply: &Mutex<Reply>, seen: &Mutex<Vec<(String, String)>>) {
    let mut reader = BufReader::new(&stream);
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }
    *seen.lock().unwrap() = headers;
    let reply = reply.lock().unwrap().clone();
    match reply {
        Reply::Hang => std::thread::sleep(Duration::from_secs(3)),
        Reply::Answer { status, body } => {
            let mut stream = stream;
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    }
}

fn ok(body: serde_json::Value) -> Reply {
    Reply::Answer {
        status: 200,
        body: body.to_string(),
    }
}

fn release_document() -> serde_json::Value {
    json!({
        "tag_name": "v0.2.0",
        "assets": [
            {"name": "sourcebox-sentry-cloudnode-linux-x86_64.tar.gz",
             "browser_download_url": "https://github.com/x/releases/download/v0.2.0/linux.tar.gz"},
            {"name": "SourceBox-Sentry-CloudNode-windows-x86_64.msi",
             "browser_download_url": "https://github.com/x/releases/download/v0.2.0/win.msi"}
        ]
    })
}

#[tokio::test]
async fn fetches_the_latest_release_as_github_expects_to_be_asked() {
    let github = FakeGitHub::start(ok(release_document()));
    let feed = GitHubReleaseFeed::new(&github.url).unwrap();
    let release = feed.latest_release().await.unwrap();
    assert_eq!(release.tag_name.as_deref(), Some("v0.2.0"));
    assert_eq!(
        release.version.map(|v| v.to_string()).as_deref(),
        Some("0.2.0")
    );
    assert_eq!(release.assets.len(), 2);
    assert_eq!(
        github.header("accept").as_deref(),
        Some("application/vnd.github+json")
    );
    assert!(
        github
            .header("user-agent")
            .is_some_and(|ua| ua.starts_with("sentinel-command-center/"))
    );
    assert_eq!(github.header("authorization"), None);
}

#[tokio::test]
async fn anything_but_a_200_release_object_is_an_error() {
    let github = FakeGitHub::start(Reply::Answer {
        status: 403,
        body: json!({"message": "API rate limit exceeded"}).to_string(),
    });
    let feed = GitHubReleaseFeed::new(&github.url).unwrap();
    let error = feed.latest_release().await.unwrap_err();
    assert!(error.to_string().contains("HTTP 403"), "{error}");

    github.set(Reply::Answer {
        status: 200,
        body: "<html>not json</html>".into(),
    });
    assert!(feed.latest_release().await.is_err());

    github.set(ok(json!(["not", "a", "release"])));
    assert!(feed.latest_release().await.is_err());

    github.set(ok(release_document()));
    assert!(feed.latest_release().await.is_ok());
}

#[tokio::test]
async fn a_hung_feed_times_out() {
    let github = FakeGitHub::start(Reply::Hang);
    let feed = GitHubReleaseFeed::with_timeout(&github.url, Duration::from_millis(300)).unwrap();
    let started = std::time::Instant::now();
    let error = feed.latest_release().await.unwrap_err();
    assert!(error.to_string().contains("timed out"), "{error}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn an_unreachable_feed_is_an_error() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let feed = GitHubReleaseFeed::new(&format!("http://127.0.0.1:{port}/latest")).unwrap();
    assert!(feed.latest_release().await.is_err());
}
