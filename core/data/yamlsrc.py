"""Reading YAML safely and boundedly, keeping the line of every key and item so errors can point at it.

Only the safe loader is used (libyaml's when installed): reading a YAML file never constructs objects or
runs code. Before anything is built, the parser's events are counted: every alias and merge key (``<<``)
counts as the nodes it stands for, so nine levels of aliases ("billion laughs") stop after counting, not
after building, and nesting deeper than ``depth`` stops too (:mod:`vnpolicy.data.limits`). Every problem
is a :class:`YamlError` with a line.
"""

from .limits import DEFAULT, over

MERGE = "tag:yaml.org,2002:merge"
TIMESTAMP = "tag:yaml.org,2002:timestamp"
# PyYAML, imported on the first read (a run whose policies come from the cache reads no YAML): _load()
yaml = _LOADER = _OPEN = _CLOSE = _Constructor = None


class YamlError(Exception):
    def __init__(self, message, line=None):
        super().__init__(message)
        self.message, self.line = message, line


def _load():
    global yaml, _LOADER, _OPEN, _CLOSE, _Constructor
    if _Constructor is not None:  # set last: whichever thread reads first, the others see all or nothing
        return
    import yaml as module
    from yaml.constructor import SafeConstructor

    class Constructor(SafeConstructor):
        """The safe constructor; a value it cannot build (an impossible date) is a YamlError at its line."""

        def construct_object(self, node, deep=False):
            try:
                return super().construct_object(node, deep)
            except (ValueError, TypeError, AttributeError, OverflowError) as exc:
                what = "ngày không có thật / impossible date" if node.tag == TIMESTAMP else "giá trị không đọc được"
                raise YamlError(f"{what}: {_first_line(exc)}", node.start_mark.line + 1) from None

    _LOADER = getattr(module, "CSafeLoader", module.SafeLoader)
    _OPEN = (module.SequenceStartEvent, module.MappingStartEvent)
    _CLOSE = (module.SequenceEndEvent, module.MappingEndEvent)
    yaml = module
    _Constructor = Constructor


def _first_line(exc):
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _yaml_error(exc, text):
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark else None
    problem = getattr(exc, "problem", None) or _first_line(exc)
    if isinstance(exc, yaml.reader.ReaderError):
        problem = f"ký tự không được phép #x{exc.character:04x} / character not allowed"
        line = text.count("\n", 0, exc.position) + 1 if isinstance(exc.position, int) else None
    return YamlError(f"YAML không đọc được / unreadable YAML: {problem}", line)


def _events(text):
    _load()
    try:
        yield from yaml.parse(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, text) from None


def check_bounds(text, limits=DEFAULT):
    """Count the nodes the document stands for (aliases and merge keys as written out) and its depth,
    from the parser's events, without building anything; a limit reached is a YamlError."""
    anchors = {}  # name -> (nodes, height); None while the anchored collection is still open
    stack = []  # per open collection: [nodes, height below, anchor]
    total = 0
    for event in _events(text):
        if isinstance(event, _CLOSE):
            nodes, height, anchor = stack.pop()
            if anchor:
                anchors[anchor] = (nodes, height)
            if stack:
                stack[-1][0] += nodes
                stack[-1][1] = max(stack[-1][1], height + 1)
            continue
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in anchors:
                continue  # the composer says "found undefined alias", with its line
            if anchors[event.anchor] is None:
                raise YamlError(
                    f"bí danh *{event.anchor} nằm trong chính nó / alias *{event.anchor} refers to itself",
                    event.start_mark.line + 1,
                )
            nodes, height = anchors[event.anchor]
        elif isinstance(event, yaml.ScalarEvent):
            nodes, height = 1, 0
            if event.anchor:
                anchors[event.anchor] = (1, 0)
        elif isinstance(event, _OPEN):
            nodes, height = 1, 0
            stack.append([1, 0, event.anchor])
            if event.anchor:
                anchors[event.anchor] = None
        else:
            continue
        total += nodes
        if total > limits.yaml_nodes:
            raise YamlError(
                over("yaml_nodes", limits, f"hơn {limits.yaml_nodes} nút", f"more than {limits.yaml_nodes} nodes"),
                event.start_mark.line + 1,
            )
        if not isinstance(event, _OPEN) and stack:
            stack[-1][0] += nodes
            stack[-1][1] = max(stack[-1][1], height + 1)
        if len(stack) + height > limits.depth:
            raise YamlError(
                over("depth", limits, f"lồng sâu hơn {limits.depth} mức", f"nested deeper than {limits.depth}"),
                event.start_mark.line + 1,
            )


