//! `api.js` and `api.d.ts`: the core as a JavaScript API at the site's root, beside
//! `embed.js`. `api.js` loads the full module (the one trunk built, which has the `api`
//! feature) relative to where it is served, so it works under any sub-path and from
//! other origins; `api.d.ts` is `www/api.d.ts`, written by hand.

/// Where the two files go, under the site's base.
pub const SCRIPT: &str = "api.js";
/// The types of [`SCRIPT`].
pub const TYPES_PATH: &str = "api.d.ts";

/// The TypeScript declarations of `api.js`, with its documentation.
pub const TYPES: &str = include_str!("../../www/api.d.ts");

/// The exports `api.js` re-exports from the full module (see `src/web/api.rs`).
pub const EXPORTS: &[&str] = &[
    "trace",
    "schedule",
    "race",
    "surfaces",
    "optimizers",
    "schedules",
];

/// `api.js`: initialises the full module `js`/`wasm` once (at its top level) and
/// re-exports the API's functions.
pub fn script(js: &str, wasm: &str) -> String {
    format!(
        "// Gradient Descent Zoo's core as a JavaScript API; types and documentation are in\n\
         // api.d.ts beside this file. Importing it loads the site's full wasm module once.\n\
         const m = await import(new URL('{js}', import.meta.url).href);\n\
         await m.default({{ module_or_path: new URL('{wasm}', import.meta.url) }});\n\
         export const {{ {} }} = m;\n",
        EXPORTS.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_loads_the_module_beside_it_and_exports_the_api() {
        let s = script("gdz-1.js", "gdz-1_bg.wasm");
        assert!(s.contains("new URL('gdz-1.js', import.meta.url)"));
        assert!(s.contains("new URL('gdz-1_bg.wasm', import.meta.url)"));
        assert!(s.contains(
            "export const { trace, schedule, race, surfaces, optimizers, schedules } = m;"
        ));
        for name in EXPORTS {
            assert!(
                TYPES.contains(&format!("export function {name}(")),
                "api.d.ts declares {name}"
            );
        }
    }
}
