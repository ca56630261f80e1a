//! The fallback faces, compiled in beside DejaVu Sans for the scripts it lacks
//! or cannot join: Noto Sans Arabic (Arabic, Urdu) and Noto Sans Bengali,
//! regular and bold, and Droid Sans Fallback (Chinese, Japanese, Korean; one
//! weight). Each is parsed on first use only, so a Latin-only report never
//! reads them. Nothing here chooses a face for a character or shapes text
//! (`script` does).

use std::sync::OnceLock;

use super::Face;

/// A fallback face.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fallback {
    ArabicRegular,
    ArabicBold,
    BengaliRegular,
    BengaliBold,
    Cjk,
}

impl Fallback {
    #[cfg(test)]
    pub const ALL: [Fallback; 5] = [
        Fallback::ArabicRegular,
        Fallback::ArabicBold,
        Fallback::BengaliRegular,
        Fallback::BengaliBold,
        Fallback::Cjk,
    ];

    pub fn arabic(face: Face) -> Fallback {
        match face {
            Face::Regular => Fallback::ArabicRegular,
            Face::Bold => Fallback::ArabicBold,
        }
    }

    pub fn bengali(face: Face) -> Fallback {
        match face {
            Face::Regular => Fallback::BengaliRegular,
            Face::Bold => Fallback::BengaliBold,
        }
    }

    /// The font file's name (errors name it; the subset tag is derived from it).
    pub fn file_name(self) -> &'static str {
        match self {
            Fallback::ArabicRegular => "NotoSansArabic-Regular.ttf",
            Fallback::ArabicBold => "NotoSansArabic-Bold.ttf",
            Fallback::BengaliRegular => "NotoSansBengali-Regular.ttf",
            Fallback::BengaliBold => "NotoSansBengali-Bold.ttf",
            Fallback::Cjk => "DroidSansFallback.ttf",
        }
    }

    /// The font file, as compiled in.
    pub fn bytes(self) -> &'static [u8] {
        match self {
            Fallback::ArabicRegular => {
                include_bytes!("../../../assets/fonts/NotoSansArabic-Regular.ttf")
            }
            Fallback::ArabicBold => include_bytes!("../../../assets/fonts/NotoSansArabic-Bold.ttf"),
            Fallback::BengaliRegular => {
                include_bytes!("../../../assets/fonts/NotoSansBengali-Regular.ttf")
            }
            Fallback::BengaliBold => {
                include_bytes!("../../../assets/fonts/NotoSansBengali-Bold.ttf")
            }
            Fallback::Cjk => include_bytes!("../../../assets/fonts/DroidSansFallback.ttf"),
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    /// The face as the shaper reads it (glyph lookup, advances, OpenType
    /// layout), or `None` when the compiled-in file does not parse.
    pub fn shaper(self) -> Option<&'static rustybuzz::Face<'static>> {
        static FACES: [OnceLock<Option<rustybuzz::Face<'static>>>; 5] =
            [const { OnceLock::new() }; 5];
        FACES[self.index()]
            .get_or_init(|| rustybuzz::Face::from_slice(self.bytes(), 0))
            .as_ref()
    }

    /// Whether this face has a glyph for `c`.
    pub fn covers(self, c: char) -> bool {
        self.shaper()
            .is_some_and(|face| face.glyph_index(c).is_some_and(|g| g.0 != 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fallback_face_parses_for_shaping() {
        // That each embeds: render::pdf::fonts's tests.
        for f in Fallback::ALL {
            assert!(f.shaper().is_some(), "{f:?} shapes");
        }
    }

    #[test]
    fn the_faces_cover_what_agencies_type() {
        // Arabic and Urdu letters (ے ں ٹ ڈ ڑ ہ ھ are Urdu's own).
        for c in "مركز باث ےںٹڈڑہھ".chars().filter(|c| !c.is_whitespace()) {
            assert!(Fallback::ArabicRegular.covers(c), "{c} regular");
            assert!(Fallback::ArabicBold.covers(c), "{c} bold");
        }
        for c in "বাংলা কেন্দ্র ক্ষ".chars().filter(|c| !c.is_whitespace())
        {
            assert!(Fallback::BengaliRegular.covers(c), "{c} regular");
            assert!(Fallback::BengaliBold.covers(c), "{c} bold");
        }
        for c in "巴斯市中心儿童服务".chars() {
            assert!(Fallback::Cjk.covers(c), "{c}");
        }
        assert!(!Fallback::Cjk.covers('\u{1F600}'), "no emoji");
    }
}
