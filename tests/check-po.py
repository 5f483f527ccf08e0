#!/usr/bin/env python3
# check-po.py: every translation in po/LINGUAS compiles, with its format
# strings matching the English ones, and says how complete it is.
#
# Copyright 2026 The Regulars developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import subprocess
import sys


def main():
    po_dir = os.path.join(sys.argv[1], 'po')
    msgfmt = sys.argv[2] if len(sys.argv) > 2 else 'msgfmt'
    problems = 0

    with open(os.path.join(po_dir, 'LINGUAS'), encoding='utf-8') as linguas:
        languages = [line.split('#')[0].strip() for line in linguas]

    for language in filter(None, languages):
        path = os.path.join(po_dir, language + '.po')
        if not os.path.exists(path):
            print(f'po/LINGUAS names {language}, but there is no po/{language}.po')
            problems += 1
            continue
        result = subprocess.run([msgfmt, '--check', '--statistics', '-o', os.devnull, path],
                                capture_output=True, text=True)
        print(f'{language}: {result.stderr.strip()}')
        if result.returncode != 0:
            problems += 1

    if problems:
        print(f'check-po: {problems} problem(s)', file=sys.stderr)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
