//! A real `redis-server` of a test's own, on a free loopback port, stopped when
//! dropped: the shared-state tests run against Redis itself, not a mock.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Set to `1` where a missing `redis-server` must fail the tests (CI) rather
/// than skip them.
pub const REQUIRE: &str = "HTTP_API_ERROR_REQUIRE_REDIS";

/// A running `redis-server` child; killed on drop.
#[derive(Debug)]
pub struct RedisServer {
    child: Child,
    port: u16,
}

impl RedisServer {
    /// Starts a server that saves nothing, and waits until it answers `PING`.
    /// `None` when `redis-server` is not installed: the caller returns, the test
    /// skipped with a line on stderr.
    ///
    /// # Panics
    ///
    /// When `redis-server` is missing and [`REQUIRE`] is `1`, or when it is
    /// installed but does not start.
    #[must_use]
    pub fn start(test: &str) -> Option<RedisServer> {
        let installed = Command::new("redis-server")
            .arg("--version")
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        if !installed {
            assert!(
                std::env::var(REQUIRE).as_deref() != Ok("1"),
                "{test}: redis-server is not installed, and {REQUIRE}=1 requires it"
            );
            eprintln!("{test}: skipped: redis-server not installed");
            return None;
        }
        let port = free_port();
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn redis-server");
        let server = RedisServer { child, port };
        server.wait_until_ready();
        Some(server)
    }

    /// The server's URL, for `RedisStore::open`.
    #[must_use]
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// Stops the server now, as an outage would.
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn wait_until_ready(&self) {
        // A readiness poll, not a timing assertion: a slow machine only waits longer.
        for _ in 0..500 {
            if ping(self.port) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("redis-server on port {} never answered PING", self.port);
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A port nothing listens on now (bound, read, released).
///
/// # Panics
///
/// When no loopback port can be bound.
#[must_use]
pub fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .expect("bind a loopback port")
        .port()
}

fn ping(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect((Ipv4Addr::LOCALHOST, port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
    let mut answer = [0; 7];
    stream.write_all(b"PING\r\n").is_ok()
        && stream.read_exact(&mut answer).is_ok()
        && &answer == b"+PONG\r\n"
}
