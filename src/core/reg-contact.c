/* reg-contact.c
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-contact"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "reg-contact.h"
#include "reg-enums.h"
#include "reg-money.h"
#include "reg-text.h"

/* The plain-text fields share one code path: they are indexed by this enum
 * and map one to one onto their properties. */
typedef enum
{
  FIELD_GIVEN_NAME,
  FIELD_FAMILY_NAME,
  FIELD_EMAIL,
  FIELD_PHONE,
  FIELD_COMPANY,
  FIELD_STREET,
  FIELD_POSTCODE,
  FIELD_CITY,
  FIELD_COUNTRY,
  FIELD_NOTE,
  N_FIELDS
} Field;

struct _RegContact
{
  GObject          parent_instance;

  gint64           id;
  char            *fields[N_FIELDS];
  char            *birthday;
  RegCustomerType  customer_type;
  RegConsent       consent;
  gint64           consent_at;
  gint64           created_at;
  char           **tags;

  RegOrigin        origin;
  RegContactField  manual_fields;

  /* Figures from the orders, read-only here: the store keeps them. */
  guint            n_orders;
  gint64           total_spent;
  char            *spent_currency;
  gint64           first_order_at;
  gint64           last_order_at;
};

G_DEFINE_FINAL_TYPE (RegContact, reg_contact, G_TYPE_OBJECT)

enum {
  PROP_0,
  /* Same order as Field. */
  PROP_GIVEN_NAME,
  PROP_FAMILY_NAME,
  PROP_EMAIL,
  PROP_PHONE,
  PROP_COMPANY,
  PROP_STREET,
  PROP_POSTCODE,
  PROP_CITY,
  PROP_COUNTRY,
  PROP_NOTE,
  PROP_ID,
  PROP_DISPLAY_NAME,
  PROP_BIRTHDAY,
  PROP_CUSTOMER_TYPE,
  PROP_CONSENT,
  PROP_CONSENT_AT,
  PROP_CREATED_AT,
  PROP_SINCE_TEXT,
  PROP_TAGS,
  PROP_ORDERS_TEXT,
  PROP_SPENT_TEXT,
  PROP_LAST_ORDER_TEXT,
  N_PROPS
};

#define FIELD_PROP(f) ((f) + PROP_GIVEN_NAME)

static GParamSpec *properties [N_PROPS];

static const char *field_names[N_FIELDS] = {
  "given-name", "family-name", "email", "phone", "company",
  "street", "postcode", "city", "country", "note",
};

static const char *
get_field (RegContact *self,
           Field       field)
{
  g_return_val_if_fail (REG_IS_CONTACT (self), "");

  return self->fields[field] ? self->fields[field] : "";
}

