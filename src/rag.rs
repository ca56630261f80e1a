//! The RAG rating scale and its colours, shared by the compute modules (which
//! decide a rating) and the renderers (which draw it). Decides nothing itself.

use serde::Serialize;

/// Red / amber / green, plus blue (done) and grey (not in play): the one rating
/// scale of every table, shared by action states and targets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Rag {
    Red,
    Amber,
    Green,
    Blue,
    Grey,
}

impl Rag {
    pub fn label(self) -> &'static str {
        match self {
            Rag::Red => "Red",
            Rag::Amber => "Amber",
            Rag::Green => "Green",
            Rag::Blue => "Blue",
            Rag::Grey => "Grey",
        }
    }

    /// Fill colour as `#RRGGBB`, shared by every renderer (GOV.UK design system
    /// palette, chosen for contrast in print and on screen).
    pub fn colour(self) -> &'static str {
        match self {
            Rag::Red => "#D4351C",
            Rag::Amber => "#FFBF47",
            Rag::Green => "#00703C",
            Rag::Blue => "#1D70B8",
            Rag::Grey => "#B1B4B6",
        }
    }

    /// Text colour that is legible on `colour()`.
    pub fn text_colour(self) -> &'static str {
        match self {
            Rag::Red | Rag::Green | Rag::Blue => "#FFFFFF",
            Rag::Amber | Rag::Grey => "#0B0C0C",
        }
    }

    /// `colour()` as a 0xRRGGBB number, for writers that take one.
    pub fn rgb(self) -> u32 {
        u32::from_str_radix(self.colour().trim_start_matches('#'), 16).unwrap_or(0)
    }
}
