/* kumo-seed.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kumo-field.h"
#include "kumo-node-catalog.h"
#include "kumo-workflow.h"

G_BEGIN_DECLS

/* What happens to a seed (an input with control_after_generate) before
 * each run. Kumo applies the mode *before* submitting, so the value shown
 * and saved is always the one that was used. */
typedef enum
{
  KUMO_SEED_FIXED,
  KUMO_SEED_INCREMENT,
  KUMO_SEED_DECREMENT,
  KUMO_SEED_RANDOMIZE,
} KumoSeedMode;

/* The web UI draws random seeds below 2^50; so does Kumo, which keeps seeds
 * exact for every JavaScript client too. */
#define KUMO_SEED_RANDOM_LIMIT G_GUINT64_CONSTANT (1125899906842624)

const char   *kumo_seed_mode_to_string    (KumoSeedMode          mode);
gboolean      kumo_seed_mode_from_string  (const char           *text,
                                           KumoSeedMode         *mode);
const char   *kumo_seed_mode_get_label    (KumoSeedMode          mode);
KumoSeedMode  kumo_seed_mode_default      (const KumoInputSpec  *spec);

gboolean      kumo_seed_next              (KumoSeedMode          mode,
                                           const KumoNumber     *current,
                                           const KumoInputSpec  *spec,
                                           GRand                *rand,
                                           KumoNumber           *next);
gboolean      kumo_field_has_seed_control (KumoField            *field);
KumoSeedMode  kumo_field_get_seed_mode    (KumoField            *field);
void          kumo_field_set_seed_mode    (KumoField            *field,
                                           KumoSeedMode          mode);
gboolean      kumo_field_apply_seed_mode  (KumoField            *field,
                                           KumoSeedMode          mode,
                                           GRand                *rand);
guint         kumo_workflow_apply_seeds   (KumoWorkflow         *workflow,
                                           KumoNodeCatalog      *catalog,
                                           const KumoSeedMode   *mode_override,
                                           GRand                *rand);

G_END_DECLS
