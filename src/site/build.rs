//! Puts the site together: reads the template and the lessons, renders every page in
//! memory, and writes them only when everything succeeded.

use super::api;
use super::certificate;
use super::chrome::{self, Current, Head};
use super::config::SiteConfig;
use super::gallery;
use super::home;
use super::lesson_page;
use super::links::Links;
use super::modules;
use super::sitemap;
use super::template::{PageParts, Template};
use crate::core::error::{Error, Result};
use crate::core::lesson::{self, Course};
use std::collections::BTreeMap;
use std::path::Path;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Its path under the output folder, with `/` separators (e.g. `lessons/adam/index.html`).
    pub path: String,
    /// Its contents.
    pub contents: String,
}

/// What a build wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildReport {
    /// The files written, relative to the output folder.
    pub files: Vec<String>,
    /// How many lessons were built.
    pub lessons: usize,
    /// Warnings about the lessons, `FILE:LINE: message` (they do not stop the build).
    pub warnings: Vec<String>,
}

/// Renders every file of the site for `course` with `template`.
pub fn render(course: &Course, template: &Template, links: &Links) -> Vec<OutputFile> {
    let site = template.site_name.as_str();
    let script = chrome::lessons_script(course, links, site);
    let page = |path: &str, title: String, h: Head, nav: Current, main: String| OutputFile {
        path: format!("{path}index.html"),
        contents: template.render(
            &PageParts {
                title,
                description: h.description.to_string(),
                head: chrome::head(&h, links, site, &script),
                nav: chrome::nav(course, links, nav),
                main,
            },
            links.base(),
        ),
    };
    let mut files = Vec::with_capacity(course.lessons.len() + 4);
    let home_description = home_description(course);
    files.push(page(
        "",
        site.to_string(),
        Head {
            title: site,
            description: &home_description,
            og_type: "website",
            path: "",
        },
        Current::Home,
        home::main(course, links, &template.original_main),
    ));
    for (i, l) in course.lessons.iter().enumerate() {
        let path = Links::lesson_path(&l.slug);
        let fm = &l.doc.front;
        files.push(page(
            &path,
            format!("{} · {site}", fm.title),
            Head {
                title: &fm.title,
                description: &fm.summary,
                og_type: "article",
                path: &path,
            },
            Current::Lesson(i),
            lesson_page::main(course, links, i),
        ));
        for (k, lab) in l.doc.labs.iter().enumerate() {
            let lab_path = [path.as_str(), lab.href.as_str()].concat();
            let description = format!(
                "A network trained live for lesson {}, {}: {}",
                l.number, fm.title, lab.title
            );
            files.push(page(
                &lab_path,
                format!("{} · Lab · {site}", lab.title),
                Head {
                    title: &lab.title,
                    description: &description,
                    og_type: "article",
                    path: &lab_path,
                },
                Current::Lesson(i),
                lesson_page::lab_main(course, links, i, k),
            ));
        }
    }
    let cert_description = format!(
        "Your certificate for the {} lessons of {site}.",
        course.lessons.len()
    );
    files.push(page(
        Links::CERTIFICATE,
        format!("Your certificate · {site}"),
        Head {
            title: "Your certificate",
            description: &cert_description,
            og_type: "website",
            path: Links::CERTIFICATE,
        },
        Current::Certificate,
        certificate::main(course, links),
    ));
    files.push(page(
        gallery::PATH,
        format!("Widget gallery · {site}"),
        Head {
            title: "Widget gallery",
            description: "Every widget of the course, live, with its attributes and the code that embeds it on another page.",
            og_type: "website",
            path: gallery::PATH,
        },
        Current::Gallery,
        gallery::main(links),
    ));
    if let Some(full) = modules::trunk_module(&template.original) {
        files.push(OutputFile {
            path: "embed.js".to_string(),
            contents: gallery::embed_script(
                &full.js,
                &full.wasm,
                template.stylesheet("widgets").as_deref(),
            ),
        });
        files.push(OutputFile {
            path: api::SCRIPT.to_string(),
            contents: api::script(&full.js, &full.wasm),
        });
        files.push(OutputFile {
            path: api::TYPES_PATH.to_string(),
            contents: api::TYPES.to_string(),
        });
    }
    let mut paths = vec![String::new()];
    for l in &course.lessons {
        paths.push(Links::lesson_path(&l.slug));
        for lab in &l.doc.labs {
            paths.push([Links::lesson_path(&l.slug).as_str(), lab.href.as_str()].concat());
        }
    }
    paths.push(Links::CERTIFICATE.to_string());
    paths.push(gallery::PATH.to_string());
    files.push(OutputFile {
        path: "sitemap.xml".to_string(),
        contents: sitemap::sitemap(links, &paths),
    });
    files.push(OutputFile {
        path: "robots.txt".to_string(),
        contents: sitemap::robots(links),
    });
    files
}

