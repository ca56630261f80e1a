//! Times disclosure control of the annual report on a data set: for every
//! financial year with returns, the year's published figures (beside last
//! year's) are suppressed and audited as `boardpack annual` does, and this
//! prints the number of cells and relations, what was hidden by which rule,
//! and the median time of suppression with its audit and of one audit alone.
//! Writes nothing. Run:
//! `cargo run --release --example disclosure_audit -- PLAN DATA_DIR`.

use boardpack::metrics::disclosure::audit;
use boardpack::metrics::disclosure::{not_needed, suppress, Suppression};
use boardpack::metrics::published::{add_comparisons, year_tables, Column, YearTables};
use boardpack::metrics::year_rollup;
use boardpack::model::Dataset;
use boardpack::period::FinYear;
use std::path::Path;
use std::time::{Duration, Instant};

/// As in the boardpack binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const RUNS: usize = 15;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [plan, data] = args.as_slice() else {
        eprintln!("usage: disclosure_audit PLAN DATA_DIR");
        std::process::exit(2);
    };
    let loaded = match boardpack::read::load(Path::new(plan), Path::new(data), None) {
        Ok(loaded) => loaded,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let Some(dataset) = loaded.dataset.filter(|_| !loaded.diagnostics.has_errors()) else {
        eprintln!("the inputs have errors; run boardpack check");
        std::process::exit(1);
    };
    let mut years: Vec<FinYear> = dataset.quarters().iter().map(|q| q.fin_year()).collect();
    years.dedup();
    println!(
        "| year | cells (printed) | relations | primary | secondary | derived | hidden by the rules alone | hidden in the end | not needed | suppress + audit (ms) | audit alone (ms) |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for year in years {
        report_year(&dataset, year);
    }
}

fn report_year(dataset: &Dataset, year: FinYear) {
    let threshold = dataset.plan.settings.suppression_threshold;
    let tables = tables_beside_last_year(dataset, year);
    let mut times = Vec::with_capacity(RUNS);
    let mut shown = None;
    for _ in 0..RUNS {
        let start = Instant::now();
        let s = suppress(&tables.table, threshold).unwrap_or_else(|e| {
            eprintln!("{year}: {e}");
            std::process::exit(2);
        });
        times.push(start.elapsed());
        shown = Some(s);
    }
    let shown = shown.expect("at least one run");
    let hidden: Vec<bool> = shown.cells.iter().map(|c| c.suppressed.is_some()).collect();
    let mut audit_times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        let findings = audit(&tables.table, &hidden, threshold).expect("consistent");
        audit_times.push(start.elapsed());
        assert!(findings.is_empty(), "{year}: the audit fails");
    }
    let spare = not_needed(&tables.table, &shown, threshold).expect("consistent");
    let by = |f: &dyn Fn(Suppression) -> bool| {
        shown
            .cells
            .iter()
            .filter(|c| c.suppressed.is_some_and(f))
            .count()
    };
    let printed = tables.table.cells.iter().filter(|c| c.printed).count();
    println!(
        "| {year} | {} ({printed}) | {} | {} | {} | {} | {} | {} | {} | {:.2} | {:.2} |",
        tables.table.cells.len(),
        tables.table.relations.len(),
        by(&|s| s == Suppression::Primary),
        by(&|s| matches!(s, Suppression::Secondary(_))),
        by(&|s| s == Suppression::Derived),
        shown.hidden_by_rules,
        shown.hidden(),
        spare.len(),
        median_ms(&mut times),
        median_ms(&mut audit_times),
    );
}

/// The year's tables with last year's figures beside them, last year
/// suppressed on its own first, as `boardpack annual` does.
fn tables_beside_last_year(dataset: &Dataset, year: FinYear) -> YearTables {
    let threshold = dataset.plan.settings.suppression_threshold;
    let previous = FinYear {
        start: year.start - 1,
    };
    let before_rollup = year_rollup(dataset, previous);
    let before_tables = year_tables(&dataset.plan, &before_rollup);
    let before = suppress(&before_tables.table, threshold).unwrap_or_else(|e| {
        eprintln!("{previous}: {e}");
        std::process::exit(2);
    });
    let rollup = year_rollup(dataset, year);
    let mut tables = year_tables(&dataset.plan, &rollup);
    let last = |code: &str| {
        before_tables
            .measures
            .cell(code, Column::Year)
            .map(|c| before.cells[c])
    };
    add_comparisons(&mut tables, &dataset.plan, &rollup, &before_rollup, &last);
    tables
}

fn median_ms(times: &mut [Duration]) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1000.0
}
