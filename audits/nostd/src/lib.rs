//! A bare-metal caller of djsign, so that the generic code a firmware would instantiate
//! (`sign_object_at::<Map>`, `unsign_object_value_at`, compressed-token decoding, session
//! loading) is compiled for a target without std, not only the library's own items:
//!
//! ```sh
//! cargo build --release --target thumbv7em-none-eabihf   # in audits/nostd
//! ```
//!
//! `djsign_nostd_demo` returns 0 when every step behaves; it is meant to be linked into a
//! firmware image, not run here.
#![no_std]

extern crate alloc;

use alloc::string::String;
use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;
use core::sync::atomic::{AtomicUsize, Ordering};

use djsign::{DUMPS_SALT, Map, SessionStore, Signer, TimestampSigner, Value};

/// A 64 KiB bump allocator: enough for the demo, never frees.
struct Bump {
    heap: UnsafeCell<[u8; 1 << 16]>,
    next: AtomicUsize,
}

// SAFETY: allocation only hands out disjoint ranges, claimed with an atomic.
unsafe impl Sync for Bump {}

// SAFETY: every returned pointer is inside `heap`, aligned and not handed out twice.
unsafe impl GlobalAlloc for Bump {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let base = self.heap.get() as usize;
        let mut cur = self.next.load(Ordering::Relaxed);
        loop {
            let start = (base + cur).next_multiple_of(layout.align()) - base;
            let end = start + layout.size();
            if end > 1 << 16 {
                return core::ptr::null_mut();
            }
            match self
                .next
                .compare_exchange(cur, end, Ordering::Relaxed, Ordering::Relaxed)
            {
                Ok(_) => return (base + start) as *mut u8,
                Err(now) => cur = now,
            }
        }
    }
    unsafe fn dealloc(&self, _ptr: *mut u8, _layout: Layout) {}
}

#[global_allocator]
static HEAP: Bump = Bump {
    heap: UnsafeCell::new([0; 1 << 16]),
    next: AtomicUsize::new(0),
};

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    loop {}
}

/// A compressed `signing.dumps` token made by Django 5.2.19 (vectors/objects.json): the
/// integer 10**4299, zlib-compressed, key "object-key", signed at 1700000000.
const DJANGO_COMPRESSED: &str =
    ".eJztwQEJAAAAAqBL9f9cOwK1AQAAAPgxfyImbw:1r31eq:GMEcr-yNndfi0e8lvhAR3BiKu8TQdje-psfaKlmlikg";

#[unsafe(no_mangle)]
pub extern "C" fn djsign_nostd_demo() -> u32 {
    let Ok(signer) = Signer::new("firmware-key") else {
        return 1;
    };
    let token = signer.sign("hello");
    if signer.unsign(&token) != Ok("hello") {
        return 2;
    }
    let Ok(ts) = TimestampSigner::builder("object-key")
        .salt(DUMPS_SALT)
        .build()
    else {
        return 3;
    };
    let mut m = Map::new();
    m.insert("user", "1");
    m.insert("n", 42);
    let Ok(obj) = ts.sign_object_at(&m, false, 1_700_000_000) else {
        return 4;
    };
    match ts.unsign_object_value_at(&obj, Some(60.0), 1_700_000_030.0) {
        Ok(t) if t.value == Value::Object(m) => {}
        _ => return 5,
    }
    // Compressed tokens verify and decode without std (miniz_oxide); making them needs `zlib`.
    match ts.unsign_object_value_at(DJANGO_COMPRESSED, None, 0.0) {
        Ok(t) if matches!(t.value, Value::BigInt(_)) => {}
        _ => return 6,
    }
    if ts.sign_object_at(&1, true, 0) != Err(djsign::Error::CompressionUnavailable) {
        return 7;
    }
    // contrib: loading sessions works; saving always asks for compression (Django's
    // `compress=True`), which needs `zlib`. A small session is stored uncompressed by Django
    // anyway, so make that cookie with the session salt and load it through the store.
    let Ok(store) = SessionStore::new("firmware-key") else {
        return 8;
    };
    let mut s = djsign::Session::new();
    s.insert("_auth_user_id", String::from("7"));
    if store.save_at(&s, 1_700_000_000) != Err(djsign::Error::CompressionUnavailable) {
        return 9;
    }
    let Ok(session_signer) = TimestampSigner::builder("firmware-key")
        .salt(djsign::SESSION_SALT)
        .build()
    else {
        return 10;
    };
    let Ok(cookie) = session_signer.sign_object_at(s.data(), false, 1_700_000_000) else {
        return 11;
    };
    match store.load_at(&cookie, 1_700_000_100.0) {
        Ok(back) if back.auth_user_id() == Some("7") => 0,
        _ => 12,
    }
}