static void
set_field (RegContact *self,
           Field       field,
           const char *value)
{
  g_return_if_fail (REG_IS_CONTACT (self));

  g_autofree char *valid = NULL;

  if (value == NULL)
    value = "";

  /* Text from outside (files, shops) may be broken; store what can be read. */
  if (!g_utf8_validate (value, -1, NULL))
    value = valid = g_utf8_make_valid (value, -1);

  if (g_strcmp0 (get_field (self, field), value) == 0)
    return;

  g_free (self->fields[field]);
  self->fields[field] = g_strdup (value);

  g_object_notify_by_pspec (G_OBJECT (self), properties[FIELD_PROP (field)]);
  if (field == FIELD_GIVEN_NAME || field == FIELD_FAMILY_NAME ||
      field == FIELD_COMPANY || field == FIELD_EMAIL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
}

static void
reg_contact_finalize (GObject *object)
{
  RegContact *self = (RegContact *)object;

  for (guint i = 0; i < N_FIELDS; i++)
    g_free (self->fields[i]);
  g_free (self->birthday);
  g_strfreev (self->tags);
  g_free (self->spent_currency);

  G_OBJECT_CLASS (reg_contact_parent_class)->finalize (object);
}

static void
reg_contact_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  RegContact *self = REG_CONTACT (object);

  if (prop_id >= PROP_GIVEN_NAME && prop_id < PROP_GIVEN_NAME + N_FIELDS)
    {
      g_value_set_string (value, get_field (self, prop_id - PROP_GIVEN_NAME));
      return;
    }

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_DISPLAY_NAME:
      g_value_take_string (value, reg_contact_dup_display_name (self));
      break;

    case PROP_BIRTHDAY:
      g_value_set_string (value, self->birthday);
      break;

    case PROP_CUSTOMER_TYPE:
      g_value_set_enum (value, self->customer_type);
      break;

    case PROP_CONSENT:
      g_value_set_enum (value, self->consent);
      break;

    case PROP_CONSENT_AT:
      g_value_set_int64 (value, self->consent_at);
      break;

    case PROP_CREATED_AT:
      g_value_set_int64 (value, self->created_at);
      break;

    case PROP_SINCE_TEXT:
      g_value_take_string (value, reg_contact_dup_since_text (self));
      break;

    case PROP_ORDERS_TEXT:
      g_value_take_string (value, self->n_orders > 0 ? g_strdup_printf ("%u", self->n_orders) : g_strdup (""));
      break;

    case PROP_SPENT_TEXT:
      g_value_take_string (value, reg_contact_dup_spent_text (self));
      break;

    case PROP_LAST_ORDER_TEXT:
      g_value_take_string (value, reg_contact_dup_last_order_text (self));
      break;

    case PROP_TAGS:
      g_value_set_boxed (value, self->tags);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reg_contact_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  RegContact *self = REG_CONTACT (object);

  if (prop_id >= PROP_GIVEN_NAME && prop_id < PROP_GIVEN_NAME + N_FIELDS)
    {
      set_field (self, prop_id - PROP_GIVEN_NAME, g_value_get_string (value));
      return;
    }

  switch (prop_id)
    {
    case PROP_ID:
      reg_contact_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_BIRTHDAY:
      reg_contact_set_birthday (self, g_value_get_string (value));
      break;

    case PROP_CUSTOMER_TYPE:
      reg_contact_set_customer_type (self, g_value_get_enum (value));
      break;

    case PROP_CONSENT:
      reg_contact_set_consent (self, g_value_get_enum (value));
      break;

    case PROP_CONSENT_AT:
      reg_contact_set_consent_at (self, g_value_get_int64 (value));
      break;

    case PROP_CREATED_AT:
      reg_contact_set_created_at (self, g_value_get_int64 (value));
      break;

    case PROP_TAGS:
      reg_contact_set_tags (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reg_contact_class_init (RegContactClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = reg_contact_finalize;
  object_class->get_property = reg_contact_get_property;
  object_class->set_property = reg_contact_set_property;

  for (guint i = 0; i < N_FIELDS; i++)
    properties[FIELD_PROP (i)] =
      g_param_spec_string (field_names[i], NULL, NULL, "",
                           (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_BIRTHDAY] =
    g_param_spec_string ("birthday", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CUSTOMER_TYPE] =
    g_param_spec_enum ("customer-type", NULL, NULL,
                       REG_TYPE_CUSTOMER_TYPE, REG_CUSTOMER_TYPE_RETAIL,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CONSENT] =
    g_param_spec_enum ("consent", NULL, NULL,
                       REG_TYPE_CONSENT, REG_CONSENT_UNKNOWN,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CONSENT_AT] =
    g_param_spec_int64 ("consent-at", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SINCE_TEXT] =
    g_param_spec_string ("since-text", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_TAGS] =
    g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ORDERS_TEXT] =
    g_param_spec_string ("orders-text", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_SPENT_TEXT] =
    g_param_spec_string ("spent-text", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_LAST_ORDER_TEXT] =
    g_param_spec_string ("last-order-text", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
reg_contact_init (RegContact *self)
{
}

RegContact *
reg_contact_new (void)
{
  return g_object_new (REG_TYPE_CONTACT, NULL);
}

/**
 * reg_contact_copy:
 *
 * Returns: (transfer full): a new contact with the same values.
 */
RegContact *
reg_contact_copy (RegContact *self)
{
  RegContact *copy;

  g_return_val_if_fail (REG_IS_CONTACT (self), NULL);

  copy = reg_contact_new ();
  copy->id = self->id;
  for (guint i = 0; i < N_FIELDS; i++)
    copy->fields[i] = g_strdup (self->fields[i]);
  copy->birthday = g_strdup (self->birthday);
  copy->customer_type = self->customer_type;
  copy->consent = self->consent;
  copy->consent_at = self->consent_at;
  copy->created_at = self->created_at;
  copy->tags = g_strdupv (self->tags);
  copy->origin = self->origin;
  copy->manual_fields = self->manual_fields;
  copy->n_orders = self->n_orders;
  copy->total_spent = self->total_spent;
  copy->spent_currency = g_strdup (self->spent_currency);
  copy->first_order_at = self->first_order_at;
  copy->last_order_at = self->last_order_at;

  return copy;
}

static gboolean
strv_equal0 (char **a,
             char **b)
{
  if (a == NULL || b == NULL)
    return (a == NULL || a[0] == NULL) && (b == NULL || b[0] == NULL);

  return g_strv_equal ((const char * const *)a, (const char * const *)b);
}

/**
 * reg_contact_equal:
 *
 * Whether @a and @b hold the same values (the id included).
 */
gboolean
reg_contact_equal (RegContact *a,
                   RegContact *b)
{
  g_return_val_if_fail (REG_IS_CONTACT (a), FALSE);
  g_return_val_if_fail (REG_IS_CONTACT (b), FALSE);

  for (guint i = 0; i < N_FIELDS; i++)
    if (g_strcmp0 (get_field (a, i), get_field (b, i)) != 0)
      return FALSE;

  return a->id == b->id &&
         g_strcmp0 (a->birthday, b->birthday) == 0 &&
         a->customer_type == b->customer_type &&
         a->consent == b->consent &&
         a->consent_at == b->consent_at &&
         a->created_at == b->created_at &&
         strv_equal0 (a->tags, b->tags);
}

/**
 * reg_contact_is_blank:
 *
 * Whether nothing at all has been filled in.
 */
gboolean
reg_contact_is_blank (RegContact *self)
{
  g_return_val_if_fail (REG_IS_CONTACT (self), TRUE);

  for (guint i = 0; i < N_FIELDS; i++)
    if (get_field (self, i)[0] != '\0')
      return FALSE;

  return self->birthday == NULL &&
         self->customer_type == REG_CUSTOMER_TYPE_RETAIL &&
         self->consent == REG_CONSENT_UNKNOWN &&
         (self->tags == NULL || self->tags[0] == NULL);
}

gint64
reg_contact_get_id (RegContact *self)
{
  g_return_val_if_fail (REG_IS_CONTACT (self), 0);

  return self->id;
}

void
reg_contact_set_id (RegContact *self,
                    gint64      id)
{
  g_return_if_fail (REG_IS_CONTACT (self));

  if (self->id != id)
    {
      self->id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
    }
}

/**
 * reg_contact_dup_display_name:
 *
 * The name a shop owner knows the customer by: their name, else their
 * company, else their e-mail address.
 *
 * Returns: (transfer full): the name to show, never empty.
 */
char *
reg_contact_dup_display_name (RegContact *self)
{
  g_autofree char *given = NULL;
  g_autofree char *family = NULL;
  g_autofree char *company = NULL;
  g_autofree char *email = NULL;

  g_return_val_if_fail (REG_IS_CONTACT (self), NULL);

  given = reg_text_strip (get_field (self, FIELD_GIVEN_NAME));
  family = reg_text_strip (get_field (self, FIELD_FAMILY_NAME));

  if (given != NULL && family != NULL)
    /* Translators: how a customer's name is shown: given name, then family name */
    return g_strdup_printf (C_("full name", "%s %s"), given, family);
  if (given != NULL)
    return g_steal_pointer (&given);
  if (family != NULL)
    return g_steal_pointer (&family);

  if ((company = reg_text_strip (get_field (self, FIELD_COMPANY))))
    return g_steal_pointer (&company);
  if ((email = reg_text_strip (get_field (self, FIELD_EMAIL))))
    return g_steal_pointer (&email);

  return g_strdup (_("Unnamed customer"));
}

#define DEFINE_FIELD_ACCESSORS(name, FIELD)                     \
  const char *                                                  \
  reg_contact_get_##name (RegContact *self)                     \
  {                                                             \
    return get_field (self, FIELD);                             \
  }                                                             \
                                                                \
  void                                                          \
  reg_contact_set_##name (RegContact *self,                     \
                          const char *value)                    \
  {                                                             \
    set_field (self, FIELD, value);                             \
  }

DEFINE_FIELD_ACCESSORS (given_name, FIELD_GIVEN_NAME)
DEFINE_FIELD_ACCESSORS (family_name, FIELD_FAMILY_NAME)
DEFINE_FIELD_ACCESSORS (email, FIELD_EMAIL)
DEFINE_FIELD_ACCESSORS (phone, FIELD_PHONE)
DEFINE_FIELD_ACCESSORS (company, FIELD_COMPANY)
DEFINE_FIELD_ACCESSORS (street, FIELD_STREET)
DEFINE_FIELD_ACCESSORS (postcode, FIELD_POSTCODE)
DEFINE_FIELD_ACCESSORS (city, FIELD_CITY)
DEFINE_FIELD_ACCESSORS (country, FIELD_COUNTRY)
DEFINE_FIELD_ACCESSORS (note, FIELD_NOTE)

#undef DEFINE_FIELD_ACCESSORS

/**
 * reg_contact_get_birthday:
 *
 * Returns: (nullable): the birthday as "YYYY-MM-DD", or %NULL when unknown.
 */
static gboolean
field_of (RegContactField  which,
          Field           *field)
{
  static const RegContactField bits[N_FIELDS] = {
    [FIELD_GIVEN_NAME] = REG_CONTACT_FIELD_GIVEN_NAME,
    [FIELD_FAMILY_NAME] = REG_CONTACT_FIELD_FAMILY_NAME,
    [FIELD_EMAIL] = REG_CONTACT_FIELD_EMAIL,
    [FIELD_PHONE] = REG_CONTACT_FIELD_PHONE,
    [FIELD_COMPANY] = REG_CONTACT_FIELD_COMPANY,
    [FIELD_STREET] = REG_CONTACT_FIELD_STREET,
    [FIELD_POSTCODE] = REG_CONTACT_FIELD_POSTCODE,
    [FIELD_CITY] = REG_CONTACT_FIELD_CITY,
    [FIELD_COUNTRY] = REG_CONTACT_FIELD_COUNTRY,
    [FIELD_NOTE] = REG_CONTACT_FIELD_NOTE,
  };

  for (guint i = 0; i < N_FIELDS; i++)
    if (bits[i] == which)
      {
        *field = i;
        return TRUE;
      }

  return FALSE;
}

/**
 * reg_contact_get_text:
 * @which: one text field: a name, e-mail, phone, company, an address part or the note
 *
 * Returns: (nullable): that field, for code that treats fields alike
 */
const char *
reg_contact_get_text (RegContact      *self,
                      RegContactField  which)
{
  Field field;

  g_return_val_if_fail (REG_IS_CONTACT (self), NULL);
  g_return_val_if_fail (field_of (which, &field), NULL);

  return get_field (self, field);
}

void
reg_contact_set_text (RegContact      *self,
                      RegContactField  which,
                      const char      *value)
{
  Field field;

  g_return_if_fail (REG_IS_CONTACT (self));
  g_return_if_fail (field_of (which, &field));

  set_field (self, field, value);
}

const char *
reg_contact_get_birthday (RegContact *self)
{
  g_return_val_if_fail (REG_IS_CONTACT (self), NULL);

  return self->birthday;
}

/**
 * reg_contact_set_birthday:
 * @birthday: (nullable): a date as "YYYY-MM-DD"; anything else clears it
 */
void
reg_contact_set_birthday (RegContact *self,
                          const char *birthday)
{
  g_autofree char *value = NULL;
  GDate date;

  g_return_if_fail (REG_IS_CONTACT (self));

  if (birthday != NULL && strlen (birthday) == 10 && birthday[4] == '-' && birthday[7] == '-')
    {
      guint y = g_ascii_strtoull (birthday, NULL, 10);
      guint m = g_ascii_strtoull (birthday + 5, NULL, 10);
      guint d = g_ascii_strtoull (birthday + 8, NULL, 10);

      if (g_date_valid_dmy (d, m, y))
        {
          g_date_clear (&date, 1);
          g_date_set_dmy (&date, d, m, y);
          value = g_strdup_printf ("%04u-%02u-%02u", y, m, d);
        }
    }

  if (g_strcmp0 (value, self->birthday) == 0)
    return;

  g_free (self->birthday);
  self->birthday = g_steal_pointer (&value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BIRTHDAY]);
}

RegCustomerType
reg_contact_get_customer_type (RegContact *self)
{
  g_return_val_if_fail (REG_IS_CONTACT (self), REG_CUSTOMER_TYPE_RETAIL);

  return self->customer_type;
}

void
reg_contact_set_customer_type (RegContact      *self,
                               RegCustomerType  customer_type)
{
  g_return_if_fail (REG_IS_CONTACT (self));
  g_return_if_fail (customer_type <= REG_CUSTOMER_TYPE_WHOLESALE);

  if (self->customer_type != customer_type)
    {
      self->customer_type = customer_type;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER_TYPE]);
    }
}

RegConsent
reg_contact_get_consent (RegContact *self)
{
  g_return_val_if_fail (REG_IS_CONTACT (self), REG_CONSENT_UNKNOWN);

  return self->consent;
}

void
reg_contact_set_consent (RegContact *self,
                         RegConsent  consent)
{
  g_return_if_fail (REG_IS_CONTACT (self));
  g_return_if_fail (consent <= REG_CONSENT_NO);

  if (self->consent != consent)
    {
      self->consent = consent;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONSENT]);
    }
}

