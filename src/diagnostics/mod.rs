//! Problems found in a site, as values with a place.
//!
//! Every stage pushes `Diagnostic`s instead of returning early, so one run reports
//! everything that is wrong. Messages are Chinese (the users are clerks); the
//! printing mimics rustc: what, where, the offending line, and how to fix it.

pub mod terminal;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root (as the user would type it).
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub field: Option<String>,
    pub message: String,
    pub hint: Option<String>,
    /// The text of `line`, kept so the report can quote it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, message)
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, message)
    }

    fn new(severity: Severity, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            file: file.into(),
            line: None,
            column: None,
            field: None,
            message: message.into(),
            hint: None,
            source_line: None,
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        if line > 0 {
            self.line = Some(line);
            self.column = (column > 0).then_some(column);
        }
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn into_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Quotes the offending line from the file's text, if the line is known.
    pub fn quote(mut self, text: &str) -> Self {
        if let Some(line) = self.line {
            self.source_line = text.lines().nth(line - 1).map(|l| l.trim_end().to_string());
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column` as editors understand it.
    pub fn location(&self) -> String {
        let mut s = self.file.display().to_string();
        if let Some(line) = self.line {
            let _ = write!(s, ":{line}");
            if let Some(col) = self.column {
                let _ = write!(s, ":{col}");
            }
        }
        s
    }

    /// Multi-line rustc-style rendering (no colours; the caller adds them).
    pub fn render(&self) -> String {
        let label = match self.severity {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        };
        let mut out = String::new();
        match &self.field {
            Some(f) => {
                let _ = writeln!(out, "{label}[{f}]: {}", self.message);
            }
            None => {
                let _ = writeln!(out, "{label}: {}", self.message);
            }
        }
        let _ = writeln!(out, "  --> {}", self.location());
        if let (Some(line), Some(text)) = (self.line, &self.source_line) {
            let width = line.to_string().len();
            let _ = writeln!(out, "{:width$} |", "");
            let _ = writeln!(out, "{line} | {text}");
            let _ = writeln!(out, "{:width$} |", "");
        }
        if let Some(h) = &self.hint {
            let _ = writeln!(out, "   = 提示：{h}");
        }
        out
    }
}

/// An ordered collection of problems; cheap to merge from parallel workers.
#[derive(Debug, Default, Clone, Serialize)]
#[serde(transparent)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// One diagnostic for each problem met many times (the same file, place and
    /// message), noting how often: `（共 44 个页面）` for `what` = `个页面`.
    pub fn merge_repeated(self, what: &str) -> Diagnostics {
        let mut out: Vec<(Diagnostic, usize)> = Vec::new();
        let mut seen: std::collections::HashMap<String, usize> = Default::default();
        for d in self.0 {
            let key = format!(
                "{:?}{:?}{}{:?}{:?}",
                d.severity,
                d.file,
                d.location(),
                d.field,
                d.message
            );
            match seen.get(&key) {
                Some(&i) => out[i].1 += 1,
                None => {
                    seen.insert(key, out.len());
                    out.push((d, 1));
                }
            }
        }
        out.into_iter()
            .map(|(mut d, n)| {
                if n > 1 {
                    d.message.push_str(&format!("（共 {n} {what}）"));
                }
                d
            })
            .collect()
    }

    /// Errors first, then by file and line, so the report reads like a compiler's.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (a.severity, &a.file, a.line, a.column).cmp(&(b.severity, &b.file, b.line, b.column))
        });
    }

    /// Everything, rendered for a terminal, ending with a count line.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for d in &self.0 {
            out.push_str(&d.render());
            out.push('\n');
        }
        let (e, w) = (self.error_count(), self.warning_count());
        if e > 0 || w > 0 {
            let _ = writeln!(out, "共 {e} 个错误，{w} 个警告。");
        }
        out
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics(iter.into_iter().collect())
    }
}

/// An operating-system error in Chinese, with the system's code for a search or a
/// support call: `No such file or directory (os error 2)` → `文件或文件夹不存在（系统错误 2）`.
/// Errors gongkai made itself (no system code) keep their own, already Chinese, text.
pub fn os_error(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let text = match e.kind() {
        K::NotFound => "文件或文件夹不存在",
        K::PermissionDenied => "没有访问权限",
        K::AlreadyExists => "同名的文件或文件夹已经存在",
        K::StorageFull => "磁盘空间不足",
        K::QuotaExceeded => "超出了磁盘配额",
        K::ReadOnlyFilesystem => "磁盘是只读的，不能写入",
        K::IsADirectory => "这是一个文件夹，不是文件",
        K::NotADirectory => "路径中的某一级不是文件夹",
        K::DirectoryNotEmpty => "文件夹不是空的",
        K::InvalidFilename => "文件名太长或含有不允许的字符",
        K::FileTooLarge => "文件太大",
        K::ResourceBusy => "文件或文件夹正被占用（例如是挂载点，或被其他程序打开）",
        K::CrossesDevices => "不能跨磁盘移动",
        K::StaleNetworkFileHandle => "网络共享上的文件已失效，请重新连接",
        K::TooManyLinks => "链接数过多",
        K::ExecutableFileBusy => "文件正在被执行",
        K::Interrupted => "操作被中断",
        K::TimedOut => "操作超时",
        K::OutOfMemory => "内存不足",
        K::WouldBlock => "文件正被其他程序锁定",
        K::InvalidInput | K::InvalidData => "参数或数据无效",
        K::Unsupported => "操作系统或文件系统不支持这个操作",
        K::NetworkDown | K::NetworkUnreachable | K::HostUnreachable => "网络不通",
        K::ConnectionRefused => "连接被拒绝",
        K::AddrInUse => "地址或端口已被占用",
        K::AddrNotAvailable => "地址不可用",
        K::UnexpectedEof => "文件意外结束（可能没有写完整）",
        _ => "系统错误",
    };
    if let Some(code) = e.raw_os_error() {
        #[cfg(unix)]
        let text = if code == libc::ELOOP {
            "符号链接构成了循环"
        } else {
            text
        };
        return format!("{text}（系统错误 {code}）");
    }
    match e.get_ref().map(|inner| inner.to_string()) {
        // gongkai's own errors are worded in Chinese already.
        Some(own) if !own.is_ascii() => own,
        Some(detail) => format!("{text}（{detail}）"),
        None => text.to_string(),
    }
}

/// Shown path for a file: relative to the site root when possible.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// The nearest known name to a mistyped one, for "did you mean" hints.
pub fn nearest<'a>(typo: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(typo, k), k))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_errors_read_in_chinese() {
        let e = std::io::Error::from_raw_os_error(2);
        assert_eq!(os_error(&e), "文件或文件夹不存在（系统错误 2）");
        let e = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(os_error(&e), "文件或文件夹不存在");
        let e = std::io::Error::new(
            std::io::ErrorKind::StorageFull,
            "磁盘空间不足：新网站约需 2 MB",
        );
        assert_eq!(os_error(&e), "磁盘空间不足：新网站约需 2 MB");
    }

    #[test]
    fn suggests_nearest_key() {
        let keys = ["doc_number", "title", "summary", "created"];
        assert_eq!(nearest("dco_number", keys), Some("doc_number"));
        assert_eq!(nearest("titel", keys), Some("title"));
        assert_eq!(nearest("zzzz", keys), None);
    }

    #[test]
    fn render_quotes_line_and_hint() {
        let d = Diagnostic::error("content/a.md", "未知字段 `dco_number`")
            .at(3, 1)
            .field("dco_number")
            .hint("是否想写 `doc_number`？")
            .quote("---\ntitle: x\ndco_number: 1\n");
        let r = d.render();
        assert!(r.contains("错误[dco_number]: 未知字段"), "{r}");
        assert!(r.contains("--> content/a.md:3:1"), "{r}");
        assert!(r.contains("3 | dco_number: 1"), "{r}");
        assert!(r.contains("提示：是否想写"), "{r}");
    }
}
