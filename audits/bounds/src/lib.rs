//! A global allocator that counts, per thread, the bytes live on that thread and their peak,
//! and the allocator calls made, so a test can measure the heap one call takes (or how many
//! times it asks for memory) while other tests run in parallel.
//!
//! Install it in a test binary with `#[global_allocator] static A: Counting = Counting;`
//! and measure with [`peak_heap`]. Sizes are the requested `Layout` sizes (what the program
//! asks for), not what the system allocator rounds them up to.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// Counts live bytes per thread; see the module documentation.
#[derive(Debug)]
pub struct Counting;

thread_local! {
    // `const` initialisers: reading them never allocates, so the allocator cannot recurse.
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
    static CALLS: Cell<usize> = const { Cell::new(0) };
}

/// One more `alloc`, `alloc_zeroed` or `realloc` on this thread.
fn called() {
    let _ = CALLS.try_with(|c| c.set(c.get().wrapping_add(1)));
}

fn grow(n: usize) {
    // `try_with`: during thread teardown the slots may be gone; then nothing is counted.
    let _ = LIVE.try_with(|live| {
        let now = live.get().wrapping_add(n);
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

fn shrink(n: usize) {
    // A block freed on another thread than it was made on makes this thread's count lower
    // than its true share; `peak_heap` only compares counts taken on one thread.
    let _ = LIVE.try_with(|live| live.set(live.get().wrapping_sub(n)));
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged; the
// counters are statistics only and never affect the allocation.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is.
        let p = unsafe { System.alloc(layout) };
        called();
        if !p.is_null() {
            grow(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is.
        let p = unsafe { System.alloc_zeroed(layout) };
        called();
        if !p.is_null() {
            grow(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded as is.
        unsafe { System.dealloc(ptr, layout) };
        shrink(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded as is.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        called();
        if !p.is_null() {
            shrink(layout.size());
            grow(new_size);
        }
        p
    }
}

/// Runs `f` and returns the most bytes it had allocated at once (above what was live when it
/// started, on this thread), with its result. The result is returned, not dropped inside, so
/// its own size counts.
pub fn peak_heap<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let base = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(base));
    let out = f();
    (PEAK.with(Cell::get).saturating_sub(base), out)
}

/// Runs `f` and returns how many times it called the allocator (`alloc`, `alloc_zeroed`,
/// `realloc`; frees are not counted) on this thread, with its result.
pub fn allocator_calls<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = CALLS.with(Cell::get);
    let out = f();
    (CALLS.with(Cell::get).wrapping_sub(before), out)
}
