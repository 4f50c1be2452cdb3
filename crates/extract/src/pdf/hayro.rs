//! Reading page text with `hayro-interpret`: the interpreter walks each page's content
//! (form XObjects included, annotations not) and hands glyph runs to a [`Device`] that
//! places each glyph and gives it to the [`PageText`] assembler. Fonts are parsed once per
//! document (one [`InterpreterCache`] for all pages). Images, paths and clips are ignored.

use super::assemble::{PageText, Placed};
use crate::ExtractError;
use hayro_interpret::font::GlyphRun;
use hayro_interpret::hayro_cmap::BfString;
use hayro_interpret::hayro_syntax::{LoadPdfError, Pdf};
use hayro_interpret::kurbo::{Affine, BezPath, Point};
use hayro_interpret::{
    BlendMode, ClipPath, Context, Device, DrawMode, DrawProps, Image, ImageDrawProps,
    InterpreterCache, InterpreterSettings, RenderContent, SoftMask, interpret_page,
};

/// Text of each page (page 1 first).
pub(crate) fn read_pages(bytes: Vec<u8>) -> Result<Vec<String>, ExtractError> {
    let pdf = Pdf::new(bytes).map_err(|e| match e {
        LoadPdfError::Decryption(d) => ExtractError::Encrypted(format!("{d:?}")),
        LoadPdfError::Invalid => {
            ExtractError::PdfParse("hayro: no readable cross-reference table or page tree".into())
        }
    })?;
    let settings = InterpreterSettings {
        render_content: RenderContent::PAGE,
        ..InterpreterSettings::default()
    };
    let cache = InterpreterCache::new();
    let mut pages = Vec::with_capacity(pdf.pages().len());
    for page in pdf.pages().iter() {
        let (w, h) = page.render_dimensions();
        let bbox = hayro_interpret::kurbo::Rect::new(0.0, 0.0, f64::from(w), f64::from(h));
        let mut ctx = Context::new(
            Affine::new(page.initial_transform(true).as_coeffs()),
            bbox,
            &cache,
            pdf.xref(),
            settings.clone(),
        );
        let mut dev = TextDevice::default();
        interpret_page(page, &mut ctx, &mut dev);
        pages.push(dev.text.finish());
    }
    Ok(pages)
}

/// A device that keeps only text.
#[derive(Default)]
struct TextDevice {
    text: PageText,
    /// Glyph count and first origin of the last run drawn: text drawn "fill, then stroke"
    /// arrives twice, and the stroke pass is skipped.
    last_run: Option<(usize, Point)>,
}

impl TextDevice {
    fn glyphs(&mut self, run: &GlyphRun<'_, '_>, page: Affine) {
        let mut buf = String::new();
        let glyphs = run.glyphs();
        for (i, g) in glyphs.iter().enumerate() {
            let t = page * g.transform();
            let origin = t * Point::ZERO;
            // glyph space is 1000 units to the em: the size is the em in page units
            let size = t.determinant().abs().sqrt() * 1000.0;
            let advance = match &**g {
                hayro_interpret::font::Glyph::Outline(o) => o.advance_width(),
                hayro_interpret::font::Glyph::Type3(t3) => t3.advance_width(),
            };
            let end = match advance {
                Some(a) if a.is_finite() && a > 0.0 => (t * Point::new(f64::from(a), 0.0)).x,
                // no width known: up to the next glyph of the run, else half an em
                _ => glyphs.get(i + 1).map_or(origin.x + size * 0.5, |n| {
                    (page * n.transform() * Point::ZERO).x
                }),
            };
            buf.clear();
            match g.as_unicode() {
                Some(BfString::Char(c)) => buf.push(c),
                Some(BfString::String(s)) => buf.push_str(&s),
                None => {}
            }
            let placed = Placed {
                x: origin.x,
                y: origin.y,
                end,
                size,
            };
            self.text.push(placed, &buf, i == 0);
        }
    }
}

