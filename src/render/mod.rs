//! Writing outputs: the workbooks (`xlsx`), the PDF documents (`pdf`), web
//! pages (`html`), the contents list both share (`contents`) and,
//! shared by every writer, putting a
//! file in place whole or not at all and keeping outputs out of the input folders.
//! Renders what it is given: it computes no figures and reads no inputs.

pub mod contents;
pub mod html;
pub mod markdown;
pub mod pdf;
pub mod xlsx;

use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

/// Writes `bytes` to `path` whole or not at all: to a hidden temporary file in the
/// same folder (so the rename cannot cross file systems), flushed to disk, then
/// renamed over `path`. A reader never sees a half-written file, and a failed
/// write leaves any earlier file at `path` untouched.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temporary = temporary_name(path)?;
    let written =
        write_and_sync(&temporary, bytes).and_then(|()| std::fs::rename(&temporary, path));
    if written.is_err() {
        // Best effort: the write already failed, and that failure is what to report.
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

/// Writes every file whole, or leaves every destination as it was: all are
/// first written beside their destinations under temporary names (creating
/// missing folders), and only when every one is on disk are they renamed into
/// place. On a failure before the renames, the temporary files and the
/// folders this call created are removed. A failure among the renames (the
/// disk vanishing half way) can leave the earlier files renamed: a rename does
/// not fail for want of space, so that is as far as files on disk allow.
/// Returns the path that failed with the error.
pub fn write_all_atomically(files: &[(PathBuf, Vec<u8>)]) -> Result<(), (PathBuf, std::io::Error)> {
    let mut created: Vec<PathBuf> = Vec::new();
    let mut staged: Vec<(PathBuf, &Path)> = Vec::new();
    let staging = files.iter().try_for_each(|(path, bytes)| {
        let fail = |e| (path.clone(), e);
        if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty()) {
            create_folders(folder, &mut created).map_err(fail)?;
        }
        let temporary = temporary_name(path).map_err(fail)?;
        write_and_sync(&temporary, bytes).map_err(|e| {
            let _ = std::fs::remove_file(&temporary);
            fail(e)
        })?;
        staged.push((temporary, path));
        Ok(())
    });
    if let Err(failure) = staging {
        // Best effort: the write already failed, and that failure is what to report.
        for (temporary, _) in &staged {
            let _ = std::fs::remove_file(temporary);
        }
        for folder in created.iter().rev() {
            let _ = std::fs::remove_dir(folder);
        }
        return Err(failure);
    }
    for (temporary, path) in &staged {
        std::fs::rename(temporary, path).map_err(|e| {
            let _ = std::fs::remove_file(temporary);
            (path.to_path_buf(), e)
        })?;
    }
    Ok(())
}

/// `create_dir_all`, remembering the folders it made (outermost first).
fn create_folders(folder: &Path, created: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut missing = Vec::new();
    let mut at = Some(folder);
    while let Some(f) = at.filter(|f| !f.as_os_str().is_empty() && !f.exists()) {
        missing.push(f.to_path_buf());
        at = f.parent();
    }
    for f in missing.into_iter().rev() {
        std::fs::create_dir(&f).or_else(|e| if f.is_dir() { Ok(()) } else { Err(e) })?;
        created.push(f);
    }
    Ok(())
}

fn write_and_sync(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// `.name.<pid>.partial` beside `path`: hidden, so that a folder scan skips it,
/// and per process, so that two runs never write into each other's file.
fn temporary_name(path: &Path) -> std::io::Result<PathBuf> {
    let name = path.file_name().ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{} is not a file name", path.display()),
        )
    })?;
    let hidden = format!(".{}.{}.partial", name.to_string_lossy(), std::process::id());
    Ok(path.with_file_name(hidden))
}

/// Why `out` may not receive outputs, or `None` when it may. Outputs go neither
/// into the input folders nor beside the inputs in them:
///
/// - not into the data folder (they would be read back as returns), nor into the
///   folder that holds it (`data/` around `data/returns`) — unless that folder
///   also holds the plan, in which case it is the project's own folder;
/// - not into the plan's folder — unless it also holds the data folder (the plan
///   kept in the project's own folder, beside `data/`).
///
/// Folders are compared after resolving `.`, `..` and symbolic links, so
/// `reports/../data` is caught.
pub fn out_dir_problem(out: &Path, plan_file: &Path, data_dir: &Path) -> Option<String> {
    let out_resolved = resolve(out);
    let data = resolve(data_dir);
    let plan_dir = plan_file.parent().unwrap_or_else(|| Path::new("."));
    let plan = resolve(plan_dir);
    let refuse = |folder: &str| {
        Some(format!(
            "--out {} is inside {folder}; outputs are never written among the inputs — choose a folder outside it (the default is reports)",
            out.display()
        ))
    };
    if out_resolved.starts_with(&data) {
        return refuse(&format!(
            "the data folder {} (they would be read as returns)",
            data_dir.display()
        ));
    }
    if let Some(data_parent) = data.parent() {
        let is_project_folder = plan.starts_with(data_parent);
        if !is_project_folder && out_resolved.starts_with(data_parent) {
            return refuse(&format!(
                "{}, the folder that holds the data folder",
                display_dir(data_dir.parent().unwrap_or(Path::new("")))
            ));
        }
    }
    let plan_folder_is_project = data.starts_with(&plan);
    if !plan_folder_is_project && out_resolved.starts_with(&plan) {
        return refuse(&format!("the plan's folder {}", display_dir(plan_dir)));
    }
    None
}

