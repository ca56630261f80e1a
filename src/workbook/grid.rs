//! A sheet's values held sparsely: only the cells that hold something, sorted
//! by place. A sheet that claims a huge size but holds little costs only what
//! it holds (calamine's own `Range` allocates every cell of its bounding box).
//! Knows nothing of headers or meaning; reads no files.

use calamine::Data;

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Grid {
    /// ((row, column), value), zero-based, sorted by place, no empty values.
    cells: Vec<((u32, u32), Data)>,
    end: Option<(u32, u32)>,
}

impl Grid {
    /// A grid of the given cells in any order; a later cell at a place already
    /// given replaces the earlier one (as a spreadsheet program would read it).
    pub fn from_cells(cells: Vec<((u32, u32), Data)>) -> Grid {
        let mut cells: Vec<((u32, u32), Data)> = cells
            .into_iter()
            .filter(|(_, v)| *v != Data::Empty)
            .collect();
        // Stable, so cells at one place keep their order and the last one wins.
        cells.sort_by_key(|(at, _)| *at);
        let mut unique: Vec<((u32, u32), Data)> = Vec::with_capacity(cells.len());
        for cell in cells {
            match unique.last_mut() {
                Some(last) if last.0 == cell.0 => *last = cell,
                _ => unique.push(cell),
            }
        }
        let end = unique
            .iter()
            .fold(None, |end: Option<(u32, u32)>, ((r, c), _)| {
                Some(end.map_or((*r, *c), |(er, ec)| (er.max(*r), ec.max(*c))))
            });
        Grid { cells: unique, end }
    }

    /// The value at (row, column), if that cell holds one.
    pub fn get_value(&self, at: (u32, u32)) -> Option<&Data> {
        self.cells
            .binary_search_by_key(&at, |(place, _)| *place)
            .ok()
            .map(|i| &self.cells[i].1)
    }

    /// The last row and the last column that hold a value (not necessarily in
    /// one cell), or `None` for an empty sheet.
    pub fn end(&self) -> Option<(u32, u32)> {
        self.end
    }

    /// How many cells hold a value.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Data {
        Data::String(v.to_string())
    }

    #[test]
    fn cells_are_found_by_place_and_the_last_given_wins() {
        let grid = Grid::from_cells(vec![
            ((5, 2), s("late")),
            ((0, 0), s("A1")),
            ((5, 2), s("later")),
            ((3, 7), Data::Empty),
        ]);
        assert_eq!(grid.get_value((0, 0)), Some(&s("A1")));
        assert_eq!(grid.get_value((5, 2)), Some(&s("later")));
        assert_eq!(grid.get_value((3, 7)), None);
        assert_eq!(grid.get_value((1, 1)), None);
        assert_eq!(grid.end(), Some((5, 2)));
        assert_eq!(grid.len(), 2);
    }

    #[test]
    fn a_far_corner_costs_one_cell() {
        let grid = Grid::from_cells(vec![((0, 0), s("A1")), ((1_048_575, 16_383), s("XFD"))]);
        assert_eq!(grid.end(), Some((1_048_575, 16_383)));
        assert_eq!(grid.len(), 2);
        assert!(Grid::from_cells(Vec::new()).end().is_none());
    }
}
