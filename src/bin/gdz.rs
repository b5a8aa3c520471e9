//! `gdz`: the core's command-line face, for authors and checks.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(gdz::cli::main(std::env::args_os().skip(1)));
}

/// The CLI is native only; the wasm build has nothing to run here.
#[cfg(target_arch = "wasm32")]
fn main() {}
