//! The cell-value parsers on arbitrary text: each must return a value or a
//! complaint, never panic.
#![no_main]

use boardpack::period::{FinYear, Quarter};
use boardpack::workbook::values;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = values::date_text(&text);
    let _ = values::count_text(&text);
    let _ = values::yes_no_text(&text);
    let _ = Quarter::parse(&text);
    let _ = FinYear::parse(&text);
    let _ = values::fold(&text);
    let cell = calamine::Data::String(text.into_owned());
    let _ = values::date(&cell);
    let _ = values::count(&cell);
    let _ = values::number(&cell);
    let _ = values::text(&cell);
});
