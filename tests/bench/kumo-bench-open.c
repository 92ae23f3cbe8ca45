/* kumo-bench-open.c — `build-aux/dev bench`: opening what artists have
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "kumo-bench-utils.h"
#include "kumo-editor-format.h"
#include "kumo-picture-metadata.h"
#include "kumo-test-utils.h"
#include "kumo-workflow.h"

/*
 * Two medians, each beside a floor:
 *
 * - converting a generated 1,400-node editor-format graph (a reroute in
 *   every group of eight) with a real catalog, beside loading the API
 *   workflow of the same size, which is what the conversion produces;
 * - reading the workflow of a 20-megapixel PNG (its pixels stored
 *   uncompressed, 60 MB, so skipping them is what is measured), beside
 *   what a client without a chunk reader does: decode the picture with
 *   gdk-pixbuf and ask it for the "prompt" text.
 */

#define GROUPS 175   /* × 8 nodes = 1,400 */

static void
add_node (GString    *s,
          guint       id,
          const char *type,
          const char *inputs,
          const char *outputs,
          const char *widgets)
{
  g_string_append_printf (s, "%s{\"id\": %u, \"type\": \"%s\", \"mode\": 0, \"order\": %u, "
                          "\"inputs\": [%s], \"outputs\": [%s], \"widgets_values\": [%s]}",
                          id == 1 ? "" : ",\n", id, type, id, inputs, outputs, widgets);
}

static char *
make_editor_graph (void)
{
  GString *s = g_string_new ("{\"last_node_id\": 1400, \"version\": 0.4, \"nodes\": [\n");
  GString *links = g_string_new (NULL);
  guint link = 0;

  for (guint g = 0; g < GROUPS; g++)
    {
      guint n = g * 8;   /* ids n+1 … n+8 */
      guint l = link;    /* links l+1 … l+10 */
      g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL, *f = NULL, *h = NULL, *k = NULL;

      /* loader MODEL→reroute (l+1), reroute→sampler (l+2), CLIP→pos (l+3),
       * CLIP→neg (l+4), VAE→decode (l+5), pos→sampler (l+6), neg→sampler
       * (l+7), latent→sampler (l+8), sampler→decode (l+9), decode→save (l+10) */
      a = g_strdup_printf ("{\"name\": \"MODEL\", \"type\": \"MODEL\", \"links\": [%u]}, {\"name\": \"CLIP\", \"type\": \"CLIP\", \"links\": [%u, %u]}, {\"name\": \"VAE\", \"type\": \"VAE\", \"links\": [%u]}", l + 1, l + 3, l + 4, l + 5);
      add_node (s, n + 1, "CheckpointLoaderSimple", "", a, "\"v1-5-pruned-emaonly.safetensors\"");
      b = g_strdup_printf ("{\"name\": \"\", \"type\": \"*\", \"link\": %u}", l + 1);
      add_node (s, n + 2, "Reroute", b, "{\"name\": \"\", \"type\": \"MODEL\", \"links\": [0]}", "");
      c = g_strdup_printf ("{\"name\": \"clip\", \"type\": \"CLIP\", \"link\": %u}", l + 3);
      h = g_strdup_printf ("\"a watercolour painting of a lighthouse, number %u\"", n);
      add_node (s, n + 3, "CLIPTextEncode", c, "{\"name\": \"CONDITIONING\", \"type\": \"CONDITIONING\", \"links\": [0]}", h);
      d = g_strdup_printf ("{\"name\": \"clip\", \"type\": \"CLIP\", \"link\": %u}", l + 4);
      add_node (s, n + 4, "CLIPTextEncode", d, "{\"name\": \"CONDITIONING\", \"type\": \"CONDITIONING\", \"links\": [0]}", "\"blurry, low quality\"");
      add_node (s, n + 5, "EmptyLatentImage", "", "{\"name\": \"LATENT\", \"type\": \"LATENT\", \"links\": [0]}", "512, 512, 1");
      e = g_strdup_printf ("{\"name\": \"model\", \"type\": \"MODEL\", \"link\": %u}, {\"name\": \"positive\", \"type\": \"CONDITIONING\", \"link\": %u}, "
                           "{\"name\": \"negative\", \"type\": \"CONDITIONING\", \"link\": %u}, {\"name\": \"latent_image\", \"type\": \"LATENT\", \"link\": %u}",
                           l + 2, l + 6, l + 7, l + 8);
      k = g_strdup_printf ("%u, \"randomize\", 20, 8, \"euler\", \"normal\", 1", n * 7919);
      add_node (s, n + 6, "KSampler", e, "{\"name\": \"LATENT\", \"type\": \"LATENT\", \"links\": [0]}", k);
      f = g_strdup_printf ("{\"name\": \"samples\", \"type\": \"LATENT\", \"link\": %u}, {\"name\": \"vae\", \"type\": \"VAE\", \"link\": %u}", l + 9, l + 5);
      add_node (s, n + 7, "VAEDecode", f, "{\"name\": \"IMAGE\", \"type\": \"IMAGE\", \"links\": [0]}", "");
      g_free (a);
      a = g_strdup_printf ("{\"name\": \"images\", \"type\": \"IMAGE\", \"link\": %u}", l + 10);
      add_node (s, n + 8, "SaveImage", a, "", "\"Kumo\"");

      g_string_append_printf (links, "%s[%u, %u, 0, %u, 0, \"MODEL\"], [%u, %u, 0, %u, 0, \"MODEL\"], [%u, %u, 1, %u, 0, \"CLIP\"], "
                              "[%u, %u, 1, %u, 0, \"CLIP\"], [%u, %u, 2, %u, 1, \"VAE\"], [%u, %u, 0, %u, 1, \"CONDITIONING\"], "
                              "[%u, %u, 0, %u, 2, \"CONDITIONING\"], [%u, %u, 0, %u, 3, \"LATENT\"], [%u, %u, 0, %u, 0, \"LATENT\"], "
                              "[%u, %u, 0, %u, 0, \"IMAGE\"]",
                              g == 0 ? "" : ",\n",
                              l + 1, n + 1, n + 2, l + 2, n + 2, n + 6, l + 3, n + 1, n + 3,
                              l + 4, n + 1, n + 4, l + 5, n + 1, n + 7, l + 6, n + 3, n + 6,
                              l + 7, n + 4, n + 6, l + 8, n + 5, n + 6, l + 9, n + 6, n + 7,
                              l + 10, n + 7, n + 8);
      link += 10;
    }

  g_string_append_printf (s, "\n], \"links\": [\n%s\n]}\n", links->str);
  g_string_free (links, TRUE);
  return g_string_free (s, FALSE);
}

