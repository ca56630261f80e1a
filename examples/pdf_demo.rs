//! Writes a demonstration PDF of the layout engine: a cover, headings,
//! paragraphs, bullets, a table over several pages with status cells, and
//! each kind of chart. Run: `cargo run --example pdf_demo -- out.pdf`.

use boardpack::document::style::status;
use boardpack::document::{
    Block, Chart, ChartKind, ChartValue, ColumnSpec, DocumentSpec, Run, Series, Table, TableCell,
    TargetLine,
};
use boardpack::render::pdf::render;

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "pdf_demo.pdf".to_string());
    let spec = DocumentSpec {
        title: "CSE and Missing Children sub-group report — 2015-16 Q2".into(),
        subject: "Quarterly report to the sub-group".into(),
        header_left: "Bath & North East Somerset LSCB".into(),
        header_right: "2015-16 Q2".into(),
        marking: "OFFICIAL-SENSITIVE".into(),
        fingerprint: "demo-3f9a2c".into(),
        date: chrono::NaiveDate::from_ymd_opt(2015, 9, 30).unwrap_or_default(),
    };
    match render(&spec, &blocks()) {
        Ok(bytes) => {
            if let Err(e) = std::fs::write(&path, bytes) {
                eprintln!("cannot write {path}: {e}");
                std::process::exit(2);
            }
            println!("wrote {path}");
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}

fn blocks() -> Vec<Block> {
    let mut b = vec![
        Block::Spacer(150.0),
        Block::Title("CSE and Missing Children sub-group".into()),
        Block::Paragraph(vec![Run::bold("Quarterly report — 2015-16 Q2 (July to September 2015)")]),
        Block::Spacer(10.0),
        Block::Paragraph(vec![
            Run::bold("Board: "),
            Run::plain("Bath & North East Somerset Local Safeguarding Children Board"),
        ]),
        Block::Paragraph(vec![Run::bold("As of: "), Run::plain("30 September 2015")]),
        Block::Paragraph(vec![Run::bold("Inputs: "), Run::plain("fingerprint 3f9a2c1d")]),
        Block::PageBreak,
        Block::heading(1, "Summary"),
        Block::Paragraph(vec![
            Run::plain("There were "),
            Run::bold("14 new referrals"),
            Run::plain(" this quarter, 3 more than in 2015-16 Q1. The sub-group’s budget of £12,500 for “Say Something” training was spent in full – the first time since 2013. "),
            Run::plain("Three actions are overdue and three have slipped; returns from 11 of 12 agencies were received on time."),
        ]),
        Block::Bullets(vec![
            vec![Run::bold("Overdue: "), Run::plain("PP-02, PV-08 and PV-12 (owners have been asked for revised dates).")],
            vec![Run::bold("Due soon: "), Run::plain("three actions fall due before the next meeting on 12 November 2015, including the multi-agency training needs analysis led by the LSCB business manager.")],
            vec![Run::plain("Project 28 sent no return for 2015-16 Q1; its figures are shown as missing, not as zero.")],
        ]),
        Block::heading(2, "Headline measures"),
        Block::Table(Table {
            columns: vec![
                ColumnSpec::left("Measure", 4.0),
                ColumnSpec::right("This quarter", 1.4),
                ColumnSpec::right("Previous", 1.2),
                ColumnSpec::right("Change", 1.1),
                ColumnSpec::right("Target", 1.1),
                ColumnSpec::left("RAG", 1.1),
            ],
            rows: vec![
                headline("New CSE referrals", "14", "11", "+3", "–", None),
                headline("Return home interviews within 72 hours", "68%", "74%", "-6 pts", "80%", Some(("Red", status::RED))),
                headline("Children missing from care (episodes)", "42", "39", "+3", "–", None),
                headline("Staff trained (tier 2)", "118", "96", "+22", "100", Some(("Green", status::GREEN))),
                headline("Disruption notices served", "5", "6", "-1", "6", Some(("Amber", status::AMBER))),
            ],
            caption: Some("Table 1: Key measures, 2015-16 Q2".into()),
            note: Some("– no target set. RAG compares this quarter with the target, within the 10% tolerance in Settings.".into()),
        }),
        Block::heading(1, "Action plan at a glance"),
        Block::paragraph("Counts of actions by status in each strand of the delivery plan, as reported in the returns for the quarter."),
        Block::Chart(Chart {
            kind: ChartKind::StackedBars,
            caption: Some("Figure 1: Actions by status and strand".into()),
            categories: vec!["Prevent".into(), "Protect & Support".into(), "Pursue".into(), "Partnership".into()],
            series: vec![
                series("Complete", &[6.0, 5.0, 4.0, 6.0], Some(status::BLUE)),
                series("On track", &[3.0, 4.0, 2.0, 2.0], Some(status::GREEN)),
                series("At risk", &[1.0, 2.0, 0.0, 1.0], Some(status::AMBER)),
                series("Overdue", &[1.0, 0.0, 2.0, 0.0], Some(status::RED)),
            ],
            y_label: Some("Actions".into()),
            target: None,
            note: None,
        }),
        Block::heading(1, "Action plan progress"),
        Block::paragraph("Every action in the delivery plan with its lead agency, owner, due date and latest update. Revised due dates are shown with the original."),
        Block::Table(action_table()),
        Block::heading(1, "Referrals"),
        Block::heading(2, "New referrals by risk level"),
        Block::Chart(Chart {
            kind: ChartKind::GroupedBars,
            caption: Some("Figure 2: New referrals by risk level at referral".into()),
            categories: vec!["2014-15 Q3".into(), "2014-15 Q4".into(), "2015-16 Q1".into(), "2015-16 Q2".into()],
            series: vec![
                series("Low", &[4.0, 6.0, 3.0, 5.0], None),
                Series {
                    name: "Medium".into(),
                    values: vec![5.0.into(), ChartValue::Missing("[c]".into()), 6.0.into(), 6.0.into()],
                    colour: None,
                    incomplete: Vec::new(),
                },
                series("High", &[2.0, 3.0, 2.0, 3.0], None),
            ],
            y_label: Some("Children referred".into()),
            target: None,
            note: Some("[c] suppressed: a count from 1 to 5 that could identify a child.".into()),
        }),
        Block::heading(2, "Return home interviews"),
        Block::Chart(Chart {
            kind: ChartKind::Line,
            caption: Some("Figure 3: Return home interviews held within 72 hours (%)".into()),
            categories: vec!["2014-15 Q3".into(), "2014-15 Q4".into(), "2015-16 Q1".into(), "2015-16 Q2".into()],
            series: vec![Series {
                name: "Within 72 hours".into(),
                values: vec![61.0.into(), 70.0.into(), ChartValue::Missing("[x]".into()), 68.0.into()],
                colour: None,
                incomplete: Vec::new(),
            }],
            y_label: Some("Per cent of interviews".into()),
            target: Some(TargetLine { value: 80.0, label: "Target 80%".into() }),
            note: Some("[x] not available: no return from children’s social care for 2015-16 Q1.".into()),
        }),
        Block::paragraph("Return home interviews held within 72 hours of a child returning fell from 74% to 68%, below the 80% target for the third quarter in a row."),
    ];
    b.push(Block::heading(1, "Appendix — data sources"));
    b.push(Block::paragraph(
        "Each input file, its agency and the date its return was completed.",
    ));
    b
}

fn headline(
    name: &str,
    now: &str,
    prev: &str,
    change: &str,
    target: &str,
    rag: Option<(&str, boardpack::document::Rgb)>,
) -> Vec<TableCell> {
    let rag = match rag {
        Some((word, fill)) => TableCell::text(word).with_fill(fill),
        None => TableCell::text("–"),
    };
    vec![
        TableCell::text(name),
        TableCell::bold(now),
        TableCell::text(prev),
        TableCell::text(change),
        TableCell::text(target),
        rag,
    ]
}

fn series(name: &str, values: &[f64], colour: Option<boardpack::document::Rgb>) -> Series {
    Series {
        name: name.into(),
        values: values.iter().map(|&v| ChartValue::Number(v)).collect(),
        colour,
        incomplete: Vec::new(),
    }
}

fn action_table() -> Table {
    let agencies = [
        "Police",
        "CSC",
        "Health",
        "Education",
        "Sirona",
        "Project 28",
        "YOT",
    ];
    let statuses = [
        ("Complete", status::BLUE),
        ("On track", status::GREEN),
        ("At risk", status::AMBER),
        ("Overdue", status::RED),
        ("Not started", status::GREY),
    ];
    let actions = [
        "Deliver CSE awareness sessions to all secondary schools",
        "Review the missing children protocol with the police and children’s social care, and agree a single referral pathway for children missing from home, care and education",
        "Train taxi drivers and hotel staff to recognise and report concerns",
        "Map known hotspots with the community safety partnership",
        "Audit return home interviews",
        "Publish the CSE strategy",
    ];
    let updates = [
        "Sessions held in 9 of 13 schools; the remaining four are booked for the autumn term.",
        "Draft protocol circulated on 3 August; comments from health awaited.",
        "Complete.",
        "The analyst post was vacant from June to August, so the mapping slipped; a revised plan goes to the next meeting with a new due date of 31 January 2016 and monthly progress checks by the chair.",
        "Audit of 20 cases found 14 interviews within 72 hours (70%).",
    ];
    let rows = (0..54)
        .map(|i| {
            let (word, fill) = statuses[i % statuses.len()];
            vec![
                TableCell::bold(format!("{}-{:02}", ["PV", "PP", "PS", "PT"][i % 4], i + 1)),
                TableCell::text(actions[i % actions.len()]),
                TableCell::text(agencies[i % agencies.len()]),
                TableCell::text(
                    [
                        "Head of service",
                        "Detective inspector",
                        "Named nurse",
                        "LSCB business manager",
                    ][i % 4],
                ),
                TableCell::text(if i % 9 == 4 {
                    "31/01/2016\n(was 30/06/2015)".to_string()
                } else {
                    format!("{:02}/{:02}/2015", 1 + i % 28, 1 + i % 12)
                }),
                TableCell::text(word).with_fill(fill),
                TableCell::text(updates[i % updates.len()]),
            ]
        })
        .collect();
    Table {
        columns: vec![
            ColumnSpec::left("Ref", 0.8),
            ColumnSpec::left("Action", 3.0),
            ColumnSpec::left("Agency", 1.2),
            ColumnSpec::left("Owner", 1.4),
            ColumnSpec::left("Due", 1.3),
            ColumnSpec::left("Status", 1.2),
            ColumnSpec::left("Latest update", 3.2),
        ],
        rows,
        caption: Some("Table 2: Delivery plan actions by strand".into()),
        note: Some("Status as reported in each lead agency’s return for 2015-16 Q2.".into()),
    }
}
