/* kumo-seed.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-seed"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kumo-seed.h"

static const struct {
  KumoSeedMode  mode;
  const char   *name;
  const char   *label;
} modes[] = {
  { KUMO_SEED_FIXED, "fixed", N_("Fixed") },
  { KUMO_SEED_INCREMENT, "increment", N_("Increment") },
  { KUMO_SEED_DECREMENT, "decrement", N_("Decrement") },
  { KUMO_SEED_RANDOMIZE, "randomize", N_("Randomize") },
};

const char *
kumo_seed_mode_to_string (KumoSeedMode mode)
{
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    if (modes[i].mode == mode)
      return modes[i].name;
  return "fixed";
}

gboolean
kumo_seed_mode_from_string (const char   *text,
                            KumoSeedMode *mode)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      if (g_ascii_strcasecmp (modes[i].name, text) == 0)
        {
          if (mode)
            *mode = modes[i].mode;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
kumo_seed_mode_get_label (KumoSeedMode mode)
{
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    if (modes[i].mode == mode)
      return _(modes[i].label);
  return _(modes[0].label);
}

/* What the server suggests, else "randomize", which is what people who
 * come from the web UI expect: a new image on each run. */
KumoSeedMode
kumo_seed_mode_default (const KumoInputSpec *spec)
{
  KumoSeedMode mode;

  if (spec != NULL && spec->control_default != NULL &&
      kumo_seed_mode_from_string (spec->control_default, &mode))
    return mode;

  return KUMO_SEED_RANDOMIZE;
}

static void
range_of (const KumoInputSpec *spec,
          KumoNumber          *min,
          KumoNumber          *max)
{
  if (spec != NULL && spec->has_min && spec->min.is_integer)
    *min = spec->min;
  else
    kumo_number_from_int64 (min, 0);

  if (spec != NULL && spec->has_max && spec->max.is_integer)
    *max = spec->max;
  else
    kumo_number_from_uint64 (max, FALSE, G_MAXUINT64);
}

/**
 * kumo_seed_next:
 * @current: the seed now
 * @spec: (nullable): the input's definition, for its range
 * @rand: the random source for %KUMO_SEED_RANDOMIZE
 * @next: (out): the seed to use for the next run
 *
 * Increment and decrement wrap around the range. Randomize draws from the
 * range, capped at ±2^50.
 *
 * Returns: %TRUE if @next differs from @current
 */
gboolean
kumo_seed_next (KumoSeedMode         mode,
                const KumoNumber    *current,
                const KumoInputSpec *spec,
                GRand               *rand,
                KumoNumber          *next)
{
  KumoNumber min, max;

  g_return_val_if_fail (current != NULL, FALSE);
  g_return_val_if_fail (next != NULL, FALSE);

  range_of (spec, &min, &max);
  *next = *current;

  switch (mode)
    {
    case KUMO_SEED_INCREMENT:
      if (!kumo_number_add (current, 1, next) || kumo_number_compare (next, &max) > 0)
        *next = min;
      break;

    case KUMO_SEED_DECREMENT:
      if (!kumo_number_add (current, -1, next) || kumo_number_compare (next, &min) < 0)
        *next = max;
      break;

    case KUMO_SEED_RANDOMIZE:
      {
        KumoNumber lo = min, hi = max, limit, neg_limit;
        gint64 lo64, hi64;
        guint64 span, draw;

        g_return_val_if_fail (rand != NULL, FALSE);

        kumo_number_from_uint64 (&limit, FALSE, KUMO_SEED_RANDOM_LIMIT);
        kumo_number_from_uint64 (&neg_limit, TRUE, KUMO_SEED_RANDOM_LIMIT);
        if (kumo_number_compare (&hi, &limit) > 0)
          hi = limit;
        if (kumo_number_compare (&lo, &neg_limit) < 0)
          lo = neg_limit;
        if (kumo_number_compare (&lo, &hi) > 0)
          lo = hi;

        kumo_number_get_int64 (&lo, &lo64);
        kumo_number_get_int64 (&hi, &hi64);
        span = (guint64) (hi64 - lo64);

        /* Two 32-bit draws make the 51 bits a seed range can need. */
        draw = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
        kumo_number_from_int64 (next, lo64 + (gint64) (span == G_MAXUINT64 ? draw : draw % (span + 1)));
      }
      break;

    case KUMO_SEED_FIXED:
    default:
      break;
    }

  return kumo_number_compare (current, next) != 0 || current->is_integer != next->is_integer;
}

