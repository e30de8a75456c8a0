//! The length of a print, without making it: how a text that will hold a print of a million
//! options is sized once. A leaf module, so the executor and the renderers can both use it.

/// The length of a value's print, counted without making it: what a text is sized with when a
/// print of a million options goes into it.
pub(crate) fn print_len(value: &impl std::fmt::Display) -> usize {
    /// Counts the bytes written to it.
    struct Length(usize);
    impl std::fmt::Write for Length {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0 += s.len();
            Ok(())
        }
    }
    let mut length = Length(0);
    // Counting cannot fail, nor can a print on its own.
    let _ = std::fmt::Write::write_fmt(&mut length, format_args!("{value}"));
    length.0
}
