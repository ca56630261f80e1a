//! The shape of the code (README, "Layout"; docs/architecture.md): modules
//! import one another without circles, `render/` draws prepared data and
//! calls no function of `metrics`, `tracking` or `quality`, the PDF and the
//! web-page writers share the document model but import nothing of each
//! other, and no source file runs past 700 lines before its tests without
//! saying why at its top. These read the source under `src/`; they run no
//! binary and say nothing about outputs.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A file's lines before its tests past which it must say why it is long.
const MAX_LINES: usize = 700;

/// What a long file's `//!` header says to be allowed its length.
const LONG_REASON: &str = "Long by nature:";

struct Module {
    /// `render::pdf::emit`; `crate` for lib.rs.
    name: String,
    path: PathBuf,
    /// The code before its `#[cfg(test)]` items, comments left out.
    body: String,
    /// How many lines come before its tests.
    lines: usize,
    /// Its `//!` lines.
    header: String,
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn modules() -> Vec<Module> {
    let mut files = Vec::new();
    collect_rs(&src(), &mut files);
    files
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n != "main.rs"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("a source file");
            let before = before_tests(&text);
            Module {
                name: module_name(&path),
                body: code_of(before),
                lines: before.lines().count(),
                header: text
                    .lines()
                    .take_while(|l| l.starts_with("//!"))
                    .collect::<Vec<_>>()
                    .join("\n"),
                path,
            }
        })
        .collect()
}

fn collect_rs(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            collect_rs(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn module_name(path: &Path) -> String {
    let rel = path.strip_prefix(src()).expect("under src");
    let mut parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    if parts.is_empty() {
        "crate".to_string()
    } else {
        parts.join("::")
    }
}

/// The lines that are code: comments (doc comments included) name modules
/// in prose, which is no import.
fn code_of(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn before_tests(text: &str) -> &str {
    text.find("\n#[cfg(test)]").map_or(text, |at| &text[..at])
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Every path written from `crate`, `super` or `self` in `code`, as the
/// segments after that root (a `{a, b::c}` group gives one path per item),
/// with the root resolved against `module`.
fn paths(module: &str, code: &str) -> Vec<Vec<String>> {
    let own: Vec<String> = if module == "crate" {
        Vec::new()
    } else {
        module.split("::").map(str::to_string).collect()
    };
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < code.len() {
        if !code.is_char_boundary(i) {
            i += 1;
            continue;
        }
        let boundary = i == 0 || !is_ident(bytes[i - 1] as char);
        let root = ["crate::", "super::", "self::"]
            .into_iter()
            .find(|r| boundary && code[i..].starts_with(r));
        let Some(root) = root else {
            i += 1;
            continue;
        };
        let mut base = match root {
            "crate::" => Vec::new(),
            "super::" => own[..own.len().saturating_sub(1)].to_vec(),
            _ => own.clone(),
        };
        let mut rest = &code[i + root.len()..];
        while let Some(more) = rest.strip_prefix("super::") {
            base.pop();
            rest = more;
        }
        let consumed = code.len() - rest.len();
        for tail in segments(rest) {
            let mut path = base.clone();
            path.extend(tail);
            out.push(path);
        }
        i = consumed;
    }
    out
}

/// `a::b::{c, d::e}` → [a b c], [a b d e]; stops at the first character
/// that is not part of a path.
fn segments(text: &str) -> Vec<Vec<String>> {
    let mut head = Vec::new();
    let mut rest = text.trim_start();
    loop {
        let len = rest.find(|c: char| !is_ident(c)).unwrap_or(rest.len());
        if len > 0 {
            head.push(rest[..len].to_string());
            rest = &rest[len..];
        }
        if let Some(more) = rest.strip_prefix("::") {
            rest = more.trim_start();
            if let Some(group) = rest.strip_prefix('{') {
                return split_group(group)
                    .into_iter()
                    .flat_map(|item| {
                        segments(item).into_iter().map(|tail| {
                            let mut path = head.clone();
                            path.extend(tail);
                            path
                        })
                    })
                    .collect();
            }
            continue;
        }
        return vec![head];
    }
}

/// The items of a `{…}` group (its text after `{`), split at top-level commas.
fn split_group(text: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                items.push(&text[start..i]);
                return items;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items
}

/// The longest leading part of `path` that names a module.
fn module_of(path: &[String], names: &BTreeSet<String>) -> Option<String> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].join("::"))
        .find(|name| names.contains(name))
}

fn is_within(inner: &str, outer: &str) -> bool {
    outer == "crate" || inner == outer || inner.starts_with(&format!("{outer}::"))
}

/// Which modules each module imports, lifted to siblings: an import from
/// `a::b::c` of `a::d::e` is `a::b` importing `a::d`, since a module and its
/// submodules are one unit to their neighbours. Imports between a module and
/// its own ancestors or descendants (a parent re-exporting its children's
/// items, a child naming its parent's error type) are inside that unit.
fn imports(modules: &[Module]) -> BTreeMap<String, BTreeSet<String>> {
    let names: BTreeSet<String> = modules.iter().map(|m| m.name.clone()).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for m in modules {
        for target in paths(&m.name, &m.body)
            .iter()
            .filter_map(|p| module_of(p, &names))
        {
            if is_within(&target, &m.name) || is_within(&m.name, &target) {
                continue;
            }
            let (from, to) = siblings(&m.name, &target);
            graph.entry(from).or_default().insert(to);
        }
    }
    graph
}

/// The two children of `a` and `b`'s deepest common module that hold them.
fn siblings(a: &str, b: &str) -> (String, String) {
    let a: Vec<&str> = a.split("::").collect();
    let b: Vec<&str> = b.split("::").collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    (a[..=common].join("::"), b[..=common].join("::"))
}

/// The groups of modules that import one another in a circle (Tarjan).
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'g> {
        graph: &'g BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        for w in s.graph.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.stack.contains(&w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let at = s.stack.iter().rposition(|x| *x == v).expect("on the stack");
            let group: Vec<String> = s.stack.drain(at..).map(str::to_string).collect();
            if group.len() > 1 {
                s.found.push(group);
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !state.index.contains_key(v.as_str()) {
            visit(&mut state, v);
        }
    }
    state.found
}

