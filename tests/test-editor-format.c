/* test-editor-format.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "kumo-editor-format.h"
#include "kumo-test-utils.h"

/* Editor-format workflows converted and compared with the prompt ComfyUI's
 * web editor sent for them: the public pairs of ../shared/fixtures/ui2api,
 * read in place, and pairs written here for what they do not cover. */

static KumoJson *
load_json (const char *path)
{
  g_autoptr(GBytes) bytes = kumo_test_load_bytes (path);
  g_autoptr(GError) error = NULL;
  KumoJson *json = kumo_json_parse (bytes, &error);

  g_assert_no_error (error);
  return json;
}

static KumoNodeCatalog *
load_catalog (const char *path)
{
  static GHashTable *cache;
  KumoNodeCatalog *catalog;

  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  catalog = g_hash_table_lookup (cache, path);
  if (catalog == NULL)
    {
      g_autoptr(GBytes) bytes = kumo_test_load_bytes (path);
      g_autoptr(GError) error = NULL;

      catalog = kumo_node_catalog_new_from_bytes (bytes, &error);
      g_assert_no_error (error);
      g_hash_table_insert (cache, g_strdup (path), catalog);
    }

  return catalog;
}

static gboolean
is_integer_text (const char *text)
{
  return strpbrk (text, ".eE") == NULL;
}

/* Numbers by value (8 == 8.0), integers exactly (seeds beyond 2^53). */
static gboolean
values_equal (const KumoJson *a,
              const KumoJson *b)
{
  if (kumo_json_get_type (a) == KUMO_JSON_NUMBER && kumo_json_get_type (b) == KUMO_JSON_NUMBER)
    {
      const char *ta = kumo_json_get_number_text (a);
      const char *tb = kumo_json_get_number_text (b);

      if (is_integer_text (ta) && is_integer_text (tb))
        return g_str_equal (ta, tb);
      return kumo_json_get_double (a) == kumo_json_get_double (b);
    }

  if (kumo_json_get_type (a) != kumo_json_get_type (b))
    return FALSE;

  if (kumo_json_get_type (a) == KUMO_JSON_ARRAY)
    {
      if (kumo_json_array_get_length (a) != kumo_json_array_get_length (b))
        return FALSE;
      for (guint i = 0; i < kumo_json_array_get_length (a); i++)
        if (!values_equal (kumo_json_array_get (a, i), kumo_json_array_get (b, i)))
          return FALSE;
      return TRUE;
    }

  if (kumo_json_get_type (a) == KUMO_JSON_OBJECT)
    {
      if (kumo_json_object_get_size (a) != kumo_json_object_get_size (b))
        return FALSE;
      for (guint i = 0; i < kumo_json_object_get_size (a); i++)
        {
          KumoJson *other = kumo_json_object_get (b, kumo_json_object_get_key (a, i));

          if (other == NULL || !values_equal (kumo_json_object_get_value (a, i), other))
            return FALSE;
        }
      return TRUE;
    }

  return kumo_json_equal (a, b);
}

/* "node/input" paths a pair allows to differ, with why. */
typedef struct
{
  const char *pair;
  const char *only_in_ours;
  const char *only_in_expected;
} Residual;

static const Residual residuals[] = {
  /* The catalog is newer than the capture: an optional input added since. */
  { "t2i_default_fe1.17.11", "10/token", NULL },
  /* Widgets pysssss's JavaScript adds at run time: no catalog knows them. */
  { "custom_seed_jswidgets_fe1.17.11", NULL, "42/text_0" },
  { "custom_seed_jswidgets_fe1.17.11", NULL, "42/text_1" },
  /* The dump is newer than the picture: ImageScaleToTotalPixels gained an input. */
  { "primitive_bypass_multiinput_fe1.30.6", "41/resolution_steps", NULL },
  { "primitive_bypass_multiinput_fe1.30.6", "45/resolution_steps", NULL },
  /* DualCFGGuider gained "style" after this picture was made. */
  { "legacy_groupnode_fe1.17.11", "37:7/style", NULL },
};

static gboolean
allowed (const char *pair,
         const char *node,
         const char *input,
         gboolean    ours)
{
  g_autofree char *path = g_strdup_printf ("%s/%s", node, input);

  /* Frontends before 1.12 sent the upload button's value too. */
  if (!ours && (g_str_equal (input, "upload") || g_str_equal (input, "choose file to upload")))
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (residuals); i++)
    if (g_str_equal (residuals[i].pair, pair) &&
        g_strcmp0 (ours ? residuals[i].only_in_ours : residuals[i].only_in_expected, path) == 0)
      return TRUE;

  return FALSE;
}

