/* kumo-trash.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean kumo_trash_restore (GFile   *original,
                             GError **error);

G_END_DECLS
