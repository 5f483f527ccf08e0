#!/usr/bin/env python3
# check-strings.py: every string a user reads can be translated
#
# Copyright 2026 The Regulars developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-strings.py SOURCE_ROOT
#
# Fails (exit 1, one line per finding as FILE:LINE: …) when
#   - a .ui file under ui/ has a user-visible property, menu attribute or
#     list item without translatable="yes";
#   - a .c file under src/gui or src/cli passes a string literal with letters,
#     not wrapped in _(), N_(), C_() …, to a setter whose text the user reads
#     (and g_set_error() and friends anywhere under src/);
#   - a .c or .ui file with strings to translate is missing from po/POTFILES.in,
#     or POTFILES.in lists a file that does not exist.
# A literal that is meant to stay as it is can carry the comment
# "/* not translated */" on the same line.

import os
import re
import sys
from xml.parsers import expat

# Properties (and menu attributes) whose value is shown to the user or read
# out by a screen reader.
VISIBLE_PROPERTIES = {
    'label', 'title', 'subtitle', 'tooltip-text', 'tooltip-markup',
    'placeholder-text', 'text', 'secondary-text', 'description', 'heading',
    'body', 'button-label', 'comments', 'copyright', 'accessible-name',
    'accessible-description', 'page-title', 'application-name',
}

# Setters whose argument (0-based index) the user reads. g_set_error and
# friends are checked in all of src/, the rest in src/gui and src/cli.
UI_SETTERS = {
    'gtk_label_new': (0,),
    'gtk_label_set_text': (1,),
    'gtk_label_set_label': (1,),
    'gtk_label_set_markup': (1,),
    'gtk_button_new_with_label': (0,),
    'gtk_button_new_with_mnemonic': (0,),
    'gtk_button_set_label': (1,),
    'gtk_check_button_new_with_label': (0,),
    'gtk_check_button_set_label': (1,),
    'gtk_menu_button_set_label': (1,),
    'gtk_window_set_title': (1,),
    'gtk_widget_set_tooltip_text': (1,),
    'gtk_widget_set_tooltip_markup': (1,),
    'gtk_entry_set_placeholder_text': (1,),
    'gtk_text_set_placeholder_text': (1,),
    'gtk_column_view_column_new': (0,),
    'gtk_column_view_column_set_title': (1,),
    'gtk_file_chooser_native_new': (0, 2, 3),
    'gtk_file_chooser_set_current_name': (1,),
    'gtk_file_chooser_add_choice': (2,),
    'g_menu_item_new': (0,),
    'g_menu_append': (1,),
    'g_menu_prepend': (1,),
    'g_menu_insert': (2,),
    'adw_toast_new': (0,),
    'adw_toast_new_format': (0,),
    'adw_toast_set_title': (1,),
    'adw_toast_set_button_label': (1,),
    'reg_toast_new_plain': (0,),
    'adw_preferences_row_set_title': (1,),
    'adw_action_row_set_subtitle': (1,),
    'adw_expander_row_set_subtitle': (1,),
    'adw_preferences_group_set_title': (1,),
    'adw_preferences_group_set_description': (1,),
    'adw_preferences_page_set_title': (1,),
    'adw_status_page_set_title': (1,),
    'adw_status_page_set_description': (1,),
    'adw_window_title_new': (0, 1),
    'adw_window_title_set_title': (1,),
    'adw_window_title_set_subtitle': (1,),
    'adw_split_button_set_label': (1,),
    'adw_button_content_set_label': (1,),
    'adw_view_stack_add_titled': (3,),
    'adw_view_stack_page_set_title': (1,),
    'adw_message_dialog_new': (1, 2),
    'adw_message_dialog_set_heading': (1,),
    'adw_message_dialog_set_body': (1,),
    'adw_message_dialog_format_heading': (1,),
    'adw_message_dialog_format_body': (1,),
    'adw_message_dialog_add_response': (2,),
    'adw_message_dialog_set_response_label': (2,),
}
ERROR_SETTERS = {
    'g_set_error': (3,),
    'g_set_error_literal': (3,),
    'g_prefix_error': (1,),
    'g_propagate_prefixed_error': (2,),
}

GETTEXT_CALLS = {
    '_', 'N_', 'C_', 'NC_', 'Q_', 'gettext', 'dgettext', 'ngettext',
    'dngettext', 'pgettext', 'g_dgettext', 'g_dngettext', 'g_dpgettext',
    'g_dpgettext2',
}
# A literal inside these still ends up in front of the user as it is.
PASSTHROUGH_CALLS = {
    'g_strdup', 'g_strdup_printf', 'g_strconcat', 'g_markup_printf_escaped',
}

PRINTF_SPEC = re.compile(r'%(?:\d+\$)?[-+ #0\']*(?:\d+|\*)?(?:\.(?:\d+|\*))?'
                         r'(?:hh|h|ll|l|j|z|t|L|I64|I32)?[diouxXeEfFgGaAcspn%]')