def top_keys(text):
    """The keys of the top-level mapping (scalars only), read from the parser's events: what a file is."""
    keys, depth, expect_key = [], 0, False
    for event in _events(text):
        if isinstance(event, _OPEN):
            if depth == 1 and not expect_key:
                expect_key = True  # a value that is a collection: the next key follows it
            elif depth == 1:
                expect_key = False  # a complex key
            depth += 1
            if depth == 1:
                if not isinstance(event, yaml.MappingStartEvent):
                    return []
                expect_key = True
        elif isinstance(event, _CLOSE):
            depth -= 1
        elif depth == 1 and isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
            if expect_key and isinstance(event, yaml.ScalarEvent):
                keys.append(event.value)
            expect_key = not expect_key
    return keys


def load_with_lines(text, limits=None):
    """Returns (data, lines) where ``lines`` maps a path tuple (keys and indexes) to a 1-based line.

    A key written twice in one mapping is an error (PyYAML would silently keep the last); a merge key
    (``<<: *defaults``) gives its keys to the mapping, whose own keys win.
    """
    limits = limits or DEFAULT
    _load()
    try:
        check_bounds(text, limits)
        loader = _LOADER(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, text) from None
    except RecursionError:
        raise YamlError(over("depth", limits, "lồng quá sâu", "nested too deep")) from None
    lines = {}
    if node is None:
        return None, lines
    constructor = _Constructor()
    try:
        _walk(node, lines, constructor)
        data = constructor.construct_document(node)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, text) from None
    return data, lines


def _key(key_node, constructor):
    key = constructor.construct_object(key_node, deep=True)
    if hasattr(key, "isoformat"):
        key = key.isoformat()  # dates as keys (parameter values) are looked up as ISO text
    try:
        hash(key)
    except TypeError:
        raise YamlError(
            "khoá phải là một giá trị đơn / a key must be a single value", key_node.start_mark.line + 1
        ) from None
    return key


def _pairs(node, constructor):
    """A mapping's (key, key node, value node), merge keys resolved: own keys first, each once."""
    own, merged, seen = [], [], {}
    for key_node, value_node in node.value:
        if key_node.tag == MERGE:
            sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            for source in sources:
                if not isinstance(source, yaml.MappingNode):
                    raise YamlError(
                        "<< cần một ánh xạ hoặc danh sách ánh xạ / a merge key needs a mapping or a list of them",
                        source.start_mark.line + 1,
                    )
                merged += _pairs(source, constructor)
            continue
        key = _key(key_node, constructor)
        line = key_node.start_mark.line + 1
        if key in seen:
            raise YamlError(f"khoá {key!r} viết hai lần (dòng {seen[key]} và {line})", line)
        seen[key] = line
        own.append((key, key_node, value_node))
    for key, key_node, value_node in merged:
        if key not in seen:
            seen[key] = key_node.start_mark.line + 1
            own.append((key, key_node, value_node))
    return own


def _walk(root, lines, constructor):
    stack = [((), root, root.start_mark.line + 1)]
    while stack:
        path, node, line = stack.pop()
        lines[path] = line
        if isinstance(node, yaml.MappingNode):
            for key, key_node, value_node in _pairs(node, constructor):
                stack.append((path + (key,), value_node, key_node.start_mark.line + 1))
                lines[path + (key,)] = key_node.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                stack.append((path + (index,), item, item.start_mark.line + 1))


def line_of(lines, path):
    """The line of ``path`` or of its nearest ancestor that has one."""
    path = tuple(path)
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path)
