//! Runs the server without the CLI: `cargo run -p dyad-serve --example serve
//! -- --addr 127.0.0.1:8080 --db dyad.db` (what `dyad serve` does).

use dyad_serve::{serve, ServeOptions};
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut opts = ServeOptions::default();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match (a.as_str(), args.next()) {
            ("--addr", Some(v)) => match v.parse() {
                Ok(addr) => opts.addr = addr,
                Err(e) => {
                    eprintln!("--addr: {e}");
                    return ExitCode::from(2);
                }
            },
            ("--db", Some(v)) => opts.db = v.into(),
            _ => {
                eprintln!("usage: serve [--addr HOST:PORT] [--db FILE]");
                return ExitCode::from(2);
            }
        }
    }
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return ExitCode::from(2);
        }
    };
    match rt.block_on(serve(opts)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
