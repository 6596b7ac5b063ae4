//! Replays the committed minimized corpus of the `deflate` fuzz target (fuzz/seeds/deflate,
//! made by `cargo fuzz cmin` after the campaign of audits/deflate.md) through the same input
//! mapping and comparison as the fuzzer.

use djsign::zlib::compress;
use djsign_zlib_oracle::{c_compress, fuzz_data};

#[test]
fn fuzz_corpus_replays() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds/deflate");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    // Fail closed: an empty or missing corpus is not a pass.
    assert!(
        files.len() >= 20,
        "{} files in {}",
        files.len(),
        dir.display()
    );
    let (mut expanded, mut bytes) = (0, 0);
    for f in &files {
        let input = std::fs::read(f).unwrap();
        let data = fuzz_data(&input);
        assert_eq!(compress(&data), c_compress(&data), "{}", f.display());
        expanded += usize::from(data.len() > 65_536);
        bytes += data.len();
    }
    eprintln!(
        "{} corpus inputs ({bytes} bytes compressed, {expanded} over 64 KiB) == C zlib",
        files.len()
    );
}
