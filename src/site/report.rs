//! `reports/<year>.md` — 政府信息公开工作年度报告. The model, its schema, the rules and
//! the official layout live in `crate::report`; the loader only needs the type.

pub use crate::report::Report;
