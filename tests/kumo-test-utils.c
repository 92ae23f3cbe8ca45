/* kumo-test-utils.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "kumo-test-utils.h"

void
kumo_test_init (int    *argc,
                char ***argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
}

/* The third-party fixtures are read where they are (../shared/fixtures);
 * meson passes their folder in KUMO_FIXTURES_DIR. */
const char *
kumo_test_fixtures_dir (void)
{
  const char *dir = g_getenv ("KUMO_FIXTURES_DIR");

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    g_error ("The shared fixtures were not found (KUMO_FIXTURES_DIR=%s); "
             "configure with -Dfixtures_dir=PATH", dir ? dir : "unset");

  return dir;
}

char *
kumo_test_fixture_path (const char *subdir,
                        const char *name)
{
  return g_build_filename (kumo_test_fixtures_dir (), subdir, name, NULL);
}

/* Kumo's own small fixtures, in tests/fixtures. */
char *
kumo_test_data_path (const char *name)
{
  const char *dir = g_getenv ("KUMO_TEST_DATA_DIR");

  g_assert_nonnull (dir);
  return g_build_filename (dir, name, NULL);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
kumo_test_list_fixtures (const char *subdir,
                         ...)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  va_list args;

  va_start (args, subdir);
  for (const char *s = subdir; s != NULL; s = va_arg (args, const char *))
    {
      g_autofree char *dir_path = g_build_filename (kumo_test_fixtures_dir (), s, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &error);
      const char *name;

      g_assert_no_error (error);
      while ((name = g_dir_read_name (dir)))
        if (g_str_has_suffix (name, ".json"))
          g_ptr_array_add (files, g_build_filename (dir_path, name, NULL));
    }
  va_end (args);

  g_ptr_array_sort (files, compare_strings);
  return files;
}

GBytes *
kumo_test_load_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

/* A generated workflow as big as the largest real ones (about 1,400
 * nodes): chains of loader → sampler → decoder → saver that reuse the
 * classes of the SD1.5 default graph, so a catalog types every field. */
char *
kumo_test_make_big_workflow (guint n_nodes)
{
  GString *s = g_string_new ("{\n");

  for (guint i = 0; i < n_nodes; i++)
    {
      guint base = i - i % 7;
      const char *sep = i + 1 < n_nodes ? "," : "";

      switch (i % 7)
        {
        case 0:
          g_string_append_printf (s, "  \"%u\": {\"class_type\": \"CheckpointLoaderSimple\", \"inputs\": {\"ckpt_name\": \"v1-5-pruned-emaonly.safetensors\"}, \"_meta\": {\"title\": \"Load Checkpoint %u\"}}%s\n", i, i / 7, sep);
          break;
        case 1:
          g_string_append_printf (s, "  \"%u\": {\"class_type\": \"CLIPTextEncode\", \"inputs\": {\"text\": \"a watercolour painting of a lighthouse, number %u\", \"clip\": [\"%u\", 1]}, \"_meta\": {\"title\": \"Positive %u\"}}%s\n", i, i, base, i / 7, sep);
          break;
        case 2:
          g_string_append_printf (s, "  \"%u\": {\"class_type\": \"CLIPTextEncode\", \"inputs\": {\"text\": \"blurry, low quality\", \"clip\": [\"%u\", 1]}, \"_meta\": {\"title\": \"Negative %u\"}}%s\n", i, base, i / 7, sep);
          break;
        case 3:
          g_string_append_printf (s, "  \"%u\": {\"class_type\": \"EmptyLatentImage\", \"inputs\": {\"width\": 512, \"height\": 512, \"batch_size\": 1}}%s\n", i, sep);
          break;
        case 4:
          g_string_append_printf (s, "  \"%u\": {\"class_type\": \"KSampler\", \"inputs\": {\"seed\": %u, \"steps\": 20, \"cfg\": 8, \"sampler_name\": \"euler\", \"scheduler\": \"normal\", \"denoise\": 1, \"model\": [\"%u\", 0], \"positive\": [\"%u\", 0], \"negative\": [\"%u\", 0], \"latent_image\": [\"%u\", 0]}}%s\n",
                                  i, i * 7919, base, base + 1, base + 2, base + 3, sep);
          break;
        case 5:
          g_string_append_printf (s, "  \"%u\": {\"class_type\": \"VAEDecode\", \"inputs\": {\"samples\": [\"%u\", 0], \"vae\": [\"%u\", 2]}}%s\n", i, base + 4, base, sep);
          break;
        default:
          g_string_append_printf (s, "  \"%u\": {\"class_type\": \"SaveImage\", \"inputs\": {\"filename_prefix\": \"Kumo\", \"images\": [\"%u\", 0]}}%s\n", i, base + 5, sep);
          break;
        }
    }

  g_string_append (s, "}\n");
  return g_string_free (s, FALSE);
}

/* An async call's callback that keeps its result in *@user_data (a
 * GAsyncResult pointer, %NULL before). */
void
kumo_test_store_result_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  GAsyncResult **stored = user_data;

  *stored = g_object_ref (result);
}

/* Runs the main loop until kumo_test_store_result_cb() stored a result. */
GAsyncResult *
kumo_test_wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}
