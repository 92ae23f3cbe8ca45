/* kumo-json.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-json"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kumo-json.h"

#define MAX_DEPTH 256
/* Objects with more members than this get a hash index for look-ups. */
#define INDEX_THRESHOLD 8

/*
 * Containers hold their children as members. For objects a member is a
 * key and a value; for arrays the key is NULL. A member that came from the
 * source remembers where its text started, so the writer can copy the
 * separators and indentation around it verbatim.
 */
typedef struct
{
  char     *name;
  KumoJson *value;
  /* Offsets in the source: the text before the member (",\n    "), the key
   * with its colon ("\"seed\": ") and the start of the original value. */
  guint32   lead;
  guint32   key_start;
  guint32   value_start;
  guint     has_span : 1;
} KumoJsonMember;

struct _KumoJson
{
  KumoJson *parent;
  /* Only set on the root of a parsed document. */
  GBytes   *source;

  guint32   start;
  guint32   end;
  /* For containers: where the whitespace before the closing bracket starts. */
  guint32   close_lead;

  guint8    type;
  guint     has_span : 1;
  guint     modified : 1;

  union {
    gboolean boolean;
    char *number;
    struct {
      char  *str;
      gsize  len;
    } string;
    struct {
      GPtrArray  *members;
      GHashTable *index;
    } container;
  } u;
};

G_DEFINE_QUARK (kumo-json-error-quark, kumo_json_error)

static KumoJson *
kumo_json_alloc (KumoJsonType type)
{
  KumoJson *json = g_new0 (KumoJson, 1);

  json->type = type;

  if (type == KUMO_JSON_ARRAY || type == KUMO_JSON_OBJECT)
    json->u.container.members = g_ptr_array_new ();

  return json;
}

static void
member_free (KumoJsonMember *member)
{
  g_free (member->name);
  kumo_json_free (member->value);
  g_free (member);
}

void
kumo_json_free (KumoJson *json)
{
  if (json == NULL)
    return;

  switch ((KumoJsonType) json->type)
    {
    case KUMO_JSON_NUMBER:
      g_free (json->u.number);
      break;

    case KUMO_JSON_STRING:
      g_free (json->u.string.str);
      break;

    case KUMO_JSON_ARRAY:
    case KUMO_JSON_OBJECT:
      for (guint i = 0; i < json->u.container.members->len; i++)
        member_free (g_ptr_array_index (json->u.container.members, i));
      g_ptr_array_unref (json->u.container.members);
      g_clear_pointer (&json->u.container.index, g_hash_table_unref);
      break;

    case KUMO_JSON_NULL:
    case KUMO_JSON_BOOLEAN:
    default:
      break;
    }

  g_clear_pointer (&json->source, g_bytes_unref);
  g_free (json);
}

static void
mark_modified (KumoJson *json)
{
  for (; json != NULL && !json->modified; json = json->parent)
    json->modified = TRUE;
}

/* ---------------------------------------------------------------------- */
/* Parser                                                                 */
/* ---------------------------------------------------------------------- */

typedef struct
{
  const char *data;
  gsize       len;
  gsize       pos;
  guint       depth;
  GError    **error;
} Parser;

static void
parser_position (Parser *p,
                 gsize   pos,
                 guint  *line,
                 guint  *column)
{
  *line = 1;
  *column = 1;

  for (gsize i = 0; i < pos && i < p->len; i++)
    {
      if (p->data[i] == '\n')
        {
          (*line)++;
          *column = 1;
        }
      else if (((guchar) p->data[i] & 0xC0) != 0x80)
        {
          (*column)++;
        }
    }
}

static gboolean G_GNUC_PRINTF (3, 4)
parser_fail (Parser     *p,
             gsize       pos,
             const char *format,
             ...)
{
  g_autofree char *what = NULL;
  guint line, column;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  parser_position (p, pos, &line, &column);

  /* Translators: the first two values are a line and a column number, the
   * last one says what is wrong, for example "expected “,” or “}”". */
  g_set_error (p->error, KUMO_JSON_ERROR, KUMO_JSON_ERROR_SYNTAX,
               _("Line %u, column %u: %s"), line, column, what);
  return FALSE;
}

static gboolean
parser_fail_unexpected (Parser     *p,
                        const char *expected)
{
  if (p->pos >= p->len)
    return parser_fail (p, p->pos, _("the file ends too early, %s"), expected);

  if (g_ascii_isprint (p->data[p->pos]))
    /* Translators: %c is the character found, %s what was expected. */
    return parser_fail (p, p->pos, _("unexpected “%c”, %s"), p->data[p->pos], expected);

  return parser_fail (p, p->pos, _("unexpected character, %s"), expected);
}

static inline void
skip_whitespace (Parser *p)
{
  while (p->pos < p->len)
    {
      char c = p->data[p->pos];

      if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
        break;
      p->pos++;
    }
}

