//! The swap journal: the destinations a run is about to replace, written and
//! flushed before its first rename and removed after its last, so that the
//! next run into the folder can put back the earlier set of a run that died
//! between two renames. Touches only the set's own files and their links.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::{process_lives, temporary_name_for};

/// How the journal is named in the set's folder, for messages.
pub(super) const NAME_PATTERN: &str = ".boardpack.<pid>.swap";

/// A destination that had an earlier file, linked aside as `.name.<pid>.previous`.
const KEPT: &str = "kept";
/// A destination that had none: undoing the swap removes it.
const NEW: &str = "new";
/// The last line: a journal without it was cut short before any rename.
const END: &str = "end";

/// A swap in progress; `commit` ends it.
pub(super) struct Journal {
    path: PathBuf,
}

impl Journal {
    /// The swap is done: nothing is to be undone any more.
    pub(super) fn commit(self) {
        let _ = std::fs::remove_file(&self.path);
        sync_folder(self.path.parent());
    }
}

/// Writes down, on disk, the swap of `entries` (each destination and whether
/// it had an earlier file) in `folder`, which holds every destination.
pub(super) fn begin(folder: &Path, entries: &[(&Path, bool)]) -> std::io::Result<Journal> {
    let mut text = String::new();
    for (path, had_earlier) in entries {
        let relative = relative_to(path, folder).ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!(
                    "{} cannot be written down in the swap journal",
                    path.display()
                ),
            )
        })?;
        let kind = if *had_earlier { KEPT } else { NEW };
        text.push_str(&format!("{kind}\t{relative}\n"));
    }
    text.push_str(END);
    text.push('\n');
    let path = folder.join(name(std::process::id()));
    let mut file = std::fs::File::create(&path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    sync_folder(Some(folder));
    Ok(Journal { path })
}

/// Puts back the earlier set of every run that died in the middle of its
/// swap into `folder`, and removes the journals of runs that died before
/// their first rename. A living run's journal is left alone. Gives the dead
/// runs whose swap could not be undone: their links must stay.
pub(super) fn recover(folder: &Path) -> Vec<u32> {
    let mut unfinished = Vec::new();
    let Ok(entries) = std::fs::read_dir(folder) else {
        return unfinished;
    };
    for entry in entries.flatten() {
        let Some(pid) = journal_pid(&entry.file_name().to_string_lossy()) else {
            continue;
        };
        if pid == std::process::id() || process_lives(pid) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            unfinished.push(pid);
            continue;
        };
        // Kept when a step could not be undone, so that the next run tries again.
        if roll_back(folder, pid, &text) {
            let _ = std::fs::remove_file(entry.path());
        } else {
            unfinished.push(pid);
        }
    }
    unfinished
}

/// Undoes the swap written down in `text`; true when nothing is left to undo.
fn roll_back(folder: &Path, pid: u32, text: &str) -> bool {
    let lines: Vec<&str> = text.lines().collect();
    if lines.last() != Some(&END) {
        return true;
    }
    let mut all = true;
    for line in lines.iter().rev().skip(1) {
        let Some((kind, relative)) = line.split_once('\t') else {
            continue;
        };
        let path = folder.join(relative);
        let undone = match kind {
            KEPT => put_back_earlier(&path, pid),
            NEW => remove_if_present(&path),
            _ => Ok(()),
        };
        all &= undone.is_ok();
    }
    all
}

fn put_back_earlier(path: &Path, pid: u32) -> std::io::Result<()> {
    let kept = temporary_name_for(path, pid, "previous")?;
    if std::fs::symlink_metadata(&kept).is_err() {
        return Ok(());
    }
    std::fs::rename(kept, path)
}

fn remove_if_present(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        done => done,
    }
}

fn name(pid: u32) -> String {
    format!(".boardpack.{pid}.swap")
}

fn journal_pid(name: &str) -> Option<u32> {
    name.strip_prefix(".boardpack.")?
        .strip_suffix(".swap")?
        .parse()
        .ok()
}

/// `path` relative to `folder` as one line of text ("." holds bare names).
fn relative_to<'a>(path: &'a Path, folder: &Path) -> Option<&'a str> {
    let relative = if folder == Path::new(".") && path.is_relative() {
        path.strip_prefix(".").unwrap_or(path)
    } else {
        path.strip_prefix(folder).ok()?
    };
    relative
        .to_str()
        .filter(|r| !r.is_empty() && !r.contains(['\n', '\t']))
}

/// Makes a file's creation or removal in `folder` durable; best effort.
fn sync_folder(folder: Option<&Path>) {
    let folder = folder
        .filter(|f| !f.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Ok(handle) = std::fs::File::open(folder) {
        let _ = handle.sync_all();
    }
}
