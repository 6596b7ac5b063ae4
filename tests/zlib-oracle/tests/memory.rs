//! What `djsign::zlib::compress` allocates grows with the input, not with zlib's tables: a
//! counting allocator records the total and the largest single allocation of one call.
//! (C zlib allocates ~256 KiB per stream: window, prev, head and pending buffer of 64 KiB.)

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;
static TOTAL: AtomicUsize = AtomicUsize::new(0);
static LARGEST: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        TOTAL.fetch_add(layout.size(), Ordering::Relaxed);
        LARGEST.fetch_max(layout.size(), Ordering::Relaxed);
        // SAFETY: same layout, same contract.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: ptr came from System.alloc with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// The counters are global: one test at a time measures.
static MEASURING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// (total bytes, largest allocation) of one compression.
fn measure(data: &[u8]) -> (usize, usize) {
    TOTAL.store(0, Ordering::Relaxed);
    LARGEST.store(0, Ordering::Relaxed);
    let out = djsign::zlib::compress(data);
    let r = (
        TOTAL.load(Ordering::Relaxed),
        LARGEST.load(Ordering::Relaxed),
    );
    drop(out);
    r
}

#[test]
fn allocation_grows_with_the_input() {
    let _one_at_a_time = MEASURING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    // The reference session of the benchmarks (201 bytes of JSON).
    let session = br#"{"_auth_user_id":"1","_auth_user_backend":"django.contrib.auth.backends.ModelBackend","_auth_user_hash":"2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881","cart":[1,2,3],"theme":"dark"}"#;
    let (total, largest) = measure(session);
    eprintln!(
        "{} bytes: {total} bytes allocated, largest {largest}",
        session.len()
    );
    assert!(total < 6 * 1024, "{total}");
    assert!(largest < 4 * 1024, "{largest}");
    for n in [1usize, 4 << 10, 64 << 10, 1 << 20] {
        let data: Vec<u8> = (0..n)
            .map(|i| b"{\"k\":[1,2,3],\"v\":\"abc\"}"[i % 23])
            .collect();
        let (total, largest) = measure(&data);
        eprintln!("{n} bytes: {total} bytes allocated, largest {largest}");
        // about 4 to 8 bytes per input byte below 32 KiB of positions, then the output
        // dominates; never a fixed 64 KiB table for a small input
        assert!(total <= 16 * n + 4096, "{n}: {total}");
    }
}

/// The inflater zeroes its output buffer (about four times the input) before it decodes:
/// only once the zlib header is one CPython accepts. Streams refused at the header
/// (CPython: "incorrect header check", "unknown compression method", "invalid window
/// size", or a preset dictionary it cannot supply) allocate nothing, however long.
#[test]
fn a_refused_header_allocates_nothing() {
    let _one_at_a_time = MEASURING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let allocated = |data: &[u8]| {
        TOTAL.store(0, Ordering::Relaxed);
        let r = djsign::zlib::decompress(data, 1 << 24);
        (TOTAL.load(Ordering::Relaxed), r.map_err(|e| e.slug()))
    };
    let body = vec![0u8; 1 << 20];
    for header in [[0x78u8, 0x9d], [0x79, 0x18], [0x88, 0x98], [0x78, 0xbb]] {
        let data: Vec<u8> = header.iter().chain(&body).copied().collect();
        assert_eq!(
            allocated(&data),
            (0, Err("malformed-zlib")),
            "{header:02x?}"
        );
    }
    // The same body behind an accepted header (a stored block of 0 bytes, not final, then
    // zeros): refused later, after the buffer of 4 MiB + 64 bytes was allocated (which also
    // shows that the counter sees the inflater's allocations).
    let data: Vec<u8> = [0x78u8, 0x9c].iter().chain(&body).copied().collect();
    let (total, r) = allocated(&data);
    assert_eq!(r, Err("malformed-zlib"));
    assert!(total >= 4 << 20, "{total}");
}
