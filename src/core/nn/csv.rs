//! A data set from CSV text: a header row, then one row per example with the feature
//! columns first and the target last. Plain text in, no I/O, so the browser can hand
//! over an uploaded file's contents.
//!
//! Fields are separated by commas and trimmed; blank lines are skipped; there is no
//! quoting (a header name may be wrapped in double quotes). The row count is checked
//! before anything is stored, so a huge file fails fast.

use crate::core::error::Result;
use crate::core::num::parse_f64;

use super::bad;
use super::data::{Dataset, MAX_FEATURES, MAX_ROWS};

fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty())
}

/// Reads CSV text into a [`Dataset`].
///
/// Errors name the line: a row with a missing or extra field, a field that is not a
/// finite number, more than 10,000 rows or 16 feature columns, no rows at all.
pub fn read_csv(text: &str) -> Result<Dataset> {
    let mut lines = data_lines(text);
    let (_, header) = lines
        .next()
        .ok_or_else(|| bad("the CSV is empty; it needs a header row and data rows"))?;
    let names: Vec<String> = header
        .split(',')
        .map(|s| s.trim().trim_matches('"').to_string())
        .collect();
    if names.len() < 2 {
        return Err(bad(
            "the CSV header needs at least two columns: features, then the target",
        ));
    }
    if names.len() - 1 > MAX_FEATURES {
        return Err(bad(format!(
            "the CSV has {} feature columns; at most {MAX_FEATURES}",
            names.len() - 1
        )));
    }
    if let Some(k) = names.iter().position(String::is_empty) {
        return Err(bad(format!("CSV column {} has no name", k + 1)));
    }
    let rows = data_lines(text).skip(1).take(MAX_ROWS + 1).count();
    if rows > MAX_ROWS {
        return Err(bad(format!(
            "the CSV has more than {MAX_ROWS} rows; at most {MAX_ROWS}"
        )));
    }
    if rows == 0 {
        return Err(bad("the CSV has a header but no data rows"));
    }
    let cols = names.len();
    let mut x = Vec::with_capacity(rows * (cols - 1));
    let mut y = Vec::with_capacity(rows);
    for (line, row) in lines {
        let mut got = 0;
        for (k, field) in row.split(',').enumerate() {
            got += 1;
            if got > cols {
                break;
            }
            let f = field.trim();
            let v = parse_f64(f).filter(|v| v.is_finite()).ok_or_else(|| {
                let col = names.get(k).map_or("", String::as_str);
                if f.is_empty() {
                    bad(format!("line {line}: column \"{col}\" is empty"))
                } else {
                    bad(format!(
                        "line {line}: column \"{col}\": \"{f}\" is not a finite number"
                    ))
                }
            })?;
            if k + 1 < cols {
                x.push(v);
            } else {
                y.push(v);
            }
        }
        if got > cols {
            return Err(bad(format!(
                "line {line}: more than {cols} fields; the header has {cols} columns"
            )));
        }
        if got < cols {
            return Err(bad(format!(
                "line {line}: {got} fields; the header has {cols} columns"
            )));
        }
    }
    let target = names.last().cloned().unwrap_or_default();
    let mut features = names;
    features.pop();
    Ok(Dataset {
        features,
        target,
        x,
        y,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rows_and_names() {
        let d = read_csv("x1, x2 ,label\n0.5,1,0\r\n\n-2,3e-1,1\n").unwrap();
        assert_eq!(d.features, vec!["x1", "x2"]);
        assert_eq!(d.target, "label");
        assert_eq!(d.x, vec![0.5, 1.0, -2.0, 0.3]);
        assert_eq!(d.y, vec![0.0, 1.0]);
    }
}
