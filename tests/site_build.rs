//! Builds the fixture course (tests/fixtures/lessons) with `gdz site` into a temporary
//! folder and checks the pages: files, base-prefixed links, MathML, quizzes, table of
//! contents, previous/next links, escaping, head tags, certificate data and sitemap.
#![cfg(not(target_arch = "wasm32"))]
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

/// A trunk-like staged template: hashed asset links under the public URL, markers.
const TEMPLATE: &str = r#"<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Gradient Descent Zoo</title>
  <meta name="description" content="Template description.">
  <!-- gdz:head -->
  <link rel="stylesheet" href="/zoo/style-1a2b.css">
  <script type="module">import init from '/zoo/gdz-1a2b.js'; init('/zoo/gdz-1a2b_bg.wasm');</script>
</head>
<body>
  <header class="site">
    <a class="brand" href="/">Gradient Descent Zoo</a>
    <!-- gdz:nav -->
  </header>
  <main id="main">
    <!-- gdz:main -->
    <h1>Gradient Descent Zoo</h1>
    <p class="lede">Template lede.</p>
    <section aria-labelledby="race">
      <h2 id="race">Front door</h2>
      <gdz-race optimizers="sgd; adam"></gdz-race>
    </section>
    <section aria-labelledby="try">
      <h2 id="try">Featured playground</h2>
      <gdz-playground surface="quadratic(a=1, b=10)"></gdz-playground>
    </section>
    <!-- /gdz:main -->
  </main>
</body>
</html>
"#;

fn fixture_lessons() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lessons")
}

/// A fresh, empty folder under the system temp dir.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gdz-site-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Builds the fixture course with `extra` flags; returns the output folder.
fn build(name: &str, extra: &[&str]) -> PathBuf {
    let out = temp_dir(name);
    let template = out.join("index.html");
    std::fs::write(&template, TEMPLATE).unwrap();
    let mut args: Vec<String> = vec![
        "--template".into(),
        template.display().to_string(),
        "--lessons".into(),
        fixture_lessons().display().to_string(),
        "--out".into(),
        out.display().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let summary = gdz::site::cli(&args).unwrap_or_else(|e| panic!("build failed: {e}"));
    let json: serde_json::Value = serde_json::from_str(&summary).unwrap();
    assert_eq!(json["lessons"], 3);
    out
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every `href="…"` value in `html`.
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_string)
        .collect()
}

const PAGES: &[&str] = &[
    "index.html",
    "lessons/first-steps/index.html",
    "lessons/second/index.html",
    "lessons/third/index.html",
    "certificate/index.html",
];

#[test]
fn writes_every_page_sitemap_and_robots() {
    let out = build("pages", &[]);
    for p in PAGES {
        let html = read(&out, p);
        assert!(html.starts_with("<!doctype html>"), "{p}");
        assert!(
            html.contains("<nav class=\"gdz-nav\" aria-label=\"Course\">"),
            "{p}"
        );
        assert!(!html.contains("<!-- gdz:"), "{p}: a marker was left in");
        assert!(!html.contains("<!-- /gdz:"), "{p}: a marker was left in");
        assert_eq!(html.matches("<title>").count(), 1, "{p}");
        assert_eq!(html.matches("<meta name=\"description\"").count(), 1, "{p}");
        // The asset links trunk wrote are kept as they are.
        assert!(html.contains("href=\"/zoo/style-1a2b.css\""), "{p}");
        assert!(html.contains("'/zoo/gdz-1a2b.js'"), "{p}");
    }
    assert!(read(&out, "sitemap.xml").contains("<urlset"));
    assert!(read(&out, "robots.txt").starts_with("User-agent: *"));
    // The JavaScript API beside embed.js: the full module, found relative to api.js,
    // and its hand-written types.
    let api = read(&out, "api.js");
    assert!(
        api.contains("new URL('gdz-1a2b.js', import.meta.url)"),
        "{api}"
    );
    assert!(api.contains("new URL('gdz-1a2b_bg.wasm', import.meta.url)"));
    assert!(read(&out, "api.d.ts").contains("export function trace(options: TraceOptions)"));
}

