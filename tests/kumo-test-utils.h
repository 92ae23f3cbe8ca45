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
void        kumo_test_store_result_cb  (GObject     *object,
                                        GAsyncResult *result,
                                        gpointer     user_data);
GAsyncResult *kumo_test_wait_result    (GAsyncResult **result);

G_END_DECLS
