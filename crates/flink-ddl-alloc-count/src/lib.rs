//! A counting global allocator for the workspace's memory tests and allocation benches: the
//! system allocator, with the calls, the bytes live and their peak counted. A test binary installs
//! it with
//!
//! ```ignore
//! #[global_allocator]
//! static ALLOCATOR: flink_ddl_alloc_count::Counting = flink_ddl_alloc_count::Counting;
//! ```
//!
//! and measures with [`measure`]. The counters are kept per thread, so what the test harness or
//! another test allocates meanwhile on its own thread is not counted; what `run` hands to another
//! thread to allocate is not counted either, so measure single-threaded work.
//!
//! This is the one place of the workspace with `unsafe`: implementing [`GlobalAlloc`] takes it. It
//! is a separate, unpublished crate, used only as a dev-dependency, so that every library package
//! keeps `#![forbid(unsafe_code)]`; here it is denied everywhere but the one audited `impl`.

#![deny(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;
use std::sync::{Mutex, MutexGuard};

// Per thread: global counters picked up the frees of libtest's own thread in the middle of a
// measurement, which made a peak come out a few bytes short. `const` cells of `Copy` types need
// no destructor and never allocate, so the allocator can touch them at any time.
thread_local! {
    /// Trips to the allocator (`alloc`, `alloc_zeroed`, `realloc`) made by this thread.
    static CALLS: Cell<usize> = const { Cell::new(0) };
    /// Bytes allocated by this thread and not yet freed, less those it freed for other threads
    /// (signed: it may free more than it allocated).
    static LIVE: Cell<isize> = const { Cell::new(0) };
    /// The most of [`LIVE`] since the last [`measure`] on this thread began.
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

/// The system allocator, counting. Install it as the `#[global_allocator]` of a test or bench
/// binary; without that, [`measure`] sees nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counting;

fn grew(size: usize) {
    CALLS.set(CALLS.get().wrapping_add(1));
    let live = LIVE.get().wrapping_add_unsigned(size);
    LIVE.set(live);
    PEAK.set(PEAK.get().max(live));
}

fn shrank(size: usize) {
    LIVE.set(LIVE.get().wrapping_sub_unsigned(size));
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged, so `System`'s
// guarantees hold; the counters are plain atomics and never allocate.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded as is.
        unsafe { System.dealloc(ptr, layout) };
        shrank(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded as is.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            // Counted as both blocks live at once: the worst case of a move.
            grew(new_size);
            shrank(layout.size());
        }
        new
    }
}

/// What one [`measure`] saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    /// Trips to the allocator the calling thread made during the call.
    pub calls: usize,
    /// The most bytes live at once during the call, above those live when it began, as the
    /// calling thread allocated and freed them.
    pub peak: usize,
}

/// Runs `run` on this thread and returns what it allocated, and what it returned (kept from the
/// optimiser).
pub fn measure<T>(run: impl FnOnce() -> T) -> (Usage, T) {
    let calls = CALLS.get();
    let live = LIVE.get();
    PEAK.set(live);
    let result = black_box(run());
    let peak = PEAK.get().wrapping_sub(live);
    let usage = Usage { calls: CALLS.get().wrapping_sub(calls), peak: usize::try_from(peak).unwrap_or(0) };
    (usage, result)
}

/// Runs `run` on an input of `input` bytes (allocated before the call) and asserts that the heap
/// held at most `times` the input plus `constant` bytes above what was live before; prints the
/// figure (`cargo test -- --nocapture` shows it) and returns what `run` returned.
#[track_caller]
pub fn assert_within<T>(what: &str, input: usize, times: f64, constant: usize, run: impl FnOnce() -> T) -> T {
    let (usage, result) = measure(run);
    let ratio = usage.peak as f64 / input.max(1) as f64;
    println!("{what}: input {input} bytes, peak {} bytes above it ({ratio:.3}x)", usage.peak);
    let bound = (input as f64 * times) as usize + constant;
    assert!(
        usage.peak <= bound,
        "{what}: a {input} byte input held {} bytes at the peak ({ratio:.2}x), more than {times}x plus {constant}",
        usage.peak
    );
    result
}

/// Held by each measuring test for its whole run. The counters are per thread, so this is not
/// needed for the figures; it keeps two large measurements from sharing the machine's memory
/// and time.
pub fn serial() -> MutexGuard<'static, ()> {
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    ONE_AT_A_TIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[global_allocator]
    static ALLOCATOR: Counting = Counting;

    #[test]
    fn a_vector_is_counted_at_its_peak_and_its_calls() {
        let _serial = serial();
        let (usage, len) = measure(|| {
            let held = vec![7u8; 1 << 20];
            let more = vec![1u8; 1 << 10];
            held.len() + more.len()
        });
        assert_eq!(len, (1 << 20) + (1 << 10));
        assert!(usage.peak >= (1 << 20) + (1 << 10), "both vectors were live at once: {usage:?}");
        assert!(usage.calls >= 2, "two allocations at least: {usage:?}");
    }

    #[test]
    fn what_is_freed_before_the_next_allocation_is_not_added_to_the_peak() {
        let _serial = serial();
        let (usage, ()) = measure(|| {
            drop(black_box(vec![0u8; 1 << 20]));
            drop(black_box(vec![0u8; 1 << 20]));
        });
        assert!(usage.peak >= 1 << 20, "{usage:?}");
        assert!(usage.peak < 2 << 20, "the first was freed before the second: {usage:?}");
    }
}