gboolean
kumo_field_has_seed_control (KumoField *field)
{
  const KumoInputSpec *spec;

  g_return_val_if_fail (KUMO_IS_FIELD (field), FALSE);

  spec = kumo_field_get_spec (field);
  if (kumo_field_get_kind (field) != KUMO_FIELD_INTEGER)
    return FALSE;

  /* Without node definitions, go by name, as the web UI does. */
  if (spec == NULL)
    return g_str_equal (kumo_field_get_name (field), "seed") ||
           g_str_equal (kumo_field_get_name (field), "noise_seed");

  return spec->control_after_generate;
}

static GQuark
seed_mode_quark (KumoField *field)
{
  g_autofree char *key = g_strdup_printf ("kumo-seed-mode:%s", kumo_field_get_name (field));

  return g_quark_from_string (key);
}

/* The mode lives on the node, not the field: fields come and go with the
 * editor's cards, the choice must stay for the session. */
KumoSeedMode
kumo_field_get_seed_mode (KumoField *field)
{
  gpointer stored;

  g_return_val_if_fail (KUMO_IS_FIELD (field), KUMO_SEED_FIXED);

  stored = g_object_get_qdata (G_OBJECT (kumo_field_get_node (field)), seed_mode_quark (field));
  if (stored != NULL)
    return GPOINTER_TO_INT (stored) - 1;

  return kumo_seed_mode_default (kumo_field_get_spec (field));
}

void
kumo_field_set_seed_mode (KumoField    *field,
                          KumoSeedMode  mode)
{
  g_return_if_fail (KUMO_IS_FIELD (field));

  g_object_set_qdata (G_OBJECT (kumo_field_get_node (field)), seed_mode_quark (field),
                      GINT_TO_POINTER (mode + 1));
}

/**
 * kumo_field_apply_seed_mode:
 *
 * Moves the seed of @field on by @mode and writes it into the workflow.
 *
 * Returns: %TRUE if the value changed
 */
gboolean
kumo_field_apply_seed_mode (KumoField    *field,
                            KumoSeedMode  mode,
                            GRand        *rand)
{
  KumoNumber current, next;
  KumoJson *value;

  g_return_val_if_fail (KUMO_IS_FIELD (field), FALSE);

  value = kumo_field_get_value (field);
  if (value == NULL || !kumo_json_get_number (value, &current) || !current.is_integer)
    kumo_number_from_int64 (&current, 0);

  if (!kumo_seed_next (mode, &current, kumo_field_get_spec (field), rand, &next))
    return FALSE;

  kumo_field_set_value (field, kumo_json_new_number (&next));
  return TRUE;
}

/**
 * kumo_workflow_apply_seeds:
 * @catalog: (nullable): the node definitions; without them, inputs named
 *   "seed" and "noise_seed" are the seeds
 * @mode_override: (nullable): use this mode for every seed instead of each
 *   field's own
 *
 * Applies the seed controls of every seed in @workflow, as done before
 * each run.
 *
 * Returns: how many seeds changed
 */
guint
kumo_workflow_apply_seeds (KumoWorkflow       *workflow,
                           KumoNodeCatalog    *catalog,
                           const KumoSeedMode *mode_override,
                           GRand              *rand)
{
  guint n_changed = 0;
  guint n;

  g_return_val_if_fail (KUMO_IS_WORKFLOW (workflow), 0);
  g_return_val_if_fail (!catalog || KUMO_IS_NODE_CATALOG (catalog), 0);

  n = g_list_model_get_n_items (G_LIST_MODEL (workflow));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KumoNode) node = g_list_model_get_item (G_LIST_MODEL (workflow), i);
      g_autoptr(GPtrArray) fields = kumo_field_list_for_node (workflow, node, catalog);

      for (guint j = 0; j < fields->len; j++)
        {
          KumoField *field = g_ptr_array_index (fields, j);
          KumoSeedMode mode;

          if (!kumo_field_has_seed_control (field) || kumo_field_get_value (field) == NULL)
            continue;

          mode = mode_override ? *mode_override : kumo_field_get_seed_mode (field);
          if (kumo_field_apply_seed_mode (field, mode, rand))
            n_changed++;
        }
    }

  return n_changed;
}