static void
bench_conversion (guint runs)
{
  g_autofree char *catalog_path = kumo_test_fixture_path ("object_info", "object_info_2026-05_yuzuki-phone.json");
  g_autoptr(GBytes) catalog_bytes = kumo_test_load_bytes (catalog_path);
  g_autoptr(KumoNodeCatalog) catalog = kumo_node_catalog_new_from_bytes (catalog_bytes, NULL);
  g_autofree char *text = make_editor_graph ();
  g_autoptr(KumoJson) root = kumo_json_parse_data (text, -1, NULL);
  g_autofree char *api_text = kumo_test_make_big_workflow (1400);
  g_autoptr(GBytes) api = g_bytes_new_static (api_text, strlen (api_text));
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "kumo-bench-editor.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GArray) convert = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) open = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) floor = g_array_new (FALSE, FALSE, sizeof (double));
  guint n_nodes = 0;
  double c, o, f;

  g_assert_nonnull (catalog);
  g_assert_nonnull (root);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));

  for (guint r = 0; r < runs; r++)
    {
      double t0 = kumo_bench_now_ms (), t;
      g_autoptr(KumoEditorConversion) conversion = kumo_editor_format_convert (root, catalog, NULL);
      g_autoptr(KumoWorkflow) opened = NULL;
      g_autoptr(KumoWorkflow) loaded = NULL;

      t = kumo_bench_now_ms () - t0;
      g_assert_nonnull (conversion);
      n_nodes = kumo_json_object_get_size (conversion->prompt);
      g_array_append_val (convert, t);

      t0 = kumo_bench_now_ms ();
      opened = kumo_workflow_new_from_file_full (file, catalog, NULL, NULL);
      t = kumo_bench_now_ms () - t0;
      g_assert_nonnull (opened);
      g_array_append_val (open, t);

      t0 = kumo_bench_now_ms ();
      loaded = kumo_workflow_new_from_bytes (api, NULL, NULL);
      t = kumo_bench_now_ms () - t0;
      g_assert_nonnull (loaded);
      g_array_append_val (floor, t);
    }

  c = kumo_bench_median (convert);
  o = kumo_bench_median (open);
  f = kumo_bench_median (floor);
  g_print ("\nEditor-format conversion, 1,400 nodes in the file, %u sent (median of %u)\n", n_nodes, runs);
  g_print ("  convert (parsed graph → API tree)        %8.2f ms   %.2f× the API load\n", c, c / f);
  g_print ("  open the file (read, parse, convert)     %8.2f ms   %.2f× the API load\n", o, o / f);
  g_print ("  floor: load the 1,400-node API workflow  %8.2f ms\n", f);

  g_unlink (path);
}

/* A PNG as cameras and ComfyUI write them: IHDR, the text chunks, then
 * the pixels. CRCs are real, so gdk-pixbuf decodes it. */
