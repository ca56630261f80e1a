//! The chair's week before the meeting, run as the chair would: `check` says
//! who has not sent a return (and how late), `status` gives the chasing
//! picture, old warnings are not repeated by every command, `templates` never
//! overwrites the chair's edits, input text cannot drive the terminal, and
//! every command's `--help` agrees with README's command table.

mod common;

use calamine::Data;
use common::*;
use std::collections::BTreeSet;
use std::path::Path;

const PLAN: &str = "plan/delivery-plan.xlsx";
const POLICE_Q2: &str = "data/returns/2015-16-Q2/police.xlsx";
/// The name the shipped plan gives PROJ28.
const PROJECT_28: &str = "Project 28 (young people's drug and alcohol service)";

fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("JSON ({e}): {}{}", stdout(out), stderr(out)))
}

/// Sets the cell of `sheet` in the column headed `header` on the row whose
/// first cell is `key`.
fn set_by_key(path: &Path, sheet: &str, key: &str, header: &str, value: &str) {
    edit_sheets(path, |sheets| {
        let grid = &mut sheets
            .iter_mut()
            .find(|(n, _)| n == sheet)
            .unwrap_or_else(|| panic!("sheet {sheet}"))
            .1;
        let col = grid[0]
            .iter()
            .position(|c| matches!(c, Data::String(s) if s == header))
            .unwrap_or_else(|| panic!("column {header}"));
        let row = grid
            .iter()
            .position(|r| matches!(r.first(), Some(Data::String(s)) if s == key))
            .unwrap_or_else(|| panic!("row {key}"));
        put(grid, row, col, Data::String(value.to_string()));
    });
}

#[test]
fn check_names_the_missing_return_with_its_deadline_and_days_late() {
    let case = Case::shipped();
    let out = case.run(&["check", "--as-of", "20/07/2015"]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(&format!("data/returns/2015-16-Q1\n  warning: PROJ28, {PROJECT_28}, has sent no return for 2015-16 Q1: due 15/07/2015, 5 days late as of 20/07/2015; it goes in this folder as proj28.xlsx [return-missing]")),
        "{text}"
    );
    assert!(
        text.contains(&format!("  2015-16 Q1: 11 of 12 returns received; missing: {PROJECT_28} (due 15/07/2015, 5 days late).\n")),
        "{text}"
    );
    assert!(
        text.contains("  2014-15 Q3: 12 of 12 returns received, none missing (due 15/01/2015).\n"),
        "{text}"
    );
    let last = text.lines().last().unwrap_or_default();
    assert_eq!(
        last,
        "48 files checked: 0 errors, 2 warnings — the inputs can be used, but 1 return is missing (listed above): chase it, or the report will show it as missing."
    );
}

#[test]
fn days_late_are_counted_to_the_as_of_date_given() {
    let case = Case::shipped();
    let on_the_day = stdout(&case.run(&["check", "--as-of", "2015-07-15"]));
    assert!(
        on_the_day.contains(&format!("{PROJECT_28} (due 15/07/2015, due today)")),
        "{on_the_day}"
    );
    let before = stdout(&case.run(&["check", "--as-of", "2015-07-14"]));
    assert!(
        before.contains(&format!("{PROJECT_28} (due 15/07/2015, due in 1 day)")),
        "{before}"
    );
    let bad = case.run(&["check", "--as-of", "2015-13-01"]);
    assert_eq!(exit_code(&bad), 2);
    assert!(stderr(&bad).contains("--as-of"), "{}", stderr(&bad));
}

