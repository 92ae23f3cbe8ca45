/* kumo-trash.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-trash"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "kumo-trash.h"

/*
 * Undoing a move to the trash. GIO trashes a file but cannot put it
 * back (gvfs's trash:// can, where gvfs runs), so this reads the
 * freedesktop Trash specification's own records: each trashed file has
 * info/NAME.trashinfo with its original Path and DeletionDate beside
 * files/NAME. The latest record of the file's path wins.
 */

static char *
original_path (const char *info_path,
               char      **deleted)
{
  g_autoptr(GKeyFile) info = g_key_file_new ();
  g_autofree char *escaped = NULL;

  if (!g_key_file_load_from_file (info, info_path, G_KEY_FILE_NONE, NULL) ||
      !(escaped = g_key_file_get_string (info, "Trash Info", "Path", NULL)))
    return NULL;

  *deleted = g_key_file_get_string (info, "Trash Info", "DeletionDate", NULL);
  return g_uri_unescape_string (escaped, NULL);
}

/**
 * kumo_trash_restore:
 * @original: where a file was when it was moved to the trash
 *
 * Moves the file back from the user's trash. Fails, saying so, when it
 * is not there (emptied, or trashed on another disk) or when something
 * now stands in its place.
 */
gboolean
kumo_trash_restore (GFile   *original,
                    GError **error)
{
  g_autofree char *wanted = g_file_get_path (original);
  g_autofree char *trash = g_build_filename (g_get_user_data_dir (), "Trash", NULL);
  g_autofree char *info_folder = g_build_filename (trash, "info", NULL);
  g_autofree char *best_name = NULL;
  g_autofree char *best_date = NULL;
  g_autofree char *info_path = NULL;
  g_autofree char *trashed = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_return_val_if_fail (G_IS_FILE (original), FALSE);

  dir = g_dir_open (info_folder, 0, NULL);
  while (wanted != NULL && dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (info_folder, name, NULL);
      g_autofree char *deleted = NULL;
      g_autofree char *was = NULL;

      if (!g_str_has_suffix (name, ".trashinfo") || !(was = original_path (path, &deleted)))
        continue;
      if (g_str_equal (was, wanted) && (best_name == NULL || g_strcmp0 (deleted, best_date) > 0))
        {
          g_free (best_name);
          g_free (best_date);
          best_name = g_strndup (name, strlen (name) - strlen (".trashinfo"));
          best_date = g_steal_pointer (&deleted);
        }
    }

  if (best_name == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("Kumo cannot find “%s” in the trash: look for it in the trash in Files."),
                   wanted ? wanted : "");
      return FALSE;
    }

  if (g_file_test (wanted, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("Another file is now at “%s”: restore it from the trash in Files."), wanted);
      return FALSE;
    }

  trashed = g_build_filename (trash, "files", best_name, NULL);
  info_path = g_strconcat (info_folder, G_DIR_SEPARATOR_S, best_name, ".trashinfo", NULL);
  if (g_rename (trashed, wanted) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not put “%s” back: %s"), wanted, g_strerror (saved_errno));
      return FALSE;
    }

  g_unlink (info_path);
  return TRUE;
}
