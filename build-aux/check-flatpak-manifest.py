#!/usr/bin/env python3
# Checks that the Flatpak manifest is valid JSON and agrees with the meson
# build: the app id, the command, and only -D options that exist. It cannot
# be built here (no GNOME SDK), so this is what keeps it honest.

import json
import re
import sys

manifest_path, options_path = sys.argv[1], sys.argv[2]

with open(manifest_path, encoding='utf-8') as f:
    manifest = json.load(f)

with open(options_path, encoding='utf-8') as f:
    options = set(re.findall(r"option\('([^']+)'", f.read()))

errors = []
if manifest.get('id') != 'io.github.kumoapp.Kumo':
    errors.append('id is not io.github.kumoapp.Kumo')
if manifest.get('command') != 'kumo':
    errors.append('command is not kumo (the meson executable)')
if manifest.get('runtime') != 'org.gnome.Platform' or manifest.get('runtime-version') != '43':
    errors.append('runtime must be org.gnome.Platform 43 (GTK 4.8, libadwaita 1.2, GLib 2.74)')

kumo = [m for m in manifest.get('modules', []) if isinstance(m, dict) and m.get('name') == 'kumo']
if len(kumo) != 1:
    errors.append('there must be exactly one "kumo" module')
else:
    if kumo[0].get('buildsystem') != 'meson':
        errors.append('the kumo module must build with meson')
    for opt in kumo[0].get('config-opts', []):
        name = opt[2:].split('=')[0] if opt.startswith('-D') else None
        if name is None or name not in options:
            errors.append(f'config-opt {opt} is not an option in meson_options.txt')

for e in errors:
    print(f'{manifest_path}: {e}', file=sys.stderr)
sys.exit(1 if errors else 0)
