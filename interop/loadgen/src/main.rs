//! The load client of `interop/run.sh` (scenario 7).
//!
//! `loadgen ADDR CASES.json CONNECTIONS SECONDS`: opens CONNECTIONS keep-alive HTTP/1.1
//! connections to ADDR and, on each, sends `GET PATH` with each case's `Cookie` header in
//! turn until SECONDS have passed. Every response is checked against its own case (status
//! and a body fragment): wrk and its kin cannot tie a response to the request that made it,
//! this can. Prints one JSON object: requests, wrong answers, 5xx, transport errors, p50/p99.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Deserialize;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

#[derive(Deserialize)]
struct Case {
    path: String,
    cookie: String,
    status: u16,
    contains: String,
}

#[derive(Default)]
struct Tally {
    requests: u64,
    wrong: u64,
    server_errors: u64,
    transport_errors: u64,
    latencies_us: Vec<u32>,
    first_wrong: Option<String>,
}

async fn one(stream: &mut BufReader<TcpStream>, case: &Case) -> std::io::Result<(u16, Vec<u8>)> {
    let request = format!(
        "GET {} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {}\r\n\r\n",
        case.path, case.cookie
    );
    stream.get_mut().write_all(request.as_bytes()).await?;
    let mut line = String::new();
    stream.read_line(&mut line).await?;
    let status: u16 = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
    let mut length = 0usize;
    loop {
        line.clear();
        if stream.read_line(&mut line).await? == 0 {
            return Err(std::io::Error::other("connection closed"));
        }
        if line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().map_err(std::io::Error::other)?;
        }
    }
    let mut body = vec![0; length];
    stream.read_exact(&mut body).await?;
    Ok((status, body))
}

async fn client(addr: String, cases: Arc<Vec<Case>>, start: usize, until: Instant) -> Tally {
    let mut tally = Tally::default();
    let mut stream = None;
    let mut i = start;
    while Instant::now() < until {
        if stream.is_none() {
            match TcpStream::connect(&addr).await {
                Ok(s) => stream = Some(BufReader::new(s)),
                Err(_) => {
                    tally.transport_errors += 1;
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            }
        }
        let Some(s) = stream.as_mut() else { continue };
        let case = &cases[i % cases.len()];
        i += 1;
        let sent = Instant::now();
        match one(s, case).await {
            Ok((status, body)) => {
                let us = u32::try_from(sent.elapsed().as_micros()).unwrap_or(u32::MAX);
                tally.latencies_us.push(us);
                tally.requests += 1;
                if status >= 500 {
                    tally.server_errors += 1;
                }
                let text = String::from_utf8_lossy(&body);
                if status != case.status || !text.contains(&case.contains) {
                    tally.wrong += 1;
                    tally.first_wrong.get_or_insert_with(|| {
                        format!(
                            "wanted {} {:?}, got {status} {text:?}",
                            case.status, case.contains
                        )
                    });
                }
            }
            Err(_) => {
                tally.transport_errors += 1;
                stream = None;
            }
        }
    }
    tally
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, addr, cases, connections, seconds] = args.as_slice() else {
        return Err("usage: loadgen ADDR CASES.json CONNECTIONS SECONDS".into());
    };
    let cases: Vec<Case> = serde_json::from_str(&std::fs::read_to_string(cases)?)?;
    if cases.is_empty() {
        return Err("no cases".into());
    }
    let cases = Arc::new(cases);
    let connections: usize = connections.parse()?;
    let until = Instant::now() + Duration::from_secs(seconds.parse()?);
    let tasks: Vec<_> = (0..connections)
        .map(|c| tokio::spawn(client(addr.clone(), Arc::clone(&cases), c, until)))
        .collect();
    let mut all = Tally::default();
    for t in tasks {
        let t = t.await?;
        all.requests += t.requests;
        all.wrong += t.wrong;
        all.server_errors += t.server_errors;
        all.transport_errors += t.transport_errors;
        all.latencies_us.extend(t.latencies_us);
        if all.first_wrong.is_none() {
            all.first_wrong = t.first_wrong;
        }
    }
    all.latencies_us.sort_unstable();
    let pct = |p: f64| -> u32 {
        let n = all.latencies_us.len();
        if n == 0 {
            return 0;
        }
        let i = ((p * n as f64).ceil() as usize).clamp(1, n) - 1;
        all.latencies_us[i]
    };
    println!(
        "{}",
        serde_json::json!({
            "requests": all.requests,
            "wrong": all.wrong,
            "server_errors": all.server_errors,
            "transport_errors": all.transport_errors,
            "p50_us": pct(0.50),
            "p99_us": pct(0.99),
            "first_wrong": all.first_wrong,
        })
    );
    Ok(())
}
