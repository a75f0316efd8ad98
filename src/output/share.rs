//! `build --part K/N`: which share of the output one process writes. Every part loads
//! and plans the whole site the same way, so numbering the planned pages and index
//! bundles and taking every N-th gives N disjoint shares whose union is the whole site;
//! `build --merge` puts them together.

use std::fmt;

/// Part `k` (counted from 0) of `n`; `Share::WHOLE` is a build of everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Share {
    k: usize,
    n: usize,
}

impl Share {
    pub const WHOLE: Share = Share { k: 0, n: 1 };

    /// Part `k` of `n`, both counted from 1 as users write them (`--part 2/3`).
    pub fn new(k: usize, n: usize) -> Option<Share> {
        (n >= 1 && (1..=n).contains(&k)).then(|| Share { k: k - 1, n })
    }

    /// Whether the `i`-th planned item (page, copied file, index bundle) is this part's.
    pub fn owns(self, i: usize) -> bool {
        i % self.n == self.k
    }

    /// Whether this part writes what belongs to no item: the list of index bundles, the
    /// lookup table, the theme's assets.
    pub fn owns_site_wide(self) -> bool {
        self.k == 0
    }

    pub fn is_whole(self) -> bool {
        self.n == 1
    }

    pub fn parts(self) -> usize {
        self.n
    }

    /// Counted from 1.
    pub fn number(self) -> usize {
        self.k + 1
    }
}

impl fmt::Display for Share {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.k + 1, self.n)
    }
}
