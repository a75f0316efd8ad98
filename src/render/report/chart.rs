//! Bar charts of a year's disclosures, as geometry for an inline SVG.
//!
//! The theme draws the SVG (`partials/report_chart.html`), so labels are escaped by the
//! template engine and colours come from the stylesheet; no JavaScript is involved.
//! Each chart carries a `<title>` and a `<desc>` that states every value in words, and
//! the page also shows the numbers as a table.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct BarChart {
    /// Prefix of the SVG's element ids (unique on the page).
    pub id: &'static str,
    pub title: String,
    /// Every value in words, for screen readers.
    pub desc: String,
    pub width: u32,
    pub height: u32,
    /// The baseline: a line from (x1, y1) to (x2, y2).
    pub axis: [u32; 4],
    pub bars: Vec<Bar>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Bar {
    pub label: String,
    pub value: usize,
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
    /// Where the category or month label goes, and its anchor (`middle`/`end`).
    pub label_x: u32,
    pub label_y: u32,
    pub label_anchor: &'static str,
    /// Where the value is written.
    pub value_x: u32,
    pub value_y: u32,
    pub value_anchor: &'static str,
}

const WIDTH: u32 = 720;

/// Vertical bars, one per month.
pub fn months(year: i32, by_month: &[usize; 12]) -> BarChart {
    let (left, right, top, bottom) = (16, 16, 28, 40);
    let height = 250;
    let plot_w = WIDTH - left - right;
    let plot_h = height - top - bottom;
    let max = by_month.iter().copied().max().unwrap_or(0).max(1);
    let slot = plot_w / 12;
    let bar_w = slot * 3 / 5;
    let base = top + plot_h;
    let bars = by_month
        .iter()
        .enumerate()
        .map(|(m, &value)| {
            let h = (value as u64 * plot_h as u64 / max as u64) as u32;
            let x = left + slot * m as u32 + (slot - bar_w) / 2;
            Bar {
                label: format!("{}月", m + 1),
                value,
                x,
                y: base - h,
                width: bar_w,
                height: h,
                label_x: x + bar_w / 2,
                label_y: base + 24,
                label_anchor: "middle",
                value_x: x + bar_w / 2,
                value_y: base - h - 8,
                value_anchor: "middle",
            }
        })
        .collect();
    let total: usize = by_month.iter().sum();
    let parts: Vec<String> = by_month
        .iter()
        .enumerate()
        .map(|(m, n)| format!("{}月{n}条", m + 1))
        .collect();
    BarChart {
        id: "chart-months",
        title: format!("{year}年各月主动公开政府信息数量"),
        desc: format!("{}；全年共{total}条。", parts.join("，")),
        width: WIDTH,
        height,
        axis: [left, base, WIDTH - right, base],
        bars,
    }
}

/// Horizontal bars, one per category (name, count), in the order given.
pub fn categories(year: i32, rows: &[(String, usize)]) -> BarChart {
    let (label_w, right, top, row_h) = (230, 60, 12, 34);
    let height = top * 2 + row_h * rows.len().max(1) as u32;
    let plot_w = WIDTH - label_w - right;
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, (name, value))| {
            let y = top + row_h * i as u32;
            let w = (*value as u64 * plot_w as u64 / max as u64) as u32;
            Bar {
                label: name.clone(),
                value: *value,
                x: label_w,
                y: y + 6,
                width: w,
                height: row_h - 12,
                label_x: label_w - 10,
                label_y: y + row_h / 2 + 6,
                label_anchor: "end",
                value_x: label_w + w + 8,
                value_y: y + row_h / 2 + 6,
                value_anchor: "start",
            }
        })
        .collect();
    let parts: Vec<String> = rows.iter().map(|(n, v)| format!("{n}{v}条")).collect();
    BarChart {
        id: "chart-categories",
        title: format!("{year}年各类别主动公开政府信息数量"),
        desc: if parts.is_empty() {
            "本年度没有主动公开的政府信息。".into()
        } else {
            format!("{}。", parts.join("，"))
        },
        width: WIDTH,
        height,
        axis: [label_w, top, label_w, height - top],
        bars,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_bars_scale_to_the_largest() {
        let mut m = [0; 12];
        m[0] = 4;
        m[5] = 2;
        let c = months(2024, &m);
        assert_eq!(c.bars.len(), 12);
        let plot_h = c.axis[1] - 28;
        assert_eq!(c.bars[0].height, plot_h);
        assert_eq!(c.bars[5].height, plot_h / 2);
        assert_eq!(c.bars[1].height, 0);
        assert!(c.bars.iter().all(|b| b.y + b.height == c.axis[1]));
        assert!(
            c.desc.starts_with("1月4条，2月0条") && c.desc.ends_with("全年共6条。"),
            "{}",
            c.desc
        );
        assert!(c.bars.windows(2).all(|w| w[0].x < w[1].x));
    }

    #[test]
    fn category_bars_fit_the_width() {
        let c = categories(2024, &[("政策文件".into(), 9), ("社会救助".into(), 3)]);
        assert_eq!(c.bars[0].x + c.bars[0].width, WIDTH - 60);
        assert_eq!(c.bars[1].width, c.bars[0].width / 3);
        assert!(c.height >= 2 * 34);
        assert_eq!(c.desc, "政策文件9条，社会救助3条。");
        let empty = categories(2024, &[]);
        assert!(empty.bars.is_empty() && empty.desc.contains("没有"));
    }
}
