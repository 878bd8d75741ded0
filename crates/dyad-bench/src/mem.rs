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

fn parse_status_field(status: &str, name: &str) -> Option<u64> {
    status.lines().find_map(|l| {
        let rest = l.strip_prefix(name)?.strip_prefix(':')?;
        let kb: u64 = rest.trim().trim_end_matches("kB").trim().parse().ok()?;
        Some(kb * 1024)
    })
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
