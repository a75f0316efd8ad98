//! How long one body of deeply nested raw HTML takes to render (sanitised), at growing
//! depths: `cargo run --release --example raw_html_nesting`. Before the depth cap
//! (`source::raw_html`) the time grew with the square of the depth (100,000 nested
//! `<div>`s in a 1 MB body: about a minute); now it grows with the body's size.

use std::time::Instant;

use gongkai::source::markdown::to_html;

fn main() {
    println!("depth\tbody KB\tdiv ms\tb/i ms\ttable ms\tquote ms");
    for depth in [12_500, 25_000, 50_000, 100_000] {
        let time = |body: &str| {
            let t = Instant::now();
            let html = to_html(body, true);
            std::hint::black_box(html);
            t.elapsed().as_secs_f64() * 1000.0
        };
        let div = format!("{}x{}", "<div>".repeat(depth), "</div>".repeat(depth));
        let formatting = format!("{}x", "<b><i>".repeat(depth / 2));
        let tables = format!("{}x", "<table><tr><td>".repeat(depth / 3));
        let quotes = format!("{}x", "> ".repeat(depth));
        println!(
            "{depth}\t{}\t{:.1}\t{:.1}\t{:.1}\t{:.1}",
            div.len() / 1024,
            time(&div),
            time(&formatting),
            time(&tables),
            time(&quotes)
        );
    }
}
