//! gongkai: a static site generator for Chinese government information disclosure.
//!
//! Data flows one way: `site` loads and validates the sources into a model,
//! `render` derives listings and writes pages through an `output::Sink`, `search`
//! writes the search index through the same sink,
//! `build` ties them together with an atomic swap of the output folder.

// Diagnostics are large but only travel the cold error path; boxing them everywhere
// would cost more clarity than it saves.
#![allow(clippy::result_large_err)]

pub mod build;
pub mod calendar;
pub mod catalogue_io;
pub mod cli;
pub mod diagnostics;
pub mod entry_file;
pub mod index_number;
pub mod inspect;
pub mod layout;
pub mod numbering;
pub mod output;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod stages;
pub mod workspace;
pub mod yaml;
