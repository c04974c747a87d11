#!/usr/bin/env bash
# Builds ios/HelplineFFI.xcframework: helpline-ffi as a static library for iOS devices, the iOS
# simulators (arm64 + x86_64, one fat library) and macOS (arm64 + x86_64, for `swift test` on a
# Mac). The generated C headers and module map go in Headers/HelplineFFI/, not Headers/: Xcode
# copies every static XCFramework's Headers into one include folder, where two module.modulemap
# files (another Rust or C SDK's) would clash. Then zips it as a binary target downloads it and
# prints the zip's checksum.
#
#   ios/build-xcframework.sh               the root Package.swift uses it while `local = true`
#   ios/build-xcframework.sh RELEASE_URL   also writes RELEASE_URL (where the zip will be
#                                          downloaded from) and the checksum into Package.swift
#                                          and sets `local = false`: a release tag's manifest
#
# macOS with Xcode only; run through `cargo xtask ios [--release-url URL]`, which generates the
# bindings (ios/HelplineFFI/include) first.
set -euo pipefail
cd "$(dirname "$0")/.."

RELEASE_URL="${1:-}"
PROFILE="${PROFILE:-release}"
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
HEADERS="ios/HelplineFFI/include"
OUT="ios/HelplineFFI.xcframework"
ZIP="$TARGET_DIR/HelplineFFI.xcframework.zip"
TARGETS=(aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios aarch64-apple-darwin x86_64-apple-darwin)

# Checked before the long build; the characters refused would break the rewrite below.
if [[ -n "$RELEASE_URL" && ! "$RELEASE_URL" =~ ^https://[^\"\|\&\\[:space:]]+\.zip$ ]]; then
    echo "the release URL must be https://....zip (no quotes, |, & or \\): $RELEASE_URL" >&2
    exit 1
fi
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
work="$TARGET_DIR/xcframework"
rm -rf "$work"
mkdir -p "$work/ios-simulator" "$work/macos" "$work/headers/HelplineFFI"
lipo -create "$(lib aarch64-apple-ios-sim)" "$(lib x86_64-apple-ios)" -output "$work/ios-simulator/libhelpline_ffi.a"
lipo -create "$(lib aarch64-apple-darwin)" "$(lib x86_64-apple-darwin)" -output "$work/macos/libhelpline_ffi.a"
cp "$HEADERS"/*.h "$HEADERS/module.modulemap" "$work/headers/HelplineFFI/"

rm -rf "$OUT"
xcodebuild -create-xcframework \
    -library "$(lib aarch64-apple-ios)" -headers "$work/headers" \
    -library "$work/ios-simulator/libhelpline_ffi.a" -headers "$work/headers" \
    -library "$work/macos/libhelpline_ffi.a" -headers "$work/headers" \
    -output "$OUT"
echo "built $OUT"

rm -f "$ZIP"
ditto -c -k --sequesterRsrc --keepParent "$OUT" "$ZIP"
checksum="$(swift package compute-checksum "$ZIP")"
echo "$checksum" >"$ZIP.checksum"
echo "zipped $ZIP, checksum $checksum (also in $ZIP.checksum)"

if [[ -n "$RELEASE_URL" ]]; then
    sed -e 's|^let local = .*$|let local = false|' \
        -e "s|^let releaseURL = .*\$|let releaseURL = \"$RELEASE_URL\"|" \
        -e "s|^let releaseChecksum = .*\$|let releaseChecksum = \"$checksum\"|" \
        Package.swift >Package.swift.new
    for line in "let local = false" "let releaseURL = \"$RELEASE_URL\"" "let releaseChecksum = \"$checksum\""; do
        grep -qxF "$line" Package.swift.new || { rm Package.swift.new; echo "Package.swift: cannot set $line" >&2; exit 1; }
    done
    mv Package.swift.new Package.swift
    echo "Package.swift: local = false, $RELEASE_URL, $checksum"
    echo "next: commit Package.swift and the generated Swift (git add -f ios/Sources/Helpline/Generated),"
    echo "      tag that commit, push the tag, and attach $ZIP to the release so it is at $RELEASE_URL"
fi
