use clap::Parser;

/// mimalloc instead of the system allocator: fewer instructions per allocation, and threads of a
/// batch render do not contend for one arena (Cargo.toml says what was measured).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let cli = disclose::cli::Cli::parse();
    std::process::ExitCode::from(disclose::cli::run(cli) as u8)
}
