"""Code-list labels in every language Koko serves (categories, course types, levels, target
groups) and the `codeList` query."""
