//! The blocks of a document: text, tables and charts in reading order, and
//! the rules every writer relies on (`check_blocks`). Finished content only:
//! no figure is computed here, and nothing here knows about boardpack's data
//! or any output format.

/// A colour, 0–255 per channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rgb {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Rgb {
    /// A colour from its `0xRRGGBB` value.
    pub const fn hex(value: u32) -> Rgb {
        Rgb {
            r: ((value >> 16) & 0xff) as u8,
            g: ((value >> 8) & 0xff) as u8,
            b: (value & 0xff) as u8,
        }
    }

    /// Relative luminance (0 black – 1 white), to pick a readable text colour
    /// on a filled cell or bar.
    pub fn luminance(self) -> f32 {
        let channel = |c: u8| {
            let c = f32::from(c) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.r) + 0.7152 * channel(self.g) + 0.0722 * channel(self.b)
    }
}

/// A stretch of text in one weight.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub text: String,
    pub bold: bool,
}

impl Run {
    pub fn plain(text: impl Into<String>) -> Run {
        Run {
            text: text.into(),
            bold: false,
        }
    }

    pub fn bold(text: impl Into<String>) -> Run {
        Run {
            text: text.into(),
            bold: true,
        }
    }
}

/// One unit of the document flow, laid out top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A large unnumbered title (a cover page or the top of a document).
    Title(String),
    /// A numbered heading (1, 1.1, 1.1.1, 1.1.1.1 for levels 1–4), kept on the
    /// same page as the start of the block that follows it, and bookmarked.
    /// A skipped level is numbered 0 (a level 3 straight after "2" is "2.0.1").
    Heading {
        level: u8,
        text: String,
    },
    /// Running text; `\n` inside a run starts a new line.
    Paragraph(Vec<Run>),
    /// A bulleted list, one entry per item.
    Bullets(Vec<Vec<Run>>),
    Table(Table),
    Chart(Chart),
    /// Start a new page (ignored at the top of a page, so it never makes a blank one).
    PageBreak,
    /// Vertical space in points (dropped when it would fall at a page break).
    Spacer(f32),
}

impl Block {
    pub fn heading(level: u8, text: impl Into<String>) -> Block {
        Block::Heading {
            level,
            text: text.into(),
        }
    }

    /// A paragraph of plain text.
    pub fn paragraph(text: impl Into<String>) -> Block {
        Block::Paragraph(vec![Run::plain(text)])
    }
}

/// How a column's text lines up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table column: its header text, its share of the width and its alignment.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnSpec {
    pub header: String,
    /// Proportional width: a column of weight 2 is twice as wide as one of weight 1.
    pub weight: f32,
    pub align: Align,
}

impl ColumnSpec {
    pub fn left(header: impl Into<String>, weight: f32) -> ColumnSpec {
        ColumnSpec {
            header: header.into(),
            weight,
            align: Align::Left,
        }
    }

    pub fn right(header: impl Into<String>, weight: f32) -> ColumnSpec {
        ColumnSpec {
            header: header.into(),
            weight,
            align: Align::Right,
        }
    }
}

/// A table cell: its text, and a background colour for status cells (the
/// word is still printed, so the table reads without colour).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableCell {
    pub runs: Vec<Run>,
    pub fill: Option<Rgb>,
}

impl TableCell {
    pub fn text(text: impl Into<String>) -> TableCell {
        TableCell {
            runs: vec![Run::plain(text)],
            fill: None,
        }
    }

    pub fn bold(text: impl Into<String>) -> TableCell {
        TableCell {
            runs: vec![Run::bold(text)],
            fill: None,
        }
    }

    pub fn with_fill(mut self, fill: Rgb) -> TableCell {
        self.fill = Some(fill);
        self
    }
}

/// A table that may run over several pages: its header row is repeated on
/// each, and a row is never split (unless it is taller than a whole page).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub columns: Vec<ColumnSpec>,
    /// Each row has exactly one cell per column.
    pub rows: Vec<Vec<TableCell>>,
    /// Shown above the table, and again with "(continued)" on later pages.
    pub caption: Option<String>,
    /// Shown under the last row (symbols, sources).
    pub note: Option<String>,
}

/// The kind of a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// One bar per series side by side in each category.
    GroupedBars,
    /// The series stacked into one bar per category.
    StackedBars,
    /// One line per series across the categories.
    Line,
}

/// A value in a chart: a number, or a value that is missing or suppressed and
/// is shown by its label (such as `[c]` or `[x]`) in place of a bar or point.
#[derive(Debug, Clone, PartialEq)]
pub enum ChartValue {
    Number(f64),
    Missing(String),
}