/**
 * reg_contact_get_consent_at:
 *
 * Returns: when the consent was given or refused, in Unix seconds (UTC);
 *   0 when not known.
 */
gint64
reg_contact_get_consent_at (RegContact *self)
{
  g_return_val_if_fail (REG_IS_CONTACT (self), 0);

  return self->consent_at;
}

void
reg_contact_set_consent_at (RegContact *self,
                            gint64      consent_at)
{
  g_return_if_fail (REG_IS_CONTACT (self));

  if (self->consent_at != consent_at)
    {
      self->consent_at = consent_at;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONSENT_AT]);
    }
}

/**
 * reg_contact_get_created_at:
 *
 * Returns: when the customer was first recorded, in Unix seconds (UTC).
 */
gint64
reg_contact_get_created_at (RegContact *self)
{
  g_return_val_if_fail (REG_IS_CONTACT (self), 0);

  return self->created_at;
}

void
reg_contact_set_created_at (RegContact *self,
                            gint64      created_at)
{
  g_return_if_fail (REG_IS_CONTACT (self));

  if (self->created_at != created_at)
    {
      self->created_at = created_at;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED_AT]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SINCE_TEXT]);
    }
}

/**
 * reg_contact_get_tags:
 *
 * Returns: (transfer none) (nullable) (array zero-terminated=1): the tags,
 *   %NULL when there are none or they were not loaded.
 */
