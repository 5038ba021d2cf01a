//! Prints the clean text of a resolution as the normalizer makes it, then
//! its footnotes: `cargo run --example normalize -- FILE`.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: normalize FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let n = resolute::normalize::normalize(&text);
    println!("{}", n.text);
    println!("--- footnotes");
    for f in &n.footnotes {
        println!("[{}] {}", f.number, f.text);
    }
}
