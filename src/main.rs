use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = disclose::cli::Cli::parse();
    std::process::ExitCode::from(disclose::cli::run(cli) as u8)
}
