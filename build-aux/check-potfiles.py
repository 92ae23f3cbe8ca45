#!/usr/bin/env python3
# Every source file with a translatable string is listed in
# po/POTFILES.in, so none of its strings silently stays English.
#
# Usage: check-potfiles.py SOURCE_ROOT

import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
listed = set()
for line in (root / 'po' / 'POTFILES.in').read_text().splitlines():
    line = line.strip()
    if line and not line.startswith('#'):
        listed.add(line)

marked = re.compile(r'\b(?:_|N_|C_|NC_|g_dngettext|ngettext)\s*\(\s*"|translatable="yes"')
missing = []
for path in sorted(root.glob('src/**/*')):
    if path.suffix not in ('.c', '.ui') or not path.is_file():
        continue
    relative = path.relative_to(root).as_posix()
    if marked.search(path.read_text(encoding='utf-8')) and relative not in listed:
        missing.append(relative)

stale = sorted(name for name in listed if not (root / name).exists())

for name in missing:
    print(f'{name}: has translatable strings but is not in po/POTFILES.in')
for name in stale:
    print(f'po/POTFILES.in: {name} does not exist')
sys.exit(1 if missing or stale else 0)
