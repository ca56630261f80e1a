//! Times each stage of `boardpack quarterly` on a data set, to find where the
//! time goes (the benchmarks in `benches/run.sh` time whole commands). Writes
//! nothing. Run: `cargo run --release --example stages -- PLAN DATA_DIR`.

use boardpack::document::DocumentSpec;
use boardpack::report::quarterly::{Inputs, QuarterlyContext};
use boardpack::report::template::Templates;
use std::path::Path;
use std::time::Instant;

/// As in the boardpack binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [plan, data] = args.as_slice() else {
        eprintln!("usage: stages PLAN DATA_DIR");
        std::process::exit(2);
    };
    let mut clock = Clock::start();
    let mut diagnostics = boardpack::diagnostics::Diagnostics::new();
    let plan = boardpack::read::read_plan(Path::new(plan), plan, &mut diagnostics);
    clock.lap("read: plan");
    let found = match boardpack::read::find_returns(Path::new(data), None, &mut diagnostics) {
        Ok(found) => found,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    clock.lap("read: list the returns");
    let returns = boardpack::read::read_returns(&found, plan.as_ref(), &mut diagnostics);
    clock.lap("read: returns");
    let Some(plan) = plan else {
        eprintln!("the plan could not be read");
        std::process::exit(1);
    };
    let dataset = boardpack::validate::assemble(plan, returns, &mut diagnostics);
    clock.lap("validate");
    let Some(quarter) = dataset.quarters().last().copied() else {
        eprintln!("no returns");
        std::process::exit(1);
    };
    let as_of = quarter.end();
    let tracking = boardpack::tracking::track(&dataset, as_of);
    clock.lap("tracking");
    let prepared = boardpack::report::tracker::prepare(&dataset, quarter, &tracking, &diagnostics);
    clock.lap("tracker: prepare");
    let tracker = boardpack::render::xlsx::tracker::render(&prepared).map(|b| b.len());
    clock.lap("tracker: xlsx");
    let context = QuarterlyContext::build(Inputs {
        dataset: &dataset,
        quarter,
        as_of,
        tracking: &tracking,
        diagnostics: &diagnostics,
        sources: boardpack::report::sources(&dataset),
    });
    clock.lap("report: context");
    let markdown = Templates::load(None).and_then(|t| t.render("quarterly", &context));
    clock.lap("report: template");
    let Ok(markdown) = markdown else {
        eprintln!("the template failed");
        std::process::exit(1);
    };
    let blocks = boardpack::render::markdown::to_blocks(&markdown).unwrap_or_default();
    clock.lap("report: markdown to blocks");
    let spec = DocumentSpec {
        title: context.sub_group.clone(),
        subject: context.board.clone(),
        header_left: context.board.clone(),
        header_right: context.quarter.clone(),
        marking: context.marking.clone(),
        fingerprint: context.fingerprint.clone(),
        date: as_of,
    };
    let pages = boardpack::render::layout::layout(&spec, &blocks).map(|p| p.len());
    clock.lap("report: layout");
    let pdf = boardpack::render::pdf::render(&spec, &blocks).map(|b| b.len());
    clock.lap("report: layout and PDF");
    println!(
        "{} returns, {} actions; tracker {:?} bytes; report {:?} pages, {:?} bytes",
        dataset.returns.len(),
        dataset.plan.actions.len(),
        tracker,
        pages,
        pdf
    );
    drop((context, blocks, markdown, prepared, tracking));
    clock.lap("freeing the report's inputs");
    drop(dataset);
    clock.lap("freeing the dataset");
}

struct Clock {
    last: Instant,
}

impl Clock {
    fn start() -> Clock {
        Clock {
            last: Instant::now(),
        }
    }

    fn lap(&mut self, stage: &str) {
        let now = Instant::now();
        println!(
            "{:>8.3} s  {stage}",
            now.duration_since(self.last).as_secs_f64()
        );
        self.last = now;
    }
}
