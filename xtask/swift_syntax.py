"""Syntax check of Swift files with tree-sitter-swift (run by `cargo xtask test`).

Prints FILE:LINE:COLUMN for every ERROR or MISSING node and exits 1 if there is any. Also checks
that every language of the SwiftUI kit has English's texts with the same placeholders.
"""

import plistlib
import re
import sys
from pathlib import Path

import tree_sitter_swift

from syntax_tree import check_files


# Valid Swift that tree-sitter-swift 0.7.4 cannot parse, all in uniffi's generated code. Each
# match is blanked (same length, same lines) before parsing, so positions stay exact.
GRAMMAR_GAPS = [
    # An attribute alone inside a conditional-compilation block, applying to the next declaration.
    re.compile(rb"#if swift\(>=5\.8\)\s*@_documentation\(visibility: private\)\s*#endif"),
    # A closure whose body is the empty tuple: `{ () }`.
    re.compile(rb"(?<=\{ )\(\)(?= \})"),
]


def blank(match):
    return bytes(b if b in b"\n" else 0x20 for b in match.group(0))


def normalized(source):
    for gap in GRAMMAR_GAPS:
        source = gap.sub(blank, source)
    return source


KIT_TEXTS = Path(__file__).resolve().parent.parent / "ios/Sources/Helpline/Resources"
STRINGS_LINE = re.compile(r'^"([^"]+)"\s*=\s*"((?:[^"\\]|\\.)*)";\s*$', re.M)
PLACEHOLDER = re.compile(r"%(\d+\$)?(@|lld|ld|d|%)")


def kit_texts(lproj):
    """Key -> text (.strings) and key -> its plural forms' placeholders (.stringsdict)."""
    texts = dict(STRINGS_LINE.findall((lproj / "Localizable.strings").read_text("utf-8")))
    with open(lproj / "Localizable.stringsdict", "rb") as f:
        for key, entry in plistlib.load(f).items():
            texts[key] = " ".join(v for forms in entry.values() if isinstance(forms, dict)
                                  for k, v in forms.items() if k == "other")
    return texts


def translation_problems():
    """Each language against English: a missing or extra key, or other placeholders."""
    if not (KIT_TEXTS / "en.lproj").is_dir():
        return []
    english = kit_texts(KIT_TEXTS / "en.lproj")
    found = []
    for lproj in sorted(KIT_TEXTS.glob("*.lproj")):
        texts = kit_texts(lproj)
        for key in sorted(set(english) ^ set(texts)):
            found.append(f"{lproj.name}: {key} {'missing' if key in english else 'not in English'}")
        for key in sorted(set(english) & set(texts)):
            if PLACEHOLDER.findall(english[key]) != PLACEHOLDER.findall(texts[key]):
                found.append(f"{lproj.name}: {key} has other placeholders than English")
    return found


def main(paths):
    bad = check_files(tree_sitter_swift.language(), paths, normalized)
    for problem in translation_problems():
        print(problem)
        bad += 1
    print(f"swift syntax: {len(paths)} files checked, {bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