ICON_NAME = re.compile(r'^[a-z0-9]+(?:-[a-z0-9]+)*-symbolic$|^[a-z0-9]+(?:-[a-z0-9]+)+$')
GETTEXT_IN_C = re.compile(r'\b(?:_|N_|C_|NC_|Q_|g_dgettext|g_dngettext|g_dpgettext2?|ngettext|dngettext)\s*\(')

problems = []


def report(path, line, message):
    problems.append(f'{path}:{line}: {message}')


def has_letters(text):
    return any(ch.isalpha() for ch in text)


# ---------------------------------------------------------------------- .ui


def ui_value_needs_translation(value):
    value = value.strip()
    if not value or not has_letters(value):
        return False
    if ICON_NAME.match(value):
        return False
    return True


def is_translatable(element):
    return element.get('translatable', '').lower() in ('yes', 'true', '1', 'y', 't')


def line_of(text, needle_offset):
    return text.count('\n', 0, needle_offset) + 1


class Node:
    """An element with the line it starts on (ElementTree does not keep it)."""

    def __init__(self, tag, attrs, line):
        self.tag = tag
        self.attrs = attrs
        self.line = line
        self.text = ''
        self.children = []

    def get(self, name, default=None):
        return self.attrs.get(name, default)

    def __len__(self):
        return len(self.children)

    def iter(self):
        yield self
        for child in self.children:
            yield from child.iter()


def parse_ui(text):
    parser = expat.ParserCreate()
    stack = [Node(None, {}, 0)]

    def start(tag, attrs):
        node = Node(tag, attrs, parser.CurrentLineNumber)
        stack[-1].children.append(node)
        stack.append(node)

    def end(tag):
        stack.pop()

    def data(chars):
        if not stack[-1].children:
            stack[-1].text += chars

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    parser.Parse(text, True)
    return stack[0].children[0]


def check_ui_text(path, text, line_offset=0):
    """Returns whether the file has translatable strings."""
    try:
        root = parse_ui(text)
    except expat.ExpatError as e:
        report(path, line_offset + e.lineno, f'not well-formed XML: {expat.errors.messages[e.code]}')
        return False

    found = False
    for element in root.iter():
        line = line_offset + getattr(element, 'line', 1)
        tag = element.tag
        name = (element.get('name') or '').replace('_', '-')
        value = element.text or ''

        if is_translatable(element):
            found = True

        if tag == 'property' and name == 'bytes' and '<interface' in value:
            # A list item factory's template, inline.
            offset = line - 1 + value[:value.index('<')].count('\n')
            found |= check_ui_text(path, value[value.index('<'):], offset)
            continue

        if tag not in ('property', 'attribute', 'item'):
            continue
        if tag in ('property', 'attribute') and name not in VISIBLE_PROPERTIES:
            continue
        if tag == 'item' and len(element) > 0:
            continue  # a menu <item>, whose attributes are checked themselves
        if element.get('translatable', '').lower() in ('no', 'false', '0', 'n', 'f'):
            continue  # said out loud: not for translation
        if not ui_value_needs_translation(value):
            continue
        if not is_translatable(element):
            what = f'{tag} “{name}”' if name else tag
            report(path, line, f'{what} “{value.strip()}” is not marked translatable="yes"')
    return found


def check_ui_file(root, rel):
    with open(os.path.join(root, rel), encoding='utf-8') as f:
        return check_ui_text(rel, f.read())


# ----------------------------------------------------------------------- .c


def mask_c(src):
    """Returns @src with comments blanked and the inside of string and
    character literals replaced by 'S', offsets unchanged."""
    out = list(src)
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if c == '/' and i + 1 < n and src[i + 1] == '*':
            end = src.find('*/', i + 2)
            end = n if end < 0 else end + 2
            for j in range(i, end):
                if out[j] != '\n':
                    out[j] = ' '
            i = end
        elif c == '/' and i + 1 < n and src[i + 1] == '/':
            end = src.find('\n', i)
            end = n if end < 0 else end
            for j in range(i, end):
                out[j] = ' '
            i = end
        elif c == '#' and (i == 0 or src.rfind('\n', 0, i) == -1 or
                           src[src.rfind('\n', 0, i) + 1:i].strip() == ''):
            # A preprocessor line (with its continuations): not code we check.
            end = i
            while True:
                nl = src.find('\n', end)
                if nl < 0:
                    end = n
                    break
                if src[nl - 1] == '\\':
                    end = nl + 1
                    continue
                end = nl
                break
            for j in range(i, end):
                if out[j] != '\n':
                    out[j] = ' '
            i = end
        elif c in '"\'':
            j = i + 1
            while j < n and src[j] != c:
                if src[j] == '\\':
                    out[j] = 'S'
                    j += 1
                if j < n and src[j] != '\n':
                    out[j] = 'S'
                j += 1
            i = j + 1
        else:
            i += 1
    return ''.join(out)


