//! Integration tests: build real sites with the real binary and inspect the output.

mod authoring;
mod bad_inputs;
mod build_output;
mod corpus;
mod demo;
mod faults;
mod incremental;
mod inspect;
mod migrate;
mod never_publish;
mod parts;
mod published;
mod publishing;
mod reports;
mod search;
mod search_bundles;
mod serve;
mod standard;
mod support;
mod validation;
