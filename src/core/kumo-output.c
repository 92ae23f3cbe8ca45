/* kumo-output.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-output"

#include "config.h"

#include <string.h>

#include "kumo-output.h"

/* Room for " (99999)" and a folder prefix within common 255-byte limits. */
#define MAX_NAME_BYTES 200

G_DEFINE_BOXED_TYPE (KumoOutputFile, kumo_output_file, kumo_output_file_copy, kumo_output_file_free)

KumoOutputFile *
kumo_output_file_copy (const KumoOutputFile *file)
{
  KumoOutputFile *copy;

  g_return_val_if_fail (file != NULL, NULL);

  copy = g_new0 (KumoOutputFile, 1);
  copy->node_id = g_strdup (file->node_id);
  copy->key = g_strdup (file->key);
  copy->index = file->index;
  copy->filename = g_strdup (file->filename);
  copy->subfolder = g_strdup (file->subfolder);
  copy->type = g_strdup (file->type);
  copy->format = g_strdup (file->format);
  copy->kind = file->kind;

  return copy;
}

void
kumo_output_file_free (KumoOutputFile *file)
{
  if (file == NULL)
    return;

  g_free (file->node_id);
  g_free (file->key);
  g_free (file->filename);
  g_free (file->subfolder);
  g_free (file->type);
  g_free (file->format);
  g_free (file);
}

static gboolean
has_suffix_ci (const char *name,
               const char *suffix)
{
  gsize n = strlen (name), s = strlen (suffix);

  return n >= s && g_ascii_strcasecmp (name + n - s, suffix) == 0;
}

/**
 * kumo_output_guess_kind:
 *
 * What kind of output a file is, from what the server said of it.
 */
KumoOutputKind
kumo_output_guess_kind (const char *key,
                        const char *filename,
                        const char *format,
                        gboolean    animated)
{
  const char *video[] = { ".mp4", ".webm", ".mov", ".mkv", ".avi", ".m4v" };
  const char *audio[] = { ".mp3", ".wav", ".flac", ".ogg", ".opus", ".m4a", ".aac" };

  if (format != NULL && g_str_has_prefix (format, "video/"))
    return KUMO_OUTPUT_VIDEO;
  if (format != NULL && g_str_has_prefix (format, "audio/"))
    return KUMO_OUTPUT_AUDIO;

  for (guint i = 0; i < G_N_ELEMENTS (video); i++)
    if (has_suffix_ci (filename, video[i]))
      return KUMO_OUTPUT_VIDEO;
  for (guint i = 0; i < G_N_ELEMENTS (audio); i++)
    if (has_suffix_ci (filename, audio[i]))
      return KUMO_OUTPUT_AUDIO;

  if (g_str_equal (key, "audio"))
    return KUMO_OUTPUT_AUDIO;
  if (g_str_equal (key, "video"))
    return KUMO_OUTPUT_VIDEO;
  if (animated || g_str_equal (key, "gifs") || has_suffix_ci (filename, ".gif"))
    return KUMO_OUTPUT_ANIMATION;
  if (g_str_equal (key, "images"))
    return KUMO_OUTPUT_IMAGE;

  return KUMO_OUTPUT_OTHER;
}

/**
 * kumo_outputs_scan:
 * @output: (nullable): one node's output object (`executed.output`, or a
 *   value of a history entry's `outputs`)
 *
 * Finds the files in every key of @output, not only "images": core video
 * nodes report `images` with `animated: [true]`, VideoHelperSuite `gifs`,
 * audio nodes `audio`, the cloud `video` (docs/protocol.md §7.2).
 *
 * Returns: (transfer container) (element-type KumoOutputFile): the files
 */
GPtrArray *
kumo_outputs_scan (const KumoJson *output,
                   const char     *node_id)
{
  GPtrArray *files = g_ptr_array_new_with_free_func ((GDestroyNotify) kumo_output_file_free);
  KumoJson *animated;
  gboolean is_animated = FALSE;

  if (output == NULL || kumo_json_get_type (output) != KUMO_JSON_OBJECT)
    return files;

  animated = kumo_json_object_get_typed (output, "animated", KUMO_JSON_ARRAY);
  for (guint i = 0; i < kumo_json_array_get_length (animated); i++)
    is_animated |= kumo_json_get_boolean (kumo_json_array_get (animated, i));

  for (guint k = 0; k < kumo_json_object_get_size (output); k++)
    {
      const char *key = kumo_json_object_get_key (output, k);
      KumoJson *items = kumo_json_object_get_value (output, k);

      if (kumo_json_get_type (items) != KUMO_JSON_ARRAY)
        continue;

      for (guint i = 0; i < kumo_json_array_get_length (items); i++)
        {
          KumoJson *item = kumo_json_array_get (items, i);
          const char *filename = kumo_json_object_get_string_or (item, "filename", NULL);
          KumoOutputFile *file;

          /* Only {filename, subfolder, type} objects are files; text
           * previews and 3-D data are not. */
          if (filename == NULL || *filename == '\0')
            continue;

          file = g_new0 (KumoOutputFile, 1);
          file->node_id = g_strdup (node_id);
          file->key = g_strdup (key);
          file->index = i;
          file->filename = g_strdup (filename);
          file->subfolder = g_strdup (kumo_json_object_get_string_or (item, "subfolder", ""));
          file->type = g_strdup (kumo_json_object_get_string_or (item, "type", "output"));
          file->format = g_strdup (kumo_json_object_get_string_or (item, "format", NULL));
          file->kind = kumo_output_guess_kind (key, filename, file->format,
                                   is_animated && g_str_equal (key, "images"));
          g_ptr_array_add (files, file);
        }
    }

  return files;
}

