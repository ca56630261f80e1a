//! One run's papers are a set (data contract, section 3): two runs into one
//! `--out` never leave the report of one beside the tracker of the other, a
//! run finding the folder in use waits a few seconds and then exits 2, and
//! the temporary files of a run that died are removed by the next run.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

const QUARTER: &str = "2014-15-Q3";

fn spawn_quarterly(dir: &Path, out: &str, as_of: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_boardpack"))
        .args(["quarterly", "--out", out, "--as-of", as_of])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts")
}

fn papers(dir: &Path, out: &str) -> (Vec<u8>, Vec<u8>) {
    let folder = dir.join(out).join(QUARTER);
    (
        std::fs::read(folder.join("subgroup-report.pdf")).expect("the report"),
        std::fs::read(folder.join("tracker.xlsx")).expect("the tracker"),
    )
}

fn names_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    names
}

/// Every try races two runs with different as-of dates into one folder;
/// the report and the tracker found afterwards are always both of one run
/// (each compared byte for byte with that run's papers made alone), and no
/// temporary or lock file is left.
#[test]
fn two_runs_racing_into_one_folder_never_leave_a_mixed_set() {
    const TRIES: usize = 200;
    let case = Case::clean(&[QUARTER]);
    // The police return alone: a small set of inputs keeps 400 runs quick.
    for entry in std::fs::read_dir(case.path("data/returns").join(QUARTER)).expect("returns") {
        let path = entry.expect("entry").path();
        if !path.ends_with("police.xlsx") {
            std::fs::remove_file(path).expect("remove a return");
        }
    }
    let dir = case.dir.path();
    let dates = ["2014-12-31", "2015-01-20"];
    let alone: Vec<(Vec<u8>, Vec<u8>)> = dates
        .iter()
        .enumerate()
        .map(|(i, as_of)| {
            let out = format!("alone-{i}");
            let mut run = spawn_quarterly(dir, &out, as_of);
            assert!(run.wait().expect("run").success());
            papers(dir, &out)
        })
        .collect();
    assert_ne!(alone[0].0, alone[1].0, "the as-of date shows in the report");
    assert_ne!(
        alone[0].1, alone[1].1,
        "the as-of date shows in the tracker"
    );
    let mut last_won = [0usize; 2];
    for attempt in 0..TRIES {
        let runs: Vec<Child> = dates
            .iter()
            .map(|as_of| spawn_quarterly(dir, "race", as_of))
            .collect();
        for run in runs {
            let out = run.wait_with_output().expect("run");
            assert!(
                out.status.success(),
                "try {attempt}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let found = papers(dir, "race");
        let winner = alone
            .iter()
            .position(|set| set.0 == found.0)
            .unwrap_or_else(|| panic!("try {attempt}: the report is of neither run"));
        assert!(
            alone[winner].1 == found.1,
            "try {attempt}: the report of one run beside the tracker of the other"
        );
        last_won[winner] += 1;
        assert_eq!(
            names_in(&dir.join("race").join(QUARTER)),
            vec!["subgroup-report.pdf", "tracker.xlsx"],
            "try {attempt}: a temporary or lock file outlived its run"
        );
    }
    eprintln!("last run to write: {last_won:?} of {TRIES}");
}

#[test]
fn a_run_finding_the_folder_in_use_waits_then_exits_2_saying_so() {
    let case = Case::clean(&[QUARTER]);
    let folder = case.path("reports").join(QUARTER);
    std::fs::create_dir_all(&folder).expect("out folder");
    // Another run holds the folder: the test takes its lock.
    let lock = std::fs::File::create(folder.join(".boardpack.lock")).expect("lock file");
    lock.lock().expect("the test holds the lock");
    let started = std::time::Instant::now();
    let out = case.run(&["quarterly"]);
    assert_eq!(exit_code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("in use by another boardpack run"),
        "{}",
        stderr(&out)
    );
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(4),
        "it waited for the other run"
    );
    assert!(!folder.join("subgroup-report.pdf").exists());
    drop(lock);
    let out = case.run(&["quarterly"]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
}

#[test]
fn temporary_files_left_by_a_killed_run_are_removed_by_the_next_run() {
    let case = Case::clean(&[QUARTER]);
    let folder = case.path("reports").join(QUARTER);
    std::fs::create_dir_all(&folder).expect("out folder");
    // Above Linux's largest process id: a run that is certainly dead.
    let stale: Vec<PathBuf> = [
        ".subgroup-report.pdf.999999999.partial",
        ".tracker.xlsx.999999999.partial",
    ]
    .iter()
    .map(|n| folder.join(n))
    .collect();
    for path in &stale {
        std::fs::write(path, b"half a file").expect("stale temporary");
    }
    let out = case.run(&["quarterly"]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        names_in(&folder),
        vec!["subgroup-report.pdf", "tracker.xlsx"]
    );
}

#[test]
fn a_rename_that_fails_leaves_the_earlier_set_whole() {
    let case = Case::clean(&[QUARTER]);
    let out = case.run(&["quarterly", "--as-of", "2014-12-31"]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
    let folder = case.path("reports").join(QUARTER);
    let earlier = papers(case.dir.path(), "reports");
    // One of the set cannot be replaced: a folder stands in its place.
    for blocked in ["subgroup-report.pdf", "tracker.xlsx"] {
        let kept = folder.join("kept");
        std::fs::rename(folder.join(blocked), &kept).expect("move aside");
        std::fs::create_dir(folder.join(blocked)).expect("blocking folder");
        std::fs::write(folder.join(blocked).join("x"), b"x").expect("not empty");
        let out = case.run(&["quarterly", "--as-of", "2015-01-20"]);
        assert_eq!(exit_code(&out), 2, "{}", stderr(&out));
        std::fs::remove_dir_all(folder.join(blocked)).expect("unblock");
        std::fs::rename(&kept, folder.join(blocked)).expect("move back");
        assert!(
            papers(case.dir.path(), "reports") == earlier,
            "blocking {blocked}: the earlier set is not whole"
        );
        assert_eq!(
            names_in(&folder),
            vec!["subgroup-report.pdf", "tracker.xlsx"]
        );
    }
}