static inline gboolean
match_literal (Parser     *p,
               const char *literal)
{
  gsize n = strlen (literal);

  if (p->len - p->pos < n || memcmp (p->data + p->pos, literal, n) != 0)
    return FALSE;

  /* "nullx" or "true1" are not literals. */
  if (p->pos + n < p->len && g_ascii_isalnum (p->data[p->pos + n]))
    return FALSE;

  p->pos += n;
  return TRUE;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Parser   *p,
           gunichar *out)
{
  gunichar value = 0;

  if (p->len - p->pos < 4)
    return FALSE;

  for (guint i = 0; i < 4; i++)
    {
      int v = hex_value (p->data[p->pos + i]);

      if (v < 0)
        return FALSE;
      value = (value << 4) | (guint) v;
    }

  p->pos += 4;
  *out = value;
  return TRUE;
}

/* Expects p->pos at the opening quote. The decoded text may contain NUL
 * bytes (from "\u0000"), so its length is returned too. */
static char *
parse_string (Parser *p,
              gsize  *out_len)
{
  GString *str = NULL;
  gsize start;
  gsize run_start;

  g_assert (p->data[p->pos] == '"');

  start = p->pos++;
  run_start = p->pos;

  for (;;)
    {
      guchar c;

      if (p->pos >= p->len)
        {
          parser_fail (p, start, _("a text value is never closed with “\"”"));
          goto failure;
        }

      c = p->data[p->pos];

      if (c == '"')
        break;

      if (c < 0x20)
        {
          parser_fail (p, p->pos, _("a control character inside a text value must be escaped"));
          goto failure;
        }

      if (c != '\\')
        {
          p->pos++;
          continue;
        }

      if (str == NULL)
        str = g_string_sized_new (p->pos - run_start + 16);
      g_string_append_len (str, p->data + run_start, p->pos - run_start);

      p->pos++;
      if (p->pos >= p->len)
        {
          parser_fail (p, start, _("a text value is never closed with “\"”"));
          goto failure;
        }

      switch (p->data[p->pos++])
        {
        case '"': g_string_append_c (str, '"'); break;
        case '\\': g_string_append_c (str, '\\'); break;
        case '/': g_string_append_c (str, '/'); break;
        case 'b': g_string_append_c (str, '\b'); break;
        case 'f': g_string_append_c (str, '\f'); break;
        case 'n': g_string_append_c (str, '\n'); break;
        case 'r': g_string_append_c (str, '\r'); break;
        case 't': g_string_append_c (str, '\t'); break;

        case 'u':
          {
            gunichar ch;

            if (!read_hex4 (p, &ch))
              {
                parser_fail (p, p->pos - 2, _("“\\u” must be followed by four hexadecimal digits"));
                goto failure;
              }

            /* A surrogate pair encodes one character beyond the BMP. Lone
             * surrogates, which Python writes for broken text, become
             * U+FFFD: the source text itself is kept for unchanged values. */
            if (ch >= 0xD800 && ch <= 0xDBFF)
              {
                gunichar low;
                gsize save = p->pos;

                if (p->len - p->pos >= 6 &&
                    p->data[p->pos] == '\\' && p->data[p->pos + 1] == 'u' &&
                    (p->pos += 2, read_hex4 (p, &low)) &&
                    low >= 0xDC00 && low <= 0xDFFF)
                  {
                    ch = 0x10000 + ((ch - 0xD800) << 10) + (low - 0xDC00);
                  }
                else
                  {
                    p->pos = save;
                    ch = 0xFFFD;
                  }
              }
            else if (ch >= 0xDC00 && ch <= 0xDFFF)
              {
                ch = 0xFFFD;
              }

            g_string_append_unichar (str, ch);
          }
          break;

        default:
          parser_fail (p, p->pos - 2, _("unknown escape sequence in a text value"));
          goto failure;
        }

      run_start = p->pos;
    }

  /* Closing quote */
  if (str == NULL)
    {
      gsize len = p->pos - run_start;
      char *ret = g_malloc (len + 1);

      memcpy (ret, p->data + run_start, len);
      ret[len] = '\0';
      p->pos++;
      *out_len = len;
      return ret;
    }

  g_string_append_len (str, p->data + run_start, p->pos - run_start);
  p->pos++;
  *out_len = str->len;
  return g_string_free (str, FALSE);

failure:
  if (str != NULL)
    g_string_free (str, TRUE);
  return NULL;
}

static KumoJson *parse_value (Parser *p);

static KumoJson *
parse_number (Parser *p)
{
  gsize start = p->pos;
  KumoJson *json;
  KumoNumber number;
  char *text;

  while (p->pos < p->len)
    {
      char c = p->data[p->pos];

      if (!g_ascii_isalnum (c) && c != '-' && c != '+' && c != '.')
        break;
      p->pos++;
    }

  text = g_strndup (p->data + start, p->pos - start);

  if (!kumo_number_parse (text, &number))
    {
      p->pos = start;
      g_free (text);
      parser_fail (p, start, _("this is not a valid number"));
      return NULL;
    }

  json = kumo_json_alloc (KUMO_JSON_NUMBER);
  json->u.number = text;
  return json;
}