static void
assert_same_prompt (const char     *pair,
                    const KumoJson *ours,
                    const KumoJson *expected,
                    gboolean        compare_titles)
{
  g_assert_cmpuint (kumo_json_object_get_size (ours), ==, kumo_json_object_get_size (expected));

  for (guint i = 0; i < kumo_json_object_get_size (expected); i++)
    {
      const char *id = kumo_json_object_get_key (expected, i);
      KumoJson *want = kumo_json_object_get_value (expected, i);
      KumoJson *got = kumo_json_object_get (ours, id);
      KumoJson *want_inputs = kumo_json_object_get (want, "inputs");
      KumoJson *got_inputs;

      if (got == NULL)
        g_error ("%s: node %s is missing from the conversion", pair, id);
      got_inputs = kumo_json_object_get (got, "inputs");

      g_assert_cmpstr (kumo_json_object_get_string_or (got, "class_type", NULL), ==,
                       kumo_json_object_get_string_or (want, "class_type", NULL));

      for (guint j = 0; j < kumo_json_object_get_size (want_inputs); j++)
        {
          const char *name = kumo_json_object_get_key (want_inputs, j);
          KumoJson *value = kumo_json_object_get (got_inputs, name);

          if (value == NULL && allowed (pair, id, name, FALSE))
            continue;
          if (value == NULL || !values_equal (value, kumo_json_object_get_value (want_inputs, j)))
            {
              g_autofree char *got_text = value ? kumo_json_to_string (value) : g_strdup ("(absent)");
              g_autofree char *want_text = kumo_json_to_string (kumo_json_object_get_value (want_inputs, j));

              g_error ("%s: %s/%s is %s, the editor sent %s", pair, id, name, got_text, want_text);
            }
        }

      for (guint j = 0; j < kumo_json_object_get_size (got_inputs); j++)
        {
          const char *name = kumo_json_object_get_key (got_inputs, j);

          if (!kumo_json_object_has (want_inputs, name) && !allowed (pair, id, name, TRUE))
            g_error ("%s: %s/%s is in the conversion, not in what the editor sent", pair, id, name);
        }

      if (compare_titles)
        g_assert_cmpstr (kumo_json_object_get_string_or (kumo_json_object_get (got, "_meta"), "title", NULL), ==,
                         kumo_json_object_get_string_or (kumo_json_object_get (want, "_meta"), "title", NULL));
    }
}

/* pairs.json recommends a catalog in words; the file named there, else
 * the 2025-10 dump ("any of the three"). */
static char *
pair_catalog_path (const char *recommended)
{
  g_autoptr(GRegex) regex = g_regex_new ("object_info_[A-Za-z0-9_.-]+?\\.json", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *name = NULL;
  char *path;

  if (g_regex_match (regex, recommended, 0, &match))
    name = g_match_info_fetch (match, 0);
  else
    name = g_strdup ("object_info_2025-10_orchestrator-v3.json");

  path = kumo_test_fixture_path ("ui2api", name);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_free (path);
      path = kumo_test_fixture_path ("object_info", name);
    }
  return path;
}

static void
test_public_pairs (void)
{
  g_autofree char *pairs_path = kumo_test_fixture_path ("ui2api", "pairs.json");
  g_autoptr(KumoJson) pairs_json = load_json (pairs_path);
  KumoJson *pairs = kumo_json_object_get_typed (pairs_json, "pairs", KUMO_JSON_ARRAY);
  guint n_compared = 0;

  g_assert_cmpuint (kumo_json_array_get_length (pairs), ==, 12);

  for (guint i = 0; i < kumo_json_array_get_length (pairs); i++)
    {
      KumoJson *pair = kumo_json_array_get (pairs, i);
      const char *name = kumo_json_object_get_string_or (pair, "name", NULL);
      g_autofree char *ui_path = kumo_test_fixture_path ("ui2api", kumo_json_object_get_string_or (pair, "ui", NULL));
      g_autofree char *api_path = kumo_test_fixture_path ("ui2api", kumo_json_object_get_string_or (pair, "api", NULL));
      g_autofree char *catalog_path = pair_catalog_path (kumo_json_object_get_string_or (pair, "recommended_object_info", ""));
      g_autoptr(KumoJson) ui = load_json (ui_path);
      g_autoptr(KumoJson) api = load_json (api_path);
      g_autoptr(KumoEditorConversion) conversion = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s with %s", name, catalog_path);
      g_assert_true (kumo_editor_format_detect (ui));
      g_assert_false (kumo_editor_format_detect (api));

      conversion = kumo_editor_format_convert (ui, load_catalog (catalog_path), &error);
      g_assert_no_error (error);
      for (guint j = 0; j < conversion->notes->len; j++)
        g_test_message ("  note: %s", (const char *) g_ptr_array_index (conversion->notes, j));

      assert_same_prompt (name, conversion->prompt, api, FALSE);
      n_compared++;
    }

  /* Every pair, the legacy group node (optional in pairs.json) too. */
  g_assert_cmpuint (n_compared, ==, 12);
}

