//! Peak and current resident memory of this process, read from
//! `/proc/self/status` (Linux only; `None` elsewhere).

/// A `kB` field of `/proc/self/status` (`VmHWM`, `VmRSS`), in bytes.
pub fn status_field(name: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    parse_status_field(&status, name)
}

/// Peak resident set size (high-water mark) in bytes.
pub fn peak_rss() -> Option<u64> {
    status_field("VmHWM")
}

/// Current resident set size in bytes.
pub fn current_rss() -> Option<u64> {
    status_field("VmRSS")
}

/// Bytes this process has passed to `write` so far (`wchar` of
/// `/proc/self/io`): SQLite's WAL and checkpoint traffic shows up here.
pub fn bytes_written() -> Option<u64> {
    let io = std::fs::read_to_string("/proc/self/io").ok()?;
    io.lines()
        .find_map(|l| l.strip_prefix("wchar:")?.trim().parse().ok())
}

fn parse_status_field(status: &str, name: &str) -> Option<u64> {
    status.lines().find_map(|l| {
        let rest = l.strip_prefix(name)?.strip_prefix(':')?;
        let kb: u64 = rest.trim().trim_end_matches("kB").trim().parse().ok()?;
        Some(kb * 1024)
    })
}

/// CPU time consumed by the calling thread (`CLOCK_THREAD_CPUTIME_ID`):
/// unlike wall time it does not grow when other processes compete for the
/// cores, so per-stage figures stay comparable on a loaded machine.
pub fn thread_cpu_time() -> std::time::Duration {
    cpu_clock(libc::CLOCK_THREAD_CPUTIME_ID)
}

/// CPU time consumed by the whole process, all threads.
pub fn process_cpu_time() -> std::time::Duration {
    cpu_clock(libc::CLOCK_PROCESS_CPUTIME_ID)
}

fn cpu_clock(clock: libc::clockid_t) -> std::time::Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the duration of the
    // call; clock_gettime writes only into it.
    let rc = unsafe { libc::clock_gettime(clock, &mut ts) };
    if rc != 0 {
        return std::time::Duration::ZERO;
    }
    std::time::Duration::new(
        ts.tv_sec.max(0) as u64,
        ts.tv_nsec.clamp(0, 999_999_999) as u32,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_kb_fields() {
        let s = "Name:\tx\nVmHWM:\t   12345 kB\nVmRSS:\t 100 kB\n";
        assert_eq!(parse_status_field(s, "VmHWM"), Some(12345 * 1024));
        assert_eq!(parse_status_field(s, "VmRSS"), Some(100 * 1024));
        assert_eq!(parse_status_field(s, "VmPeak"), None);
    }
}
