//! What the terminal commands (`check`, `actions`, `status`) need from the
//! terminal: control characters in input text made harmless, and the width
//! to fit. Decides no wording and computes no figure.

use std::borrow::Cow;

/// Input text made safe to print: every control character — C0 (including
/// tab and line breaks), DEL, and C1 (U+0080–U+009F, which some terminals
/// obey like ESC sequences) — is shown as a visible escape such as `\x1b` or
/// `\u{9b}`, so no spreadsheet cell can move the cursor, retitle the window
/// or write the clipboard. Called wherever input text enters terminal output;
/// boardpack's own colour codes are added after it, never passed through it.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_control(c) {
            let code = u32::from(c);
            if code < 0x80 {
                out.push_str(&format!("\\x{code:02x}"));
            } else {
                out.push_str(&format!("\\u{{{code:x}}}"));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `escape`, for text of several lines: the line breaks stay, every other
/// control character is escaped.
pub fn escape_lines(text: &str) -> String {
    text.split('\n')
        .map(|line| escape(line).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_control(c: char) -> bool {
    matches!(u32::from(c), 0x00..=0x1f | 0x7f..=0x9f)
}

/// The width to fit output to: `COLUMNS` when it holds a number, else the
/// size of the terminal standard output is on, else `None` (piped: print
/// in full).
pub fn width_of_stdout() -> Option<usize> {
    columns_from(std::env::var("COLUMNS").ok().as_deref()).or_else(stdout_terminal_width)
}

/// `COLUMNS` read as a width; a value that is not a sensible width is ignored.
fn columns_from(value: Option<&str>) -> Option<usize> {
    value
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&w| (20..=1000).contains(&w))
}

#[cfg(unix)]
fn stdout_terminal_width() -> Option<usize> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return None;
    }
    let mut size = libc::winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCGWINSZ fills the winsize we own and pass by pointer; the
    // descriptor is standard output, open for the life of the process.
    let done = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut size) };
    (done == 0 && size.ws_col > 0).then_some(usize::from(size.ws_col))
}

#[cfg(not(unix))]
fn stdout_terminal_width() -> Option<usize> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_shows_c0_c1_esc_and_del_and_keeps_other_text() {
        assert_eq!(escape("Police & “CSC” — ✓ 警察"), "Police & “CSC” — ✓ 警察");
        assert_eq!(
            escape("a\u{1b}]52;c;aGk=\u{7}b"),
            "a\\x1b]52;c;aGk=\\x07b",
            "OSC 52 (clipboard) cannot reach the terminal"
        );
        assert_eq!(
            escape("\u{9b}2J\u{7f}\t\r\n"),
            "\\u{9b}2J\\x7f\\x09\\x0d\\x0a"
        );
        assert_eq!(
            escape("\u{0}\u{80}\u{9f}\u{a0}"),
            "\\x00\\u{80}\\u{9f}\u{a0}"
        );
    }

    #[test]
    fn escape_lines_keeps_line_breaks_only() {
        assert_eq!(escape_lines("one\u{1b}[2J\ntwo"), "one\\x1b[2J\ntwo");
    }

    #[test]
    fn columns_accepts_sensible_widths_only() {
        assert_eq!(columns_from(Some("120")), Some(120));
        assert_eq!(columns_from(Some(" 80 ")), Some(80));
        assert_eq!(columns_from(Some("0")), None);
        assert_eq!(columns_from(Some("wide")), None);
        assert_eq!(columns_from(None), None);
    }
}
