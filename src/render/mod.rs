//! Writing outputs: the workbooks (`xlsx`), the PDF documents (`pdf`), web
//! pages (`html`), the contents list both share (`contents`) and,
//! shared by every writer, putting a
//! file in place whole or not at all and keeping outputs out of the input folders.
//! Renders what it is given: it computes no figures and reads no inputs.

pub mod contents;
pub mod html;
pub mod markdown;
pub mod pdf;
pub mod svg;
pub mod xlsx;

use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

/// Writes `bytes` to `path` whole or not at all: to a hidden temporary file in the
/// same folder (so the rename cannot cross file systems), flushed to disk, then
/// renamed over `path`. A reader never sees a half-written file, and a failed
/// write leaves any earlier file at `path` untouched.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty()) {
        if !folder.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("the folder {} does not exist", folder.display()),
            ));
        }
    }
    write_all_atomically(&[(path.to_path_buf(), bytes.to_vec())]).map_err(|(_, e)| e)
}

/// Writes every file whole, or leaves every destination as it was: the files
/// of one run are a set (data contract, section 3). Under a lock on the set's
/// folder (see `FolderLock`), every file is first written beside its
/// destination under a temporary name (creating missing folders); only when
/// every one is on disk are they renamed into place, each earlier file kept
/// aside (hard-linked) until the last rename is done. A failure before the
/// renames removes the temporary files and the folders this call created; a
/// failed rename puts back the files already replaced, so a reader never
/// finds two files of one set from different runs. Temporary files left by a
/// run that died are removed by the next run into the same folder.
/// Returns the path that failed with the error; a folder in use by another
/// run gives an error of kind `WouldBlock` (see `is_folder_in_use`).
pub fn write_all_atomically(files: &[(PathBuf, Vec<u8>)]) -> Result<(), (PathBuf, std::io::Error)> {
    let Some(first) = files.first() else {
        return Ok(());
    };
    let mut created: Vec<PathBuf> = Vec::new();
    let remove_created = |created: &[PathBuf]| {
        for folder in created.iter().rev() {
            let _ = std::fs::remove_dir(folder);
        }
    };
    for (path, _) in files {
        if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty()) {
            if let Err(e) = create_folders(folder, &mut created) {
                remove_created(&created);
                return Err((path.clone(), e));
            }
        }
    }
    let folders = parent_folders(files);
    let lock_folder = common_folder(&folders);
    let lock = match FolderLock::acquire(&lock_folder, LOCK_WAIT) {
        Ok(lock) => lock,
        Err(e) => {
            remove_created(&created);
            return Err((first.0.clone(), e));
        }
    };
    for folder in &folders {
        remove_stale_temporaries(folder);
    }
    let staged = match stage(files) {
        Ok(staged) => staged,
        Err(failure) => {
            drop(lock);
            remove_created(&created);
            return Err(failure);
        }
    };
    let swapped = swap_in(staged);
    drop(lock);
    swapped
}

/// How long a run waits for another run to finish writing into the same folder.
pub const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// True for the error `write_all_atomically` gives when another run holds
/// the folder's lock past `LOCK_WAIT`.
pub fn is_folder_in_use(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::WouldBlock
}

/// Writes each file to its temporary name; on a failure, removes those
/// written and gives the path that failed.
fn stage(files: &[(PathBuf, Vec<u8>)]) -> Result<Vec<(PathBuf, &Path)>, (PathBuf, std::io::Error)> {
    let mut staged: Vec<(PathBuf, &Path)> = Vec::new();
    for (path, bytes) in files {
        let written = temporary_name(path, "partial").and_then(|temporary| {
            write_and_sync(&temporary, bytes)
                .map(|()| temporary.clone())
                .inspect_err(|_| {
                    let _ = std::fs::remove_file(&temporary);
                })
        });
        match written {
            Ok(temporary) => staged.push((temporary, path)),
            Err(e) => {
                // Best effort: the write already failed, and that failure is what to report.
                for (temporary, _) in &staged {
                    let _ = std::fs::remove_file(temporary);
                }
                return Err((path.clone(), e));
            }
        }
    }
    Ok(staged)
}

/// A destination replaced by `swap_in`, and where its earlier file was kept.
struct Replaced<'a> {
    path: &'a Path,
    earlier: Option<PathBuf>,
}

