//! Cells of the CSV files gongkai writes (exports, open data): none starts what a
//! spreadsheet would run as a formula, and `import` reads the original text back.

/// What a spreadsheet would take for the start of a formula (OWASP's list, and the
/// full-width forms an input method types).
const FORMULA_START: [char; 10] = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];

fn reads_as_formula(text: &str) -> bool {
    text.trim_start_matches('\'').starts_with(FORMULA_START)
}

/// A CSV cell that no spreadsheet runs as a formula (`=HYPERLINK(…)`, `+1`, `@SUM`):
/// prefixed with `'`, as OWASP recommends. A text that already starts with `'`s before
/// such a character gets one more, so `original_cell` always gives the original back.
pub fn safe_cell(text: &str) -> std::borrow::Cow<'_, str> {
    if reads_as_formula(text) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// The original text of a CSV cell `safe_cell` wrote.
pub fn original_cell(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if reads_as_formula(text) => rest,
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_never_start_a_formula_and_come_back_exactly() {
        for (original, written) in [
            (
                "=HYPERLINK(\"http://x\",\"x\")",
                "'=HYPERLINK(\"http://x\",\"x\")",
            ),
            ("+86 0523", "'+86 0523"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("＝１", "'＝１"),
            ("'=1", "''=1"),
            ("''@x", "'''@x"),
            ("'引号开头", "'引号开头"),
            ("关于=的通知", "关于=的通知"),
            ("", ""),
        ] {
            assert_eq!(safe_cell(original), written, "{original}");
            assert_eq!(original_cell(written), original, "{written}");
        }
    }
}
