/* test-trash.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "kumo-test-utils.h"
#include "kumo-trash.h"

/* A file GIO moved to the trash comes back where it was, by the trash's
 * own records; the latest trashed of two with the same path wins. */
static void
test_trash_restore (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "out.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  /* GIO trashes in the home trash only when home is there. */
  g_assert_cmpint (g_mkdir_with_parents (g_get_home_dir (), 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "first", -1, NULL));
  g_file_trash (file, NULL, &error);
  g_assert_no_error (error);
  /* DeletionDate has a resolution of a second. */
  g_usleep (1100 * 1000);
  g_assert_true (g_file_set_contents (path, "second", -1, NULL));
  g_assert_true (g_file_trash (file, NULL, &error));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_true (kumo_trash_restore (file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "second");

  /* Something stands in its place now: nothing is overwritten. */
  g_assert_false (kumo_trash_restore (file, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_true (kumo_trash_restore (file, &error));
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL) && g_str_equal (contents, "first"));

  /* The trash is empty of it now. */
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_false (kumo_trash_restore (file, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  kumo_test_init (&argc, &argv);

  g_test_add_func ("/trash/restore", test_trash_restore);

  return g_test_run ();
}
