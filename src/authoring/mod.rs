//! Authoring: the tools that write source files for users (`init`, `new`, `import`,
//! `export`). The build pipeline never uses them.

pub mod catalogue_io;
pub mod entry_file;
pub mod numbering;
pub mod scaffold;
pub mod workspace;
