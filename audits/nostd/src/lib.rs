//! A bare-metal caller of djsign, so that the generic code a firmware would instantiate
//! (`sign_object_at::<Map>`, `unsign_object_value_at`, compressed-token decoding and
//! encoding, session loading and saving) is compiled for a target without std, not only the
//! library's own items:
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

use djsign::{DUMPS_SALT, Map, Session, SessionStore, Signer, TimestampSigner, Value};

/// A 256 KiB bump allocator: enough for the demo (which compresses a 4,300-byte payload and
/// a session), never frees.
struct Bump {
    heap: UnsafeCell<[u8; 1 << 18]>,
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
            if end > 1 << 18 {
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
    heap: UnsafeCell::new([0; 1 << 18]),
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

/// The real Django session cookie of `examples/django-session` (Django 5.2.19's
/// `SessionStore.save()` at 2026-01-01T00:00:00Z), its key, and the session it holds as
/// Django's `json.dumps` wrote it.
const EXAMPLE_KEY: &str = include_str!("../../../examples/django-session/secret_key.txt");
const EXAMPLE_COOKIE: &str = include_str!("../../../examples/django-session/cookie.txt");
const EXAMPLE_SESSION: &str = include_str!("../../../examples/django-session/expected.json");
const EXAMPLE_SAVED_AT: i64 = 1_767_225_600;

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
    // Compressed tokens verify and decode without std (miniz_oxide) and are made without
    // std too (djsign's own zlib-exact deflate): the token Django made, byte for byte.
    let Ok(back) = ts.unsign_object_value_at(DJANGO_COMPRESSED, None, 0.0) else {
        return 6;
    };
    if !matches!(back.value, Value::BigInt(_))
        || ts
            .sign_object_at(&back.value, true, back.timestamp)
            .as_deref()
            != Ok(DJANGO_COMPRESSED)
    {
        return 7;
    }
    // contrib: a real Django session cookie is loaded, and saving the session it holds
    // (Django's `compress=True`) gives Django's cookie again, byte for byte.
    let Ok(store) = SessionStore::new(EXAMPLE_KEY.trim_end()) else {
        return 8;
    };
    let Ok(loaded) = store.load_at(EXAMPLE_COOKIE.trim_end(), (EXAMPLE_SAVED_AT + 3600) as f64)
    else {
        return 9;
    };
    let Ok(Value::Object(map)) = djsign::json_loads_str(EXAMPLE_SESSION.trim_end(), 100) else {
        return 10;
    };
    if loaded.data() != &map {
        return 11;
    }
    match store.save_at(&Session::from_map(map), EXAMPLE_SAVED_AT) {
        Ok(cookie) if cookie == EXAMPLE_COOKIE.trim_end() => {}
        _ => return 12,
    }
    // A session made here loads back.
    let mut s = Session::new();
    s.insert("_auth_user_id", String::from("7"));
    let Ok(cookie) = store.save_at(&s, 1_700_000_000) else {
        return 13;
    };
    match store.load_at(&cookie, 1_700_000_100.0) {
        Ok(back) if back.auth_user_id() == Some("7") => 0,
        _ => 14,
    }
}
