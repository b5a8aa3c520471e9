//! Colours: a perceptually ordered, colour-blind-safe heatmap scale and a series palette.

/// An 8-bit RGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Parses `#rrggbb` (as CSS custom properties hold it); `None` otherwise.
    pub fn parse_hex(s: &str) -> Option<Rgb> {
        let h = s.trim().strip_prefix('#')?;
        if h.len() != 6 {
            return None;
        }
        let n = u32::from_str_radix(h, 16).ok()?;
        Some(Rgb((n >> 16) as u8, (n >> 8) as u8, n as u8))
    }

    /// Lightness in `[0, 255]` (Rec. 709 weights).
    pub fn luma(self) -> f64 {
        0.2126 * f64::from(self.0) + 0.7152 * f64::from(self.1) + 0.0722 * f64::from(self.2)
    }

    /// As plotters' colour.
    pub fn to_plotters(self) -> plotters::style::RGBColor {
        plotters::style::RGBColor(self.0, self.1, self.2)
    }
}

/// Anchor colours of the heatmap scale, low to high: dark blue through teal and green to
/// yellow. Lightness rises monotonically, so the order reads in grey and for every common
/// colour-vision deficiency.
const SCALE: [Rgb; 9] = [
    Rgb(0x44, 0x01, 0x54),
    Rgb(0x47, 0x2c, 0x7a),
    Rgb(0x3b, 0x51, 0x8b),
    Rgb(0x2c, 0x71, 0x8e),
    Rgb(0x21, 0x90, 0x8d),
    Rgb(0x27, 0xad, 0x81),
    Rgb(0x5c, 0xc8, 0x63),
    Rgb(0xaa, 0xdc, 0x32),
    Rgb(0xfd, 0xe7, 0x25),
];

/// The heatmap colour of `t ∈ [0, 1]` (clamped; NaN maps to grey).
pub fn scale(t: f64) -> Rgb {
    if t.is_nan() {
        return Rgb(128, 128, 128);
    }
    let x = crate::core::num::clamp(t, 0.0, 1.0) * (SCALE.len() - 1) as f64;
    let i = (x.floor() as usize).min(SCALE.len() - 2);
    let f = x - i as f64;
    let (a, b) = (SCALE[i], SCALE[i + 1]);
    let mix = |p: u8, q: u8| (f64::from(p) + (f64::from(q) - f64::from(p)) * f).round() as u8;
    Rgb(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Series colours for runs, from the Okabe–Ito palette (distinguishable with colour-vision
/// deficiencies), chosen to stand out on the heatmap scale.
pub const SERIES: [Rgb; 7] = [
    Rgb(0xff, 0xff, 0xff),
    Rgb(0xe6, 0x9f, 0x00),
    Rgb(0xcc, 0x79, 0xa7),
    Rgb(0x56, 0xb4, 0xe9),
    Rgb(0xd5, 0x5e, 0x00),
    Rgb(0xf0, 0xe4, 0x42),
    Rgb(0x00, 0x9e, 0x73),
];

/// Colours and sizes that follow the page's theme and pixel density.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    /// Canvas background.
    pub bg: Rgb,
    /// Text and axes.
    pub fg: Rgb,
    /// Device pixels per CSS pixel.
    pub scale: f64,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            bg: Rgb(0xff, 0xff, 0xff),
            fg: Rgb(0x1f, 0x23, 0x28),
            scale: 1.0,
        }
    }
}

impl Theme {
    /// A length in device pixels for `css` CSS pixels.
    pub fn px(&self, css: f64) -> u32 {
        (css * self.scale).round().max(1.0) as u32
    }

    /// Whether a line in `c` is too close to the background in lightness to show on its
    /// own (white or yellow on a light page), and wants an outline.
    pub fn faint(&self, c: Rgb) -> bool {
        (c.luma() - self.bg.luma()).abs() < 64.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_ends_and_monotone_lightness() {
        assert_eq!(scale(0.0), SCALE[0]);
        assert_eq!(scale(1.0), SCALE[8]);
        assert_eq!(scale(-3.0), SCALE[0]);
        assert_eq!(scale(f64::NAN), Rgb(128, 128, 128));
        let luma = Rgb::luma;
        let mut last = -1.0;
        for k in 0..=100 {
            let l = luma(scale(f64::from(k) / 100.0));
            assert!(l >= last - 0.5, "lightness falls at {k}");
            last = l;
        }
    }

    #[test]
    fn white_and_yellow_are_faint_on_a_light_background_only() {
        let light = Theme::default();
        let dark = Theme {
            bg: Rgb(0x0f, 0x14, 0x19),
            fg: Rgb(0xe6, 0xed, 0xf3),
            scale: 1.0,
        };
        assert!(light.faint(SERIES[0]) && light.faint(SERIES[5]));
        assert!(!dark.faint(SERIES[0]) && !dark.faint(SERIES[5]));
        for c in [SERIES[1], SERIES[2], SERIES[3], SERIES[4], SERIES[6]] {
            assert!(!light.faint(c) && !dark.faint(c), "{c:?}");
        }
    }

    #[test]
    fn parses_hex() {
        assert_eq!(Rgb::parse_hex(" #0a0B0c"), Some(Rgb(10, 11, 12)));
        assert_eq!(Rgb::parse_hex("red"), None);
        assert_eq!(Rgb::parse_hex("#12345"), None);
    }
}