impl From<f64> for ChartValue {
    fn from(value: f64) -> ChartValue {
        ChartValue::Number(value)
    }
}

/// One named series of a chart, with a value per category.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<ChartValue>,
    /// The series colour; a restrained default palette is used when `None`.
    pub colour: Option<Rgb>,
    /// Per value, whether it is incomplete (a reporter's value missing): its
    /// bar is hatched, its point hollow, and its label carries `[i]`. Empty
    /// (or short) means complete.
    pub incomplete: Vec<bool>,
}

impl Series {
    /// Whether the value at `index` is an incomplete number.
    pub fn is_incomplete(&self, index: usize) -> bool {
        self.incomplete.get(index).copied().unwrap_or(false)
            && matches!(self.values.get(index), Some(ChartValue::Number(_)))
    }
}

impl Chart {
    /// Whether any value of the chart is incomplete.
    pub fn any_incomplete(&self) -> bool {
        self.series
            .iter()
            .any(|s| (0..s.values.len()).any(|i| s.is_incomplete(i)))
    }
}

/// A horizontal reference line (a target) across the plot.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetLine {
    pub value: f64,
    pub label: String,
}

/// A vector chart drawn with rectangles, lines and real text.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub kind: ChartKind,
    /// Shown above the chart.
    pub caption: Option<String>,
    /// The x-axis labels, one per category (quarters, strands, ...).
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    /// What the y-axis counts, shown above the axis.
    pub y_label: Option<String>,
    pub target: Option<TargetLine>,
    /// Shown under the legend.
    pub note: Option<String>,
}

/// A block that breaks a rule of the model, named by its index in the blocks.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("block {block} cannot be laid out: {fault}")]
pub struct InvalidBlock {
    pub block: usize,
    pub fault: BlockFault,
}

/// Which rule a block breaks.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BlockFault {
    #[error("heading level {0}; levels 1 to 4 are drawn")]
    HeadingLevel(u8),
    #[error("spacer of {0} points; expected 0 or more")]
    Spacer(f32),
    #[error("a table with no columns")]
    NoColumns,
    #[error("column \"{header}\" has weight {weight}; expected a positive number")]
    ColumnWeight { header: String, weight: f32 },
    #[error("table row {row} has {cells} cells for {columns} columns")]
    RowCells {
        row: usize,
        cells: usize,
        columns: usize,
    },
    #[error("a chart with no categories")]
    NoCategories,
    #[error("a chart with no series")]
    NoSeries,
    #[error("chart series \"{series}\" has {values} values for {categories} categories")]
    SeriesLength {
        series: String,
        values: usize,
        categories: usize,
    },
    #[error("chart series \"{0}\" has a value that is not a number")]
    NotANumber(String),
    #[error("the chart's target is not a number")]
    TargetNotANumber,
}

/// Checks what layout relies on, naming the block at fault: heading levels
/// 1–4, tables with columns and one cell per column in every row, positive
/// finite column weights, charts with a value per category in every series,
/// finite numbers, non-negative spacers.
pub fn check_blocks(blocks: &[Block]) -> Result<(), InvalidBlock> {
    for (index, block) in blocks.iter().enumerate() {
        check_block(block).map_err(|fault| InvalidBlock {
            block: index,
            fault,
        })?;
    }
    Ok(())
}

fn check_block(block: &Block) -> Result<(), BlockFault> {
    match block {
        Block::Heading { level, .. } if !(1..=4).contains(level) => {
            Err(BlockFault::HeadingLevel(*level))
        }
        Block::Table(table) => check_table(table),
        Block::Chart(chart) => check_chart(chart),
        Block::Spacer(points) if !points.is_finite() || *points < 0.0 => {
            Err(BlockFault::Spacer(*points))
        }
        _ => Ok(()),
    }
}

fn check_table(table: &Table) -> Result<(), BlockFault> {
    if table.columns.is_empty() {
        return Err(BlockFault::NoColumns);
    }
    if let Some(column) = table
        .columns
        .iter()
        .find(|c| !c.weight.is_finite() || c.weight <= 0.0)
    {
        return Err(BlockFault::ColumnWeight {
            header: column.header.clone(),
            weight: column.weight,
        });
    }
    if let Some((row, cells)) = table
        .rows
        .iter()
        .enumerate()
        .find(|(_, cells)| cells.len() != table.columns.len())
    {
        return Err(BlockFault::RowCells {
            row: row + 1,
            cells: cells.len(),
            columns: table.columns.len(),
        });
    }
    Ok(())
}

