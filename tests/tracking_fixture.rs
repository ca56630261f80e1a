//! The action tracker against figures worked out independently (in Python) for
//! the foreign clean set: every action's state as of each quarter's last day.

mod common;

use common::*;
use serde_json::Value as Json;

fn quarter_end(quarter: &str) -> String {
    // "2014-15 Q3" → the quarter's last day.
    let start: i32 = quarter[..4].parse().unwrap();
    match &quarter[quarter.len() - 1..] {
        "1" => format!("{start}-06-30"),
        "2" => format!("{start}-09-30"),
        "3" => format!("{start}-12-31"),
        _ => format!("{}-03-31", start + 1),
    }
}

#[test]
fn every_action_in_every_quarter_matches_the_independent_figures() {
    let dir = foreign().join("clean");
    let expected: Json =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let mut compared = 0;
    for quarter in expected["quarters"].as_array().unwrap() {
        let quarter = quarter.as_str().unwrap();
        let as_of = quarter_end(quarter);
        let out = boardpack(
            &dir,
            &[
                "actions",
                "--json",
                "--as-of",
                &as_of,
                "--plan",
                "plan/delivery-plan.xlsx",
                "--data",
                "data/returns",
            ],
        );
        assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
        let got: Json = serde_json::from_slice(&out.stdout).unwrap();
        let mut overdue = Vec::new();
        for (reference, action) in expected["actions"].as_object().unwrap() {
            let want = &action["quarters"][quarter];
            let state = got["actions"]
                .as_array()
                .unwrap()
                .iter()
                .find(|a| a["ref"] == reference.as_str())
                .unwrap_or_else(|| panic!("{reference} missing in {quarter}"));
            let ctx = format!("{reference} as of {as_of}");
            assert_eq!(state["status"], want["status"], "{ctx}: status");
            assert_eq!(
                state["effective_due"], want["effective_due"],
                "{ctx}: effective due"
            );
            assert_eq!(
                state["revisions"], want["times_revised"],
                "{ctx}: times revised"
            );
            assert_eq!(
                state["days_slipped"], want["days_slipped"],
                "{ctx}: days slipped"
            );
            assert_eq!(state["overdue"], want["overdue"], "{ctx}: overdue");
            assert_eq!(state["due_soon"], want["due_soon"], "{ctx}: due soon");
            if state["overdue"] == true {
                overdue.push(reference.clone());
            }
            compared += 1;
        }
        let mut want_overdue: Vec<String> = expected["overdue_by_quarter"][quarter]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        want_overdue.sort();
        overdue.sort();
        assert_eq!(overdue, want_overdue, "overdue actions as of {as_of}");
    }
    assert_eq!(compared, 120, "30 actions × 4 quarters");
}