#[test]
fn internal_links_carry_the_base() {
    let out = build("base", &["--base", "/zoo"]);
    for p in PAGES {
        let html = read(&out, p);
        for h in hrefs(&html) {
            assert!(
                h.starts_with("/zoo/") || h.starts_with('#'),
                "{p}: link {h} does not start with the base /zoo/"
            );
        }
        assert!(html.contains("<a class=\"brand\" href=\"/zoo/\">"), "{p}");
        assert!(
            html.contains("<a class=\"gdz-nav-map\" href=\"/zoo/\""),
            "{p}"
        );
        assert!(
            html.contains("<a class=\"gdz-nav-certificate\" href=\"/zoo/certificate/\""),
            "{p}"
        );
    }
    let home = read(&out, "index.html");
    assert!(home.contains("href=\"/zoo/lessons/first-steps/\""));
    assert!(home.contains("href=\"/zoo/lessons/third/\""));
    let lesson = read(&out, "lessons/second/index.html");
    assert!(
        lesson.contains("<a class=\"gdz-prev\" rel=\"prev\" href=\"/zoo/lessons/first-steps/\">")
    );
    assert!(lesson.contains("<meta property=\"og:url\" content=\"/zoo/lessons/second/\">"));
    assert!(
        read(&out, "sitemap.xml").contains("<loc>http://localhost:8080/zoo/lessons/second/</loc>")
    );
}

#[test]
fn default_base_is_the_root() {
    let out = build("root", &[]);
    let lesson = read(&out, "lessons/third/index.html");
    assert!(lesson.contains("<a class=\"brand\" href=\"/\">"));
    assert!(lesson.contains("<a class=\"gdz-prev\" rel=\"prev\" href=\"/lessons/second/\">"));
    assert!(lesson.contains("<meta property=\"og:url\" content=\"/lessons/third/\">"));
    assert!(!lesson.contains("rel=\"canonical\""));
}

#[test]
fn math_becomes_mathml_and_code_gets_a_copy_button() {
    let out = build("math", &[]);
    let html = read(&out, "lessons/first-steps/index.html");
    assert!(html.contains("<math>"), "no inline math");
    assert!(html.contains("<math display=\"block\">"), "no display math");
    assert!(!html.contains("$\\theta"), "LaTeX source left in the page");
    assert!(
        html.contains("a price is written $5."),
        "escaped dollar lost"
    );
    assert!(html.contains(
        "<div class=\"gdz-code\"><button type=\"button\" class=\"copy\" data-copy>Copy</button>"
    ));
    assert!(html.contains("<code class=\"language-python\">theta = theta - lr * grad  # 1 &lt; 2"));
    assert!(html.contains("<table>"));
    assert!(html.contains("<del>complicated</del>"));
    assert!(html.contains("footnote-definition"));
    // Math inside a quiz explanation is converted too.
    let why = html
        .split("id=\"gdz-quiz-1-a2-why\" hidden>")
        .nth(1)
        .unwrap();
    assert!(
        why.split("</div>").next().unwrap().contains("<math"),
        "{why}"
    );
}

