//! Markdown (as the report templates render it) → the PDF engine's blocks:
//! headings, paragraphs with bold runs, bullet lists, GFM tables (the dashes
//! of the delimiter row set column widths; `[[rag:NAME]]` fills a cell),
//! `Table:` captions, `Note:` paragraphs right after a table (its note), and
//! fenced `title`, `chart`, `contents` and `pagebreak` blocks.
//! Translates structure only; computes nothing.

use crate::document::{
    Align, Block, Chart, ChartKind, ChartValue, ColumnSpec, Rgb, Run, Series, Table, TableCell,
    TargetLine,
};
use crate::rag::Rag;
use pulldown_cmark::{Alignment, CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use serde::Deserialize;

/// Why Markdown is not a document, naming the block at fault.
#[derive(Debug, thiserror::Error)]
pub enum MarkdownError {
    #[error("block {block} (```contents): only one contents list is allowed")]
    SecondContents { block: usize },
    #[error("block {block} (```{info}): {fault}")]
    Fenced {
        block: usize,
        info: String,
        fault: FenceFault,
    },
}

/// What is wrong with a fenced block.
#[derive(Debug, thiserror::Error)]
pub enum FenceFault {
    #[error("unknown block kind “{0}”; expected title, chart, contents or pagebreak")]
    BlockKind(String),
    #[error("the chart data is not valid: {0}")]
    ChartData(serde_json::Error),
    #[error("unknown chart kind “{0}”; expected stacked, grouped or line")]
    ChartKind(String),
}

/// A chart block's JSON, as `report::ChartData` writes it.
#[derive(Deserialize)]
struct ChartSpec {
    kind: String,
    title: String,
    categories: Vec<String>,
    series: Vec<SeriesSpec>,
    target: Option<f64>,
    y_label: String,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
struct SeriesSpec {
    name: String,
    /// `null` is read as `[x]`.
    values: Vec<Option<PointSpec>>,
    colour: String,
    /// Per value, whether it is incomplete; absent when none is.
    #[serde(default)]
    incomplete: Vec<bool>,
}

/// A number, or the label printed in place of a bar or point (`"[c]"`).
#[derive(Deserialize)]
#[serde(untagged)]
enum PointSpec {
    Number(f64),
    Label(String),
}

impl PointSpec {
    fn value(point: Option<PointSpec>) -> ChartValue {
        match point {
            Some(PointSpec::Number(n)) => ChartValue::Number(n),
            Some(PointSpec::Label(label)) => ChartValue::Missing(label),
            None => ChartValue::Missing("[x]".into()),
        }
    }
}

/// What the converter is in the middle of.
#[derive(Default)]
struct State {
    blocks: Vec<Block>,
    runs: Vec<Run>,
    bold: u32,
    items: Vec<Vec<Run>>,
    in_item: bool,
    caption: Option<String>,
    table: Option<Table>,
    row: Vec<TableCell>,
    fence: Option<(String, String)>,
    heading: Option<u8>,
    contents_at: Option<usize>,
}

/// A converted document: its blocks, and where a ```` ```contents ```` block
/// asked for the list of sections (an index into `blocks`, where the list
/// goes; the renderer makes it, since only it knows page numbers).
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub blocks: Vec<Block>,
    pub contents_at: Option<usize>,
}

/// Converts rendered Markdown to blocks, or says which block is malformed.
/// A ```` ```contents ```` block is dropped (see [`to_document`]).
pub fn to_blocks(markdown: &str) -> Result<Vec<Block>, MarkdownError> {
    to_document(markdown).map(|d| d.blocks)
}

/// Converts rendered Markdown to a [`Document`], or says which block is malformed.
pub fn to_document(markdown: &str) -> Result<Document, MarkdownError> {
    let mut s = State::default();
    let parser = Parser::new_ext(markdown, Options::ENABLE_TABLES).into_offset_iter();
    for (event, range) in parser {
        match event {
            Event::Start(Tag::Heading { level, .. }) => s.heading = Some(level as u8),
            Event::End(TagEnd::Heading(_)) => {
                let text = take_text(&mut s.runs);
                s.blocks.push(Block::Heading {
                    level: s.heading.take().unwrap_or(1).min(4),
                    text,
                });
            }
            Event::Start(Tag::Strong) => s.bold += 1,
            Event::End(TagEnd::Strong) => s.bold = s.bold.saturating_sub(1),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, body)) = s.fence.as_mut() {
                    body.push_str(&t);
                } else {
                    push_text(&mut s.runs, &t, s.bold > 0);
                }
            }
            Event::SoftBreak => push_text(&mut s.runs, " ", s.bold > 0),
            Event::HardBreak => push_text(&mut s.runs, "\n", s.bold > 0),
            Event::End(TagEnd::Paragraph) if !s.in_item => end_paragraph(&mut s),
            Event::Start(Tag::Item) => s.in_item = true,
            Event::End(TagEnd::Item) => {
                s.in_item = false;
                let runs = std::mem::take(&mut s.runs);
                s.items.push(runs);
            }
            Event::End(TagEnd::List(_)) => {
                let items = std::mem::take(&mut s.items);
                s.blocks.push(Block::Bullets(items));
            }
            Event::Start(Tag::Table(alignments)) => {
                let weights = delimiter_weights(&markdown[range.clone()], alignments.len());
                s.table = Some(Table {
                    columns: alignments
                        .iter()
                        .zip(weights)
                        .map(|(a, w)| ColumnSpec {
                            header: String::new(),
                            weight: w,
                            align: if *a == Alignment::Right {
                                Align::Right
                            } else {
                                Align::Left
                            },
                        })
                        .collect(),
                    rows: Vec::new(),
                    caption: s.caption.take(),
                    note: None,
                });
            }
            Event::End(TagEnd::TableCell) => {
                let runs = std::mem::take(&mut s.runs);
                s.row.push(cell(runs));
            }
            Event::End(TagEnd::TableHead) => {
                let row = std::mem::take(&mut s.row);
                if let Some(t) = s.table.as_mut() {
                    for (col, c) in t.columns.iter_mut().zip(row) {
                        col.header = c.runs.iter().map(|r| r.text.as_str()).collect();
                    }
                }
            }
            Event::End(TagEnd::TableRow) => {
                let row = std::mem::take(&mut s.row);
                if let Some(t) = s.table.as_mut() {
                    t.rows.push(row);
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some(t) = s.table.take() {
                    s.blocks.push(Block::Table(t));
                }
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                s.fence = Some((info.trim().to_string(), String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((info, body)) = s.fence.take() {
                    let n = s.blocks.len();
                    if info == "contents" {
                        if s.contents_at.is_some() {
                            return Err(MarkdownError::SecondContents { block: n });
                        }
                        s.contents_at = Some(n);
                        continue;
                    }
                    s.blocks.extend(fenced(&info, &body).map_err(|fault| {
                        MarkdownError::Fenced {
                            block: n,
                            info: info.clone(),
                            fault,
                        }
                    })?);
                }
            }
            _ => {}
        }
    }
    Ok(Document {
        blocks: s.blocks,
        contents_at: s.contents_at,
    })
}

fn push_text(runs: &mut Vec<Run>, text: &str, bold: bool) {
    match runs.last_mut() {
        Some(last) if last.bold == bold => last.text.push_str(text),
        _ => runs.push(Run {
            text: text.to_string(),
            bold,
        }),
    }
}

fn take_text(runs: &mut Vec<Run>) -> String {
    std::mem::take(runs).into_iter().map(|r| r.text).collect()
}

fn end_paragraph(s: &mut State) {
    let runs = std::mem::take(&mut s.runs);
    let text: String = runs.iter().map(|r| r.text.as_str()).collect();
    if let Some(caption) = text.strip_prefix("Table: ") {
        s.caption = Some(caption.trim().to_string());
    } else if let (Some(note), Some(Block::Table(table))) =
        (text.strip_prefix("Note: "), s.blocks.last_mut())
    {
        if table.note.is_none() {
            table.note = Some(note.trim().to_string());
        } else {
            s.blocks.push(Block::Paragraph(runs));
        }
    } else if !text.trim().is_empty() {
        s.blocks.push(Block::Paragraph(runs));
    }
}

const RAG_MARK: &str = "[[rag:";

/// A table cell; a leading `[[rag:NAME]]` becomes the cell's fill.
fn cell(mut runs: Vec<Run>) -> TableCell {
    let mut fill = None;
    if let Some(first) = runs.first_mut() {
        if let Some(rest) = first.text.trim_start().strip_prefix(RAG_MARK) {
            if let Some((name, text)) = rest.split_once("]]") {
                fill = rag_named(name).map(|r| Rgb::hex(r.rgb()));
                first.text = text.to_string();
            }
        }
    }
    for r in &mut runs {
        r.text = r.text.trim().to_string();
    }
    runs.retain(|r| !r.text.is_empty());
    TableCell { runs, fill }
}

fn rag_named(name: &str) -> Option<Rag> {
    [Rag::Red, Rag::Amber, Rag::Green, Rag::Blue, Rag::Grey]
        .into_iter()
        .find(|r| r.label().eq_ignore_ascii_case(name))
}

/// Column weights from the delimiter row: the dashes in each column.
fn delimiter_weights(table_source: &str, columns: usize) -> Vec<f32> {
    let delimiter = table_source.lines().nth(1).unwrap_or("");
    let cells: Vec<f32> = delimiter
        .trim()
        .trim_matches('|')
        .split('|')
        .map(|c| c.chars().filter(|ch| *ch == '-').count().max(1) as f32)
        .collect();
    (0..columns)
        .map(|i| cells.get(i).copied().unwrap_or(3.0))
        .collect()
}

fn fenced(info: &str, body: &str) -> Result<Vec<Block>, FenceFault> {
    match info {
        "pagebreak" => Ok(vec![Block::PageBreak]),
        "title" => {
            let mut lines = body.lines().map(str::trim).filter(|l| !l.is_empty());
            let mut blocks = vec![Block::Title(lines.next().unwrap_or_default().to_string())];
            blocks.extend(lines.map(|l| Block::Paragraph(vec![Run::plain(l)])));
            Ok(blocks)
        }
        "chart" => chart(body).map(chart_or_note),
        other => Err(FenceFault::BlockKind(other.to_string())),
    }
}

/// A chart with nothing to draw (a plan with no actions, a quarter with no
/// referrals) is said in words: an empty chart is no paper's business.
fn chart_or_note(chart: Chart) -> Vec<Block> {
    let caption = chart.caption.clone().unwrap_or_else(|| "Chart".to_string());
    if chart.categories.is_empty() || chart.series.is_empty() {
        return vec![Block::Paragraph(vec![Run::plain(format!(
            "{caption}: there is nothing to chart yet."
        ))])];
    }
    let symbols: Option<Vec<&str>> = chart
        .series
        .iter()
        .flat_map(|s| &s.values)
        .map(|v| match v {
            ChartValue::Missing(label) => Some(label.as_str()),
            ChartValue::Number(_) => None,
        })
        .collect();
    match symbols {
        // Every value is a symbol: a chart of axes, symbols and a target
        // line would say nothing, so a sentence says why there is none.
        Some(symbols) => vec![Block::Paragraph(vec![Run::plain(
            crate::report::phrasing::no_chart_drawn(&caption, &symbols),
        )])],
        None => vec![Block::Chart(chart)],
    }
}

fn chart(json: &str) -> Result<Chart, FenceFault> {
    let spec: ChartSpec = serde_json::from_str(json).map_err(FenceFault::ChartData)?;
    let kind = match spec.kind.as_str() {
        "stacked" => ChartKind::StackedBars,
        "grouped" => ChartKind::GroupedBars,
        "line" => ChartKind::Line,
        other => return Err(FenceFault::ChartKind(other.to_string())),
    };
    Ok(Chart {
        kind,
        caption: Some(spec.title),
        categories: spec.categories,
        series: spec
            .series
            .into_iter()
            .map(|s| Series {
                name: s.name,
                values: s.values.into_iter().map(PointSpec::value).collect(),
                colour: u32::from_str_radix(s.colour.trim_start_matches('#'), 16)
                    .ok()
                    .map(Rgb::hex),
                incomplete: s.incomplete,
            })
            .collect(),
        y_label: Some(spec.y_label).filter(|l| !l.is_empty()),
        target: spec.target.map(|value| TargetLine {
            value,
            label: "Target".into(),
        }),
        note: spec.note.filter(|n| !n.is_empty()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_of_nothing_but_symbols_is_a_sentence_saying_why() {
        let chart = |values: &str| {
            format!(
                "```chart\n{{\"kind\":\"line\",\"title\":\"Screening tools\",\"categories\":[\"Q1\",\"Q2\"],\"series\":[{{\"name\":\"A\",\"values\":{values},\"colour\":\"#1D70B8\"}}],\"target\":60,\"y_label\":\"Count\",\"note\":null}}\n```\n"
            )
        };
        let said = |values: &str| match &to_blocks(&chart(values)).expect("converts")[0] {
            Block::Paragraph(runs) => Some(runs[0].text.clone()),
            _ => None,
        };
        assert_eq!(
            said(r#"["[x]","[x]"]"#).as_deref(),
            Some("No chart is drawn of screening tools: none of its figures is available ([x]): no return that carries them has come in.")
        );
        assert_eq!(
            said(r#"["[c]","[c]"]"#).as_deref(),
            Some("No chart is drawn of screening tools: every figure in it is withheld ([c]) to protect the children counted.")
        );
        assert!(said(r#"["[c]","[x]"]"#)
            .unwrap()
            .contains("either withheld"));
        assert_eq!(said(r#"[0,"[x]"]"#), None, "a zero is a figure: drawn");
    }

    #[test]
    fn a_table_takes_its_caption_before_and_its_note_after() {
        let md = "Table: Measures, 2014-15\n\n| Measure | Year |\n|:-----|---:|\n| A | \\[c\\] |\n\nNote: [c] confidential.\n\nNote: a second note is a paragraph.\n";
        let blocks = to_blocks(md).expect("converts");
        let Block::Table(t) = &blocks[0] else {
            panic!("a table first: {blocks:?}");
        };
        assert_eq!(t.caption.as_deref(), Some("Measures, 2014-15"));
        assert_eq!(t.note.as_deref(), Some("[c] confidential."));
        assert_eq!(t.rows[0][1].runs[0].text, "[c]");
        assert_eq!(
            blocks[1],
            Block::paragraph("Note: a second note is a paragraph.")
        );
    }

    #[test]
    fn chart_values_are_numbers_labels_or_null() {
        let md = "```chart\n{\"kind\":\"grouped\",\"title\":\"T\",\"categories\":[\"Q1\",\"Q2\",\"Q3\"],\"series\":[{\"name\":\"S\",\"values\":[4,\"[c]\",null],\"colour\":\"#1D70B8\"}],\"target\":null,\"y_label\":\"Count\",\"note\":\"[c] suppressed\"}\n```\n";
        let blocks = to_blocks(md).expect("converts");
        let Block::Chart(c) = &blocks[0] else {
            panic!("a chart: {blocks:?}");
        };
        assert_eq!(
            c.series[0].values,
            [
                ChartValue::Number(4.0),
                ChartValue::Missing("[c]".into()),
                ChartValue::Missing("[x]".into())
            ]
        );
        assert_eq!(c.note.as_deref(), Some("[c] suppressed"));
    }

    #[test]
    fn a_contents_block_marks_where_the_list_goes_once() {
        let md = "```title\nReport\n```\n\n```contents\n```\n\n# One\n\nText.\n";
        let doc = to_document(md).expect("converts");
        assert_eq!(doc.contents_at, Some(1));
        assert_eq!(doc.blocks[1], Block::heading(1, "One"));
        let twice = format!("{md}\n```contents\n```\n");
        assert!(to_document(&twice).is_err());
    }
}
