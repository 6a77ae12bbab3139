//! Prints generated programs (`cargo run -p wren-fuzz-harness --example gen -- SEED [N]`),
//! with their compile errors, to inspect what the round-trip properties exercise.
use arbitrary::Unstructured;
use wren_vm::{Config, Progress};

fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .map(|a| a.parse().unwrap())
        .collect();
    let mut seed = args.first().copied().unwrap_or(1) | 1;
    let n = args.get(1).copied().unwrap_or(1);
    for _ in 0..n {
        let data: Vec<u8> = (0..2048)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                (seed >> 24) as u8
            })
            .collect();
        let src = wren_fuzz_harness::gen::program(&mut Unstructured::new(&data)).unwrap();
        println!("---- program\n{src}---- output");
        let mut vm = wren_fuzz_harness::fresh_vm(Config {
            error: Box::new(|_, m, l, msg| eprintln!("[{m} {l}] {msg}")),
            write: Box::new(|s| print!("{}", String::from_utf8_lossy(s))),
            ..Config::silent()
        });
        match vm.compile_module("main", src.as_bytes()) {
            Err(_) => println!("(does not compile)"),
            Ok(body) => {
                vm.start(body).expect("a fresh VM starts a module body");
                if vm.run_with_fuel(200_000) == Ok(Progress::Paused) {
                    println!("(paused)");
                }
            }
        }
    }
}
