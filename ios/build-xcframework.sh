#!/usr/bin/env bash
# Builds ios/HelplineFFI.xcframework: helpline-ffi as a static library for iOS devices, the iOS
# simulators (arm64 + x86_64, one fat library) and macOS (for `swift test` on a Mac), with the
# generated C header and module map. macOS with Xcode only; run through `cargo xtask ios`, which
# generates the bindings (ios/HelplineFFI/include) first.
set -euo pipefail
cd "$(dirname "$0")/.."

PROFILE="${PROFILE:-release}"
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
HEADERS="ios/HelplineFFI/include"
OUT="ios/HelplineFFI.xcframework"
TARGETS=(aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios aarch64-apple-darwin x86_64-apple-darwin)

if [[ ! -f "$HEADERS/HelplineFFI.h" ]]; then
    echo "missing $HEADERS/HelplineFFI.h: run cargo xtask bindings first" >&2
    exit 1
fi
command -v xcodebuild >/dev/null || { echo "xcodebuild not found: install Xcode" >&2; exit 1; }

rustup target add "${TARGETS[@]}"
flag=""
[[ "$PROFILE" == "release" ]] && flag="--release"
for target in "${TARGETS[@]}"; do
    cargo build -p helpline-ffi --lib $flag --target "$target"
done

lib() { echo "$TARGET_DIR/$1/$PROFILE/libhelpline_ffi.a"; }
fat="$TARGET_DIR/xcframework"
mkdir -p "$fat/ios-simulator" "$fat/macos"
lipo -create "$(lib aarch64-apple-ios-sim)" "$(lib x86_64-apple-ios)" -output "$fat/ios-simulator/libhelpline_ffi.a"
lipo -create "$(lib aarch64-apple-darwin)" "$(lib x86_64-apple-darwin)" -output "$fat/macos/libhelpline_ffi.a"

rm -rf "$OUT"
xcodebuild -create-xcframework \
    -library "$(lib aarch64-apple-ios)" -headers "$HEADERS" \
    -library "$fat/ios-simulator/libhelpline_ffi.a" -headers "$HEADERS" \
    -library "$fat/macos/libhelpline_ffi.a" -headers "$HEADERS" \
    -output "$OUT"
echo "built $OUT"
