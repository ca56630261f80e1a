//! The foreign fixtures are a copy of ../shared/fixtures/foreign (a fresh clone
//! has no ../shared). When the shared set changes, this test says so, so the
//! copy is refreshed rather than silently drifting.

use std::path::{Path, PathBuf};

fn files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn foreign_fixtures_match_the_shared_copy() {
    let ours = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/foreign");
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/foreign");
    if !shared.is_dir() {
        eprintln!("no ../shared here; the committed copy stands");
        return;
    }
    let refresh = "refresh with: rm -r tests/fixtures/foreign && cp -r ../shared/fixtures/foreign tests/fixtures/";
    assert_eq!(
        files(&ours),
        files(&shared),
        "the file lists differ; {refresh}"
    );
    for f in files(&shared) {
        assert!(
            std::fs::read(ours.join(&f)).unwrap() == std::fs::read(shared.join(&f)).unwrap(),
            "{} differs from the shared copy; {refresh}",
            f.display()
        );
    }
}
