//! The module boundaries of `src/` (README, "How it works"): the top-level modules form
//! no cycle, and the layers keep to their rules. Read from the `crate::…` paths of every
//! source file outside its `#[cfg(test)]` module, so a use that would tie the model to
//! the renderer, or the pipeline to the authoring tools, fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// Top-level module → the top-level modules it uses.
type Graph = BTreeMap<String, BTreeSet<String>>;

fn graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut g = Graph::new();
    for entry in walk(&src) {
        let rel = entry.strip_prefix(&src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        if first == "bin" || first == "main.rs" || first == "lib.rs" {
            continue;
        }
        let module = first.trim_end_matches(".rs").to_string();
        let text = fs::read_to_string(&entry).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap();
        let uses = g.entry(module.clone()).or_default();
        for used in crate_paths(code) {
            if used != module {
                uses.insert(used);
            }
        }
    }
    g
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out
}

/// The top-level module names after `crate::`, including those inside
/// `use crate::{a::…, b}` groups.
fn crate_paths(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let before = code[..at].chars().last();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue; // e.g. `$crate::`, `my_crate::`
        }
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = matching_brace(group);
            let mut depth = 0;
            let mut item = String::new();
            for c in group[..end].chars().chain([',']) {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        let name = ident(item.trim());
                        if !name.is_empty() && name != "self" {
                            found.insert(name);
                        }
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
        } else {
            let name = ident(rest);
            if !name.is_empty() {
                found.insert(name);
            }
        }
    }
    found
}

fn matching_brace(s: &str) -> usize {
    let mut depth = 1;
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    s.len()
}

fn ident(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// A cycle among the modules, if there is one (depth-first search).
fn cycle(g: &Graph) -> Option<Vec<String>> {
    fn visit(
        g: &Graph,
        node: &str,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == node) {
            let mut c = path[i..].to_vec();
            c.push(node.to_string());
            return Some(c);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in g.get(node).into_iter().flatten() {
            if let Some(c) = visit(g, next, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    g.keys()
        .find_map(|k| visit(g, k, &mut Vec::new(), &mut done))
}

#[test]
fn the_parser_reads_paths_and_groups() {
    let found = crate_paths(
        "use crate::site::{Entry, Site};\nuse crate::{output::layout, report::{self, Report}};\nlet x = crate::search::write_index(); $crate::ignored::x;",
    );
    let names: Vec<&str> = found.iter().map(String::as_str).collect();
    assert_eq!(names, ["output", "report", "search", "site"]);
}

#[test]
fn no_cycles_among_top_level_modules() {
    let g = graph();
    assert!(g.len() > 10, "found only {:?}", g.keys());
    if let Some(c) = cycle(&g) {
        panic!("top-level modules form a cycle: {}", c.join(" → "));
    }
}

/// The build pipeline, bottom to top (README, "How it works"): each module uses only
/// modules before it here. So the model (`site`) uses no renderer, search, output or
/// validation, the report and the standard sit below the model, and search indexes the
/// model rather than rendered pages.
const PIPELINE: &[&str] = &[
    "diagnostics",
    "source",
    "output",
    "calendar",
    "standard",
    "report",
    "site",
    "validate",
    "search",
    "render",
    "build",
];

/// The tools on top of the pipeline, which it never uses; none of them uses another.
const TOOLS: &[&str] = &["inspect", "serve", "authoring", "cli"];

#[test]
fn layers_keep_to_their_rules() {
    let g = graph();
    let known: BTreeSet<&str> = PIPELINE.iter().chain(TOOLS).copied().collect();
    let found: BTreeSet<&str> = g.keys().map(String::as_str).collect();
    assert_eq!(
        found, known,
        "a new top-level module belongs in PIPELINE or TOOLS"
    );
    let mut broken = Vec::new();
    for (module, uses) in &g {
        for used in uses {
            let (m, u) = (module.as_str(), used.as_str());
            let layer = |x: &str| PIPELINE.iter().position(|p| *p == x);
            let why = match (layer(m), layer(u)) {
                (Some(a), Some(b)) if b > a => "a pipeline stage uses only the stages below it",
                (Some(_), None) => "the pipeline never uses the tools above it",
                (None, None) if m != "cli" => "only cli uses the other tools",
                _ => continue,
            };
            broken.push(format!("{m} uses {u} ({why})"));
        }
    }
    // Authoring writes sources: it needs the model, not the pages or the search index.
    for u in ["render", "search", "build", "validate"] {
        if g["authoring"].contains(u) {
            broken.push(format!(
                "authoring uses {u} (authoring writes sources, not sites)"
            ));
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}
