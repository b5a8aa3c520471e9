//! `gdz`: the core's command-line face, for authors and checks.

fn main() {
    std::process::exit(gdz::cli::main(std::env::args().skip(1).collect()));
}
