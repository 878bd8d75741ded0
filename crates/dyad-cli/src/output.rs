//! Plain-text tables for the terminal.

/// Prints rows as an aligned table with a header. Cells longer than `max`
/// characters are cut with an ellipsis.
pub fn print_table(header: &[&str], rows: &[Vec<String>], max: usize) {
    let cut = |s: &str| -> String {
        let s = s.replace(['\n', '\t'], " ");
        // A file name or text with terminal escapes (ESC [ ... m) must not
        // reach the terminal as commands: control characters are shown
        // escaped.
        let s = if s.chars().any(char::is_control) {
            s.chars()
                .map(|c| {
                    if c.is_control() {
                        c.escape_default().to_string()
                    } else {
                        c.to_string()
                    }
                })
                .collect()
        } else {
            s
        };
        if s.chars().count() > max {
            let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
            t.push('…');
            t
        } else {
            s
        }
    };
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| cut(c)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in &rows {
        for (i, c) in r.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(c.chars().count());
            }
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let w = widths.get(i).copied().unwrap_or(0);
            if i + 1 == cells.len() {
                s.push_str(c);
            } else {
                s.push_str(&format!("{c:<w$}  "));
            }
        }
        println!("{}", s.trim_end());
    };
    line(header.to_vec());
    for r in &rows {
        line(r.iter().map(String::as_str).collect());
    }
}

/// `Some("x")` → "x", `None` → "-".
pub fn or_dash(s: &Option<String>) -> String {
    s.clone().unwrap_or_else(|| "-".into())
}

/// True when the error (or any error in its chain) is a closed pipe: the
/// reader (`dyad events | head`) has all it wanted.
pub fn is_closed_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.to_string().contains("Broken pipe")
    })
}

/// Success for a write that stopped because its reader closed the pipe.
pub fn quiet_on_closed_pipe(r: anyhow::Result<()>) -> anyhow::Result<()> {
    match r {
        Err(e) if is_closed_pipe(&e) => Ok(()),
        other => other,
    }
}

/// Makes `println!` into a closed pipe end the program quietly with
/// success, as ripgrep does, instead of panicking ("failed printing to
/// stdout: Broken pipe"): the standard library panics there, and every
/// table printer would otherwise need its own error path.
pub fn exit_quietly_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.contains("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(0);
        }
        default(info);
    }));
}

/// An error and its causes in one line, each message said once: a cause
/// whose text its parent already quotes ("database error: X" caused by X)
/// is not repeated.
pub fn error_chain(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let msg = cause.to_string();
        // SQLite's own error repeats the message after its code.
        let bare = match msg.strip_prefix("Error code ") {
            Some(rest) => rest.split_once(": ").map_or(rest, |(_, m)| m),
            None => msg.as_str(),
        };
        if bare.is_empty() || out.contains(bare) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&msg);
    }
    out
}