/* The editor's request bodies carry exact JS numbers and _meta titles:
 * the text of each number and every title must match too. */
static void
test_request_bodies (void)
{
  static const char * const names[] = { "t2i_default_fe1.17.11", "i2v_loadimage_bypass_fe1.17.11" };
  g_autofree char *catalog_path = kumo_test_fixture_path ("ui2api", "object_info_servicestack-ai-server_2025-05.json");

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *ui_name = g_strconcat (names[i], ".ui.json", NULL);
      g_autofree char *request_name = g_strconcat (names[i], ".request.json", NULL);
      g_autofree char *ui_path = kumo_test_fixture_path ("ui2api", ui_name);
      g_autofree char *request_path = kumo_test_fixture_path ("ui2api", request_name);
      g_autoptr(KumoJson) ui = load_json (ui_path);
      g_autoptr(KumoJson) request = load_json (request_path);
      KumoJson *prompt = kumo_json_object_get (request, "prompt");
      g_autoptr(KumoEditorConversion) conversion = NULL;
      g_autoptr(GError) error = NULL;

      conversion = kumo_editor_format_convert (ui, load_catalog (catalog_path), &error);
      g_assert_no_error (error);
      assert_same_prompt (names[i], conversion->prompt, prompt, TRUE);

      for (guint j = 0; j < kumo_json_object_get_size (prompt); j++)
        {
          KumoJson *want = kumo_json_object_get (kumo_json_object_get_value (prompt, j), "inputs");
          KumoJson *got = kumo_json_object_get (kumo_json_object_get (conversion->prompt, kumo_json_object_get_key (prompt, j)), "inputs");

          for (guint k = 0; k < kumo_json_object_get_size (want); k++)
            {
              KumoJson *value = kumo_json_object_get_value (want, k);
              KumoJson *ours = kumo_json_object_get (got, kumo_json_object_get_key (want, k));

              if (kumo_json_get_type (value) == KUMO_JSON_NUMBER)
                g_assert_cmpstr (kumo_json_get_number_text (ours), ==, kumo_json_get_number_text (value));
            }
        }
    }
}

static KumoNodeCatalog *
own_catalog (void)
{
  g_autofree char *path = kumo_test_data_path ("editor/object_info.json");

  return load_catalog (path);
}

static KumoEditorConversion *
convert_own (const char  *name,
             GError     **error)
{
  g_autofree char *file = g_strdup_printf ("editor/%s.ui.json", name);
  g_autofree char *path = kumo_test_data_path (file);
  g_autoptr(KumoJson) ui = load_json (path);

  return kumo_editor_format_convert (ui, own_catalog (), error);
}

static void
check_own_pair (const char *name)
{
  g_autofree char *file = g_strdup_printf ("editor/%s.api.json", name);
  g_autofree char *path = kumo_test_data_path (file);
  g_autoptr(KumoJson) expected = load_json (path);
  g_autoptr(KumoEditorConversion) conversion = NULL;
  g_autoptr(GError) error = NULL;

  conversion = convert_own (name, &error);
  g_assert_no_error (error);
  assert_same_prompt (name, conversion->prompt, expected, TRUE);
}

/* Widget values onto inputs: a seed's control value and the upload button
 * skipped (before or after the optional inputs, by input_order), missing
 * values defaulted, comments out of prompts, old sampler names, forceInput
 * dummies of old files, {name: value} lists, list values wrapped. */