/// Which modules each module imports, as written (for naming crossings).
fn imports_unlifted(modules: &[Module]) -> BTreeMap<String, BTreeSet<String>> {
    let names: BTreeSet<String> = modules.iter().map(|m| m.name.clone()).collect();
    modules
        .iter()
        .map(|m| {
            let targets = paths(&m.name, &m.body)
                .iter()
                .filter_map(|p| module_of(p, &names))
                .collect();
            (m.name.clone(), targets)
        })
        .collect()
}

#[test]
fn no_two_modules_import_each_other_even_through_others() {
    let found = circles(&imports(&modules()));
    assert!(found.is_empty(), "import circles: {found:?}");
}

#[test]
fn render_calls_no_function_of_metrics_tracking_or_quality() {
    let mut calls = Vec::new();
    for m in modules().iter().filter(|m| is_within(&m.name, "render")) {
        for path in paths(&m.name, &m.body) {
            let computes = ["metrics", "tracking", "quality"]
                .iter()
                .any(|c| path.first().is_some_and(|p| p == c));
            // A type or constant (capitalised) is data; a module or a
            // function (lower case) would let the writer compute.
            let data = path
                .last()
                .and_then(|s| s.chars().next())
                .is_some_and(|c| c.is_ascii_uppercase());
            if computes && !data {
                calls.push(format!("{}: crate::{}", m.name, path.join("::")));
            }
        }
    }
    assert!(
        calls.is_empty(),
        "render/ reaches into computation: {calls:?}"
    );
}

#[test]
fn the_pdf_and_web_writers_import_nothing_of_each_other() {
    let written = imports_unlifted(&modules());
    let web = [
        "render::html",
        "render::svg",
        "render::markup",
        "render::markdown",
    ];
    let mut crossings = Vec::new();
    for (from, targets) in &written {
        for to in targets {
            let pdf_to_web = is_within(from, "render::pdf") && web.iter().any(|w| is_within(to, w));
            let web_to_pdf = web.iter().any(|w| is_within(from, w)) && is_within(to, "render::pdf");
            if pdf_to_web || web_to_pdf {
                crossings.push(format!("{from} → {to}"));
            }
        }
    }
    assert!(crossings.is_empty(), "{crossings:?}");
    // Both draw the one document model.
    for writer in ["render::html", "render::pdf::tags"] {
        assert!(
            written[writer].iter().any(|t| is_within(t, "document")),
            "{writer}"
        );
    }
}

#[test]
fn no_file_is_long_without_saying_why() {
    let long: Vec<String> = modules()
        .iter()
        .filter(|m| m.lines > MAX_LINES)
        // A file of tests is all tests.
        .filter(|m| m.path.file_name().is_some_and(|n| n != "tests.rs"))
        .filter(|m| !m.header.contains(LONG_REASON))
        .map(|m| format!("{} ({} lines)", m.path.display(), m.lines))
        .collect();
    assert!(
        long.is_empty(),
        "over {MAX_LINES} lines before tests: {long:?}"
    );
}

#[test]
fn paths_are_read_as_rust_resolves_them() {
    let found = paths(
        "render::layout::chart",
        "use super::items::{Item, wrap::{a, b}};\nuse crate::document::Rgb; self::marks::x(); super::super::text::Face",
    );
    let found: Vec<String> = found.iter().map(|p| p.join("::")).collect();
    assert_eq!(
        found,
        [
            "render::layout::items::Item",
            "render::layout::items::wrap::a",
            "render::layout::items::wrap::b",
            "document::Rgb",
            "render::layout::chart::marks::x",
            "render::text::Face",
        ]
    );
    let graph: BTreeMap<String, BTreeSet<String>> =
        [("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")]
            .iter()
            .map(|(f, t)| (f.to_string(), BTreeSet::from([t.to_string()])))
            .collect();
    assert_eq!(circles(&graph).len(), 1, "a → b → c → a is one circle");
}