const char * const *
reg_contact_get_tags (RegContact *self)
{
  g_return_val_if_fail (REG_IS_CONTACT (self), NULL);

  return (const char * const *)self->tags;
}

/**
 * reg_contact_set_tags:
 *
 * Tags are trimmed; empty ones and those that differ from an earlier one
 * only in case or accents are dropped.
 */
void
reg_contact_set_tags (RegContact         *self,
                      const char * const *tags)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) value = NULL;

  g_return_if_fail (REG_IS_CONTACT (self));

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      g_autofree char *tag = reg_text_strip (tags[i]);
      g_autofree char *key = NULL;

      if (tag == NULL)
        continue;

      key = reg_text_fold (tag);
      if (!g_hash_table_add (seen, g_steal_pointer (&key)))
        continue;

      g_strv_builder_add (builder, tag);
    }

  value = g_strv_builder_end (builder);
  if (value[0] == NULL)
    g_clear_pointer (&value, g_strfreev);

  if (strv_equal0 (value, self->tags) && (value == NULL) == (self->tags == NULL))
    return;

  g_strfreev (self->tags);
  self->tags = g_steal_pointer (&value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAGS]);
}

/**
 * reg_contact_dup_tags_text:
 *
 * Returns: (transfer full): the tags as one line, "vip, wholesale".
 */