/// The home page's description: the course in one sentence.
fn home_description(course: &Course) -> String {
    format!(
        "Interactive lessons on how neural networks are optimized, in {} short lessons from the training loop to {}.",
        course.lessons.len(),
        course
            .lessons
            .last()
            .map_or("the end", |l| l.doc.front.title.as_str())
    )
}

/// Builds the site described by `config` and writes it.
pub fn build(config: &SiteConfig) -> Result<BuildReport> {
    let template_name = config.template.display().to_string();
    let text = std::fs::read_to_string(&config.template)
        .map_err(|e| io_error("read the template", &template_name, e))?;
    let template = Template::parse(&text, &template_name)?;
    let course = lesson::load(&config.lessons)?;
    let links = Links::new(&config.base, config.site_url.as_deref());
    let mut files = render(&course, &template, &links);
    place_modules(config, &text, &mut files)?;
    secure(&mut files, links.base());
    for f in &files {
        write(&config.out, f)?;
    }
    Ok(BuildReport {
        files: files.into_iter().map(|f| f.path).collect(),
        lessons: course.lessons.len(),
        warnings: course
            .lessons
            .iter()
            .flat_map(|l| {
                l.doc
                    .warnings
                    .iter()
                    .map(move |(line, w)| format!("{}:{line}: {w}", l.file))
            })
            .collect(),
    })
}

/// The placeholder trunk writes in nonce attributes (`create_nonce` in Trunk.toml) and
/// in the pages' policy; `trunk serve` replaces it with a fresh nonce in each response,
/// so its live-reload script runs under the policy while the site is being written.
pub const NONCE_PLACEHOLDER: &str = "{{__TRUNK NONCE__}}";

/// Readies every page for its Content-Security-Policy (`script-src 'self'`, no inline
/// script): trunk's inline loader moves into a file of its own (`start-HASH.js`, one
/// per module, shared by the pages that load it), and where no inline script is left
/// (every build but `trunk serve`'s), the nonce placeholder leaves the policy too.
fn secure(files: &mut Vec<OutputFile>, base: &str) {
    let mut scripts: BTreeMap<String, String> = BTreeMap::new();
    for f in files.iter_mut().filter(|f| f.path.ends_with(".html")) {
        let mut html = std::mem::take(&mut f.contents);
        while let Some((range, body)) = inline_loader(&html) {
            let name = format!("start-{:016x}.js", fnv64(body.as_bytes()));
            let tag = format!("<script type=\"module\" src=\"{base}{name}\"></script>");
            scripts.insert(name, body.to_string());
            html.replace_range(range, &tag);
        }
        if !has_inline_script(&html) {
            html = html
                .replace(&format!(" nonce=\"{NONCE_PLACEHOLDER}\""), "")
                .replace(&format!(" 'nonce-{NONCE_PLACEHOLDER}'"), "");
        }
        f.contents = html;
    }
    files.extend(
        scripts
            .into_iter()
            .map(|(path, contents)| OutputFile { path, contents }),
    );
}

/// The place and body of the first inline module script that starts the wasm.
fn inline_loader(html: &str) -> Option<(std::ops::Range<usize>, &str)> {
    let mut from = 0;
    loop {
        let start = from + html.get(from..)?.find("<script type=\"module\"")?;
        let open_end = start + html.get(start..)?.find('>')? + 1;
        let close = open_end + html.get(open_end..)?.find("</script>")?;
        let tag = html.get(start..open_end)?;
        let body = html.get(open_end..close)?;
        if !tag.contains(" src=") && body.contains("module_or_path") {
            return Some((start..close + "</script>".len(), body));
        }
        from = close;
    }
}

/// Whether `html` still has a script that runs from the page itself (JSON data blocks
/// do not run).
fn has_inline_script(html: &str) -> bool {
    html.match_indices("<script").any(|(i, _)| {
        let tag = html
            .get(i..)
            .and_then(|t| t.get(..t.find('>').unwrap_or(0)));
        tag.is_some_and(|t| !t.contains(" src=") && !t.contains("application/json"))
    })
}