#[test]
fn quizzes_are_static_fieldsets_with_unique_names() {
    let out = build("quiz", &[]);
    let html = read(&out, "lessons/second/index.html");
    assert_eq!(html.matches("<gdz-quiz ").count(), 2);
    assert_eq!(html.matches("<fieldset>").count(), 2);
    assert_eq!(html.matches("<legend>").count(), 2);
    assert_eq!(html.matches("data-correct").count(), 2);
    assert_eq!(
        html.matches("type=\"radio\" name=\"gdz-quiz-1\"").count(),
        2
    );
    assert_eq!(
        html.matches("type=\"radio\" name=\"gdz-quiz-2\"").count(),
        2
    );
    assert!(html.contains("<label for=\"gdz-quiz-2-a1\">Yes.</label>"));
    assert_eq!(html.matches("class=\"gdz-explanation\"").count(), 4);
    assert_eq!(
        html.matches("class=\"gdz-explanation\"").count(),
        html.matches("hidden>").count()
    );
    assert_eq!(
        html.matches("<p class=\"gdz-quiz-feedback\" aria-live=\"polite\"></p>")
            .count(),
        2
    );
    // Every id on the page is unique.
    let ids: Vec<&str> = html
        .split(" id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), ids.len(), "duplicate ids: {ids:?}");
    let first = read(&out, "lessons/first-steps/index.html");
    assert!(first.contains("<legend>The loss climbs to infinity after a few steps. What should you change <strong>first</strong>?</legend>"));
    let right = first.split("data-correct>").nth(1).unwrap();
    assert!(right.contains("Lower the learning rate."), "{right}");
}

#[test]
fn table_of_contents_links_to_the_headings() {
    let out = build("toc", &[]);
    let html = read(&out, "lessons/first-steps/index.html");
    let toc = html
        .split("<nav class=\"gdz-toc\" aria-labelledby=\"gdz-toc-title\">")
        .nth(1)
        .and_then(|s| s.split("</nav>").next())
        .expect("no table of contents");
    assert!(
        toc.contains("<a href=\"#the-update-rule\">The update rule</a>"),
        "{toc}"
    );
    assert!(
        toc.contains("<a href=\"#code-you-can-copy\">Code you can copy</a>"),
        "{toc}"
    );
    assert!(
        toc.contains("<a href=\"#the-update-rule-2\">The update rule</a>"),
        "{toc}"
    );
    for id in ["the-update-rule", "code-you-can-copy", "the-update-rule-2"] {
        assert!(html.contains(&format!("<h2 id=\"{id}\">")), "{id}");
    }
}

#[test]
fn previous_and_next_links_follow_the_summary() {
    let out = build("pager", &[]);
    let first = read(&out, "lessons/first-steps/index.html");
    assert!(!first.contains("rel=\"prev\""));
    assert!(first.contains("<a class=\"gdz-next\" rel=\"next\" href=\"/lessons/second/\">Next: Second lesson<span aria-hidden=\"true\"> →</span></a>"));
    assert!(first.contains("<a class=\"gdz-nav-next\" rel=\"next\" href=\"/lessons/second/\""));
    let last = read(&out, "lessons/third/index.html");
    assert!(last.contains("<a class=\"gdz-prev\" rel=\"prev\" href=\"/lessons/second/\"><span aria-hidden=\"true\">← </span>Previous: Second lesson</a>"));
    assert!(last.contains(
        "<a class=\"gdz-next\" rel=\"next\" href=\"/certificate/\">Next: Your certificate"
    ));
    assert!(last.contains("<button type=\"button\" class=\"gdz-complete\" data-lesson=\"third\">Mark complete</button>"));
    assert!(last.contains("<article class=\"gdz-lesson\" data-lesson=\"third\">"));
    assert!(last.contains("Lesson 3 of 3"));
    assert!(last.contains("<progress class=\"gdz-progress\" max=\"3\" value=\"0\""));
}

#[test]
fn lesson_text_is_escaped_everywhere() {
    let out = build("escape", &["--site-url", "https://example.org"]);
    let raw_title = "<script>alert(1)</script> & \"quotes\"";
    let esc_title = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;";
    for p in PAGES {
        let html = read(&out, p);
        assert!(!html.contains(raw_title), "{p}: raw title");
        assert!(!html.contains("<script>alert"), "{p}: raw script");
        assert!(!html.contains("<b>tags</b>"), "{p}: raw summary markup");
    }
    let lesson = read(&out, "lessons/first-steps/index.html");
    assert!(lesson.contains(&format!(
        "<title>{esc_title} · Gradient Descent Zoo</title>"
    )));
    assert!(lesson.contains(&format!(
        "<meta property=\"og:title\" content=\"{esc_title}\">"
    )));
    assert!(lesson.contains(&format!("<h1>{esc_title}</h1>")));
    assert!(lesson.contains("<meta name=\"description\" content=\"A summary with &lt;b&gt;tags&lt;/b&gt; &amp; &quot;quotes&quot;.\">"));
    let home = read(&out, "index.html");
    assert!(home.contains(&format!(
        "<span class=\"gdz-course-name\">{esc_title}</span>"
    )));
    let second = read(&out, "lessons/second/index.html");
    assert!(second.contains(&format!(
        "rel=\"prev\" href=\"/lessons/first-steps/\" title=\"{esc_title}\""
    )));
    assert!(second.contains(&format!("Previous: {esc_title}</a>")));
    let race = read(&out, "lessons/second/index.html");
    assert!(race.contains("caption=\"Momentum &lt;wins&gt; &amp; plain SGD loses\""));
    assert!(race.contains("<figcaption>Momentum &lt;wins&gt; &amp; plain SGD loses</figcaption>"));
}

#[test]
fn head_has_open_graph_tags_and_canonical_with_a_site_url() {
    let out = build(
        "og",
        &["--base", "/zoo/", "--site-url", "https://example.org/"],
    );
    let lesson = read(&out, "lessons/second/index.html");
    for tag in [
        "<meta property=\"og:title\" content=\"Second lesson\">",
        "<meta property=\"og:description\" content=\"Two quizzes and a captioned race.\">",
        "<meta property=\"og:type\" content=\"article\">",
        "<meta property=\"og:url\" content=\"https://example.org/zoo/lessons/second/\">",
        "<meta property=\"og:site_name\" content=\"Gradient Descent Zoo\">",
        "<link rel=\"canonical\" href=\"https://example.org/zoo/lessons/second/\">",
        "<title>Second lesson · Gradient Descent Zoo</title>",
        "<meta name=\"description\" content=\"Two quizzes and a captioned race.\">",
    ] {
        assert!(lesson.contains(tag), "missing {tag}");
    }
    let home = read(&out, "index.html");
    assert!(home.contains("<meta property=\"og:type\" content=\"website\">"));
    assert!(home.contains("<title>Gradient Descent Zoo</title>"));
    let sitemap = read(&out, "sitemap.xml");
    for loc in [
        "",
        "lessons/first-steps/",
        "lessons/second/",
        "lessons/third/",
        "certificate/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>https://example.org/zoo/{loc}</loc>")),
            "sitemap lacks {loc}"
        );
    }
    assert_eq!(
        read(&out, "robots.txt"),
        "User-agent: *\nAllow: /\nSitemap: https://example.org/zoo/sitemap.xml\n"
    );
}

