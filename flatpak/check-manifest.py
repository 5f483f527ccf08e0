#!/usr/bin/env python3
# check-manifest.py: the Flatpak manifest is valid and builds this application
#
# Copyright 2026 The Regulars developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-manifest.py MANIFEST BASE_ID
#
# The manifest always builds the release application ID: a development build
# (io.github.regulars.Regulars.Devel) still checks against BASE_ID.

import json
import sys


def main():
    if len(sys.argv) != 3:
        print('usage: check-manifest.py MANIFEST BASE_ID', file=sys.stderr)
        return 2
    path, base_id = sys.argv[1:]
    problems = []

    try:
        with open(path, encoding='utf-8') as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        print(f'{path}: {e}')
        return 1
    if not isinstance(manifest, dict):
        print(f'{path}: not a JSON object')
        return 1

    ids = {key: manifest[key] for key in ('id', 'app-id') if key in manifest}
    if not ids:
        problems.append('no "id"')
    for key, value in ids.items():
        if value != base_id:
            problems.append(f'"{key}" is "{value}", the application ID is "{base_id}"')

    if manifest.get('runtime') != 'org.gnome.Platform' or manifest.get('sdk') != 'org.gnome.Sdk':
        problems.append('runtime and sdk should be org.gnome.Platform and org.gnome.Sdk')
    if not isinstance(manifest.get('runtime-version'), str):
        problems.append('"runtime-version" should be a string such as "51"')
    if manifest.get('command') != 'regulars':
        problems.append('"command" should be "regulars"')

    # The sandbox is part of what we promise: files come in through the
    # file chooser portal, shop keys go to the keyring through the secret portal.
    for arg in manifest.get('finish-args', []):
        if arg.startswith('--filesystem'):
            problems.append(f'finish-args: {arg}: files go through the file chooser portal')
        if arg == '--talk-name=org.freedesktop.secrets':
            problems.append(f'finish-args: {arg}: libsecret uses the secret portal')

    modules = manifest.get('modules') or [{}]
    app = modules[-1] if isinstance(modules[-1], dict) else {}
    if app.get('buildsystem') != 'meson':
        problems.append('the last module should build Regulars with "buildsystem": "meson"')
    if '-Dprofile=development' in app.get('config-opts', []):
        problems.append('-Dprofile=development would install the .Devel ID, not ' + base_id)

    for problem in problems:
        print(f'{path}: {problem}')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
