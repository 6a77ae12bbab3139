//! Criterion benchmarks: save, restore (decode + verify + install) and each phase, on the core
//! image and on a heap of about a million objects; start-up from the core image against
//! bootstrapping. `cargo bench -p wren-snapshot`. The README's table comes from
//! `examples/bench_table.rs`, which prints the same measures as a table.
#![allow(missing_docs)] // `criterion_group!` defines an undocumented function.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use wren_vm::{Config, Vm};

const MILLION: &str = r#"
class P {
  construct new(a, b) {
    _a = a
    _b = b
  }
}
var L = []
for (i in 0...250000) {
  L.add(P.new(i, "s%(i)"))
  L.add([i, i + 1])
  L.add({i: i})
}
"#;

fn phases(c: &mut Criterion, name: &str, vm: &Vm, samples: usize) {
    let bytes = wren_snapshot::save(vm, Default::default()).unwrap();
    let objects = vm.to_image().unwrap().len() as u64;
    let mut g = c.benchmark_group(name);
    g.sample_size(samples);
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("save", |b| {
        b.iter(|| wren_snapshot::save(vm, Default::default()).unwrap())
    });
    g.bench_function("decode", |b| {
        b.iter(|| wren_snapshot::decode(&bytes).unwrap())
    });
    let decoded = wren_snapshot::decode(&bytes).unwrap();
    g.bench_function("verify", |b| {
        b.iter_batched(
            || decoded.image.clone(),
            |image| wren_vm::image::verify(image).unwrap(),
            BatchSize::LargeInput,
        )
    });
    let verified = wren_vm::image::verify(decoded.image.clone()).unwrap();
    g.bench_function("install", |b| {
        b.iter_batched(
            || verified.clone(),
            |v| Vm::from_image(Config::silent(), v).unwrap(),
            BatchSize::LargeInput,
        )
    });
    g.bench_function("restore", |b| {
        b.iter_batched(
            || (),
            |()| wren_snapshot::restore(&bytes, Config::silent()).unwrap(),
            BatchSize::LargeInput,
        )
    });
    g.throughput(Throughput::Elements(objects));
    g.bench_function("restore (objects)", |b| {
        b.iter_batched(
            || (),
            |()| wren_snapshot::restore(&bytes, Config::silent()).unwrap(),
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

fn core_image(c: &mut Criterion) {
    phases(c, "core image", &Vm::new(Config::silent()), 100);
}

fn million_objects(c: &mut Criterion) {
    let mut vm = Vm::new(Config::silent());
    vm.interpret("main", MILLION).expect("runs");
    phases(c, "1M objects", &vm, 10);
}

fn start_up(c: &mut Criterion) {
    let bytes = wren_snapshot::save(&Vm::new(Config::silent()), Default::default()).unwrap();
    let mut g = c.benchmark_group("start-up");
    g.bench_function("bootstrap", |b| {
        b.iter_batched(
            || (),
            |()| Vm::bootstrap(Config::silent()),
            BatchSize::SmallInput,
        )
    });
    g.bench_function("restore core image", |b| {
        b.iter_batched(
            || (),
            |()| wren_snapshot::restore(&bytes, Config::silent()).unwrap(),
            BatchSize::SmallInput,
        )
    });
    g.bench_function("Vm::new (built-in core image)", |b| {
        b.iter_batched(|| (), |()| Vm::new(Config::silent()), BatchSize::SmallInput)
    });
    g.finish();
}

criterion_group!(benches, core_image, million_objects, start_up);
criterion_main!(benches);
