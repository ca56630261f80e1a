//! `quarterly --quarter Q` for a quarter no return has come for: no paper
//! (its figures would all be "not available"), exit 2, and a message naming
//! the latest quarter that has returns — as `annual` does for a year.

mod common;

use common::*;

#[test]
fn a_quarter_with_no_returns_gets_no_paper_and_the_latest_quarter_is_named() {
    let case = Case::shipped();
    for asked in ["2016-17-Q1", "2013-14-Q4"] {
        let out = case.run(&["quarterly", "--quarter", asked]);
        assert_eq!(exit_code(&out), 2, "{asked}: {}", stderr(&out));
        let err = stderr(&out);
        let shown = asked.replace("-Q", " Q");
        assert!(
            err.contains(&format!("there are no returns for {shown} under ")),
            "{err}"
        );
        assert!(
            err.contains("the latest quarter with returns is 2015-16 Q2 (--quarter 2015-16-Q2)"),
            "{err}"
        );
        assert!(
            !case.path("reports").exists()
                || std::fs::read_dir(case.path("reports"))
                    .unwrap()
                    .next()
                    .is_none(),
            "{asked}: something was written"
        );
    }
}

#[test]
fn a_quarter_with_returns_still_gets_its_papers() {
    let case = Case::shipped();
    let out = case.run(&["quarterly", "--quarter", "2015-16-Q1"]);
    assert_eq!(exit_code(&out), 0, "{}", stderr(&out));
    assert!(case.path("reports/2015-16-Q1/subgroup-report.pdf").exists());
}

#[test]
fn with_no_returns_at_all_the_message_says_so() {
    let case = Case::shipped();
    for q in ["2014-15-Q3", "2014-15-Q4", "2015-16-Q1", "2015-16-Q2"] {
        for entry in std::fs::read_dir(case.path(&format!("data/returns/{q}"))).unwrap() {
            std::fs::remove_file(entry.unwrap().path()).unwrap();
        }
    }
    let out = case.run(&["quarterly", "--quarter", "2015-16-Q2"]);
    assert_eq!(exit_code(&out), 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("there are no returns for 2015-16 Q2 under ")
            && err.contains("nothing to report for it; no quarter has returns yet"),
        "{err}"
    );
}
