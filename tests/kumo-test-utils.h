/* kumo-test-utils.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <string.h>

G_BEGIN_DECLS

void        kumo_test_init             (int         *argc,
                                        char      ***argv);
const char *kumo_test_fixtures_dir     (void);
char       *kumo_test_fixture_path     (const char  *subdir,
                                        const char  *name);
char       *kumo_test_data_path        (const char  *name);
GPtrArray  *kumo_test_list_fixtures    (const char  *subdir,
                                        ...) G_GNUC_NULL_TERMINATED;
GBytes     *kumo_test_load_bytes       (const char  *path);
char       *kumo_test_make_big_workflow (guint       n_nodes);

G_END_DECLS
