"""What the Swift and Kotlin syntax checks share: parsing files with a tree-sitter grammar and
listing every ERROR or MISSING node as FILE:LINE:COLUMN."""

from tree_sitter import Language, Parser


def problems(tree, source):
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.is_missing:
            yield node, f"MISSING {node.type}"
        elif node.is_error:
            text = source[node.start_byte:node.end_byte].decode("utf-8", "replace")
            first_line = text.strip().splitlines()[0][:60] if text.strip() else ""
            yield node, f"ERROR near {first_line!r}"
        if node.has_error:
            stack.extend(reversed(node.children))


def check_files(language, paths, normalized):
    """Prints each problem of each file (after `normalized`, which blanks the grammar's gaps
    without moving positions) and returns how many there are."""
    parser = Parser(Language(language))
    bad = 0
    for path in paths:
        with open(path, "rb") as f:
            source = normalized(f.read())
        for node, what in problems(parser.parse(source), source):
            line, column = node.start_point
            print(f"{path}:{line + 1}:{column + 1}: {what}")
            bad += 1
    return bad
