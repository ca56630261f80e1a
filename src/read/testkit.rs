//! Test helper: writes a small workbook from rows of cells, so reader unit
//! tests can draw their sheet in code.

use rust_xlsxwriter::{Format, Workbook};
use std::path::PathBuf;

pub enum V {
    S(&'static str),
    N(f64),
    /// A real date: year, month, day.
    D(i32, u32, u32),
    E,
}

pub struct Written {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
}

pub fn workbook(sheets: &[(&str, Vec<Vec<V>>)]) -> Written {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("book.xlsx");
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).expect("name");
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match v {
                    V::S(s) => drop(ws.write_string(r, c, *s)),
                    V::N(n) => drop(ws.write_number(r, c, *n)),
                    V::D(y, m, d) => {
                        let serial = chrono::NaiveDate::from_ymd_opt(*y, *m, *d).expect("date")
                            - chrono::NaiveDate::from_ymd_opt(1899, 12, 30).expect("epoch");
                        drop(ws.write_number_with_format(r, c, serial.num_days() as f64, &date));
                    }
                    V::E => {}
                }
            }
        }
    }
    wb.save(&path).expect("save");
    Written { _dir: dir, path }
}