def split_args(code, open_paren):
    """Returns [(start, end)] of each argument of the call whose '(' is at
    @open_paren, and the offset of its ')'."""
    args = []
    depth = 0
    start = open_paren + 1
    i = open_paren
    while i < len(code):
        c = code[i]
        if c in '([{':
            depth += 1
        elif c in ')]}':
            depth -= 1
            if depth == 0:
                args.append((start, i))
                return args, i
        elif c == ',' and depth == 1:
            args.append((start, i))
            start = i + 1
        i += 1
    return args, len(code)


def literals_in(code, src, start, end):
    """Yields (offset, text, enclosing calls) for each string literal
    between @start and @end."""
    stack = []
    i = start
    while i < end:
        c = code[i]
        if c == '(':
            m = re.search(r'([A-Za-z_]\w*)\s*$', code[start:i])
            stack.append(m.group(1) if m else None)
        elif c == ')':
            if stack:
                stack.pop()
        elif c == '"':
            j = code.index('"', i + 1)
            yield i, src[i + 1:j], list(stack)
            i = j
        elif c == "'":
            i = code.index("'", i + 1)
        i += 1


def c_literal_needs_translation(text):
    text = PRINTF_SPEC.sub('', text)
    text = re.sub(r'\\(?:[0-7]{1,3}|x[0-9a-fA-F]+|u[0-9a-fA-F]{4}|.)', ' ', text)
    return has_letters(text)


def check_c_file(root, rel, setters):
    with open(os.path.join(root, rel), encoding='utf-8') as f:
        src = f.read()
    code = mask_c(src)
    lines = src.split('\n')

    pattern = re.compile(r'\b(' + '|'.join(sorted(setters, key=len, reverse=True)) + r')\s*\(')
    for m in pattern.finditer(code):
        name = m.group(1)
        # Skip the definition of the setter itself (GNU style: its name
        # starts the line) and prototypes (a type before the name).
        line_start = code.rfind('\n', 0, m.start()) + 1
        before = code[line_start:m.start()].strip()
        if m.start() == line_start or before.endswith('*') or re.fullmatch(r'(?:\w+\s+)*\w+', before):
            continue
        args, _ = split_args(code, m.end() - 1)
        for index in setters[name]:
            if index >= len(args):
                continue
            start, end = args[index]
            for offset, text, calls in literals_in(code, src, start, end):
                if any(call in GETTEXT_CALLS for call in calls):
                    continue
                if any(call is not None and call not in PASSTHROUGH_CALLS for call in calls):
                    continue  # fed into something else first: not the text shown
                if not c_literal_needs_translation(text):
                    continue
                line = line_of(src, offset)
                if 'not translated' in lines[line - 1]:
                    continue
                report(rel, line, f'{name}(): “{text}” is not marked for translation')

    return bool(GETTEXT_IN_C.search(code))


# --------------------------------------------------------------- POTFILES


def read_potfiles(root):
    path = os.path.join(root, 'po', 'POTFILES.in')
    listed = {}
    with open(path, encoding='utf-8') as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if line and not line.startswith('#'):
                listed[line] = number
    return listed


def main():
    if len(sys.argv) != 2:
        print('usage: check-strings.py SOURCE_ROOT', file=sys.stderr)
        return 2
    root = sys.argv[1]

    needs_potfiles = set()

    for dirpath, dirnames, filenames in os.walk(os.path.join(root, 'ui')):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith('.ui'):
                rel = os.path.relpath(os.path.join(dirpath, name), root)
                if check_ui_file(root, rel):
                    needs_potfiles.add(rel)

    for dirpath, dirnames, filenames in os.walk(os.path.join(root, 'src')):
        dirnames.sort()
        for name in sorted(filenames):
            if not name.endswith('.c'):
                continue
            rel = os.path.relpath(os.path.join(dirpath, name), root)
            parts = rel.split(os.sep)
            setters = dict(ERROR_SETTERS)
            if parts[1] in ('gui', 'cli'):
                setters.update(UI_SETTERS)
            if check_c_file(root, rel, setters):
                needs_potfiles.add(rel)

    listed = read_potfiles(root)
    for rel in sorted(needs_potfiles):
        if rel.replace(os.sep, '/') not in listed:
            report('po/POTFILES.in', 1, f'{rel} has strings to translate but is not listed')
    for rel, number in sorted(listed.items()):
        if not os.path.exists(os.path.join(root, rel)):
            report('po/POTFILES.in', number, f'{rel} does not exist')

    for problem in problems:
        print(problem)
    if problems:
        print(f'check-strings: {len(problems)} problem(s)', file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