#[test]
fn home_page_has_the_course_map_and_keeps_the_featured_block() {
    let out = build("home", &[]);
    let home = read(&out, "index.html");
    let map = home
        .find("<ol class=\"gdz-course-map\">")
        .expect("no course map");
    let intro = home
        .find("<p class=\"lede\">Template lede.</p>")
        .expect("intro dropped");
    let door = home
        .find("<h2 id=\"race\">Front door</h2>")
        .expect("front door dropped");
    let featured = home
        .find("<h2 id=\"try\">Featured playground</h2>")
        .expect("featured dropped");
    assert!(
        intro < door && door < map && map < featured,
        "order: intro {intro}, front door {door}, map {map}, featured {featured}"
    );
    for (slug, minutes) in [("first-steps", 7), ("second", 5), ("third", 3)] {
        assert!(home.contains(&format!(
            "<li class=\"gdz-course-item\" data-lesson=\"{slug}\">"
        )));
        assert!(home.contains(&format!(
            "<span class=\"gdz-done\" data-lesson=\"{slug}\"></span>"
        )));
        assert!(home.contains(&format!("<span class=\"gdz-minutes\">{minutes} min</span>")));
    }
    assert!(home.contains("<p class=\"gdz-summary\">The last one.</p>"));
    assert!(home.contains(
        "<span class=\"gdz-num\">2</span> <span class=\"gdz-course-name\">Second lesson</span>"
    ));
    assert!(
        home.contains("<a class=\"gdz-nav-map\" href=\"/\" aria-current=\"page\">Course map</a>")
    );
}