static void
test_widgets (void)
{
  g_autoptr(KumoEditorConversion) conversion = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  check_own_pair ("widgets");

  /* A seed beyond 2^53 is kept digit for digit. */
  conversion = convert_own ("widgets", &error);
  text = kumo_json_to_string (kumo_json_object_get (kumo_json_object_get (conversion->prompt, "3"), "inputs"));
  g_assert_nonnull (strstr (text, "\"seed\": 18446744073709551615,"));
  /* A default from the catalog (Python's 1.0) as the editor writes it. */
  g_assert_nonnull (strstr (text, "\"denoise\": 1,"));
  g_assert_cmpuint (conversion->notes->len, ==, 0);
}

/* Reroutes at the top level, a chain of them, a bypassed node picking the
 * input of the consumer's type over slot order, a muted node taking its
 * consumers' inputs away, a PrimitiveNode setting a combo, notes dropped. */
static void
test_links (void)
{
  check_own_pair ("links");
}

/* Subgraphs flattened to "outer:inner" ids, nested, one used twice (each
 * instance with its own value for the prompt it promotes), a muted
 * instance left out, and links across their ends both ways. */
static void
test_subgraphs (void)
{
  check_own_pair ("subgraph");
}

static KumoEditorConversion *
convert_text (const char  *text,
              GError     **error)
{
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(KumoJson) ui = kumo_json_parse_data (text, -1, &parse_error);

  g_assert_no_error (parse_error);
  return kumo_editor_format_convert (ui, own_catalog (), error);
}