/// FNV-1a, 64 bits: the content hash in a script's file name.
fn fnv64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Writes the widget sets the pages use (`--widget-sets`) and points each page at its
/// set's module (`--modules`).
fn place_modules(config: &SiteConfig, template: &str, files: &mut [OutputFile]) -> Result<()> {
    // Pages that show every widget (the gallery) keep trunk's full module.
    let own = |f: &OutputFile| {
        let set = modules::widget_set(&f.contents);
        let widgets = set
            .iter()
            .filter(|w| crate::core::schema::WIDGETS.iter().any(|d| d.name == **w))
            .count();
        (widgets < crate::core::schema::WIDGETS.len()).then_some(set)
    };
    let pages = || files.iter().filter(|f| f.path.ends_with(".html"));
    if let Some(path) = &config.widget_sets {
        let mut sets: Vec<String> = pages()
            .filter_map(own)
            .map(|set| format!("{} {}\n", modules::set_key(&set), set.join(",")))
            .collect();
        sets.sort();
        sets.dedup();
        std::fs::write(path, sets.concat())
            .map_err(|e| io_error("write", &path.display().to_string(), e))?;
    }
    let Some(path) = &config.modules else {
        return Ok(());
    };
    let text = std::fs::read_to_string(path)
        .map_err(|e| io_error("read", &path.display().to_string(), e))?;
    let map = modules::parse_map(&text, &path.display().to_string())?;
    let full = modules::trunk_module(template).ok_or_else(|| Error::File {
        path: config.template.display().to_string(),
        line: 0,
        message: "the template loads no wasm module to replace".into(),
    })?;
    for f in files.iter_mut().filter(|f| f.path.ends_with(".html")) {
        let Some(set) = own(f) else { continue };
        let key = modules::set_key(&set);
        let m = map.get(&key).ok_or_else(|| Error::File {
            path: f.path.clone(),
            line: 0,
            message: format!("no module built for widgets {key}"),
        })?;
        f.contents = modules::swap(&f.contents, &full, m);
    }
    Ok(())
}

fn write(out: &Path, file: &OutputFile) -> Result<()> {
    let path = file
        .path
        .split('/')
        .fold(out.to_path_buf(), |p, part| p.join(part));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| io_error("create", &dir.display().to_string(), e))?;
    }
    std::fs::write(&path, &file.contents)
        .map_err(|e| io_error("write", &path.display().to_string(), e))
}

/// The error for a file operation `action` on `path` that failed with `e`.
fn io_error(action: &str, path: &str, e: std::io::Error) -> Box<Error> {
    Box::new(Error::Io {
        action: action.to_string(),
        path: path.to_string(),
        message: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loader_moves_to_a_file_and_the_placeholder_nonce_goes() {
        let page = |body: &str| {
            OutputFile {
            path: "a/index.html".into(),
            contents: format!(
                "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'self' 'nonce-{NONCE_PLACEHOLDER}'\">\n\
                 <script type=\"application/json\" id=\"x\">{{}}</script>\n\
                 <script type=\"module\" nonce=\"{NONCE_PLACEHOLDER}\">{body}</script>"
            ),
        }
        };
        let loader =
            "import init from '/zoo/gdz-1.js'; init({ module_or_path: '/zoo/gdz-1_bg.wasm' });";
        let mut files = vec![page(loader), page(loader)];
        secure(&mut files, "/zoo/");
        assert_eq!(files.len(), 3, "one shared script file");
        let script = &files[2];
        assert!(script.path.starts_with("start-") && script.path.ends_with(".js"));
        assert_eq!(script.contents, loader);
        let html = &files[0].contents;
        let tag = format!(
            "<script type=\"module\" src=\"/zoo/{}\"></script>",
            script.path
        );
        assert!(html.contains(&tag), "{html}");
        assert!(!html.contains("nonce"), "{html}");
        assert!(html.contains("application/json"));
        // Under trunk serve an inline reload script stays, and so does its nonce.
        let mut served = vec![OutputFile {
            path: "index.html".into(),
            contents: format!(
                "<meta content=\"'nonce-{NONCE_PLACEHOLDER}'\"><script nonce=\"{NONCE_PLACEHOLDER}\">reload()</script>"
            ),
        }];
        secure(&mut served, "/");
        assert!(
            served[0].contents.contains("'nonce-"),
            "{}",
            served[0].contents
        );
    }
}