char *
reg_contact_dup_tags_text (RegContact *self)
{
  g_return_val_if_fail (REG_IS_CONTACT (self), NULL);

  if (self->tags == NULL)
    return g_strdup ("");

  return g_strjoinv (", ", self->tags);
}

/**
 * reg_contact_set_tags_text:
 * @text: tags separated by commas
 */
void
reg_contact_set_tags_text (RegContact *self,
                           const char *text)
{
  g_auto(GStrv) tags = NULL;

  g_return_if_fail (REG_IS_CONTACT (self));

  tags = g_strsplit (text ? text : "", ",", -1);
  reg_contact_set_tags (self, (const char * const *)tags);
}

/**
 * reg_contact_dup_since_text:
 *
 * Returns: (transfer full): the month and year the customer was first
 *   recorded, in local time and the user's language ("March 2024").
 */
char *
reg_contact_dup_since_text (RegContact *self)
{
  g_autoptr(GDateTime) dt = NULL;

  g_return_val_if_fail (REG_IS_CONTACT (self), NULL);

  if (self->created_at <= 0 ||
      !(dt = g_date_time_new_from_unix_local (self->created_at)))
    return g_strdup ("");

  /* Translators: "customer since" column: stand-alone month name and year, see strftime */
  return g_date_time_format (dt, _("%OB %Y"));
}