static void
container_add (KumoJson       *container,
               KumoJsonMember *member)
{
  member->value->parent = container;
  g_ptr_array_add (container->u.container.members, member);

  if (container->type != KUMO_JSON_OBJECT)
    return;

  if (container->u.container.index != NULL)
    {
      g_hash_table_insert (container->u.container.index, member->name, member);
    }
  else if (container->u.container.members->len > INDEX_THRESHOLD)
    {
      GPtrArray *members = container->u.container.members;

      container->u.container.index = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < members->len; i++)
        {
          KumoJsonMember *m = g_ptr_array_index (members, i);
          /* Later duplicates win, as in every common JSON reader. */
          g_hash_table_insert (container->u.container.index, m->name, m);
        }
    }
}

static KumoJson *
parse_container (Parser *p,
                 gboolean is_object)
{
  char close = is_object ? '}' : ']';
  KumoJson *json;
  gsize lead;

  if (++p->depth > MAX_DEPTH)
    {
      g_set_error (p->error, KUMO_JSON_ERROR, KUMO_JSON_ERROR_TOO_DEEP,
                   _("The data is nested more than %u levels deep."), MAX_DEPTH);
      return NULL;
    }

  json = kumo_json_alloc (is_object ? KUMO_JSON_OBJECT : KUMO_JSON_ARRAY);
  json->start = p->pos;
  json->has_span = TRUE;
  p->pos++;

  lead = p->pos;
  skip_whitespace (p);

  if (p->pos < p->len && p->data[p->pos] == close)
    goto done;

  for (;;)
    {
      KumoJsonMember *member = g_new0 (KumoJsonMember, 1);

      member->has_span = TRUE;
      member->lead = lead;

      if (is_object)
        {
          gsize len;

          if (p->pos >= p->len || p->data[p->pos] != '"')
            {
              g_free (member);
              parser_fail_unexpected (p, _("expected a quoted member name"));
              goto failure;
            }

          member->key_start = p->pos;
          member->name = parse_string (p, &len);
          if (member->name == NULL)
            {
              g_free (member);
              goto failure;
            }

          skip_whitespace (p);
          if (p->pos >= p->len || p->data[p->pos] != ':')
            {
              g_free (member->name);
              g_free (member);
              parser_fail_unexpected (p, _("expected “:”"));
              goto failure;
            }
          p->pos++;
          skip_whitespace (p);
        }
      else
        {
          member->key_start = p->pos;
        }

      member->value_start = p->pos;
      member->value = parse_value (p);
      if (member->value == NULL)
        {
          g_free (member->name);
          g_free (member);
          goto failure;
        }

      container_add (json, member);

      lead = p->pos;
      skip_whitespace (p);

      if (p->pos < p->len && p->data[p->pos] == ',')
        {
          p->pos++;
          skip_whitespace (p);
          continue;
        }

      if (p->pos < p->len && p->data[p->pos] == close)
        break;

      if (is_object)
        parser_fail_unexpected (p, _("expected “,” or “}”"));
      else
        parser_fail_unexpected (p, _("expected “,” or “]”"));
      goto failure;
    }

done:
  json->close_lead = lead;
  p->pos++;
  json->end = p->pos;
  p->depth--;
  return json;

failure:
  kumo_json_free (json);
  return NULL;
}

static KumoJson *
parse_value (Parser *p)
{
  gsize start = p->pos;
  KumoJson *json = NULL;

  if (p->pos >= p->len)
    {
      parser_fail_unexpected (p, _("expected a value"));
      return NULL;
    }

  switch (p->data[p->pos])
    {
    case '{':
      return parse_container (p, TRUE);

    case '[':
      return parse_container (p, FALSE);

    case '"':
      {
        gsize len;
        char *str = parse_string (p, &len);

        if (str == NULL)
          return NULL;

        json = kumo_json_alloc (KUMO_JSON_STRING);
        json->u.string.str = str;
        json->u.string.len = len;
      }
      break;

    case 't':
    case 'f':
      if (match_literal (p, "true"))
        {
          json = kumo_json_alloc (KUMO_JSON_BOOLEAN);
          json->u.boolean = TRUE;
        }
      else if (match_literal (p, "false"))
        {
          json = kumo_json_alloc (KUMO_JSON_BOOLEAN);
        }
      break;

    case 'n':
      if (match_literal (p, "null"))
        json = kumo_json_alloc (KUMO_JSON_NULL);
      break;

    case '-':
    case 'I':
    case 'N':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      json = parse_number (p);
      if (json == NULL)
        return NULL;
      break;

    default:
      break;
    }

  if (json == NULL)
    {
      parser_fail_unexpected (p, _("expected a value"));
      return NULL;
    }

  json->start = start;
  json->end = p->pos;
  json->has_span = TRUE;
  return json;
}