/// Renames every staged file into place. Each earlier file is first linked
/// aside, so that a failed rename can put back the ones already replaced;
/// the links are removed once every rename is done.
fn swap_in(staged: Vec<(PathBuf, &Path)>) -> Result<(), (PathBuf, std::io::Error)> {
    let mut done: Vec<Replaced> = Vec::new();
    for (i, (temporary, path)) in staged.iter().enumerate() {
        let renamed = keep_earlier(path).and_then(|earlier| {
            std::fs::rename(temporary, path)
                .map(|()| earlier.clone())
                .inspect_err(|_| {
                    if let Some(kept) = &earlier {
                        let _ = std::fs::remove_file(kept);
                    }
                })
        });
        match renamed {
            Ok(earlier) => done.push(Replaced { path, earlier }),
            Err(e) => {
                // Best effort: the rename already failed, and that failure is what to report.
                put_back(&done);
                for (temporary, _) in &staged[i..] {
                    let _ = std::fs::remove_file(temporary);
                }
                return Err((path.to_path_buf(), e));
            }
        }
    }
    for replaced in &done {
        if let Some(kept) = &replaced.earlier {
            let _ = std::fs::remove_file(kept);
        }
    }
    Ok(())
}

/// Links the file at `path`, if there is one, to `.name.<pid>.previous`.
/// Copies it where the file system has no hard links.
fn keep_earlier(path: &Path) -> std::io::Result<Option<PathBuf>> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() => {}
        _ => return Ok(None),
    }
    let kept = temporary_name(path, "previous")?;
    let _ = std::fs::remove_file(&kept);
    std::fs::hard_link(path, &kept)
        .or_else(|_| std::fs::copy(path, &kept).map(|_| ()))
        .map(|()| Some(kept))
}

/// Undoes the renames done, last first: the earlier file back in place, or
/// the new file removed where there was none.
fn put_back(done: &[Replaced]) {
    for replaced in done.iter().rev() {
        let _ = match &replaced.earlier {
            Some(kept) => std::fs::rename(kept, replaced.path),
            None => std::fs::remove_file(replaced.path),
        };
    }
}

/// The distinct folders of `files`, sorted ("." for a bare file name).
fn parent_folders(files: &[(PathBuf, Vec<u8>)]) -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = files
        .iter()
        .map(|(path, _)| match path.parent() {
            Some(f) if !f.as_os_str().is_empty() => f.to_path_buf(),
            _ => PathBuf::from("."),
        })
        .collect();
    folders.sort();
    folders.dedup();
    folders
}

/// The deepest folder holding all of `folders` (they are never empty).
fn common_folder(folders: &[PathBuf]) -> PathBuf {
    let mut common = folders
        .first()
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."));
    for f in folders {
        while !f.starts_with(&common) {
            if !common.pop() {
                return PathBuf::from(".");
            }
        }
    }
    if common.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        common
    }
}

/// An exclusive lock on an output folder, held while a run puts its set in
/// place: `.boardpack.lock` in the folder, locked with the operating
/// system's file lock (released by the system if the run dies) and removed
/// when the run lets go.
pub struct FolderLock {
    path: PathBuf,
    file: std::fs::File,
}

/// The lock file's name: hidden, so that a folder scan skips it.
pub const LOCK_NAME: &str = ".boardpack.lock";

