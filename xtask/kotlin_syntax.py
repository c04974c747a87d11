"""Syntax check of Kotlin files with tree-sitter-kotlin (run by `cargo xtask test`).

The Android-only sources are never compiled on the project's machines (no Android SDK), so a
syntax error there would only show in an Android build. Prints FILE:LINE:COLUMN for every ERROR
or MISSING node and exits 1 if there is any.
"""

import re
import sys

import tree_sitter_kotlin

from syntax_tree import check_files


# Valid Kotlin that tree-sitter-kotlin 1.1.0 cannot parse, each with its stand-in: same length,
# same lines, so positions stay exact.
GRAMMAR_GAPS = [
    # An assignment to a variable named `open` (`{ open = true }`): the grammar takes `open` for
    # the modifier of a declaration. A modifier is never followed by `=`.
    (re.compile(rb"(?<![\w.])open(?=[ \t]*=(?!=))"), b"ope_"),
]


def normalized(source):
    for gap, stand_in in GRAMMAR_GAPS:
        source = gap.sub(stand_in, source)
    return source


def main(paths):
    bad = check_files(tree_sitter_kotlin.language(), paths, normalized)
    print(f"kotlin syntax: {len(paths)} files checked, {bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