fn display_dir(dir: &Path) -> String {
    if dir.as_os_str().is_empty() {
        ".".to_string()
    } else {
        dir.display().to_string()
    }
}

/// The absolute form of `path` with links resolved as far as the path exists;
/// the rest (folders not yet created) is appended with `.` and `..` applied.
fn resolve(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .unwrap_or_else(|_| PathBuf::from("."))
            .join(path)
    };
    let mut existing = absolute.as_path();
    let mut missing: Vec<Component> = Vec::new();
    loop {
        if let Ok(found) = existing.canonicalize() {
            return apply(found, missing.into_iter().rev());
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                missing.push(last);
                existing = parent;
            }
            _ => return apply(PathBuf::new(), absolute.components()),
        }
    }
}

fn apply<'a>(mut base: PathBuf, rest: impl Iterator<Item = Component<'a>>) -> PathBuf {
    for part in rest {
        match part {
            Component::ParentDir => {
                base.pop();
            }
            Component::CurDir => {}
            other => base.push(other),
        }
    }
    base
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("plan")).expect("plan dir");
        std::fs::create_dir_all(dir.path().join("data/returns")).expect("data dir");
        dir
    }

    #[test]
    fn outputs_may_go_beside_the_input_folders() {
        let p = project();
        let plan = p.path().join("plan/delivery-plan.xlsx");
        let data = p.path().join("data/returns");
        assert_eq!(
            out_dir_problem(&p.path().join("reports"), &plan, &data),
            None
        );
        assert_eq!(out_dir_problem(p.path(), &plan, &data), None);
    }

    #[test]
    fn outputs_may_not_go_into_the_data_or_plan_folder() {
        let p = project();
        let plan = p.path().join("plan/delivery-plan.xlsx");
        let data = p.path().join("data/returns");
        let inside_data = out_dir_problem(&data.join("new"), &plan, &data);
        assert!(inside_data.is_some_and(|m| m.contains("the data folder")));
        let beside_data = out_dir_problem(&p.path().join("data/reports"), &plan, &data);
        assert!(beside_data.is_some_and(|m| m.contains("holds the data folder")));
        let sneaky = p.path().join("reports/../data/returns");
        assert!(out_dir_problem(&sneaky, &plan, &data).is_some());
        let inside_plan = out_dir_problem(&p.path().join("plan/out"), &plan, &data);
        assert!(inside_plan.is_some_and(|m| m.contains("plan's folder")));
    }

    #[test]
    fn a_project_folder_holding_plan_and_data_is_not_itself_out_of_bounds() {
        let p = project();
        let plan = p.path().join("delivery-plan.xlsx");
        let data = p.path().join("data/returns");
        assert_eq!(
            out_dir_problem(&p.path().join("reports"), &plan, &data),
            None
        );
        assert!(out_dir_problem(&data, &plan, &data).is_some());
        let returns_at_top = p.path().join("returns");
        let plan = p.path().join("plan/delivery-plan.xlsx");
        assert_eq!(
            out_dir_problem(&p.path().join("reports"), &plan, &returns_at_top),
            None
        );
    }

    #[test]
    fn an_atomic_write_replaces_the_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("out.xlsx");
        std::fs::write(&path, b"old").expect("old file");
        write_atomically(&path, b"new").expect("write");
        assert_eq!(std::fs::read(&path).expect("read"), b"new");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out.xlsx")]);
    }

    #[test]
    fn a_batch_is_written_whole_or_not_at_all() {
        let dir = tempfile::tempdir().expect("temp dir");
        let kept = dir.path().join("a.xlsx");
        std::fs::write(&kept, b"old").expect("old file");
        let blocker = dir.path().join("blocker");
        std::fs::write(&blocker, b"a file where a folder is wanted").expect("blocker");
        let files = vec![
            (kept.clone(), b"new".to_vec()),
            (dir.path().join("new/deeper/b.xlsx"), b"b".to_vec()),
            (blocker.join("c.xlsx"), b"c".to_vec()),
        ];
        let (failed, _) = write_all_atomically(&files).expect_err("the third cannot be written");
        assert_eq!(failed, blocker.join("c.xlsx"));
        assert_eq!(std::fs::read(&kept).expect("kept"), b"old");
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        names.sort();
        assert_eq!(
            names,
            vec!["a.xlsx", "blocker"],
            "no temporary or new folder left"
        );
        write_all_atomically(&files[..2]).expect("a good batch");
        assert_eq!(std::fs::read(&kept).expect("kept"), b"new");
        assert_eq!(
            std::fs::read(dir.path().join("new/deeper/b.xlsx")).expect("b"),
            b"b"
        );
    }

    #[test]
    fn a_write_that_cannot_start_leaves_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("missing-folder/out.xlsx");
        assert!(write_atomically(&path, b"new").is_err());
        assert!(!path.exists());
    }
}