RegOrigin
reg_contact_get_origin (RegContact *self)
{
  g_return_val_if_fail (REG_IS_CONTACT (self), REG_ORIGIN_MANUAL);

  return self->origin;
}

void
reg_contact_set_origin (RegContact *self,
                        RegOrigin   origin)
{
  g_return_if_fail (REG_IS_CONTACT (self));

  self->origin = origin;
}

/**
 * reg_contact_get_manual_fields:
 *
 * Returns: the fields the owner typed by hand, which imports and shops
 *   leave alone unless told to overwrite them.
 */
RegContactField
reg_contact_get_manual_fields (RegContact *self)
{
  g_return_val_if_fail (REG_IS_CONTACT (self), 0);

  return self->manual_fields;
}

void
reg_contact_set_manual_fields (RegContact      *self,
                               RegContactField  fields)
{
  g_return_if_fail (REG_IS_CONTACT (self));

  self->manual_fields = fields;
}

/**
 * reg_contact_set_figures:
 *
 * Sets what the store computed from the customer's orders. Only the store
 * calls this.
 */
void
reg_contact_set_figures (RegContact *self,
                         guint       n_orders,
                         gint64      total_spent,
                         const char *spent_currency,
                         gint64      first_order_at,
                         gint64      last_order_at)
{
  g_return_if_fail (REG_IS_CONTACT (self));

  self->n_orders = n_orders;
  self->total_spent = total_spent;
  if (g_strcmp0 (self->spent_currency, spent_currency) != 0)
    {
      g_free (self->spent_currency);
      self->spent_currency = g_strdup (spent_currency);
    }
  self->first_order_at = first_order_at;
  self->last_order_at = last_order_at;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORDERS_TEXT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPENT_TEXT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ORDER_TEXT]);
}

