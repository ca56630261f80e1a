//! A whole workbook from arbitrary bytes: opening it (every check before
//! parsing), reading every sheet it has, and reading it as a plan and as a
//! return, must give values or diagnostics — never a panic in boardpack's own
//! code, never an out-of-memory, never a hang.
//!
//! A panic raised inside calamine is what `read::guarded` turns into a
//! `file-damaged` diagnostic for the user, so this target treats it the same
//! way (it is counted, not a failure) and goes on looking for what the net
//! cannot catch. The number of calamine panics seen is printed at exit.
#![no_main]

use boardpack::diagnostics::Diagnostics;
use boardpack::period::{Quarter, Q};
use boardpack::read::{plan, returns};
use boardpack::workbook::Book;
use libfuzzer_sys::fuzz_target;
use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Once;

thread_local! {
    static PANIC_FILE: RefCell<Option<String>> = const { RefCell::new(None) };
}
static CALAMINE_PANICS: AtomicUsize = AtomicUsize::new(0);

fn inside_calamine(file: &str) -> bool {
    file.contains("/calamine-")
}

fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let file = info.location().map(|l| l.file().to_string());
            let quiet = file.as_deref().is_some_and(inside_calamine);
            PANIC_FILE.with(|p| *p.borrow_mut() = file);
            if !quiet {
                previous(info);
            }
        }));
        extern "C" fn report() {
            eprintln!(
                "calamine panics caught as the panic net would: {}",
                CALAMINE_PANICS.load(Ordering::Relaxed)
            );
        }
        extern "C" {
            fn atexit(f: extern "C" fn()) -> i32;
        }
        // SAFETY: registering a plain function with the C runtime.
        unsafe {
            atexit(report);
        }
    });
}

fn read_everything(data: &[u8]) {
    let mut diags = Diagnostics::new();
    let Some(mut book) = Book::from_bytes(data.to_vec(), "fuzz.xlsx", &mut diags) else {
        return;
    };
    for name in book.sheet_names().to_vec() {
        let _ = book.sheet(&name, &mut diags);
    }
    let _ = plan::plan_from_book(&mut book, &mut diags);
    let expected = returns::Expected {
        agency: "CSC",
        quarter: Quarter::new(2014, Q::Q3),
        needs_actions: true,
        needs_measures: true,
    };
    let _ = returns::return_from_book(&mut book, Path::new("fuzz.xlsx"), &expected, &mut diags);
}

fuzz_target!(|data: &[u8]| {
    install_hook();
    if let Err(payload) = panic::catch_unwind(AssertUnwindSafe(|| read_everything(data))) {
        let file = PANIC_FILE.with(|p| p.borrow_mut().take()).unwrap_or_default();
        if inside_calamine(&file) {
            CALAMINE_PANICS.fetch_add(1, Ordering::Relaxed);
            return;
        }
        panic::resume_unwind(payload);
    }
});