/**
 * kumo_json_parse:
 * @bytes: UTF-8 JSON text
 *
 * Parses @bytes into a tree that remembers its source (a UTF-8 byte order
 * mark and surrounding whitespace included), so that kumo_json_to_string()
 * reproduces it exactly until something is changed.
 */
KumoJson *
kumo_json_parse (GBytes  *bytes,
                 GError **error)
{
  Parser p = { 0 };
  KumoJson *root;
  const char *end;

  g_return_val_if_fail (bytes != NULL, NULL);

  p.data = g_bytes_get_data (bytes, &p.len);
  p.error = error;

  if (p.len > G_MAXUINT32)
    {
      g_set_error (error, KUMO_JSON_ERROR, KUMO_JSON_ERROR_TOO_LARGE,
                   _("The data is larger than 4 GB."));
      return NULL;
    }

  if (!g_utf8_validate (p.data, p.len, &end))
    {
      g_autofree char *offset = g_strdup_printf ("%" G_GSIZE_FORMAT, (gsize) (end - p.data));

      g_set_error (error, KUMO_JSON_ERROR, KUMO_JSON_ERROR_ENCODING,
                   _("The data is not UTF-8 text (invalid byte at offset %s)."), offset);
      return NULL;
    }

  if (p.len >= 3 && memcmp (p.data, "\xEF\xBB\xBF", 3) == 0)
    p.pos = 3;

  skip_whitespace (&p);

  if (p.pos >= p.len)
    {
      g_set_error (error, KUMO_JSON_ERROR, KUMO_JSON_ERROR_EMPTY,
                   _("The data is empty."));
      return NULL;
    }

  root = parse_value (&p);
  if (root == NULL)
    return NULL;

  skip_whitespace (&p);
  if (p.pos < p.len)
    {
      kumo_json_free (root);
      parser_fail (&p, p.pos, _("unexpected text after the end of the data"));
      return NULL;
    }

  root->source = g_bytes_ref (bytes);
  return root;
}

KumoJson *
kumo_json_parse_data (const char  *data,
                      gssize       length,
                      GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length < 0)
    length = strlen (data);

  bytes = g_bytes_new (data, length);
  return kumo_json_parse (bytes, error);
}

/* ---------------------------------------------------------------------- */
/* Construction and access                                                */
/* ---------------------------------------------------------------------- */

KumoJson *
kumo_json_new_null (void)
{
  return kumo_json_alloc (KUMO_JSON_NULL);
}

KumoJson *
kumo_json_new_boolean (gboolean value)
{
  KumoJson *json = kumo_json_alloc (KUMO_JSON_BOOLEAN);

  json->u.boolean = !!value;
  return json;
}

KumoJson *
kumo_json_new_string (const char *value)
{
  KumoJson *json;

  g_return_val_if_fail (value != NULL, NULL);

  json = kumo_json_alloc (KUMO_JSON_STRING);
  json->u.string.str = g_strdup (value);
  json->u.string.len = strlen (value);
  return json;
}

KumoJson *
kumo_json_new_number_text (const char *text)
{
  KumoNumber number;
  KumoJson *json;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (kumo_number_parse (text, &number), NULL);

  json = kumo_json_alloc (KUMO_JSON_NUMBER);
  json->u.number = g_strdup (text);
  return json;
}

KumoJson *
kumo_json_new_number (const KumoNumber *value)
{
  KumoJson *json;

  g_return_val_if_fail (value != NULL, NULL);

  json = kumo_json_alloc (KUMO_JSON_NUMBER);
  json->u.number = kumo_number_to_string (value);
  return json;
}

KumoJson *
kumo_json_new_int (gint64 value)
{
  KumoNumber number;

  kumo_number_from_int64 (&number, value);
  return kumo_json_new_number (&number);
}

KumoJson *
kumo_json_new_double (double value)
{
  KumoJson *json = kumo_json_alloc (KUMO_JSON_NUMBER);

  json->u.number = kumo_number_format_double (value);
  return json;
}

KumoJson *
kumo_json_new_array (void)
{
  return kumo_json_alloc (KUMO_JSON_ARRAY);
}

KumoJson *
kumo_json_new_object (void)
{
  return kumo_json_alloc (KUMO_JSON_OBJECT);
}

