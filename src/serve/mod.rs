//! `gongkai serve`: a local preview that rebuilds on every save and reloads the browser.

pub mod changes;
pub mod preview;
pub mod watch;
