//! Integration tests: build real sites with the real binary and inspect the output.

mod build_output;
mod corpus;
mod demo;
mod never_publish;
mod support;
mod validation;