KumoJson *
kumo_json_copy (const KumoJson *json)
{
  KumoJson *copy;

  g_return_val_if_fail (json != NULL, NULL);

  copy = kumo_json_alloc (json->type);

  switch ((KumoJsonType) json->type)
    {
    case KUMO_JSON_BOOLEAN:
      copy->u.boolean = json->u.boolean;
      break;

    case KUMO_JSON_NUMBER:
      copy->u.number = g_strdup (json->u.number);
      break;

    case KUMO_JSON_STRING:
      copy->u.string.str = g_memdup2 (json->u.string.str, json->u.string.len + 1);
      copy->u.string.len = json->u.string.len;
      break;

    case KUMO_JSON_ARRAY:
    case KUMO_JSON_OBJECT:
      for (guint i = 0; i < json->u.container.members->len; i++)
        {
          const KumoJsonMember *m = g_ptr_array_index (json->u.container.members, i);
          KumoJsonMember *c = g_new0 (KumoJsonMember, 1);

          c->name = g_strdup (m->name);
          c->value = kumo_json_copy (m->value);
          container_add (copy, c);
        }
      break;

    case KUMO_JSON_NULL:
    default:
      break;
    }

  return copy;
}

gboolean
kumo_json_equal (const KumoJson *a,
                 const KumoJson *b)
{
  if (a == b)
    return TRUE;

  if (a == NULL || b == NULL || a->type != b->type)
    return FALSE;

  switch ((KumoJsonType) a->type)
    {
    case KUMO_JSON_NULL:
      return TRUE;

    case KUMO_JSON_BOOLEAN:
      return a->u.boolean == b->u.boolean;

    case KUMO_JSON_NUMBER:
      {
        KumoNumber na, nb;

        kumo_number_parse (a->u.number, &na);
        kumo_number_parse (b->u.number, &nb);
        if (na.is_integer != nb.is_integer)
          return na.value == nb.value;
        return kumo_number_compare (&na, &nb) == 0;
      }

    case KUMO_JSON_STRING:
      return a->u.string.len == b->u.string.len &&
             memcmp (a->u.string.str, b->u.string.str, a->u.string.len) == 0;

    case KUMO_JSON_ARRAY:
      if (a->u.container.members->len != b->u.container.members->len)
        return FALSE;
      for (guint i = 0; i < a->u.container.members->len; i++)
        if (!kumo_json_equal (kumo_json_array_get (a, i), kumo_json_array_get (b, i)))
          return FALSE;
      return TRUE;

    case KUMO_JSON_OBJECT:
      if (kumo_json_object_get_size (a) != kumo_json_object_get_size (b))
        return FALSE;
      for (guint i = 0; i < a->u.container.members->len; i++)
        {
          const KumoJsonMember *m = g_ptr_array_index (a->u.container.members, i);

          if (!kumo_json_equal (m->value, kumo_json_object_get (b, m->name)))
            return FALSE;
        }
      return TRUE;

    default:
      return FALSE;
    }
}

KumoJsonType
kumo_json_get_type (const KumoJson *json)
{
  g_return_val_if_fail (json != NULL, KUMO_JSON_NULL);

  return json->type;
}

const char *
kumo_json_type_name (KumoJsonType type)
{
  switch (type)
    {
    case KUMO_JSON_NULL: return "null";
    case KUMO_JSON_BOOLEAN: return "boolean";
    case KUMO_JSON_NUMBER: return "number";
    case KUMO_JSON_STRING: return "string";
    case KUMO_JSON_ARRAY: return "array";
    case KUMO_JSON_OBJECT: return "object";
    default: return "unknown";
    }
}

KumoJson *
kumo_json_get_parent (const KumoJson *json)
{
  g_return_val_if_fail (json != NULL, NULL);

  return json->parent;
}

gboolean
kumo_json_is_modified (const KumoJson *json)
{
  g_return_val_if_fail (json != NULL, FALSE);

  return json->modified || !json->has_span;
}

gboolean
kumo_json_get_boolean (const KumoJson *json)
{
  g_return_val_if_fail (json != NULL, FALSE);

  return json->type == KUMO_JSON_BOOLEAN && json->u.boolean;
}

const char *
kumo_json_get_string (const KumoJson *json)
{
  g_return_val_if_fail (json != NULL, NULL);

  if (json->type != KUMO_JSON_STRING)
    return NULL;

  return json->u.string.str;
}

const char *
kumo_json_get_number_text (const KumoJson *json)
{
  g_return_val_if_fail (json != NULL, NULL);

  if (json->type != KUMO_JSON_NUMBER)
    return NULL;

  return json->u.number;
}

gboolean
kumo_json_get_number (const KumoJson *json,
                      KumoNumber     *number)
{
  g_return_val_if_fail (json != NULL, FALSE);
  g_return_val_if_fail (number != NULL, FALSE);

  if (json->type != KUMO_JSON_NUMBER)
    return FALSE;

  return kumo_number_parse (json->u.number, number);
}

double
kumo_json_get_double (const KumoJson *json)
{
  KumoNumber number;

  g_return_val_if_fail (json != NULL, 0.0);

  if (!kumo_json_get_number (json, &number))
    return 0.0;

  return number.value;
}