#[test]
fn check_json_carries_the_missing_return() {
    let case = Case::shipped();
    let out = case.run(&["check", "--json", "--as-of", "20/07/2015"]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
    let diags = json(&out);
    let missing = with_code(diags.as_array().expect("array"), "return-missing");
    assert_eq!(missing.len(), 1, "{diags:#}");
    let m = missing[0];
    assert_eq!(m["severity"], "warning");
    assert_eq!(m["file"], "data/returns/2015-16-Q1");
    assert_eq!(m["quarter"], "2015-16 Q1");
    assert_eq!(m["agency"], "PROJ28");
    assert_eq!(m["deadline"], "2015-07-15");
    assert_eq!(m["days_late"], 5);
    assert_eq!(
        (
            m["quarter_received"].as_u64(),
            m["quarter_expected"].as_u64()
        ),
        (Some(11), Some(12))
    );
}

#[test]
fn a_quarter_with_no_folder_is_not_called_usable() {
    let case = Case::shipped();
    let out = case.run(&["check", "--quarter", "2013-14-Q1", "--as-of", "01/08/2013"]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(!text.contains("the inputs can be used"), "{text}");
    assert!(
        text.contains(
            "2013-14 Q1 (no folder data/returns/2013-14-Q1): 0 of 12 returns received; missing: "
        ),
        "{text}"
    );
    assert!(
        text.lines()
            .last()
            .unwrap_or_default()
            .contains("no returns have come for 2013-14 Q1 yet: there is nothing to report for it"),
        "{text}"
    );
    assert_eq!(text.matches("[return-missing]").count(), 12, "{text}");
}

#[test]
fn an_empty_quarter_folder_between_two_others_counts_every_return_missing() {
    let case = Case::shipped();
    std::fs::remove_dir_all(case.path("data/returns/2014-15-Q4")).unwrap();
    let text = stdout(&case.run(&["check", "--as-of", "01/10/2015"]));
    assert!(
        text.contains("2014-15 Q4 (no folder data/returns/2014-15-Q4): 0 of 12 returns received"),
        "{text}"
    );
}

#[test]
fn status_shows_who_to_chase() {
    let case = Case::shipped();
    let out = case.run(&["status", "--quarter", "2015-16-Q1", "--as-of", "30/09/2015"]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("Returns for 2015-16 Q1, as of 30/09/2015 (due 15/07/2015): 11 of 12 returns received, 1 missing.\n"),
        "{text}"
    );
    let proj28 = text
        .lines()
        .find(|l| l.trim_start().starts_with("PROJ28"))
        .unwrap_or_default();
    assert!(proj28.contains("MISSING, 77 days late"), "{proj28}");
    assert!(
        text.contains("Overdue actions as of 30/09/2015: 3 actions"),
        "{text}"
    );
    for reference in ["PP-02", "PV-08", "PV-12"] {
        assert!(text.contains(reference), "{reference} in {text}");
    }
    let as_json = json(&case.run(&[
        "status",
        "--quarter",
        "2015-16-Q1",
        "--as-of",
        "30/09/2015",
        "--json",
    ]));
    assert_eq!(as_json["returns"]["received"], 11);
    assert_eq!(as_json["returns"]["missing"][0]["agency"], "PROJ28");
    let overdue: usize = as_json["overdue_by_owner"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["actions"].as_array().unwrap().len())
        .sum();
    assert_eq!(overdue, 3);
}

#[test]
fn old_warnings_are_shown_by_check_not_repeated_by_other_commands() {
    let case = Case::shipped();
    let check = stdout(&case.run(&["check", "--as-of", "30/09/2015"]));
    assert!(
        check.contains("sirona.xlsx") && check.contains("[return-late]"),
        "{check}"
    );
    let actions = case.run(&["actions", "--as-of", "30/09/2015"]);
    assert!(
        !stderr(&actions).contains("return-late"),
        "{}",
        stderr(&actions)
    );
    let out = case.path("reports").display().to_string();
    let quarterly = case.run(&["quarterly", "--out", &out]);
    assert_eq!(exit_code(&quarterly), 0, "{}", stderr(&quarterly));
    let said = stderr(&quarterly);
    assert!(!said.contains("return-late"), "{said}");
    assert!(
        said.contains("1 warning about other quarters' returns not shown"),
        "{said}"
    );
}

#[test]
fn templates_never_overwrite_without_force() {
    let case = Case::shipped();
    let dir = case.path("my-templates");
    let dir_arg = dir.display().to_string();
    assert_eq!(exit_code(&case.run(&["templates", "--out", &dir_arg])), 0);
    let edited = dir.join("annual.md.hbs");
    std::fs::write(&edited, "my foreword").unwrap();
    let again = case.run(&["templates", "--out", &dir_arg]);
    assert_eq!(exit_code(&again), 2);
    let said = stderr(&again);
    assert!(
        said.contains("annual.md.hbs") && said.contains("--force"),
        "{said}"
    );
    assert_eq!(std::fs::read_to_string(&edited).unwrap(), "my foreword");
    let forced = case.run(&["templates", "--out", &dir_arg, "--force"]);
    assert_eq!(exit_code(&forced), 0, "{}", stderr(&forced));
    assert_ne!(std::fs::read_to_string(&edited).unwrap(), "my foreword");
    let bare = case.run(&["templates"]);
    assert_eq!(exit_code(&bare), 2);
    assert!(stderr(&bare).contains("--out"), "{}", stderr(&bare));
}

#[test]
fn a_plan_folder_is_called_a_folder() {
    let case = Case::shipped();
    let out = case.run(&["check", "--plan", "plan"]);
    assert_eq!(exit_code(&out), 2);
    let said = stderr(&out);
    assert!(
        said.contains("is a folder") && !said.contains("does not exist"),
        "{said}"
    );
}

#[test]
fn options_a_command_does_not_use_are_refused() {
    let case = Case::shipped();
    for args in [
        vec!["sample", "--plan", "x.xlsx"],
        vec!["templates", "--out", "t", "--data", "d"],
        vec!["check", "--out", "r"],
        vec!["actions", "--templates", "t"],
    ] {
        let out = case.run(&args);
        assert_eq!(exit_code(&out), 2, "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn control_characters_from_inputs_never_reach_the_terminal() {
    let case = Case::shipped();
    set_by_key(
        &case.path(POLICE_Q2),
        "Actions",
        "PP-02",
        "Progress update",
        "Done\u{1b}]52;c;cHduZWQ=\u{7} and \u{9b}2J",
    );
    set_by_key(
        &case.path(PLAN),
        "Actions",
        "PP-02",
        "Action",
        "Agree a protocol\u{1b}[2J\u{1b}]0;owned\u{7}",
    );
    // A bad Status quoting an ESC sequence: check's message quotes the value.
    set_by_key(
        &case.path(POLICE_Q2),
        "Actions",
        "PS-14",
        "Status",
        "On\u{1b}[8mtrack",
    );
    let check = case.run(&["check", "--as-of", "30/09/2015"]);
    assert_eq!(exit_code(&check), 1);
    let actions_case = Case::shipped();
    set_by_key(
        &actions_case.path(PLAN),
        "Actions",
        "PP-02",
        "Action",
        "Agree a protocol\u{1b}[2J\u{1b}]0;owned\u{7}",
    );
    let actions = actions_case.run(&["actions", "--as-of", "30/09/2015"]);
    let status = actions_case.run(&["status", "--as-of", "30/09/2015"]);
    for (name, out) in [
        ("check", &check),
        ("actions", &actions),
        ("status", &status),
    ] {
        let all = format!("{}{}", stdout(out), stderr(out));
        for c in ['\u{1b}', '\u{7}', '\u{9b}'] {
            assert!(!all.contains(c), "{name} printed {c:?}: {all}");
        }
    }
    assert!(
        stdout(&check).contains("On\\x1b[8mtrack"),
        "{}",
        stdout(&check)
    );
    assert!(
        stdout(&actions).contains("Agree a protocol\\x1b[2J\\x1b]0;owned\\x07"),
        "{}",
        stdout(&actions)
    );
}

#[test]
fn actions_fit_the_width_given_and_print_whole_when_piped() {
    let case = Case::shipped();
    let piped = stdout(&case.run(&["actions", "--as-of", "30/09/2015"]));
    let narrow = std::process::Command::new(env!("CARGO_BIN_EXE_boardpack"))
        .args(["actions", "--as-of", "30/09/2015"])
        .env("COLUMNS", "72")
        .current_dir(case.dir.path())
        .output()
        .unwrap();
    let narrow = stdout(&narrow);
    assert!(narrow.lines().all(|l| l.chars().count() <= 72), "{narrow}");
    let words = |t: &str| t.split_whitespace().filter(|w| w.len() > 3).count();
    assert_eq!(words(&piped), words(&narrow), "wrapping loses no word");
    assert!(
        piped.lines().any(|l| l.chars().count() > 100),
        "piped lines are whole"
    );
    let header = piped.lines().next().unwrap_or_default();
    let slipped_heading = piped.lines().find(|l| l.starts_with("SLIPPED (")).map(|l| {
        l.trim_start_matches("SLIPPED (")
            .trim_end_matches(')')
            .to_string()
    });
    if let Some(n) = slipped_heading {
        assert!(header.contains(&format!("{n} slipped")), "{header}");
    }
    assert!(header.starts_with("Actions as of 30/09/2015"), "{header}");
}

/// The options README's command table gives each command.
fn readme_options() -> Vec<(String, BTreeSet<String>)> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = &readme[readme.find("\n## Commands\n").expect("a Commands section")..];
    section
        .lines()
        .skip_while(|l| !l.starts_with("| Command"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|row| {
            let usage = row
                .split('|')
                .nth(1)
                .unwrap_or_default()
                .trim()
                .trim_matches('`');
            let mut words = usage.split_whitespace();
            assert_eq!(words.next(), Some("boardpack"), "{row}");
            let command = words.next().unwrap_or_default().to_string();
            let options = options_in(usage);
            (command, options)
        })
        .collect()
}

fn options_in(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| w.starts_with("--") && w.len() > 2)
        .map(str::to_string)
        .filter(|o| o != "--help" && o != "--version")
        .collect()
}

/// The long options of a `--help`'s Options list.
fn help_options(help: &str) -> BTreeSet<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Options:"))
        .filter(|l| l.trim_start().starts_with('-'))
        .filter_map(|l| {
            l.split_whitespace()
                .map(|w| w.trim_end_matches(','))
                .find(|w| w.starts_with("--"))
                .map(str::to_string)
        })
        .filter(|o| o != "--help" && o != "--version")
        .collect()
}

#[test]
fn every_commands_help_matches_readmes_table() {
    let case = Case::shipped();
    let table = readme_options();
    let top = stdout(&case.run(&["--help"]));
    let listed: BTreeSet<String> = top
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|c| c != "help")
        .collect();
    let in_readme: BTreeSet<String> = table.iter().map(|(c, _)| c.clone()).collect();
    assert_eq!(
        listed, in_readme,
        "the commands of --help and of README's table"
    );
    for (command, options) in table {
        let help = case.run(&[&command, "--help"]);
        assert_eq!(exit_code(&help), 0, "{command} --help");
        let help = stdout(&help);
        assert_eq!(
            help_options(&help),
            options,
            "{command}: --help vs README\n{help}"
        );
    }
}

#[test]
fn help_says_what_quarterly_writes_and_templates_needs() {
    let case = Case::shipped();
    let quarterly = stdout(&case.run(&["quarterly", "--help"]));
    assert!(
        quarterly.contains("subgroup-report.pdf") && quarterly.contains("tracker.xlsx"),
        "{quarterly}"
    );
    let templates = stdout(&case.run(&["templates", "--help"]));
    assert!(!templates.contains("[default"), "{templates}");
    let sample = stdout(&case.run(&["sample", "--help"]));
    assert!(!sample.contains("--plan"), "{sample}");
}

#[test]
fn sample_counts_its_files_in_words() {
    let tmp = tempfile::tempdir().unwrap();
    let out = boardpack(tmp.path(), &["sample", "--out", "x"]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains(" files under x."), "{}", stdout(&out));
}

#[test]
fn a_data_folder_with_no_quarters_is_not_called_usable_either() {
    let case = Case::shipped();
    std::fs::remove_dir_all(case.path("data/returns")).unwrap();
    std::fs::create_dir_all(case.path("data/returns")).unwrap();
    let text = stdout(&case.run(&["check", "--as-of", "01/01/2016"]));
    assert!(
        text.ends_with("1 file checked: 0 errors, 0 warnings — the plan can be used, but there are no quarter folders with returns to check yet.\n"),
        "{text}"
    );
    let status = case.run(&["status"]);
    assert_eq!(exit_code(&status), 2);
    assert!(stderr(&status).contains("--quarter"), "{}", stderr(&status));
}