guint
reg_contact_get_n_orders (RegContact *self)
{
  g_return_val_if_fail (REG_IS_CONTACT (self), 0);

  return self->n_orders;
}

gint64
reg_contact_get_total_spent (RegContact *self)
{
  g_return_val_if_fail (REG_IS_CONTACT (self), 0);

  return self->total_spent;
}

const char *
reg_contact_get_spent_currency (RegContact *self)
{
  g_return_val_if_fail (REG_IS_CONTACT (self), NULL);

  return self->spent_currency;
}

gint64
reg_contact_get_last_order_at (RegContact *self)
{
  g_return_val_if_fail (REG_IS_CONTACT (self), 0);

  return self->last_order_at;
}

gint64
reg_contact_get_first_order_at (RegContact *self)
{
  g_return_val_if_fail (REG_IS_CONTACT (self), 0);

  return self->first_order_at;
}

/**
 * reg_contact_dup_spent_text:
 *
 * Returns: (transfer full): what the customer spent, in the user's
 *   locale ("1.234,50 €"), or "" before their first order.
 */
char *
reg_contact_dup_spent_text (RegContact *self)
{
  g_return_val_if_fail (REG_IS_CONTACT (self), NULL);

  if (self->n_orders == 0 || self->spent_currency == NULL)
    return g_strdup ("");

  return reg_money_format (self->total_spent, self->spent_currency);
}

/**
 * reg_contact_dup_last_order_text:
 *
 * Returns: (transfer full): the local date of the last order, "" if none.
 */
char *
reg_contact_dup_last_order_text (RegContact *self)
{
  g_autoptr(GDateTime) dt = NULL;

  g_return_val_if_fail (REG_IS_CONTACT (self), NULL);

  if (self->last_order_at <= 0 ||
      !(dt = g_date_time_new_from_unix_local (self->last_order_at)))
    return g_strdup ("");

  return g_date_time_format (dt, "%x");
}

/**
 * reg_contact_get_filled_fields:
 *
 * Returns: the fields that hold a value.
 */
RegContactField
reg_contact_get_filled_fields (RegContact *self)
{
  static const RegContactField text_bits[N_FIELDS] = {
    [FIELD_GIVEN_NAME] = REG_CONTACT_FIELD_GIVEN_NAME,
    [FIELD_FAMILY_NAME] = REG_CONTACT_FIELD_FAMILY_NAME,
    [FIELD_EMAIL] = REG_CONTACT_FIELD_EMAIL,
    [FIELD_PHONE] = REG_CONTACT_FIELD_PHONE,
    [FIELD_COMPANY] = REG_CONTACT_FIELD_COMPANY,
    [FIELD_STREET] = REG_CONTACT_FIELD_STREET,
    [FIELD_POSTCODE] = REG_CONTACT_FIELD_POSTCODE,
    [FIELD_CITY] = REG_CONTACT_FIELD_CITY,
    [FIELD_COUNTRY] = REG_CONTACT_FIELD_COUNTRY,
    [FIELD_NOTE] = REG_CONTACT_FIELD_NOTE,
  };
  RegContactField filled = 0;

  g_return_val_if_fail (REG_IS_CONTACT (self), 0);

  for (guint i = 0; i < N_FIELDS; i++)
    if (self->fields[i] != NULL && self->fields[i][0] != '\0')
      filled |= text_bits[i];
  if (self->birthday != NULL)
    filled |= REG_CONTACT_FIELD_BIRTHDAY;
  if (self->customer_type != REG_CUSTOMER_TYPE_RETAIL)
    filled |= REG_CONTACT_FIELD_CUSTOMER_TYPE;
  if (self->consent != REG_CONSENT_UNKNOWN)
    filled |= REG_CONTACT_FIELD_CONSENT;

  return filled;
}
