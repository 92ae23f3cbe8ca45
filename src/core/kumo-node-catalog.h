/* kumo-node-catalog.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "kumo-json.h"
#include "kumo-number.h"

G_BEGIN_DECLS

#define KUMO_NODE_CATALOG_ERROR (kumo_node_catalog_error_quark ())

typedef enum
{
  KUMO_NODE_CATALOG_ERROR_INVALID,
} KumoNodeCatalogError;

/* What an input is, from the first element of its object_info spec. */
typedef enum
{
  KUMO_INPUT_TYPE_INT,
  KUMO_INPUT_TYPE_FLOAT,
  KUMO_INPUT_TYPE_STRING,
  KUMO_INPUT_TYPE_BOOLEAN,
  KUMO_INPUT_TYPE_COMBO,
  KUMO_INPUT_TYPE_DYNAMIC_COMBO,
  KUMO_INPUT_TYPE_AUTOGROW,
  /* Anything else is a socket type: MODEL, IMAGE, LATENT, "*", … */
  KUMO_INPUT_TYPE_SOCKET,
} KumoInputType;

typedef enum
{
  KUMO_INPUT_REQUIRED,
  KUMO_INPUT_OPTIONAL,
  KUMO_INPUT_HIDDEN,
} KumoInputSection;

typedef enum
{
  KUMO_UPLOAD_NONE,
  KUMO_UPLOAD_IMAGE,
  KUMO_UPLOAD_VIDEO,
  KUMO_UPLOAD_AUDIO,
  KUMO_UPLOAD_FILE,
} KumoUploadKind;

typedef struct _KumoInputSpec KumoInputSpec;

/* One choice of a V3 dynamic combo and the inputs it reveals. */
typedef struct
{
  char      *key;
  GPtrArray *inputs;
} KumoDynamicOption;

struct _KumoInputSpec
{
  char             *name;
  char             *type_name;
  KumoInputType     type;
  KumoInputSection  section;

  char             *display_name;
  char             *tooltip;
  KumoJson         *default_value;

  /* INT and FLOAT */
  KumoNumber        min;
  KumoNumber        max;
  double            step;
  double            round;
  char             *display;
  guint             has_min : 1;
  guint             has_max : 1;
  guint             has_step : 1;
  guint             has_round : 1;

  /* STRING */
  guint             multiline : 1;
  guint             dynamic_prompts : 1;
  char             *placeholder;

  /* BOOLEAN */
  char             *label_on;
  char             *label_off;

  /* COMBO: the choices as JSON values (usually strings, sometimes numbers) */
  GPtrArray        *options;
  guint             multiselect : 1;
  guint             remote : 1;
  KumoUploadKind    upload;
  char             *image_folder;

  /* Seeds and similar: fixed / increment / decrement / randomize */
  guint             control_after_generate : 1;
  char             *control_default;

  guint             force_input : 1;
  guint             advanced : 1;
  guint             hidden : 1;
  guint             lazy : 1;

  /* COMFY_DYNAMICCOMBO_V3 */
  GPtrArray        *dynamic_options;

  /* COMFY_AUTOGROW_V3: slots "<name>.<prefix><n>" or "<name>.<names[i]>" */
  KumoInputSpec    *autogrow_template;
  char             *autogrow_prefix;
  GStrv             autogrow_names;
  int               autogrow_min;
  int               autogrow_max;
};

typedef struct
{
  char       *name;
  char       *display_name;
  char       *description;
  char       *category;
  char       *python_module;

  /* Required and optional inputs, in the server's widget order. */
  GPtrArray  *inputs;
  /* Inputs the server fills in itself (PROMPT, API_KEY_COMFY_ORG, …). */
  GPtrArray  *hidden_inputs;

  GStrv       output_types;
  GStrv       output_names;

  guint       output_node : 1;
  /* The server gave input_order: the editor then puts the inputs it adds
   * itself (an upload button) after all of them. */
  guint       has_input_order : 1;
  guint       api_node : 1;
  guint       deprecated : 1;
  guint       experimental : 1;
  guint       dev_only : 1;
} KumoNodeDef;

#define KUMO_TYPE_NODE_CATALOG (kumo_node_catalog_get_type ())

G_DECLARE_FINAL_TYPE (KumoNodeCatalog, kumo_node_catalog, KUMO, NODE_CATALOG, GObject)

GQuark               kumo_node_catalog_error_quark   (void);

KumoNodeCatalog     *kumo_node_catalog_new_from_bytes (GBytes              *bytes,
                                                       GError             **error);
KumoNodeCatalog     *kumo_node_catalog_new_from_file (GFile                *file,
                                                      GCancellable         *cancellable,
                                                      GError              **error);
void                 kumo_node_catalog_load_async    (GFile                *file,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
KumoNodeCatalog     *kumo_node_catalog_load_finish   (GAsyncResult         *result,
                                                      GError              **error);

guint                kumo_node_catalog_get_n_classes (KumoNodeCatalog      *self);
const KumoNodeDef *kumo_node_catalog_lookup        (KumoNodeCatalog      *self,
                                                      const char           *class_type);
GBytes              *kumo_node_catalog_get_bytes     (KumoNodeCatalog      *self);

GFile               *kumo_node_catalog_cache_file    (const char           *server_url);
gboolean             kumo_node_catalog_save_cache    (KumoNodeCatalog      *self,
                                                      const char           *server_url,
                                                      GCancellable         *cancellable,
                                                      GError              **error);

const KumoInputSpec *kumo_node_def_find_input      (const KumoNodeDef  *klass,
                                                      const char           *name,
                                                      KumoJson             *inputs,
                                                      const KumoInputSpec **parent);
const char          *kumo_node_def_get_title       (const KumoNodeDef  *klass);
gboolean             kumo_input_spec_has_option      (const KumoInputSpec  *spec,
                                                      const KumoJson       *value);

void              kumo_node_catalog_add_input_file (KumoNodeCatalog *self,
                                                    KumoUploadKind   kind,
                                                    const char      *name);
void              kumo_node_catalog_read_lock      (KumoNodeCatalog *self);
void              kumo_node_catalog_read_unlock    (KumoNodeCatalog *self);

G_END_DECLS
