//! Fault injection for the tests of the swap, in debug builds only (release binaries
//! carry none of it). Every step of a swap that changes what the output folder holds —
//! each rename, exchange and removal — first calls `step`. With
//! `GONGKAI_FAULT_KILL_AT=N` the process kills itself with SIGKILL just before the Nth
//! step (no destructors, no clean-up: what a power cut or `kill -9` leaves); with
//! `GONGKAI_FAULT_TRACE=1` each step is named on stderr as `故障注入点 N: …`; with
//! `GONGKAI_FAULT_NO_EXCHANGE=1` the swap behaves as on a system without an atomic
//! exchange of folders (two renames).

#[cfg(debug_assertions)]
static STEPS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// A step of the swap about to happen (`what` describes it for the trace).
pub fn step(what: impl FnOnce() -> String) {
    #[cfg(debug_assertions)]
    {
        use std::sync::atomic::Ordering;
        let n = STEPS.fetch_add(1, Ordering::SeqCst) + 1;
        if std::env::var_os("GONGKAI_FAULT_TRACE").is_some() {
            eprintln!("故障注入点 {n}: {}", what());
        }
        let kill_at = std::env::var("GONGKAI_FAULT_KILL_AT").ok();
        if kill_at.and_then(|v| v.parse::<usize>().ok()) == Some(n) {
            kill();
        }
    }
    #[cfg(not(debug_assertions))]
    let _ = what;
}

#[cfg(debug_assertions)]
fn kill() -> ! {
    #[cfg(unix)]
    // SAFETY: signalling our own process; SIGKILL cannot be caught and never returns.
    unsafe {
        libc::kill(libc::getpid(), libc::SIGKILL);
    }
    std::process::abort()
}
