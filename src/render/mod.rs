//! Writing outputs: the workbooks (`xlsx`), the PDF documents (`pdf`), web
//! pages (`html`), the contents list both share (`contents`) and,
//! shared by every writer, putting a
//! file in place whole or not at all and keeping outputs out of the input folders.
//! Renders what it is given: it computes no figures and reads no inputs.

pub mod html;
pub mod layout;
pub mod markdown;
pub mod markup;
pub mod pdf;
mod set;
pub mod svg;
pub mod text;
pub mod xlsx;

use std::path::{Component, Path, PathBuf};

pub use set::{
    is_folder_in_use, write_all_atomically, write_atomically, FolderLock, LOCK_NAME, LOCK_WAIT,
};

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

pub(super) fn display_dir(dir: &Path) -> String {
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
}
