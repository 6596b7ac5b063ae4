//! How much call stack a typed load needs: `stack_probe SHAPE DEPTH STACK` loads a payload of
//! `DEPTH` nested lists on a thread with `STACK` bytes of stack and exits 0, or overflows
//! (the process aborts). `audits/stack-probe.sh` searches for the smallest stack that works;
//! the numbers are in audits/threat-model.md.
//!
//! Shapes: `value` (into `djsign::Value`: djsign's own, iterative), `nest` (into a caller type
//! that recurses with the payload, `struct Nest(Vec<Nest>)`: serde's model, the caller's
//! recursion), `skip` (a caller struct that ignores a deep field: iterative).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::arithmetic_side_effects,
    clippy::std_instead_of_alloc,
    clippy::std_instead_of_core
)]

use djsign::{Limits, Signer, Value, json_loads};
use serde::Deserialize;

#[derive(Deserialize)]
struct Nest(#[allow(dead_code)] Vec<Nest>);

#[derive(Deserialize)]
struct Skip {
    #[allow(dead_code)]
    a: u8,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [shape, depth, stack] = args.as_slice() else {
        panic!("usage: stack_probe value|nest|skip DEPTH STACK_BYTES");
    };
    let depth: usize = depth.parse().unwrap();
    let stack: usize = stack.parse().unwrap();
    let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let text = if shape == "skip" {
        format!("{{\"a\":1,\"deep\":{nested}}}")
    } else {
        nested
    };
    let mut limits = Limits::DEFAULT;
    limits.max_json_depth = depth + 1;
    let signer = Signer::builder("probe").limits(limits).build().unwrap();
    let token = signer
        .sign_object(&json_loads(text.as_bytes(), depth + 1).unwrap(), false)
        .unwrap();
    let shape = shape.clone();
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(move || match shape.as_str() {
            "value" => drop(signer.unsign_object::<Value>(&token).unwrap()),
            "nest" => drop(signer.unsign_object::<Nest>(&token).unwrap()),
            "skip" => drop(signer.unsign_object::<Skip>(&token).unwrap()),
            other => panic!("unknown shape {other}"),
        })
        .unwrap()
        .join()
        .unwrap();
}