/**
 * kumo_outputs_scan_all:
 * @outputs: (nullable): `{node_id: output}` from a history entry or job
 *
 * Returns: (transfer container) (element-type KumoOutputFile): the files
 *   of every node
 */
GPtrArray *
kumo_outputs_scan_all (const KumoJson *outputs)
{
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify) kumo_output_file_free);

  for (guint i = 0; outputs != NULL && i < kumo_json_object_get_size (outputs); i++)
    {
      g_autoptr(GPtrArray) files = kumo_outputs_scan (kumo_json_object_get_value (outputs, i),
                                                      kumo_json_object_get_key (outputs, i));

      while (files->len > 0)
        g_ptr_array_add (all, g_ptr_array_steal_index (files, 0));
    }

  return all;
}

/* Cuts @text to at most @max bytes without splitting a character. */
static void
truncate_utf8 (GString *text,
               gsize    max)
{
  if (text->len <= max)
    return;

  while (max > 0 && (text->str[max] & 0xC0) == 0x80)
    max--;
  g_string_truncate (text, max);
}

/**
 * kumo_sanitize_filename:
 * @name: a file name from a server
 *
 * Makes a server's file name safe to create in the output folder: no
 * folder separators, no "." or "..", no control characters, no leading
 * dot, valid UTF-8, and at most 200 bytes with the extension kept.
 *
 * Returns: a name that stays inside any folder it is joined to
 */
char *
kumo_sanitize_filename (const char *name)
{
  g_autofree char *valid = g_utf8_make_valid (name ? name : "", -1);
  GString *out = g_string_new (NULL);
  const char *dot;

  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0))
        continue;
      if (c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' ||
          c == '<' || c == '>' || c == '|')
        g_string_append_c (out, '_');
      else
        g_string_append_unichar (out, c);
    }

  g_strstrip (out->str);
  g_string_set_size (out, strlen (out->str));

  /* No hidden files, and never "." or "..". */
  while (out->len > 0 && out->str[0] == '.')
    g_string_erase (out, 0, 1);

  if (out->len == 0)
    g_string_assign (out, "output");

  if (out->len > MAX_NAME_BYTES)
    {
      dot = strrchr (out->str, '.');
      if (dot != NULL && strlen (dot) <= 16)
        {
          g_autofree char *extension = g_strdup (dot);

          g_string_truncate (out, dot - out->str);
          truncate_utf8 (out, MAX_NAME_BYTES - strlen (extension));
          g_string_append (out, extension);
        }
      else
        {
          truncate_utf8 (out, MAX_NAME_BYTES);
        }
    }

  return g_string_free (out, FALSE);
}

/**
 * kumo_sanitize_subfolder:
 *
 * Returns: @subfolder as a relative path of sanitized parts, without
 *   empty parts, "." or ".."; "" when nothing is left
 */
char *
kumo_sanitize_subfolder (const char *subfolder)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *normalized = NULL;

  if (subfolder == NULL)
    return g_strdup ("");

  normalized = g_strdelimit (g_strdup (subfolder), "\\", '/');
  parts = g_strsplit (normalized, "/", -1);

  for (guint i = 0; parts[i] != NULL && kept->len < 8; i++)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (parts[i]));

      if (*trimmed == '\0' || g_str_equal (trimmed, ".") || g_str_equal (trimmed, ".."))
        continue;

      g_ptr_array_add (kept, kumo_sanitize_filename (trimmed));
    }

  g_ptr_array_add (kept, NULL);
  return g_build_pathv ("/", (char **) kept->pdata);
}

/**
 * kumo_output_file_reserve:
 * @folder: the output folder
 * @taken: (nullable): paths already handed out in this run, so that two
 *   outputs with the same name do not overwrite each other
 *
 * Chooses where @file goes: inside @folder, under its sanitized subfolder
 * and name, with " (2)", " (3)" … added when the name is taken on disk or
 * in @taken.
 *
 * Returns: (transfer full): the file to write
 */
GFile *
kumo_output_file_reserve (const KumoOutputFile *file,
                          GFile                *folder,
                          GHashTable           *taken)
{
  g_autofree char *name = NULL;
  g_autofree char *subfolder = NULL;
  g_autofree char *stem = NULL;
  g_autoptr(GFile) dir = NULL;
  const char *extension;
  const char *dot;

  g_return_val_if_fail (file != NULL, NULL);
  g_return_val_if_fail (G_IS_FILE (folder), NULL);

  name = kumo_sanitize_filename (file->filename);
  subfolder = kumo_sanitize_subfolder (file->subfolder);
  dir = *subfolder ? g_file_resolve_relative_path (folder, subfolder) : g_object_ref (folder);

  dot = strrchr (name, '.');
  extension = dot && dot != name ? dot : "";
  stem = g_strndup (name, strlen (name) - strlen (extension));

  for (guint n = 1; ; n++)
    {
      g_autofree char *candidate = n == 1 ? g_strdup (name)
                                          : g_strdup_printf ("%s (%u)%s", stem, n, extension);
      g_autoptr(GFile) target = g_file_get_child (dir, candidate);
      g_autofree char *path = g_file_get_path (target);

      if ((taken != NULL && g_hash_table_contains (taken, path)) || g_file_query_exists (target, NULL))
        continue;

      if (taken != NULL)
        g_hash_table_add (taken, g_steal_pointer (&path));

      return g_steal_pointer (&target);
    }
}