gboolean
kumo_json_get_int64 (const KumoJson *json,
                     gint64         *value)
{
  KumoNumber number;

  g_return_val_if_fail (json != NULL, FALSE);

  if (!kumo_json_get_number (json, &number))
    return FALSE;

  return kumo_number_get_int64 (&number, value);
}

guint
kumo_json_array_get_length (const KumoJson *json)
{
  /* Optional members are looked up all the time: NULL reads as absent. */
  if (json == NULL)
    return 0;

  if (json->type != KUMO_JSON_ARRAY)
    return 0;

  return json->u.container.members->len;
}

KumoJson *
kumo_json_array_get (const KumoJson *json,
                     guint           index)
{
  KumoJsonMember *member;

  if (json == NULL)
    return NULL;

  if (json->type != KUMO_JSON_ARRAY || index >= json->u.container.members->len)
    return NULL;

  member = g_ptr_array_index (json->u.container.members, index);
  return member->value;
}

void
kumo_json_array_append (KumoJson *json,
                        KumoJson *element)
{
  KumoJsonMember *member;

  g_return_if_fail (json != NULL);
  g_return_if_fail (json->type == KUMO_JSON_ARRAY);
  g_return_if_fail (element != NULL);
  g_return_if_fail (element->parent == NULL && element->source == NULL);

  member = g_new0 (KumoJsonMember, 1);
  member->value = element;
  container_add (json, member);
  mark_modified (json);
}

guint
kumo_json_object_get_size (const KumoJson *json)
{
  if (json == NULL)
    return 0;

  if (json->type != KUMO_JSON_OBJECT)
    return 0;

  return json->u.container.members->len;
}

const char *
kumo_json_object_get_key (const KumoJson *json,
                          guint           index)
{
  KumoJsonMember *member;

  if (json == NULL)
    return NULL;

  if (json->type != KUMO_JSON_OBJECT || index >= json->u.container.members->len)
    return NULL;

  member = g_ptr_array_index (json->u.container.members, index);
  return member->name;
}

KumoJson *
kumo_json_object_get_value (const KumoJson *json,
                            guint           index)
{
  KumoJsonMember *member;

  if (json == NULL)
    return NULL;

  if (json->type != KUMO_JSON_OBJECT || index >= json->u.container.members->len)
    return NULL;

  member = g_ptr_array_index (json->u.container.members, index);
  return member->value;
}

static KumoJsonMember *
object_lookup (const KumoJson *json,
               const char     *key)
{
  GPtrArray *members;

  if (json->type != KUMO_JSON_OBJECT)
    return NULL;

  if (json->u.container.index != NULL)
    return g_hash_table_lookup (json->u.container.index, key);

  members = json->u.container.members;
  for (guint i = members->len; i > 0; i--)
    {
      KumoJsonMember *member = g_ptr_array_index (members, i - 1);

      if (strcmp (member->name, key) == 0)
        return member;
    }

  return NULL;
}

KumoJson *
kumo_json_object_get (const KumoJson *json,
                      const char     *key)
{
  KumoJsonMember *member;

  if (json == NULL)
    return NULL;
  g_return_val_if_fail (key != NULL, NULL);

  member = object_lookup (json, key);
  return member ? member->value : NULL;
}

gboolean
kumo_json_object_has (const KumoJson *json,
                      const char     *key)
{
  if (json == NULL)
    return FALSE;
  g_return_val_if_fail (key != NULL, FALSE);

  return object_lookup (json, key) != NULL;
}

KumoJson *
kumo_json_object_get_typed (const KumoJson *json,
                            const char     *key,
                            KumoJsonType    type)
{
  KumoJson *value;

  if (json == NULL)
    return NULL;

  value = kumo_json_object_get (json, key);
  if (value == NULL || value->type != type)
    return NULL;

  return value;
}

const char *
kumo_json_object_get_string_or (const KumoJson *json,
                                const char     *key,
                                const char     *fallback)
{
  KumoJson *value = kumo_json_object_get_typed (json, key, KUMO_JSON_STRING);

  return value ? value->u.string.str : fallback;
}

gboolean
kumo_json_object_get_boolean_or (const KumoJson *json,
                                 const char     *key,
                                 gboolean        fallback)
{
  KumoJson *value = kumo_json_object_get_typed (json, key, KUMO_JSON_BOOLEAN);

  return value ? value->u.boolean : fallback;
}

/**
 * kumo_json_object_set:
 * @json: an object
 * @key: the member name
 * @value: (transfer full): a value that belongs to no other tree
 *
 * Replaces the value of @key, keeping its place in the object and the text
 * around it, or appends a new member.
 */
