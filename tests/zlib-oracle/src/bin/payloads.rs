//! The 10,000-payload differential run (audits/deflate.md).
//!
//! ```sh
//! # djsign vs C zlib 1.3.x (libz-sys), and vs CPython's recorded digests:
//! cargo run --release -p djsign-zlib-oracle --bin payloads -- check --digests audits/deflate/cpython-1.2.13.digests
//! # the payloads, framed (u32 little-endian length, bytes), for CPython to compress:
//! cargo run --release -p djsign-zlib-oracle --bin payloads -- emit | .venv/bin/python audits/deflate/cpython_digests.py
//! # a fuzz input (e.g. a crash artifact) outside the fuzzer, mapped as the target maps it:
//! cargo run --release -p djsign-zlib-oracle --bin payloads -- fuzz-input FILE...
//! ```
//!
//! Digests are per group of 100 payloads: SHA-256 over each payload's length (u32 LE) and
//! bytes, for the inputs and for the compressed outputs.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use djsign_zlib_oracle::payloads::{COUNT, payload};
use djsign_zlib_oracle::{c_compress, c_zlib_version, fuzz_data};
use sha2::{Digest, Sha256};

const GROUP: u64 = 100;

fn hex(d: &[u8]) -> String {
    d.iter().map(|b| format!("{b:02x}")).collect()
}

fn frame(h: &mut Sha256, data: &[u8]) {
    h.update(u32::try_from(data.len()).expect("< 4 GiB").to_le_bytes());
    h.update(data);
}

fn usage() -> ExitCode {
    eprintln!(
        "usage: payloads check [--count N] [--digests FILE] | payloads emit [--count N] | payloads fuzz-input FILE..."
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("fuzz-input") {
        return fuzz_inputs(args.get(1..).unwrap_or_default());
    }
    let mut count = COUNT;
    let mut digests: Option<String> = None;
    let mut rest = args.iter().skip(1);
    while let Some(a) = rest.next() {
        match (a.as_str(), rest.next()) {
            ("--count", Some(n)) => match n.parse() {
                Ok(n) => count = n,
                Err(_) => return usage(),
            },
            ("--digests", Some(f)) => digests = Some(f.clone()),
            _ => return usage(),
        }
    }
    match args.first().map(String::as_str) {
        Some("emit") => emit(count),
        Some("check") => check(count, digests.as_deref()),
        _ => usage(),
    }
}

fn fuzz_inputs(files: &[String]) -> ExitCode {
    let mut ok = true;
    for f in files {
        let Ok(input) = std::fs::read(f) else {
            eprintln!("{f}: unreadable");
            return ExitCode::FAILURE;
        };
        let data = fuzz_data(&input);
        let t0 = std::time::Instant::now();
        let ours = djsign::zlib::compress(&data);
        let t1 = std::time::Instant::now();
        let theirs = c_compress(&data);
        let t2 = std::time::Instant::now();
        let same = ours == theirs;
        ok &= same;
        println!(
            "{f}: {} bytes -> {}; {}; djsign {:.3} ms, C zlib {:.3} ms",
            data.len(),
            theirs.len(),
            if same { "identical" } else { "DIFFERENT" },
            (t1 - t0).as_secs_f64() * 1e3,
            (t2 - t1).as_secs_f64() * 1e3
        );
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn emit(count: u64) -> ExitCode {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for i in 0..count {
        let p = payload(i);
        let len = u32::try_from(p.len()).expect("< 4 GiB").to_le_bytes();
        if out
            .write_all(&len)
            .and_then(|()| out.write_all(&p))
            .is_err()
        {
            return ExitCode::FAILURE;
        }
    }
    if out.flush().is_err() {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// `group <g> in <sha256> out <sha256>` lines of a digest file.
fn read_digests(path: &str) -> Result<Vec<(u64, String, String)>, String> {
    let f = std::fs::File::open(path).map_err(|e| format!("{path}: {e}"))?;
    let mut groups = Vec::new();
    for line in std::io::BufReader::new(f).lines() {
        let line = line.map_err(|e| format!("{path}: {e}"))?;
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        match line.split_whitespace().collect::<Vec<_>>()[..] {
            ["group", g, "in", i, "out", o] => {
                let g = g
                    .parse()
                    .map_err(|_| format!("{path}: bad line {line:?}"))?;
                groups.push((g, i.to_owned(), o.to_owned()));
            }
            _ => return Err(format!("{path}: bad line {line:?}")),
        }
    }
    Ok(groups)
}

fn check(count: u64, digests: Option<&str>) -> ExitCode {
    let want = match digests.map(read_digests).transpose() {
        Ok(w) => w,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let start = std::time::Instant::now();
    let (mut bytes, mut same, mut differ) = (0usize, 0u64, Vec::new());
    let (mut groups_same, mut groups_differ) = (0u64, Vec::new());
    let (mut hin, mut hout) = (Sha256::new(), Sha256::new());
    let (mut t_ours, mut t_c) = (0f64, 0f64);
    for i in 0..count {
        let p = payload(i);
        bytes += p.len();
        let t0 = std::time::Instant::now();
        let ours = djsign::zlib::compress(&p);
        let t1 = std::time::Instant::now();
        let theirs = c_compress(&p);
        t_ours += (t1 - t0).as_secs_f64();
        t_c += t1.elapsed().as_secs_f64();
        if ours == theirs {
            same += 1;
        } else {
            differ.push((i, p.len()));
        }
        frame(&mut hin, &p);
        frame(&mut hout, &ours);
        if (i + 1) % GROUP == 0 || i + 1 == count {
            let g = i / GROUP;
            let (din, dout) = (
                hex(&std::mem::take(&mut hin).finalize()),
                hex(&std::mem::take(&mut hout).finalize()),
            );
            if let Some(want) = &want {
                match want.iter().find(|(wg, _, _)| *wg == g) {
                    Some((_, wi, wo)) if *wi == din && *wo == dout => groups_same += 1,
                    Some((_, wi, _)) if *wi != din => {
                        eprintln!("group {g}: the inputs differ from the ones CPython compressed");
                        groups_differ.push(g);
                    }
                    _ => groups_differ.push(g),
                }
            }
        }
    }
    println!(
        "payloads: {count} ({bytes} bytes, {:.1} MiB); C zlib {}",
        bytes as f64 / f64::from(1 << 20),
        c_zlib_version()
    );
    println!(
        "djsign == C zlib: {same} of {count}; time djsign {t_ours:.2} s, C zlib {t_c:.2} s; differ: {differ:?}"
    );
    let mut ok = differ.is_empty();
    if let Some(want) = &want {
        let groups = count.div_ceil(GROUP);
        println!(
            "djsign == CPython (digests of {} groups of {GROUP}): {groups_same} of {groups}; differ: {groups_differ:?}",
            want.len()
        );
        ok &= groups_same == groups;
    }
    println!("elapsed {:.1} s", start.elapsed().as_secs_f64());
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
