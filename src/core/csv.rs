//! The one CSV writer: every widget's download goes through it, so every file follows
//! one quoting rule (a text field that is not a plain word or number, such as a spec
//! `adam(lr=0.1)` or a heading `g (x)`, is quoted, its quotes doubled, as RFC 4180
//! allows) and one number format (exact, shortest round-trip; a missing or non-finite
//! number is an empty field).

use super::num::fmt_f64;

/// CSV text being written, row by row.
pub struct Csv {
    out: String,
    fresh: bool,
}

impl Csv {
    /// A file starting with the header row `names`.
    pub fn new(names: &[&str]) -> Csv {
        let mut c = Csv {
            out: String::new(),
            fresh: true,
        };
        for n in names {
            c.text(n);
        }
        c.end_row();
        c
    }

    fn sep(&mut self) {
        if !self.fresh {
            self.out.push(',');
        }
        self.fresh = false;
    }

    /// A text field, quoted unless it is a plain word or number.
    pub fn text(&mut self, s: &str) -> &mut Csv {
        self.sep();
        let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '+');
        if !s.chars().all(plain) {
            self.out.push('"');
            self.out.push_str(&s.replace('"', "\"\""));
            self.out.push('"');
        } else {
            self.out.push_str(s);
        }
        self
    }

    /// A number field (empty when `x` is not finite).
    pub fn num(&mut self, x: f64) -> &mut Csv {
        self.sep();
        if x.is_finite() {
            self.out.push_str(&fmt_f64(x));
        }
        self
    }

    /// A number field that may be missing (empty then).
    pub fn opt(&mut self, x: Option<f64>) -> &mut Csv {
        self.num(x.unwrap_or(f64::NAN))
    }

    /// A whole-number field.
    pub fn int(&mut self, k: usize) -> &mut Csv {
        self.sep();
        self.out.push_str(&k.to_string());
        self
    }

    /// Ends the row.
    pub fn end_row(&mut self) {
        self.out.push('\n');
        self.fresh = true;
    }

    /// The rows of a run labelled `label`: one per point, `label,step,coordinates…,loss,lr`.
    pub fn trajectory(&mut self, label: &str, t: &super::run::Trajectory) {
        for k in 0..t.len() {
            self.text(label).int(k);
            for x in t.point(k).unwrap_or(&[]) {
                self.num(*x);
            }
            self.opt(t.loss.get(k).copied()).opt(t.lr.get(k).copied());
            self.end_row();
        }
    }

    /// The text written.
    pub fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_needs_it_and_leaves_bad_numbers_empty() {
        let mut c = Csv::new(&["run", "x", "g (x)"]);
        c.text("adam(lr=0.1, beta1=0.9)").num(1.5);
        c.end_row();
        c.text("say \"hi\"").num(f64::NAN);
        c.end_row();
        c.text("plain").opt(None).int(3);
        c.end_row();
        assert_eq!(
            c.finish(),
            "run,x,\"g (x)\"\n\"adam(lr=0.1, beta1=0.9)\",1.5\n\"say \"\"hi\"\"\",\nplain,,3\n"
        );
    }
}
