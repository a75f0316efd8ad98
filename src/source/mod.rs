//! Reading what users write: text files, YAML front matter with messages in Chinese,
//! the values of common fields, Markdown, and the 【请填写】 mark. Below the site model:
//! the loader, the report, the calendar, the renderer and the authoring tools use it.

pub mod fields;
#[cfg(test)]
pub mod format_reference;
pub mod markdown;
pub mod placeholder;
pub mod yaml;

use std::path::Path;

use crate::diagnostics::{Diagnostic, display_path};

/// Reads a text file as UTF-8 (a BOM is dropped), or explains why it cannot.
pub fn read_text(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    let shown = display_path(root, path);
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(&shown, format!("无法读取文件：{e}"))
            .hint("检查文件是否存在、是否有读取权限")
    })?;
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    // Every source file is checked, most of them twice (entry bodies are read again
    // when rendered): the SIMD check is several times faster on Chinese text than std's.
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return Ok(text.to_owned());
    }
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        let line = bytes[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        Diagnostic::error(&shown, "文件不是 UTF-8 编码（可能是 GBK）")
            .at(line, 0)
            .hint("用编辑器把文件另存为 UTF-8 编码（记事本：另存为 → 编码选 UTF-8）")
    })
}
