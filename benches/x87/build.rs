//! Compiles the C generator. Its inline assembly is x87 code, so only for x86-64.
fn main() {
    println!("cargo:rerun-if-changed=src/conficker.c");
    println!("cargo:rerun-if-changed=src/conficker.h");
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("x86_64") {
        cc::Build::new()
            .file("src/conficker.c")
            .opt_level(2)
            .warnings(true)
            .extra_warnings(true)
            .compile("conficker_x87");
    }
}