static void
add_chunk (GByteArray   *png,
           const char   *type,
           const guint8 *data,
           guint32       length)
{
  guint8 head[8] = { length >> 24, length >> 16, length >> 8, length, type[0], type[1], type[2], type[3] };
  guint32 crc = 0xffffffff;
  guint8 tail[4];

  for (guint i = 4; i < 8 + length; i++)
    {
      crc ^= i < 8 ? head[i] : data[i - 8];
      for (guint bit = 0; bit < 8; bit++)
        crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
    }
  crc ^= 0xffffffff;
  tail[0] = crc >> 24; tail[1] = crc >> 16; tail[2] = crc >> 8; tail[3] = crc;

  g_byte_array_append (png, head, 8);
  g_byte_array_append (png, data, length);
  g_byte_array_append (png, tail, 4);
}

static char *
make_big_png (guint width,
              guint height,
              const char *prompt)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  guint8 ihdr[13] = { width >> 24, width >> 16, width >> 8, width, height >> 24, height >> 16, height >> 8, height,
                      8, 2, 0, 0, 0 };
  g_autoptr(GByteArray) png = g_byte_array_new ();
  g_autoptr(GByteArray) text = g_byte_array_new ();
  g_autoptr(GConverter) compressor = G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 0));
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) zlib = g_converter_output_stream_new (memory, compressor);
  g_autofree guint8 *row = g_malloc0 (1 + width * 3);
  g_autoptr(GBytes) idat = NULL;
  char *path = g_build_filename (g_get_tmp_dir (), "kumo-bench-20mp.png", NULL);

  /* Rows of a gradient, filter byte 0. */
  for (guint y = 0; y < height; y++)
    {
      for (guint x = 0; x < width * 3; x++)
        row[1 + x] = (x + y) & 0xff;
      g_assert_true (g_output_stream_write_all (zlib, row, 1 + width * 3, NULL, NULL, NULL));
    }
  g_assert_true (g_output_stream_close (zlib, NULL, NULL));
  idat = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));

  g_byte_array_append (png, signature, 8);
  add_chunk (png, "IHDR", ihdr, sizeof ihdr);
  g_byte_array_append (text, (const guint8 *) "prompt", 7);
  g_byte_array_append (text, (const guint8 *) prompt, strlen (prompt));
  add_chunk (png, "tEXt", text->data, text->len);
  add_chunk (png, "IDAT", g_bytes_get_data (idat, NULL), g_bytes_get_size (idat));
  add_chunk (png, "IEND", NULL, 0);

  g_assert_true (g_file_set_contents (path, (const char *) png->data, png->len, NULL));
  return path;
}

static void
bench_picture (guint runs)
{
  g_autofree char *prompt = kumo_test_make_big_workflow (7);
  g_autofree char *path = make_big_png (5472, 3648, prompt);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GArray) read = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) open = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) decode = g_array_new (FALSE, FALSE, sizeof (double));
  GStatBuf st;
  double r, o, d;

  g_assert_cmpint (g_stat (path, &st), ==, 0);

  for (guint i = 0; i < runs; i++)
    {
      double t0 = kumo_bench_now_ms (), t;
      g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
      g_autoptr(KumoPictureMetadata) metadata = kumo_picture_metadata_read_stream (G_INPUT_STREAM (stream), NULL, NULL);
      g_autoptr(KumoWorkflow) workflow = NULL;
      g_autoptr(GdkPixbuf) pixbuf = NULL;

      t = kumo_bench_now_ms () - t0;
      g_assert_nonnull (metadata);
      g_assert_cmpstr (metadata->prompt, ==, prompt);
      g_array_append_val (read, t);

      t0 = kumo_bench_now_ms ();
      workflow = kumo_workflow_new_from_file (file, NULL, NULL);
      t = kumo_bench_now_ms () - t0;
      g_assert_nonnull (workflow);
      g_array_append_val (open, t);

      /* The floor runs three times at most: it takes seconds. */
      if (i < 3)
        {
          t0 = kumo_bench_now_ms ();
          pixbuf = gdk_pixbuf_new_from_file (path, NULL);
          g_assert_nonnull (pixbuf);
          g_assert_nonnull (gdk_pixbuf_get_option (pixbuf, "tEXt::prompt"));
          t = kumo_bench_now_ms () - t0;
          g_array_append_val (decode, t);
        }
    }

  r = kumo_bench_median (read);
  o = kumo_bench_median (open);
  d = kumo_bench_median (decode);
  g_print ("\nA 20-megapixel PNG's workflow (5472×3648, %.0f MB; median of %u)\n", st.st_size / 1e6, runs);
  g_print ("  read the metadata                        %8.2f ms   %.4f× the decode\n", r, r / d);
  g_print ("  open it as a workflow                    %8.2f ms   %.4f× the decode\n", o, o / d);
  g_print ("  floor: decode with gdk-pixbuf            %8.2f ms\n", d);

  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  int runs = 15;
  const GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs per measurement (default 15)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— opening editor files and pictures");
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  setlocale (LC_ALL, "C.UTF-8");
  bench_conversion (runs);
  bench_picture (runs);
  return 0;
}