#[test]
fn certificate_page_carries_the_lessons_as_json() {
    let out = build("cert", &["--base", "/zoo/"]);
    let cert = read(&out, "certificate/index.html");
    assert!(cert.contains("<gdz-certificate data-total=\"3\">"));
    assert!(cert.contains(
        "<a class=\"gdz-nav-certificate\" href=\"/zoo/certificate/\" aria-current=\"page\">"
    ));
    let json = cert
        .split("<script type=\"application/json\" id=\"gdz-lessons\">")
        .nth(1)
        .and_then(|s| s.split("</script>").next())
        .expect("no lesson data");
    assert!(!json.contains('<'), "{json}");
    let data: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(data["base"], "/zoo/");
    assert_eq!(data["certificate"], "/zoo/certificate/");
    let lessons = data["lessons"].as_array().unwrap();
    let slugs: Vec<&str> = lessons
        .iter()
        .map(|l| l["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["first-steps", "second", "third"]);
    // Only what pages use is carried: every byte is paid on every page.
    assert_eq!(lessons[1].as_object().unwrap().len(), 1);
    // Every page carries the same data.
    let lesson = read(&out, "lessons/third/index.html");
    assert!(lesson.contains(&format!("id=\"gdz-lessons\">{json}</script>")));
}

#[test]
fn widgets_are_custom_elements_with_a_fallback() {
    let out = build("widgets", &[]);
    let html = read(&out, "lessons/first-steps/index.html");
    assert!(html.contains("<gdz-playground surface=\"quadratic(a=1, b=25)\" optimizer=\"sgd(lr=0.05); sgd(lr=0.01, momentum=0.9)\" start=\"-1.5,1\" steps=\"80\" controls=\"lr,momentum\">\n<p class=\"gdz-fallback\">Interactive widget."));
    let third = read(&out, "lessons/third/index.html");
    assert!(third.contains("<gdz-schedules schedules=\"constant\" lr=\"0.1\" steps=\"100\">"));
    assert!(third.contains("</p>\n</gdz-schedules>"));
}

#[test]
fn a_lesson_error_stops_the_build_before_writing() {
    let lessons = temp_dir("broken-lessons");
    for f in [
        "SUMMARY.md",
        "01-first-steps.md",
        "02-second.md",
        "03-third.md",
    ] {
        std::fs::copy(fixture_lessons().join(f), lessons.join(f)).unwrap();
    }
    let third = std::fs::read_to_string(lessons.join("03-third.md")).unwrap();
    std::fs::write(
        lessons.join("03-third.md"),
        third.replace("schedules=\"constant\"", "schedules=\"warp\""),
    )
    .unwrap();
    let out = temp_dir("broken-out");
    let template = out.join("template.html");
    std::fs::write(&template, TEMPLATE).unwrap();
    let args: Vec<String> = [
        "--template",
        template.to_str().unwrap(),
        "--lessons",
        lessons.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let err = gdz::site::cli(&args).unwrap_err();
    let expected = format!(
        "{}:9: widget schedules, attribute schedules: unknown schedule \"warp\"",
        lessons.join("03-third.md").display()
    );
    assert!(err.to_string().starts_with(&expected), "{err}");
    assert!(!out.join("index.html").exists());
    assert!(!out.join("lessons").exists());
}

#[test]
fn a_template_without_markers_is_refused() {
    let out = temp_dir("nomarkers");
    let template = out.join("index.html");
    std::fs::write(&template, TEMPLATE.replace("<!-- gdz:nav -->", "")).unwrap();
    let args: Vec<String> = [
        "--template",
        template.to_str().unwrap(),
        "--lessons",
        fixture_lessons().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let err = gdz::site::cli(&args).unwrap_err();
    assert!(
        err.to_string().contains("has no <!-- gdz:nav --> marker"),
        "{err}"
    );
}

#[test]
fn the_repository_template_has_every_marker() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("index.html");
    let text = std::fs::read_to_string(&path).unwrap();
    let t = gdz::site::Template::parse(&text, "index.html").unwrap();
    assert_eq!(t.site_name, "Gradient Descent Zoo");
    assert!(t.has_description());
    assert!(!t.original_main.trim().is_empty());
}

#[test]
fn fourteen_lessons_build_quickly() {
    // Fourteen lessons, each the three fixture lessons' bodies end to end (with their
    // widgets, quizzes and formulas), built and written in one go.
    let lessons = temp_dir("perf-lessons");
    let mut body = String::new();
    for f in ["01-first-steps.md", "02-second.md", "03-third.md"] {
        let text = std::fs::read_to_string(fixture_lessons().join(f)).unwrap();
        body.push_str(text.splitn(3, "---\n").nth(2).unwrap());
        body.push('\n');
    }
    let mut summary = String::from("# Perf\n\n");
    for i in 1..=14 {
        let file = format!("{i:02}-lesson-{i}.md");
        summary.push_str(&format!("{i}. [Lesson {i}]({file})\n"));
        std::fs::write(
            lessons.join(&file),
            format!("---\ntitle: Lesson {i}\nsummary: S\nminutes: 9\n---\n{body}"),
        )
        .unwrap();
    }
    std::fs::write(lessons.join("SUMMARY.md"), summary).unwrap();
    let out = temp_dir("perf-out");
    std::fs::write(out.join("index.html"), TEMPLATE).unwrap();
    let args: Vec<String> = [
        "--template",
        out.join("index.html").to_str().unwrap(),
        "--lessons",
        lessons.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let start = std::time::Instant::now();
    gdz::site::cli(&args).unwrap();
    let took = start.elapsed();
    assert!(out.join("lessons/lesson-14/index.html").exists());
    // Well under a second when optimized; the bound leaves room for a debug build on a
    // busy machine.
    assert!(
        took.as_secs_f64() < 3.0,
        "building 14 lessons took {took:?}"
    );
}

#[test]
fn a_lab_gets_a_page_of_its_own_linked_from_a_card() {
    let out = build("lab", &["--base", "/zoo/"]);
    let lesson = read(&out, "lessons/third/index.html");
    let lab = read(&out, "lessons/third/lab/index.html");
    assert!(lesson.contains("<aside class=\"gdz-lab\">"), "{lesson}");
    assert!(lesson.contains("<a href=\"/zoo/lessons/third/lab/\">Small batches or large?</a>"));
    assert!(lesson.contains("<p>Which run ends with the lower test loss?</p>"));
    assert!(
        !lesson.contains("<gdz-network"),
        "the lesson page stays light"
    );
    assert!(lab.contains("<h1>Small batches or large?</h1>"), "{lab}");
    assert!(lab.contains("<gdz-network batch=\"8; 64\" steps=\"50\">"));
    assert!(
        lab.contains("href=\"/zoo/lessons/third/\""),
        "a way back to the lesson"
    );
    assert!(read(&out, "sitemap.xml").contains("/zoo/lessons/third/lab/"));
}
