//! PDF benchmark: the time to render the Coupang set's Markdown (`tests/fixtures/pdf/*.md`, the
//! eight reports `disclose render examples/coupang-2025.yaml --format md` writes) to PDF, the
//! bytes per PDF and the process's peak memory; and, when both are installed, pandoc with
//! WeasyPrint (Debian `pandoc`, `weasyprint`) on the same Markdown, for the ratios.
//!
//! Run with `cargo bench --bench pdf` (a release build). `DISCLOSE_BENCH_ITERS` sets the number of
//! timed renders per document (default 10). This is a report, never an assertion.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use disclose::render::pdf::{FontSet, PdfMeta, render};

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

fn on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|p| p.join(name).is_file()))
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/pdf")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    let iters: usize = std::env::var("DISCLOSE_BENCH_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10)
        .max(1);

    let t = Instant::now();
    let fonts = FontSet::builtin();
    println!(
        "font set load (parse NanumGothic + Bold): {:.1} ms",
        ms(t.elapsed())
    );

    println!(
        "\n{:<32} {:>10} {:>10} {:>10} {:>7}",
        "document", "median ms", "min ms", "bytes", "pages"
    );
    let mut ours = Vec::new();
    let mut total_bytes = 0usize;
    let mut total_median = Duration::ZERO;
    for file in &files {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let markdown = std::fs::read_to_string(file).expect("read the Markdown");
        let meta = PdfMeta {
            title: name.clone(),
            subject: name.clone(),
            author: "Coupang Corp. 쿠팡 주식회사".into(),
            language: if name.contains(".ko.") {
                "ko-KR"
            } else {
                "en-US"
            }
            .into(),
            keywords: vec!["CPNG-2025-11".into()],
            document_id: format!("CPNG-2025-11/{name}"),
            provenance_hash:
                "sha256:3fc5e42b424a9f97941e789d8164d67768a683cb68d78fd9c501359835717a5a".into(),
            footer_hash: true,
            provenance: String::new(),
            created: 1_767_193_200,
            watermark: None,
            attachments: Vec::new(),
        };
        let first = render(&markdown, &meta, &fonts).expect("render");
        // The page objects are in an object stream: count them with lopdf.
        let pages = lopdf::Document::load_mem(&first).map_or(0, |d| d.get_pages().len());
        let mut times = Vec::with_capacity(iters);
        for _ in 0..iters {
            let t = Instant::now();
            let bytes = render(&markdown, &meta, &fonts).expect("render");
            times.push(t.elapsed());
            assert_eq!(bytes.len(), first.len());
        }
        let min = *times.iter().min().unwrap_or(&Duration::ZERO);
        let med = median(&mut times);
        println!(
            "{:<32} {:>10.1} {:>10.1} {:>10} {:>7}",
            name,
            ms(med),
            ms(min),
            first.len(),
            pages
        );
        total_bytes += first.len();
        total_median += med;
        ours.push((file.clone(), name, ms(med), first.len()));
    }
    let n = files.len().max(1);
    println!(
        "\ndisclose: the set of {} PDFs in {:.1} ms (median per document {:.1} ms), {} bytes in all, {} bytes per PDF on average",
        files.len(),
        ms(total_median),
        ms(total_median) / n as f64,
        total_bytes,
        total_bytes / n
    );
    match peak_rss_kib() {
        Some(kib) => println!("peak RSS of this process: {:.1} MiB", kib as f64 / 1024.0),
        None => println!("peak RSS: unavailable (no /proc/self/status)"),
    }

    if !(on_path("pandoc") && on_path("weasyprint")) {
        println!(
            "\npandoc + WeasyPrint: not installed (apt-get install pandoc weasyprint), skipped"
        );
        return;
    }
    let tmp = std::env::temp_dir().join(format!("disclose-bench-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&tmp);
    println!(
        "\n{:<32} {:>10} {:>10} {:>10} {:>10}",
        "pandoc + WeasyPrint", "ms", "bytes", "speed-up", "our size"
    );
    let mut their_ms = 0.0;
    let mut their_bytes = 0usize;
    let mut our_ms = 0.0;
    let mut our_bytes = 0usize;
    for (file, name, our, our_size) in &ours {
        let out = tmp.join(format!("{name}.pdf"));
        let t = Instant::now();
        let status = Command::new("pandoc")
            .arg(file)
            .args(["--standalone", "--pdf-engine=weasyprint", "--metadata"])
            .arg(format!("title={name}"))
            .arg("-o")
            .arg(&out)
            .output();
        let elapsed = ms(t.elapsed());
        let size = std::fs::metadata(&out)
            .map(|m| m.len() as usize)
            .unwrap_or(0);
        match status {
            Ok(s) if s.status.success() && size > 0 => {
                println!(
                    "{:<32} {:>10.1} {:>10} {:>9.1}x {:>9.2}x",
                    name,
                    elapsed,
                    size,
                    elapsed / our,
                    *our_size as f64 / size as f64
                );
                their_ms += elapsed;
                their_bytes += size;
                our_ms += our;
                our_bytes += our_size;
            }
            Ok(s) => println!(
                "{name}: pandoc failed: {}",
                String::from_utf8_lossy(&s.stderr)
            ),
            Err(e) => println!("{name}: pandoc: {e}"),
        }
    }
    if our_ms > 0.0 {
        println!(
            "\nratios over the set: disclose is {:.0}x faster per document, and its PDFs are {:.2}x the size of pandoc + WeasyPrint's ({} vs {} bytes)",
            their_ms / our_ms,
            our_bytes as f64 / their_bytes.max(1) as f64,
            our_bytes,
            their_bytes
        );
    }
    let _ = std::fs::remove_dir_all(&tmp);
}
