//! Which characters DejaVu Sans draws as they stand, and which need a
//! fallback face or right-to-left ordering: decided by the character alone.

use unicode_bidi::BidiClass;

use super::fallback::Fallback;
#[cfg(test)]
use super::fonts::EmbeddedFonts;
use super::Face;

/// Whether DejaVu draws `c` as it stands: a character it has, of no script
/// that needs joining or reordering, and not right-to-left. Text made only of
/// these is measured and drawn character by character, as before fallbacks.
#[cfg(test)]
pub fn is_plain(fonts: &EmbeddedFonts, face: Face, c: char) -> bool {
    is_plain_in(face, c) && fonts.has_own_glyph(face, c)
}

/// `is_plain`, for a character DejaVu is known to have.
pub fn is_plain_in(face: Face, c: char) -> bool {
    script_face(c, face).is_none() && !is_right_to_left(c)
}

/// The fallback face that draws the letters of `c`'s script whenever it has
/// them (DejaVu has some Arabic letters, but cannot join them).
pub fn script_face(c: char, face: Face) -> Option<Fallback> {
    match u32::from(c) {
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            Some(Fallback::arabic(face))
        }
        0x0980..=0x09FF => Some(Fallback::bengali(face)),
        _ => None,
    }
}

fn is_right_to_left(c: char) -> bool {
    matches!(
        unicode_bidi::bidi_class(c),
        BidiClass::R | BidiClass::AL | BidiClass::RLE | BidiClass::RLO | BidiClass::RLI
    )
}
