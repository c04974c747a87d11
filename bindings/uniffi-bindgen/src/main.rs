//! `uniffi-bindgen generate --library <lib> --language kotlin|swift --out-dir <dir>`, at the
//! exact uniffi version of the workspace (see `cargo xtask bindings`).

fn main() {
    uniffi::uniffi_bindgen_main()
}
