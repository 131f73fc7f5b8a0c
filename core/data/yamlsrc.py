"""Reading YAML safely, keeping the line of every key and item so errors can point at it.

Only ``yaml.SafeLoader`` is used: reading a YAML file never constructs objects or runs code.
"""

import yaml


class YamlError(Exception):
    def __init__(self, message, line=None):
        super().__init__(message)
        self.message, self.line = message, line


def load_with_lines(text):
    """Returns (data, lines) where ``lines`` maps a path tuple (keys and indexes) to a 1-based line.

    A key written twice in one mapping is an error (PyYAML would silently keep the last).
    """
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise YamlError(f"YAML không đọc được: {problem}", mark.line + 1 if mark else None) from None
    except ValueError as exc:  # a timestamp that is no real date, such as 2025-02-30
        raise YamlError(f"ngày không có thật: {exc}", _bad_timestamp_line(node)) from None
    lines = {}
    if node is not None:
        _walk(node, (), lines)
    return data, lines


def _bad_timestamp_line(node):
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.ScalarNode):
            if current.tag == "tag:yaml.org,2002:timestamp":
                try:
                    _scalar(current)
                except ValueError:
                    return current.start_mark.line + 1
        elif isinstance(current, yaml.MappingNode):
            stack += [n for pair in current.value for n in pair]
        elif isinstance(current, yaml.SequenceNode):
            stack += current.value
    return None


def _walk(node, path, lines):
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen = {}
        for key_node, value_node in node.value:
            key = (
                yaml.safe_load(yaml.serialize(key_node))
                if not isinstance(key_node, yaml.ScalarNode)
                else _scalar(key_node)
            )
            if hasattr(key, "isoformat"):
                key = key.isoformat()  # dates as keys (parameter values) are looked up as ISO text
            if key in seen:
                raise YamlError(
                    f"khoá {key!r} viết hai lần (dòng {seen[key]} và {key_node.start_mark.line + 1})",
                    key_node.start_mark.line + 1,
                )
            seen[key] = key_node.start_mark.line + 1
            _walk(value_node, path + (key,), lines)
            lines[path + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), lines)


def _scalar(node):
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def line_of(lines, path):
    """The line of ``path`` or of its nearest ancestor that has one."""
    path = tuple(path)
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path)
