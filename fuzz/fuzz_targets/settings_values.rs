//! The plan's Settings values: every numeric and text setting given a value
//! made from the fuzzer's bytes (numbers of any size and sign, text, dates),
//! in an otherwise clean plan. Reading and checking must never panic, and a
//! plan the check accepts must give every paper — a setting in range can
//! overflow no date or rate.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let edits = common::settings_edits_from(data);
    common::check_then_build(&edits);
});