static gboolean
notes_mention (KumoEditorConversion *conversion,
               const char           *words)
{
  for (guint i = 0; i < conversion->notes->len; i++)
    if (strstr (g_ptr_array_index (conversion->notes, i), words) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_missing_classes (void)
{
  g_autoptr(KumoEditorConversion) conversion = NULL;
  g_autoptr(GError) error = NULL;

  conversion = convert_text ("{\"last_node_id\": 3, \"links\": [], \"nodes\": ["
                             "{\"id\": 1, \"type\": \"Loader\", \"widgets_values\": [\"base.safetensors\"]},"
                             "{\"id\": 2, \"type\": \"WAS Image Blend\", \"widgets_values\": [0.5]},"
                             "{\"id\": 3, \"type\": \"ADE_AnimateDiffLoader\"},"
                             "{\"id\": 4, \"type\": \"Unknown Muted\", \"mode\": 2},"
                             "{\"id\": 5, \"type\": \"WAS Image Blend\"}]}", &error);
  g_assert_null (conversion);
  g_assert_error (error, KUMO_EDITOR_FORMAT_ERROR, KUMO_EDITOR_FORMAT_ERROR_MISSING_CLASSES);
  /* Each once, sorted; a muted node needs no class. */
  g_assert_nonnull (strstr (error->message, "ADE_AnimateDiffLoader, WAS Image Blend."));
  g_assert_null (strstr (error->message, "Unknown Muted"));
}

/* What does not carry over is named, never dropped silently. */
static void
test_notes (void)
{
  g_autoptr(KumoEditorConversion) conversion = NULL;
  g_autoptr(GError) error = NULL;

  conversion = convert_text ("{\"last_node_id\": 4, \"nodes\": ["
                             "{\"id\": 1, \"type\": \"EmptyLatent\", \"widgets_values\": [512, 512, 1, 99, \"extra\"]},"
                             "{\"id\": 2, \"type\": \"Decode\", \"inputs\": [{\"name\": \"samples\", \"type\": \"LATENT\", \"link\": 7},"
                             "  {\"name\": \"vae\", \"type\": \"VAE\", \"link\": 8}]},"
                             "{\"id\": 3, \"type\": \"Text\", \"title\": \"Prompt\", \"widgets_values\": [\"a {red|blue} bird\"]},"
                             "{\"id\": 4, \"type\": \"PatchModel\", \"widgets_values\": {\"strength\": 2, \"mystery\": 3}},"
                             "{\"id\": 5, \"type\": \"Save\", \"widgets_values\": [\"%date:yyyy-MM-dd%/Kumo\"]},"
                             "{\"id\": 6, \"type\": \"Save\", \"widgets_values\": [\"Kumo_%width%\"]},"
                             "{\"id\": 7, \"type\": \"Save\", \"widgets_values\": [\"run/%Sampler.seed%\"]}],"
                             "\"links\": [[8, 9, 0, 2, 1, \"VAE\"]]}", &error);
  g_assert_no_error (error);

  g_assert_true (notes_mention (conversion, "Node 1 (EmptyLatent) holds 2 values"));
  g_assert_true (notes_mention (conversion, "link 7"));
  g_assert_true (notes_mention (conversion, "comes from node 9"));
  g_assert_true (notes_mention (conversion, "{choice|choice}"));
  g_assert_true (notes_mention (conversion, "“mystery”"));
  g_assert_true (notes_mention (conversion, "node 5 (Save) uses %date:…%"));
  g_assert_true (notes_mention (conversion, "node 7 (Save) uses"));
  /* %width% is the server's own: nothing to say. */
  g_assert_cmpuint (conversion->notes->len, ==, 7);

  /* The broken connections are left out; the rest is there. */
  g_assert_cmpuint (kumo_json_object_get_size (kumo_json_object_get (kumo_json_object_get (conversion->prompt, "2"), "inputs")), ==, 0);
  g_assert_cmpstr (kumo_json_get_string (kumo_json_object_get (kumo_json_object_get (kumo_json_object_get (conversion->prompt, "3"), "inputs"), "text")),
                   ==, "a {red|blue} bird");
}

static void
test_refusals (void)
{
  static const struct {
    const char *text;
    int         code;
    const char *words;
  } cases[] = {
    /* An API-format workflow is not an editor file. */
    { "{\"3\": {\"class_type\": \"Save\", \"inputs\": {}}}", KUMO_EDITOR_FORMAT_ERROR_INVALID, "no list of nodes" },
    { "{\"nodes\": [{\"id\": 1, \"type\": \"Note\"}, {\"id\": 2, \"type\": \"Save\", \"mode\": 4}], \"links\": []}",
      KUMO_EDITOR_FORMAT_ERROR_INVALID, "no nodes that run" },
    { "{\"nodes\": [{\"id\": 1}], \"links\": []}", KUMO_EDITOR_FORMAT_ERROR_INVALID, "no type" },
    /* Two reroutes feeding each other. */
    { "{\"nodes\": [{\"id\": 1, \"type\": \"Reroute\", \"inputs\": [{\"name\": \"\", \"type\": \"*\", \"link\": 2}]},"
      "{\"id\": 2, \"type\": \"Reroute\", \"inputs\": [{\"name\": \"\", \"type\": \"*\", \"link\": 1}]},"
      "{\"id\": 3, \"type\": \"Decode\", \"inputs\": [{\"name\": \"samples\", \"type\": \"LATENT\", \"link\": 3}]}],"
      "\"links\": [[1, 1, 0, 2, 0, \"*\"], [2, 2, 0, 1, 0, \"*\"], [3, 1, 0, 3, 0, \"LATENT\"]]}",
      KUMO_EDITOR_FORMAT_ERROR_UNSUPPORTED, "loop" },
    /* A group node whose definition is not in the file. */
    { "{\"nodes\": [{\"id\": 7, \"type\": \"workflow>Lost\"}], \"links\": []}",
      KUMO_EDITOR_FORMAT_ERROR_INVALID, "“Lost”" },
    /* A subgraph that contains itself. */
    { "{\"nodes\": [{\"id\": 1, \"type\": \"s\"}], \"links\": [],"
      "\"definitions\": {\"subgraphs\": [{\"id\": \"s\", \"nodes\": [{\"id\": 1, \"type\": \"s\"}], \"links\": []}]}}",
      KUMO_EDITOR_FORMAT_ERROR_UNSUPPORTED, "nested" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KumoEditorConversion) conversion = NULL;
      g_autoptr(GError) error = NULL;

      conversion = convert_text (cases[i].text, &error);
      g_assert_null (conversion);
      g_assert_error (error, KUMO_EDITOR_FORMAT_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].words));
    }
}

/* Found in review: hostile files that crashed, hung or leaked, and old
 * files whose forceInput seed kept its control value too. */
