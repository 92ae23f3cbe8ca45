/* kumo-gallery-item.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-gallery-item"

#include "config.h"

#include "kumo-core-enums.h"
#include "kumo-gallery-item.h"
#include "kumo-workflow-summary.h"

/*
 * One saved output in the gallery: the file, and what a view filters
 * and groups it by (its job, workflow and server). The text a search
 * looks through (prompts, seeds) arrives after the item, when the
 * gallery has read the job's workflow in the background.
 */
struct _KumoGalleryItem
{
  GObject         parent_instance;

  GFile          *file;
  char           *path;
  char           *name;
  KumoOutputKind  kind;
  char           *job_key;
  char           *server;
  char           *title;
  gint64          created;
  gint64          added;
  char           *search_text;   /* casefolded */
};

G_DEFINE_FINAL_TYPE (KumoGalleryItem, kumo_gallery_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE,
  PROP_NAME,
  PROP_KIND,
  PROP_TITLE,
  PROP_SERVER,
  PROP_ADDED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kumo_gallery_item_finalize (GObject *object)
{
  KumoGalleryItem *self = (KumoGalleryItem *)object;

  g_clear_object (&self->file);
  g_free (self->path);
  g_free (self->name);
  g_free (self->job_key);
  g_free (self->server);
  g_free (self->title);
  g_free (self->search_text);

  G_OBJECT_CLASS (kumo_gallery_item_parent_class)->finalize (object);
}

static void
kumo_gallery_item_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KumoGalleryItem *self = KUMO_GALLERY_ITEM (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SERVER:
      g_value_set_string (value, self->server);
      break;
    case PROP_ADDED:
      g_value_set_int64 (value, self->added);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kumo_gallery_item_class_init (KumoGalleryItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kumo_gallery_item_finalize;
  object_class->get_property = kumo_gallery_item_get_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, KUMO_TYPE_OUTPUT_KIND, KUMO_OUTPUT_IMAGE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER] =
    g_param_spec_string ("server", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ADDED] =
    g_param_spec_int64 ("added", NULL, NULL, 0, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kumo_gallery_item_init (KumoGalleryItem *self)
{
}

KumoGalleryItem *
kumo_gallery_item_new (const KumoJournalSavedFile *saved)
{
  KumoGalleryItem *self;

  g_return_val_if_fail (saved != NULL && saved->path != NULL, NULL);

  self = g_object_new (KUMO_TYPE_GALLERY_ITEM, NULL);
  self->file = g_file_new_for_path (saved->path);
  self->path = g_strdup (saved->path);
  self->name = g_path_get_basename (saved->path);
  self->kind = saved->kind;
  self->job_key = g_strdup (saved->job_key);
  self->server = g_strdup (saved->server);
  self->title = g_strdup (saved->title);
  self->created = saved->created;
  self->added = saved->added ? saved->added : saved->created;

  return self;
}

GFile *
kumo_gallery_item_get_file (KumoGalleryItem *self)
{
  g_return_val_if_fail (KUMO_IS_GALLERY_ITEM (self), NULL);
  return self->file;
}

const char *
kumo_gallery_item_get_path (KumoGalleryItem *self)
{
  g_return_val_if_fail (KUMO_IS_GALLERY_ITEM (self), NULL);
  return self->path;
}

/* The file's name on disk, which is also its accessible name. */
const char *
kumo_gallery_item_get_name (KumoGalleryItem *self)
{
  g_return_val_if_fail (KUMO_IS_GALLERY_ITEM (self), NULL);
  return self->name;
}

KumoOutputKind
kumo_gallery_item_get_kind (KumoGalleryItem *self)
{
  g_return_val_if_fail (KUMO_IS_GALLERY_ITEM (self), KUMO_OUTPUT_OTHER);
  return self->kind;
}

const char *
kumo_gallery_item_get_job_key (KumoGalleryItem *self)
{
  g_return_val_if_fail (KUMO_IS_GALLERY_ITEM (self), NULL);
  return self->job_key;
}

const char *
kumo_gallery_item_get_server (KumoGalleryItem *self)
{
  g_return_val_if_fail (KUMO_IS_GALLERY_ITEM (self), NULL);
  return self->server;
}

/* The workflow's name, or %NULL if the job had none. */
const char *
kumo_gallery_item_get_title (KumoGalleryItem *self)
{
  g_return_val_if_fail (KUMO_IS_GALLERY_ITEM (self), NULL);
  return self->title;
}

gint64
kumo_gallery_item_get_created (KumoGalleryItem *self)
{
  g_return_val_if_fail (KUMO_IS_GALLERY_ITEM (self), 0);
  return self->created;
}

gint64
kumo_gallery_item_get_added (KumoGalleryItem *self)
{
  g_return_val_if_fail (KUMO_IS_GALLERY_ITEM (self), 0);
  return self->added;
}

const char *
kumo_gallery_item_get_search_text (KumoGalleryItem *self)
{
  g_return_val_if_fail (KUMO_IS_GALLERY_ITEM (self), NULL);
  return self->search_text;
}

void
kumo_gallery_item_set_search_text (KumoGalleryItem *self,
                                   const char      *search_text)
{
  g_return_if_fail (KUMO_IS_GALLERY_ITEM (self));

  g_free (self->search_text);
  self->search_text = g_strdup (search_text);
}

/* Whether every word of @query is in the file's name, the workflow's
 * name, or the job's prompts and seeds. */
gboolean
kumo_gallery_item_matches (KumoGalleryItem *self,
                           const char      *query)
{
  g_autofree char *text = NULL;
  g_autofree char *folded = NULL;

  g_return_val_if_fail (KUMO_IS_GALLERY_ITEM (self), FALSE);

  if (query == NULL || *query == '\0')
    return TRUE;

  text = g_strjoin ("\n", self->name, self->title ? self->title : "",
                    self->search_text ? self->search_text : "", NULL);
  folded = g_utf8_casefold (text, -1);
  return kumo_search_text_matches (folded, query);
}