void
kumo_json_object_set (KumoJson   *json,
                      const char *key,
                      KumoJson   *value)
{
  KumoJsonMember *member;

  g_return_if_fail (json != NULL);
  g_return_if_fail (json->type == KUMO_JSON_OBJECT);
  g_return_if_fail (key != NULL);
  g_return_if_fail (value != NULL);
  g_return_if_fail (value->parent == NULL && value->source == NULL);

  member = object_lookup (json, key);

  if (member != NULL)
    {
      kumo_json_free (member->value);
      member->value = value;
      value->parent = json;
    }
  else
    {
      member = g_new0 (KumoJsonMember, 1);
      member->name = g_strdup (key);
      member->value = value;
      container_add (json, member);
    }

  mark_modified (json);
}

gboolean
kumo_json_object_remove (KumoJson   *json,
                         const char *key)
{
  KumoJsonMember *member;

  g_return_val_if_fail (json != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  member = object_lookup (json, key);
  if (member == NULL)
    return FALSE;

  if (json->u.container.index != NULL)
    g_hash_table_remove (json->u.container.index, member->name);

  g_ptr_array_remove (json->u.container.members, member);
  member_free (member);

  /* A duplicate key may now be the visible one again. */
  if (json->u.container.index != NULL)
    {
      GPtrArray *members = json->u.container.members;

      g_hash_table_remove_all (json->u.container.index);
      for (guint i = 0; i < members->len; i++)
        {
          KumoJsonMember *m = g_ptr_array_index (members, i);
          g_hash_table_insert (json->u.container.index, m->name, m);
        }
    }

  mark_modified (json);
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Writer                                                                 */
/* ---------------------------------------------------------------------- */

typedef struct
{
  const char *src;
  gboolean    pretty;
  /* Separators for values that have no source text, taken from the
   * document so that an edit in a compact file stays compact. */
  const char *colon;
  const char *comma;
} Writer;

static void
append_escaped_len (GString    *out,
                    const char *str,
                    gsize       len)
{
  g_string_append_c (out, '"');

  for (gsize i = 0; i < len; i++)
    {
      guchar c = str[i];

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, c);
          break;
        }
    }

  g_string_append_c (out, '"');
}

void
kumo_json_append_escaped (GString    *out,
                          const char *str)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (str != NULL);

  append_escaped_len (out, str, strlen (str));
}

static void
append_indent (GString *out,
               guint    depth)
{
  g_string_append_c (out, '\n');
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
}

static void write_value (Writer *w, GString *out, const KumoJson *json, guint depth);

/* A container written from scratch, in the writer's style. */
static void
write_fresh_container (Writer         *w,
                       GString        *out,
                       const KumoJson *json,
                       guint           depth)
{
  gboolean is_object = json->type == KUMO_JSON_OBJECT;
  GPtrArray *members = json->u.container.members;

  g_string_append_c (out, is_object ? '{' : '[');

  for (guint i = 0; i < members->len; i++)
    {
      const KumoJsonMember *m = g_ptr_array_index (members, i);

      if (i > 0)
        g_string_append (out, w->pretty ? "," : w->comma);
      if (w->pretty)
        append_indent (out, depth + 1);

      if (is_object)
        {
          kumo_json_append_escaped (out, m->name);
          g_string_append (out, w->colon);
        }

      write_value (w, out, m->value, depth + 1);
    }

  if (w->pretty && members->len > 0)
    append_indent (out, depth);

  g_string_append_c (out, is_object ? '}' : ']');
}

/* Where "," sits in a separator, or -1. */
static gssize
find_comma (const char *src,
            gsize       start,
            gsize       end)
{
  for (gsize i = start; i < end; i++)
    if (src[i] == ',')
      return i;
  return -1;
}

/* A parsed container with changes inside: copy its own text, separators and
 * indentation from the source and write only what changed. */
static void
write_spliced_container (Writer         *w,
                         GString        *out,
                         const KumoJson *json,
                         guint           depth)
{
  gboolean is_object = json->type == KUMO_JSON_OBJECT;
  GPtrArray *members = json->u.container.members;
  const char *src = w->src;
  const char *new_lead = NULL;
  gsize new_lead_len = 0;
  gboolean first = TRUE;

  /* New members are indented like the first member that has source text. */
  for (guint i = 0; i < members->len; i++)
    {
      const KumoJsonMember *m = g_ptr_array_index (members, i);
      gsize lead_end = is_object ? m->key_start : m->value_start;
      gssize comma;

      if (!m->has_span)
        continue;

      comma = find_comma (src, m->lead, lead_end);
      new_lead = src + (comma >= 0 ? (gsize) comma + 1 : m->lead);
      new_lead_len = src + lead_end - new_lead;
      break;
    }

  g_string_append_c (out, src[json->start]);

  for (guint i = 0; i < members->len; i++)
    {
      const KumoJsonMember *m = g_ptr_array_index (members, i);

      if (m->has_span)
        {
          gsize lead_end = is_object ? m->key_start : m->value_start;
          gssize comma = find_comma (src, m->lead, lead_end);
          gsize from = m->lead;

          if (first && comma >= 0)
            from = comma + 1;
          else if (!first && comma < 0)
            g_string_append_c (out, ',');

          g_string_append_len (out, src + from, lead_end - from);

          if (is_object)
            g_string_append_len (out, src + m->key_start, m->value_start - m->key_start);
        }
      else
        {
          if (!first)
            g_string_append_c (out, ',');

          if (new_lead != NULL)
            g_string_append_len (out, new_lead, new_lead_len);
          else if (!first && strchr (w->comma, ' '))
            g_string_append_c (out, ' ');

          if (is_object)
            {
              kumo_json_append_escaped (out, m->name);
              g_string_append (out, w->colon);
            }
        }

      write_value (w, out, m->value, depth + 1);
      first = FALSE;
    }

  g_string_append_len (out, src + json->close_lead, json->end - 1 - json->close_lead);
  g_string_append_c (out, src[json->end - 1]);
}

