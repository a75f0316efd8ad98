//! gongkai: a static site generator for Chinese government information disclosure.
//!
//! Data flows one way: `site` loads and validates the sources into a model,
//! `render` derives listings and writes pages through an `output::Sink`,
//! `build` ties them together with an atomic swap of the output folder.

// Diagnostics are large but only travel the cold error path; boxing them everywhere
// would cost more clarity than it saves.
#![allow(clippy::result_large_err)]

pub mod build;
pub mod calendar;
pub mod cli;
pub mod diagnostics;
pub mod index_number;
pub mod layout;
pub mod output;
pub mod render;
pub mod serve;
pub mod site;
pub mod yaml;
