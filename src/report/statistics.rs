//! What the catalogue already knows about a year, so nobody types it by hand:
//! entries proactively disclosed (per month and category), their timeliness, and the
//! normative documents issued, repealed and in force. Counted from the site's entries
//! by `validate::statistics`; entries are indices into the site's entry list.

use crate::calendar::Timeliness;

#[derive(Debug, Clone, Default)]
pub struct Statistics {
    pub year: i32,
    /// Entries proactively disclosed in the year (by `published`), oldest first.
    pub disclosed: Vec<usize>,
    pub by_month: [usize; 12],
    /// Top-level categories with entries this year, in catalogue order: (category, per month).
    pub by_category: Vec<(usize, [usize; 12])>,
    /// Disclosed on time (`WorkingDayCalendar::timeliness`, Art. 26).
    pub on_time: usize,
    /// The others, with their deadline.
    pub late: Vec<(usize, Timeliness)>,
    /// Whether the calendar knows the official holidays of the years involved.
    pub calendar_known: bool,
    /// `None` when the catalogue marks no category `normative: true`.
    pub normative: Option<Normative>,
}

/// The normative-document category's entries, counted for one year.
#[derive(Debug, Clone, Default)]
pub struct Normative {
    pub category: usize,
    /// 本年制发 (2021 format) / 本年新制作 (trial): `created` in the year.
    pub issued: Vec<usize>,
    /// 本年废止: stopped being in force in the year (废止, and 失效 on expiry).
    pub repealed: Vec<usize>,
    /// Of `repealed`, those marked 失效 rather than 废止.
    pub expired: usize,
    /// 现行有效 at the end of the year.
    pub in_force: Vec<usize>,
    /// Trial format 本年新公开: `published` in the year.
    pub published: Vec<usize>,
    /// Trial format 对外公开总数量: published by the end of the year.
    pub total_public: Vec<usize>,
    /// 废止/失效 without a `repealed` date: cannot be placed in a year.
    pub undated: Vec<usize>,
}

impl Normative {
    /// The derived count for a table 二 cell of the normative-documents row.
    pub fn count(&self, cell: &str) -> Option<&[usize]> {
        Some(match cell {
            "issued" | "made" => &self.issued,
            "repealed" => &self.repealed,
            "in_force" => &self.in_force,
            "published" => &self.published,
            "total" => &self.total_public,
            _ => return None,
        })
    }
}

impl Statistics {
    /// Share disclosed on time, in whole percent (`None` when nothing was disclosed).
    pub fn on_time_percent(&self) -> Option<u32> {
        let n = self.disclosed.len();
        (n > 0).then(|| ((self.on_time * 1000 / n + 5) / 10) as u32)
    }
}
