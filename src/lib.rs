//! gongkai: a static site generator for Chinese government information disclosure.
//!
//! The build pipeline, bottom to top (data flows one way; a module uses only those
//! listed before it, which `tests/boundaries.rs` checks):
//!
//! - `diagnostics`: errors and warnings, and how a terminal shows them.
//! - `source`: reading what users write (text files, YAML front matter, field values,
//!   Markdown), with messages in Chinese.
//! - `calendar`: the working-day calendar.
//! - `standard`: the 基层政务公开标准目录 as data (domains, items, 公开时限 rules).
//! - `report`: the yearly report as written (the standard formats, figures, narrative)
//!   and its arithmetic rules.
//! - `site`: the model: agencies, guides, catalogues, entries, index numbers; `read`.
//! - `validate`: checks across files after reading; `validate::load` = read + validate.
//! - `output`: where pages live (`layout`), the sinks pages are written to, staging and
//!   the atomic swap of the output folder.
//! - `render`: listings, templates and pages (the report page too), feeds, sitemap.
//! - `search`: the exact lookup table, Pagefind bundles and the search filters.
//! - `build`: the pipeline tied together.
//!
//! Beside it: `inspect` (`gongkai check`), `serve` (live preview), `authoring` (`init`,
//! `new`, `import`, `export`: the files users write, produced by tools) and `cli`.

// Diagnostics are large but only travel the cold error path; boxing them everywhere
// would cost more clarity than it saves.
#![allow(clippy::result_large_err)]

pub mod authoring;
pub mod build;
pub mod calendar;
pub mod cli;
pub mod diagnostics;
pub mod inspect;
pub mod output;
pub mod render;
pub mod report;
pub mod search;
pub mod serve;
pub mod site;
pub mod source;
pub mod standard;
pub mod validate;
