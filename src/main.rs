//! The `kpss` binary: everything lives in the library.

fn main() -> std::process::ExitCode {
    kpss::cli::main()
}