impl<'a> Device<'a> for TextDevice {
    fn draw_path(&mut self, _: &BezPath, _: DrawProps<'a>, _: &DrawMode) {}
    fn push_clip_path(&mut self, _: &ClipPath) {}
    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}
    fn draw_glyph_run(&mut self, run: &GlyphRun<'_, 'a>, props: DrawProps<'a>, mode: &DrawMode) {
        let first = run.glyphs().first().map_or(Point::ZERO, |g| {
            props.transform * g.transform() * Point::ZERO
        });
        let key = (run.glyphs().len(), first);
        if matches!(mode, DrawMode::Stroke(_)) && self.last_run == Some(key) {
            return;
        }
        self.last_run = Some(key);
        self.glyphs(run, props.transform);
    }
    fn draw_image(&mut self, _: Image<'a, '_>, _: ImageDrawProps<'a>) {}
    fn pop_clip(&mut self) {}
    fn pop_transparency_group(&mut self) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-page PDF (Helvetica, not embedded) whose page content is `content`, with a
    /// correct cross-reference table.
    fn tiny_pdf(content: &str) -> Vec<u8> {
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
             /Resources << /Font << /F1 5 0 R >> >> >>"
                .to_owned(),
            format!(
                "<< /Length {} >>\nstream\n{content}\nendstream",
                content.len() + 1
            ),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica \
             /Encoding /WinAnsiEncoding >>"
                .to_owned(),
        ];
        let mut pdf = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(pdf.len());
            pdf.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
        }
        let xref = pdf.len();
        pdf.extend_from_slice(format!("xref\n0 {}\n", objects.len() + 1).as_bytes());
        pdf.extend_from_slice(b"0000000000 65535 f \n");
        for o in offsets {
            pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        pdf.extend_from_slice(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .as_bytes(),
        );
        pdf
    }

    #[test]
    fn reads_words_lines_and_paragraphs() {
        let pdf = tiny_pdf(
            "BT /F1 12 Tf 72 700 Td (Children in) Tj 70 0 Td (care) Tj \
             -70 -14 Td (multi-) Tj 0 -14 Td (agency work) Tj 0 -40 Td (Next) Tj ET",
        );
        let pages = read_pages(pdf);
        assert_eq!(
            pages
                .as_deref()
                .map(|p| p.iter().map(|t| t.trim()).collect::<Vec<_>>()),
            Ok(vec!["Children in care\nmulti-\nagency work\n\nNext"])
        );
    }

    #[test]
    fn positioned_words_and_kerning_in_tj_arrays() {
        // word gaps made by TJ offsets, and a small kerning offset inside a word
        let pdf =
            tiny_pdf("BT /F1 12 Tf 72 700 Td [(Ins) 20 (pection) -300 (of) -300 (services)] TJ ET");
        let pages = read_pages(pdf);
        assert_eq!(
            pages.map(|p| p.concat().trim().to_owned()),
            Ok("Inspection of services".to_owned())
        );
    }

    #[test]
    fn justified_word_spacing_is_one_space() {
        // regression (Kent council reports in the negatives corpus): word spacing (Tw)
        // widening written spaces must not read as a double space, i.e. a table-cell gap
        let pdf = tiny_pdf("BT /F1 12 Tf 6 Tw 72 700 Td (Good work done) Tj ET");
        let pages = read_pages(pdf);
        assert_eq!(
            pages.map(|p| p.concat().trim().to_owned()),
            Ok("Good work done".to_owned())
        );
    }

    #[test]
    fn text_filled_then_stroked_is_read_once() {
        let pdf = tiny_pdf("BT /F1 12 Tf 2 Tr 72 700 Td (Outstanding) Tj ET");
        let pages = read_pages(pdf);
        assert_eq!(
            pages.map(|p| p.concat().trim().to_owned()),
            Ok("Outstanding".to_owned())
        );
    }

    #[test]
    fn garbage_is_a_parse_error() {
        assert!(matches!(
            read_pages(b"%PDF-1.4\ngarbage".to_vec()),
            Err(ExtractError::PdfParse(_))
        ));
    }
}
