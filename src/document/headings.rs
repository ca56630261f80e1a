//! How headings are numbered ("2.1"): one rule for the PDF's headings, its
//! outline, the contents list and the web page. Counts only; draws nothing.

use super::blocks::Block;

/// Each block's heading number as the layout prints it ("2.1"), `None` for
/// blocks that are not headings: for a contents list or another renderer.
pub fn heading_numbers(blocks: &[Block]) -> Vec<Option<String>> {
    let mut counters = [0u32; 4];
    blocks
        .iter()
        .map(|block| match block {
            Block::Heading { level, .. } => Some(heading_number(*level, &mut counters)),
            _ => None,
        })
        .collect()
}

/// Numbers a heading from the running counters (level 1–4): level 2 after "3" is "3.1".
fn heading_number(level: u8, counters: &mut [u32; 4]) -> String {
    let depth = usize::from(level.clamp(1, 4));
    counters[depth - 1] += 1;
    for deeper in counters.iter_mut().skip(depth) {
        *deeper = 0;
    }
    counters[..depth]
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_numbered_by_level() {
        let mut counters = [0; 4];
        let numbers: Vec<String> = [1, 2, 2, 3, 1, 2, 1]
            .iter()
            .map(|&l| heading_number(l, &mut counters))
            .collect();
        assert_eq!(numbers, ["1", "1.1", "1.2", "1.2.1", "2", "2.1", "3"]);
        assert_eq!(
            heading_number(3, &mut counters),
            "3.0.1",
            "a skipped level is 0"
        );
    }
}
