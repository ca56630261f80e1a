//! Whole plan workbooks: the clean example plan with cells rewritten from the
//! fuzzer's bytes (any sheet, any cell near the data, numbers, text, real
//! dates, booleans, blanks), read with the clean 2014-15 Q3 returns. Reading
//! and checking must give values or diagnostics, never a panic; and when the
//! check finds no error, the quarter's papers, the year's papers and the
//! return templates must all be built (the promise `check` makes).
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let edits = common::edits_from(data, common::PLAN_SHEETS);
    common::check_then_build(&edits);
});