static void
test_hostile (void)
{
  {
    /* A subgraph whose output comes from itself, followed from outside
     * before it is emitted. */
    g_autoptr(KumoEditorConversion) conversion = NULL;
    g_autoptr(GError) error = NULL;

    conversion = convert_text ("{\"nodes\": [{\"id\": 1, \"type\": \"sg\", \"order\": 1, \"outputs\": [{\"type\": \"IMAGE\", \"links\": [9]}]},"
                               "{\"id\": 2, \"type\": \"Save\", \"order\": 0, \"inputs\": [{\"name\": \"images\", \"type\": \"IMAGE\", \"link\": 9}]}],"
                               "\"links\": [[9, 1, 0, 2, 0, \"IMAGE\"]], \"definitions\": {\"subgraphs\": [{\"id\": \"sg\","
                               "\"nodes\": [{\"id\": 1, \"type\": \"sg\"}], \"links\": [{\"id\": 1, \"origin_id\": 1,"
                               "\"origin_slot\": 0, \"target_id\": -20, \"target_slot\": 0}]}]}}", &error);
    g_assert_null (conversion);
    g_assert_error (error, KUMO_EDITOR_FORMAT_ERROR, KUMO_EDITOR_FORMAT_ERROR_UNSUPPORTED);
  }
  {
    /* A subgraph input slot far past any input (once a 2^63 loop). */
    g_autoptr(KumoEditorConversion) conversion = NULL;
    g_autoptr(GError) error = NULL;

    conversion = convert_text ("{\"nodes\": [{\"id\": 1, \"type\": \"sg\", \"inputs\": [{\"name\": \"text\", \"type\": \"STRING\","
                               "\"widget\": {\"name\": \"text\"}, \"link\": null}], \"widgets_values\": [\"x\"]}], \"links\": [],"
                               "\"definitions\": {\"subgraphs\": [{\"id\": \"sg\", \"nodes\": [{\"id\": 5, \"type\": \"Text\","
                               "\"widgets_values\": [\"inner\"], \"inputs\": [{\"name\": \"text\", \"type\": \"STRING\","
                               "\"widget\": {\"name\": \"text\"}, \"link\": 7}]}], \"links\": [{\"id\": 7, \"origin_id\": -10,"
                               "\"origin_slot\": 9223372032559808512, \"target_id\": 5, \"target_slot\": 0}]}]}}", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (kumo_json_get_string (kumo_json_object_get (kumo_json_object_get (kumo_json_object_get (conversion->prompt, "1:5"),
                                                                                      "inputs"), "text")), ==, "inner");
  }
  {
    /* A group node whose inner node lists a number as an input. */
    g_autoptr(KumoEditorConversion) conversion = NULL;
    g_autoptr(GError) error = NULL;

    conversion = convert_text ("{\"nodes\": [{\"id\": 3, \"type\": \"workflow>G\"}], \"links\": [],"
                               "\"extra\": {\"groupNodes\": {\"G\": {\"nodes\": [{\"index\": 0, \"type\": \"EmptyLatent\","
                               "\"inputs\": [1]}], \"links\": []}}}}", &error);
    g_assert_no_error (error);
    g_assert_nonnull (kumo_json_object_get (conversion->prompt, "3:0"));
  }
  {
    /* Before frontend 1.16 a forceInput seed kept its value and control. */
    g_autoptr(KumoEditorConversion) conversion = NULL;
    g_autoptr(GError) error = NULL;
    gint64 steps = 0;

    conversion = convert_text ("{\"nodes\": [{\"id\": 4, \"type\": \"Seeded\", \"widgets_values\": [7, \"randomize\", 12]}], \"links\": []}",
                               &error);
    g_assert_no_error (error);
    g_assert_true (kumo_json_get_int64 (kumo_json_object_get (kumo_json_object_get (kumo_json_object_get (conversion->prompt, "4"),
                                                                                     "inputs"), "steps"), &steps));
    g_assert_cmpint (steps, ==, 12);
  }
}

int
main (int   argc,
      char *argv[])
{
  kumo_test_init (&argc, &argv);

  g_test_add_func ("/editor-format/public-pairs", test_public_pairs);
  g_test_add_func ("/editor-format/request-bodies", test_request_bodies);
  g_test_add_func ("/editor-format/widgets", test_widgets);
  g_test_add_func ("/editor-format/links", test_links);
  g_test_add_func ("/editor-format/subgraphs", test_subgraphs);
  g_test_add_func ("/editor-format/missing-classes", test_missing_classes);
  g_test_add_func ("/editor-format/notes", test_notes);
  g_test_add_func ("/editor-format/refusals", test_refusals);
  g_test_add_func ("/editor-format/hostile", test_hostile);

  return g_test_run ();
}