fn check_chart(chart: &Chart) -> Result<(), BlockFault> {
    if chart.categories.is_empty() {
        return Err(BlockFault::NoCategories);
    }
    if chart.series.is_empty() {
        return Err(BlockFault::NoSeries);
    }
    for series in &chart.series {
        if series.values.len() != chart.categories.len() {
            return Err(BlockFault::SeriesLength {
                series: series.name.clone(),
                values: series.values.len(),
                categories: chart.categories.len(),
            });
        }
        let not_finite = series
            .values
            .iter()
            .any(|v| matches!(v, ChartValue::Number(n) if !n.is_finite()));
        if not_finite {
            return Err(BlockFault::NotANumber(series.name.clone()));
        }
    }
    if chart.target.as_ref().is_some_and(|t| !t.value.is_finite()) {
        return Err(BlockFault::TargetNotANumber);
    }
    Ok(())
}

/// Every piece of text the blocks will print, one per line: what the privacy
/// guard reads before a PDF is written (the PDF's own text extraction runs
/// table cells together, which would hide a token's edges).
pub fn text_of(blocks: &[Block]) -> String {
    fn runs<'a>(runs: &'a [Run], out: &mut Vec<&'a str>) {
        out.extend(runs.iter().map(|r| r.text.as_str()));
    }
    let mut out: Vec<&str> = Vec::new();
    for block in blocks {
        match block {
            Block::Title(t) | Block::Heading { text: t, .. } => out.push(t),
            Block::Paragraph(r) => runs(r, &mut out),
            Block::Bullets(items) => items.iter().for_each(|r| runs(r, &mut out)),
            Block::Table(t) => {
                out.extend(t.caption.as_deref());
                out.extend(t.note.as_deref());
                out.extend(t.columns.iter().map(|c| c.header.as_str()));
                for cell in t.rows.iter().flatten() {
                    runs(&cell.runs, &mut out);
                }
            }
            Block::Chart(c) => {
                out.extend(c.caption.as_deref());
                out.extend(c.y_label.as_deref());
                out.extend(c.note.as_deref());
                out.extend(c.target.as_ref().map(|t| t.label.as_str()));
                out.extend(c.categories.iter().map(String::as_str));
                for s in &c.series {
                    out.push(&s.name);
                    out.extend(s.values.iter().filter_map(|v| match v {
                        ChartValue::Missing(label) => Some(label.as_str()),
                        ChartValue::Number(_) => None,
                    }));
                }
            }
            Block::PageBreak | Block::Spacer(_) => {}
        }
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: Vec<Vec<TableCell>>) -> Block {
        Block::Table(Table {
            columns: vec![ColumnSpec::left("A", 1.0), ColumnSpec::right("B", 1.0)],
            rows,
            caption: None,
            note: None,
        })
    }

    #[test]
    fn a_row_with_the_wrong_number_of_cells_is_named() {
        let blocks = [
            Block::paragraph("intro"),
            table(vec![vec![TableCell::text("x")]]),
        ];
        let err = check_blocks(&blocks).unwrap_err().to_string();
        assert!(err.contains("block 1"), "{err}");
        assert!(err.contains("row 1 has 1 cells for 2 columns"), "{err}");
    }

    #[test]
    fn heading_levels_outside_one_to_four_are_refused() {
        assert!(check_blocks(&[Block::heading(0, "x")]).is_err());
        assert!(check_blocks(&[Block::heading(5, "x")]).is_err());
        assert!(check_blocks(&[Block::heading(4, "x")]).is_ok());
    }

    #[test]
    fn a_chart_value_that_is_not_a_number_is_refused() {
        let chart = Chart {
            kind: ChartKind::Line,
            caption: None,
            categories: vec!["Q1".into()],
            series: vec![Series {
                name: "Referrals".into(),
                values: vec![ChartValue::Number(f64::NAN)],
                colour: None,
                incomplete: Vec::new(),
            }],
            y_label: None,
            target: None,
            note: None,
        };
        let err = check_blocks(&[Block::Chart(chart)])
            .unwrap_err()
            .to_string();
        assert!(err.contains("Referrals"), "{err}");
    }

    #[test]
    fn dark_fills_are_darker_than_light_ones() {
        assert!(Rgb::hex(0x1f3a5f).luminance() < 0.1);
        assert!(Rgb::hex(0xffffff).luminance() > 0.99);
    }
}
