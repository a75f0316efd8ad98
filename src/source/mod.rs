//! Reading what users write: text files, YAML front matter with messages in Chinese,
//! the values of common fields, Markdown, and the 【请填写】 mark. Below the site model:
//! the loader, the report, the calendar, the renderer and the authoring tools use it.

pub mod fields;
#[cfg(test)]
pub mod format_reference;
pub mod markdown;
pub mod placeholder;
pub mod raw_html;
pub mod walk;
pub mod yaml;

use std::path::Path;

use crate::diagnostics::{Diagnostic, display_path, os_error};

/// Reads a text file as UTF-8 (a BOM is dropped), or explains why it cannot: another
/// encoding (UTF-16, GBK) or no text at all (a picture or document renamed `.md`).
pub fn read_text(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    let shown = display_path(root, path);
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(&shown, format!("无法读取文件：{}", os_error(&e)))
            .hint("检查文件是否存在、是否有读取权限")
    })?;
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    // Every source file is checked, most of them twice (entry bodies are read again
    // when rendered): the SIMD check is several times faster on Chinese text than std's.
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        if let Some(kind) = binary_kind(bytes) {
            return Err(not_text(&shown, kind));
        }
        return Ok(line_ends(text).into_owned());
    }
    if bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff") {
        return Err(Diagnostic::error(&shown, "文件是 UTF-16 编码，不是 UTF-8")
            .hint("用编辑器把文件另存为 UTF-8 编码（记事本：另存为 → 编码选 UTF-8）"));
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(not_text(&shown, kind));
    }
    let valid = std::str::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), |_| bytes.len());
    let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
    let gbk = encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .is_some();
    let message = if gbk {
        "文件是 GBK（GB18030）编码，不是 UTF-8"
    } else {
        "文件不是 UTF-8 编码，从这一行起有无法识别的字符"
    };
    Err(Diagnostic::error(&shown, message)
        .at(line, 0)
        .hint("用编辑器把文件另存为 UTF-8 编码（记事本：另存为 → 编码选 UTF-8）"))
}

/// Old Mac line ends (a lone CR) as LF: YAML counts them as line breaks and Rust's
/// `lines()` does not, so messages would point at the wrong line. CRLF stays as it is.
pub fn line_ends(text: &str) -> std::borrow::Cow<'_, str> {
    let b = text.as_bytes();
    let lone = |i: usize| b[i] == b'\r' && b.get(i + 1) != Some(&b'\n');
    if !text.contains('\r') || !(0..b.len()).any(lone) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() != Some(&'\n') {
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// What a file that is not text is, by its first bytes (or a NUL byte near the start).
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: [(&[u8], &str); 10] = [
        (b"\x89PNG", "PNG 图片"),
        (b"\xff\xd8\xff", "JPEG 图片"),
        (b"GIF8", "GIF 图片"),
        (b"%PDF", "PDF 文件"),
        (
            b"PK\x03\x04",
            "Word、Excel（.docx、.xlsx）文件或 ZIP 压缩包",
        ),
        (b"\xd0\xcf\x11\xe0", "旧版 Word、Excel（.doc、.xls）文件"),
        (b"Rar!", "RAR 压缩包"),
        (b"7z\xbc\xaf", "7z 压缩包"),
        (b"BM", "BMP 图片"),
        (b"{\\rtf", "RTF 文档"),
    ];
    if let Some((_, kind)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        // `BM` and `{\rtf` also start ordinary text: only with NUL bytes or as RTF.
        let doubtful = kind.starts_with("BMP") && !bytes[..bytes.len().min(64)].contains(&0);
        if !doubtful {
            return Some(kind);
        }
    }
    bytes[..bytes.len().min(8192)]
        .contains(&0)
        .then_some("二进制文件")
}

fn not_text(shown: &Path, kind: &str) -> Diagnostic {
    Diagnostic::error(shown, format!("这不是文本文件，而是{kind}（可能改了扩展名）"))
        .hint("`.md` 文件要用文本编辑器编写；图片、文档等附件请放在条目旁边，在前置信息的 `attachments` 里列出")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Result<String, Diagnostic> {
        let t = tempfile::tempdir().unwrap();
        std::fs::write(t.path().join("a.md"), bytes).unwrap();
        read_text(t.path(), &t.path().join("a.md"))
    }

    #[test]
    fn names_what_a_file_is_when_it_is_not_utf8_text() {
        assert_eq!(read(b"\xef\xbb\xbf---\r\n").unwrap(), "---\r\n");
        let (gbk, _, _) =
            encoding_rs::GBK.encode("---\ntitle: 关于印发人居环境整治方案的通知\n---\n");
        let e = read(&gbk).unwrap_err();
        assert_eq!(
            (e.message.as_str(), e.line),
            ("文件是 GBK（GB18030）编码，不是 UTF-8", Some(2))
        );
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("---\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(
            read(&utf16).unwrap_err().message,
            "文件是 UTF-16 编码，不是 UTF-8"
        );
        let e = read(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_err();
        assert_eq!(e.message, "这不是文本文件，而是PNG 图片（可能改了扩展名）");
        assert_eq!(
            read(b"%PDF-1.4 x").unwrap_err().message,
            "这不是文本文件，而是PDF 文件（可能改了扩展名）"
        );
        assert_eq!(
            read(b"BM is a fine start of a text").unwrap(),
            "BM is a fine start of a text"
        );
        assert_eq!(read(b"---\ra: 1\r---\r\n").unwrap(), "---\na: 1\n---\r\n");
        assert_eq!(
            read(b"a\0b").unwrap_err().message,
            "这不是文本文件，而是二进制文件（可能改了扩展名）"
        );
    }
}