impl FolderLock {
    /// Takes the lock of `folder`, waiting up to `wait` for another run to
    /// let go; after that, an error of kind `WouldBlock` saying the folder is
    /// in use.
    pub fn acquire(folder: &Path, wait: std::time::Duration) -> std::io::Result<FolderLock> {
        let path = folder.join(LOCK_NAME);
        let started = std::time::Instant::now();
        loop {
            let file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)?;
            match file.try_lock() {
                // The holder before us may have removed the file after we
                // opened it: a lock on a removed file guards nothing.
                Ok(()) if same_file(&file, &path) => return Ok(FolderLock { path, file }),
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {}
                Err(std::fs::TryLockError::Error(e)) => return Err(e),
            }
            drop(file);
            if started.elapsed() >= wait {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::WouldBlock,
                    format!(
                        "the folder {} is in use by another boardpack run (waited {} seconds); try again when it has finished",
                        display_dir(folder),
                        wait.as_secs()
                    ),
                ));
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        // Removed while still locked, so the next run opens a fresh file;
        // the lock itself goes with the handle.
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// Whether the open `file` is still the one at `path`.
fn same_file(file: &std::fs::File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::metadata(path)) {
            (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

/// Removes the temporary files (`.name.<pid>.partial`, `.name.<pid>.previous`)
/// that runs which died left in `folder`. Called under the folder's lock, so
/// no living run is writing them; a process that still lives is spared all
/// the same.
fn remove_stale_temporaries(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let Some(pid) = temporary_pid(&name) else {
            continue;
        };
        if pid != std::process::id() && !process_lives(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The process id in a temporary file's name, `.name.<pid>.partial` or
/// `.name.<pid>.previous`.
fn temporary_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?;
    let rest = rest
        .strip_suffix(".partial")
        .or_else(|| rest.strip_suffix(".previous"))?;
    let (_, pid) = rest.rsplit_once('.')?;
    pid.parse().ok()
}

fn process_lives(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        false
    }
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

/// `.name.<pid>.<suffix>` beside `path`: hidden, so that a folder scan skips
/// it, and per process, so that two runs never write into each other's file.
fn temporary_name(path: &Path, suffix: &str) -> std::io::Result<PathBuf> {
    let name = path.file_name().ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{} is not a file name", path.display()),
        )
    })?;
    let hidden = format!(
        ".{}.{}.{suffix}",
        name.to_string_lossy(),
        std::process::id()
    );
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

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_failed_rename_puts_back_the_files_already_replaced() {
        let dir = tempfile::tempdir().expect("temp dir");
        let first = dir.path().join("a-report.pdf");
        std::fs::write(&first, b"old report").expect("old report");
        // A folder where the second file goes: its rename fails.
        let second = dir.path().join("b-tracker.xlsx");
        std::fs::create_dir(&second).expect("blocking folder");
        std::fs::write(second.join("inside"), b"x").expect("not empty");
        let files = vec![
            (first.clone(), b"new report".to_vec()),
            (second.clone(), b"new tracker".to_vec()),
        ];
        let (failed, _) = write_all_atomically(&files).expect_err("the second rename fails");
        assert_eq!(failed, second);
        assert_eq!(std::fs::read(&first).expect("first"), b"old report");
        assert_eq!(names_in(dir.path()), vec!["a-report.pdf", "b-tracker.xlsx"]);
    }

    #[test]
    fn a_failed_rename_removes_a_new_file_that_had_no_earlier_one() {
        let dir = tempfile::tempdir().expect("temp dir");
        let second = dir.path().join("b.xlsx");
        std::fs::create_dir(&second).expect("blocking folder");
        std::fs::write(second.join("inside"), b"x").expect("not empty");
        let files = vec![
            (dir.path().join("a.pdf"), b"new".to_vec()),
            (second, b"new".to_vec()),
        ];
        assert!(write_all_atomically(&files).is_err());
        assert_eq!(names_in(dir.path()), vec!["b.xlsx"]);
    }

    #[test]
    fn temporary_files_of_dead_runs_are_removed_by_the_next_run() {
        let dir = tempfile::tempdir().expect("temp dir");
        // Above Linux's largest process id, so never a living process.
        let stale = [".a.pdf.999999999.partial", ".b.xlsx.999999998.previous"];
        for name in stale {
            std::fs::write(dir.path().join(name), b"left by a killed run").expect("stale");
        }
        std::fs::write(dir.path().join(".notes"), b"not ours").expect("other hidden file");
        write_all_atomically(&[(dir.path().join("a.pdf"), b"new".to_vec())]).expect("write");
        assert_eq!(names_in(dir.path()), vec![".notes", "a.pdf"]);
    }

    #[test]
    fn a_folder_locked_by_another_run_is_refused_after_the_wait() {
        let dir = tempfile::tempdir().expect("temp dir");
        let held = FolderLock::acquire(dir.path(), LOCK_WAIT).expect("first lock");
        let short = std::time::Duration::from_millis(100);
        let refused = FolderLock::acquire(dir.path(), short)
            .err()
            .expect("the folder is in use");
        assert!(is_folder_in_use(&refused));
        assert!(refused
            .to_string()
            .contains("in use by another boardpack run"));
        drop(held);
        let second = FolderLock::acquire(dir.path(), short).expect("free again");
        drop(second);
        assert!(
            names_in(dir.path()).is_empty(),
            "no lock file outlives its run"
        );
    }

    #[test]
    fn the_lock_is_on_the_deepest_folder_of_the_set() {
        let folders = vec![PathBuf::from("out/2015"), PathBuf::from("out/2015/web")];
        assert_eq!(common_folder(&folders), PathBuf::from("out/2015"));
        let apart = vec![PathBuf::from("out/a"), PathBuf::from("out/b")];
        assert_eq!(common_folder(&apart), PathBuf::from("out"));
        assert_eq!(temporary_pid(".tracker.xlsx.4242.partial"), Some(4242));
        assert_eq!(temporary_pid(".tracker.xlsx.partial"), None);
        assert_eq!(temporary_pid("tracker.xlsx.12.partial"), None);
    }

    #[test]
    fn a_write_that_cannot_start_leaves_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("missing-folder/out.xlsx");
        assert!(write_atomically(&path, b"new").is_err());
        assert!(!path.exists());
    }
}
