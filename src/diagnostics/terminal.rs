//! Showing diagnostics and results on a terminal (used by `cli` and `serve`).

use std::io::IsTerminal;

use super::Diagnostics;

/// Writes to standard output; a reader that went away (`| head`) is not an error.
pub fn print_out(text: &str) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// Prints diagnostics to stderr, with colour on a terminal.
pub fn print_diagnostics(d: &Diagnostics) {
    if d.is_empty() {
        return;
    }
    let text = d.render();
    if std::io::stderr().is_terminal() {
        let coloured = text
            .lines()
            .map(|l| {
                if l.starts_with("错误") {
                    format!("\x1b[1;31m{l}\x1b[0m")
                } else if l.starts_with("警告") {
                    format!("\x1b[1;33m{l}\x1b[0m")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        eprintln!("{coloured}");
    } else {
        eprint!("{text}");
    }
}