static void
write_value (Writer         *w,
             GString        *out,
             const KumoJson *json,
             guint           depth)
{
  if (json->has_span && !json->modified && w->src != NULL)
    {
      g_string_append_len (out, w->src + json->start, json->end - json->start);
      return;
    }

  switch ((KumoJsonType) json->type)
    {
    case KUMO_JSON_NULL:
      g_string_append (out, "null");
      break;

    case KUMO_JSON_BOOLEAN:
      g_string_append (out, json->u.boolean ? "true" : "false");
      break;

    case KUMO_JSON_NUMBER:
      g_string_append (out, json->u.number);
      break;

    case KUMO_JSON_STRING:
      append_escaped_len (out, json->u.string.str, json->u.string.len);
      break;

    case KUMO_JSON_ARRAY:
    case KUMO_JSON_OBJECT:
      if (json->has_span && w->src != NULL)
        write_spliced_container (w, out, json, depth);
      else
        write_fresh_container (w, out, json, depth);
      break;

    default:
      g_assert_not_reached ();
    }
}

static const KumoJson *
find_root (const KumoJson *json)
{
  while (json->parent != NULL)
    json = json->parent;
  return json;
}

/* Reads the separator style of a parsed document from its first member. */
static void
writer_detect_style (Writer         *w,
                     const KumoJson *json)
{
  const KumoJsonMember *m;
  const char *sep_end;

  w->colon = ": ";
  w->comma = ", ";

  if (w->src == NULL || json->type != KUMO_JSON_OBJECT || json->u.container.members->len == 0)
    return;

  m = g_ptr_array_index (json->u.container.members, 0);
  if (!m->has_span)
    return;

  /* The last ':' before the value is the separator: keys may contain ':'. */
  sep_end = w->src + m->value_start;
  for (const char *p = sep_end; p > w->src + m->key_start; p--)
    {
      if (p[-1] == ':')
        {
          if (p == sep_end)
            {
              w->colon = ":";
              w->comma = ",";
            }
          break;
        }
    }
}

static char *
to_string (const KumoJson *json,
           gboolean        pretty)
{
  const KumoJson *root = find_root (json);
  Writer w = { 0 };
  GString *out;
  gsize len = 0;

  if (root->source != NULL && !pretty)
    w.src = g_bytes_get_data (root->source, &len);

  w.pretty = pretty;
  writer_detect_style (&w, root);
  if (pretty)
    {
      w.colon = ": ";
      w.comma = ", ";
    }

  out = g_string_new (NULL);

  /* The whole document: keep what surrounds the root value too (a byte
   * order mark, a final newline). */
  if (json == root && w.src != NULL)
    {
      if (!json->modified)
        {
          g_string_append_len (out, w.src, len);
          return g_string_free (out, FALSE);
        }

      g_string_append_len (out, w.src, json->start);
      write_value (&w, out, json, 0);
      g_string_append_len (out, w.src + json->end, len - json->end);
      return g_string_free (out, FALSE);
    }

  write_value (&w, out, json, 0);
  return g_string_free (out, FALSE);
}

/**
 * kumo_json_to_string:
 *
 * Writes @json as JSON. A parsed document comes back exactly as it was
 * read, apart from the values that were changed; a built one is compact.
 */
char *
kumo_json_to_string (const KumoJson *json)
{
  g_return_val_if_fail (json != NULL, NULL);

  return to_string (json, FALSE);
}

/**
 * kumo_json_to_string_pretty:
 *
 * Writes @json indented by two spaces per level, ignoring its source.
 */
char *
kumo_json_to_string_pretty (const KumoJson *json)
{
  g_return_val_if_fail (json != NULL, NULL);

  return to_string (json, TRUE);
}

GBytes *
kumo_json_to_bytes (const KumoJson *json)
{
  char *str;

  g_return_val_if_fail (json != NULL, NULL);

  str = kumo_json_to_string (json);
  return g_bytes_new_take (str, strlen (str));
}
