/* reg-segment.c: segments, saved live rules over the customers
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "reg-segment"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "reg-analysis.h"
#include "reg-money.h"
#include "reg-segment.h"
#include "reg-store-private.h"
#include "reg-text.h"

/* Limits that keep every figure far from overflowing, and dates within
 * what GDateTime handles in any time zone. */
#define MAX_AMOUNT   G_GINT64_CONSTANT (1000000000000000)  /* 10^15 minor units */
#define MAX_COUNT    G_GINT64_CONSTANT (1000000000)
#define MAX_DAYS     36500
#define MAX_BIRTHDAY_DAYS 365
#define MIN_YEAR     1000
#define MAX_YEAR     9998
#define MAX_QUOTED_CHARS 40

/* Statuses of orders that count (RegOrderStatus PAID, PARTIALLY_REFUNDED),
 * as the store's figures count them. */
#define COUNTED_STATUSES "(1, 2)"

#define OP(x) (1u << REG_SEGMENT_OP_##x)

static const char * const op_names[REG_SEGMENT_N_OPS] = {
  [REG_SEGMENT_OP_IS] = "is",
  [REG_SEGMENT_OP_IS_NOT] = "is_not",
  [REG_SEGMENT_OP_GT] = "gt",
  [REG_SEGMENT_OP_LT] = "lt",
  [REG_SEGMENT_OP_BETWEEN] = "between",
  [REG_SEGMENT_OP_BEFORE] = "before",
  [REG_SEGMENT_OP_AFTER] = "after",
  [REG_SEGMENT_OP_IN_LAST_DAYS] = "in_last_days",
  [REG_SEGMENT_OP_MORE_THAN_DAYS_AGO] = "more_than_days_ago",
  [REG_SEGMENT_OP_CONTAINS] = "contains",
  [REG_SEGMENT_OP_NOT_CONTAINS] = "not_contains",
  [REG_SEGMENT_OP_HAS] = "has",
  [REG_SEGMENT_OP_HAS_NOT] = "has_not",
  [REG_SEGMENT_OP_STARTS_WITH] = "starts_with",
  [REG_SEGMENT_OP_IN] = "in",
  [REG_SEGMENT_OP_IN_MONTH] = "in_month",
  [REG_SEGMENT_OP_WITHIN_NEXT_DAYS] = "within_next_days",
};

#define DATE_OPS (OP (BEFORE) | OP (AFTER) | OP (BETWEEN) | OP (IN_LAST_DAYS) | OP (MORE_THAN_DAYS_AGO))

static const struct
{
  const char *name;
  guint       ops;
} fields[REG_SEGMENT_N_FIELDS] = {
  [REG_SEGMENT_FIELD_TOTAL_SPENT] = { "total_spent", OP (GT) | OP (LT) | OP (BETWEEN) },
  [REG_SEGMENT_FIELD_AVG_ORDER] = { "avg_order", OP (GT) | OP (LT) | OP (BETWEEN) },
  [REG_SEGMENT_FIELD_N_ORDERS] = { "n_orders", OP (IS) | OP (IS_NOT) | OP (GT) | OP (LT) | OP (BETWEEN) },
  [REG_SEGMENT_FIELD_FIRST_ORDER] = { "first_order", DATE_OPS },
  [REG_SEGMENT_FIELD_LAST_ORDER] = { "last_order", DATE_OPS },
  [REG_SEGMENT_FIELD_BOUGHT] = { "bought", OP (CONTAINS) | OP (NOT_CONTAINS) },
  [REG_SEGMENT_FIELD_TAG] = { "tag", OP (HAS) | OP (HAS_NOT) },
  [REG_SEGMENT_FIELD_CITY] = { "city", OP (IS) | OP (IS_NOT) | OP (CONTAINS) },
  [REG_SEGMENT_FIELD_POSTCODE] = { "postcode", OP (STARTS_WITH) },
  [REG_SEGMENT_FIELD_COUNTRY] = { "country", OP (IS) | OP (IS_NOT) | OP (IN) },
  [REG_SEGMENT_FIELD_CUSTOMER_TYPE] = { "customer_type", OP (IS) | OP (IS_NOT) },
  [REG_SEGMENT_FIELD_CONSENT] = { "consent", OP (IS) | OP (IS_NOT) },
  [REG_SEGMENT_FIELD_SOURCE] = { "source", OP (IS) | OP (IS_NOT) },
  [REG_SEGMENT_FIELD_BIRTHDAY] = { "birthday", OP (IN_MONTH) | OP (WITHIN_NEXT_DAYS) },
  [REG_SEGMENT_FIELD_RFM_GROUP] = { "rfm_group", OP (IS) | OP (IS_NOT) | OP (IN) },
  [REG_SEGMENT_FIELD_ABC_CLASS] = { "abc_class", OP (IS) | OP (IS_NOT) },
  [REG_SEGMENT_FIELD_LIST] = { "list", OP (IS) | OP (IS_NOT) | OP (HAS) },
};

/* The values of the fields that take a choice, by their JSON key. */
typedef struct
{
  const char *key;
  int         value;
} Choice;

static const Choice customer_types[] = {
  { "retail", REG_CUSTOMER_TYPE_RETAIL },
  { "wholesale", REG_CUSTOMER_TYPE_WHOLESALE },
};

static const Choice consents[] = {
  { "yes", REG_CONSENT_YES },
  { "no", REG_CONSENT_NO },
  { "unknown", REG_CONSENT_UNKNOWN },
};

static const Choice origins[] = {
  { "manual", REG_ORIGIN_MANUAL },
  { "csv", REG_ORIGIN_CSV },
  { "woocommerce", REG_ORIGIN_WOOCOMMERCE },
  { "shopify", REG_ORIGIN_SHOPIFY },
};

static const Choice abc_classes[] = {
  { "A", 'A' },
  { "B", 'B' },
  { "C", 'C' },
};

/* The names Regulars gives countries when it reads a code (see the CSV
 * import), so a rule written either way finds customers stored either way. */
static const struct { const char *code; const char *name; } countries[] = {
  { "AT", "Austria" }, { "AU", "Australia" }, { "BE", "Belgium" }, { "BG", "Bulgaria" },
  { "BR", "Brazil" }, { "CA", "Canada" }, { "CH", "Switzerland" }, { "CN", "China" },
  { "CY", "Cyprus" }, { "CZ", "Czechia" }, { "DE", "Germany" }, { "DK", "Denmark" },
  { "EE", "Estonia" }, { "ES", "Spain" }, { "FI", "Finland" }, { "FR", "France" },
  { "GB", "United Kingdom" }, { "GR", "Greece" }, { "HR", "Croatia" }, { "HU", "Hungary" },
  { "IE", "Ireland" }, { "IL", "Israel" }, { "IN", "India" }, { "IS", "Iceland" },
  { "IT", "Italy" }, { "JP", "Japan" }, { "KR", "South Korea" }, { "LI", "Liechtenstein" },
  { "LT", "Lithuania" }, { "LU", "Luxembourg" }, { "LV", "Latvia" }, { "MT", "Malta" },
  { "MX", "Mexico" }, { "NL", "Netherlands" }, { "NO", "Norway" }, { "NZ", "New Zealand" },
  { "PL", "Poland" }, { "PT", "Portugal" }, { "RO", "Romania" }, { "RS", "Serbia" },
  { "SE", "Sweden" }, { "SG", "Singapore" }, { "SI", "Slovenia" }, { "SK", "Slovakia" },
  { "TR", "Turkey" }, { "UA", "Ukraine" }, { "US", "United States" }, { "ZA", "South Africa" },
};

/* What the customer list sorts by, as reg_store_query_contact_ids() does. */
static const char * const sort_columns[] = {
  [REG_CONTACT_SORT_NAME] = "sort_name",
  [REG_CONTACT_SORT_EMAIL] = "sort_email",
  [REG_CONTACT_SORT_CITY] = "sort_city",
  [REG_CONTACT_SORT_CREATED] = "created_at",
  [REG_CONTACT_SORT_ORDERS] = "n_orders",
  [REG_CONTACT_SORT_SPENT] = "total_spent",
  [REG_CONTACT_SORT_LAST_ORDER] = "last_order_at",
};

typedef struct
{
  GString *sql;
  GArray  *params;
  GDate    today;
} Compiler;

G_DEFINE_QUARK (reg-segment-error-quark, reg_segment_error)

static char *
quote_text (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);
  g_autofree char *start = NULL;

  if (g_utf8_strlen (valid, -1) <= MAX_QUOTED_CHARS)
    return g_steal_pointer (&valid);

  start = g_utf8_substring (valid, 0, MAX_QUOTED_CHARS - 1);

  return g_strconcat (start, "…", NULL);
}

static gboolean
is_money_field (RegSegmentField field)
{
  return field == REG_SEGMENT_FIELD_TOTAL_SPENT || field == REG_SEGMENT_FIELD_AVG_ORDER;
}

static const Choice *
field_choices (RegSegmentField  field,
               guint           *n_choices)
{
  switch (field)
    {
    case REG_SEGMENT_FIELD_CUSTOMER_TYPE:
      *n_choices = G_N_ELEMENTS (customer_types);
      return customer_types;
    case REG_SEGMENT_FIELD_CONSENT:
      *n_choices = G_N_ELEMENTS (consents);
      return consents;
    case REG_SEGMENT_FIELD_SOURCE:
      *n_choices = G_N_ELEMENTS (origins);
      return origins;
    case REG_SEGMENT_FIELD_ABC_CLASS:
      *n_choices = G_N_ELEMENTS (abc_classes);
      return abc_classes;
    default:
      *n_choices = 0;
      return NULL;
    }
}

static gboolean
takes_choice (RegSegmentField field)
{
  guint n;

  return field == REG_SEGMENT_FIELD_RFM_GROUP || field_choices (field, &n) != NULL;
}

/* The choice @text names, ignoring case, and its canonical key. */
static gboolean
lookup_choice (RegSegmentField   field,
               const char       *text,
               int              *value,
               const char      **key)
{
  const Choice *choices;
  guint n;

  if (text == NULL)
    return FALSE;

  if (field == REG_SEGMENT_FIELD_RFM_GROUP)
    {
      RegRfmGroup group = reg_rfm_group_from_key (text);

      if (group == REG_RFM_NONE && g_ascii_strcasecmp (text, reg_rfm_group_get_key (REG_RFM_NONE)) != 0)
        return FALSE;
      *value = group;
      *key = reg_rfm_group_get_key (group);
      return TRUE;
    }

  choices = field_choices (field, &n);
  for (guint i = 0; i < n; i++)
    if (g_ascii_strcasecmp (text, choices[i].key) == 0)
      {
        *value = choices[i].value;
        *key = choices[i].key;
        return TRUE;
      }

  return FALSE;
}

static char *
dup_choice_list (RegSegmentField field)
{
  GString *list = g_string_new (NULL);
  const Choice *choices;
  guint n;

  if (field == REG_SEGMENT_FIELD_RFM_GROUP)
    {
      for (RegRfmGroup g = REG_RFM_NONE; g < REG_RFM_N_GROUPS; g++)
        g_string_append_printf (list, "%s%s", g > REG_RFM_NONE ? ", " : "", reg_rfm_group_get_key (g));
      return g_string_free (list, FALSE);
    }

  choices = field_choices (field, &n);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (list, "%s%s", i > 0 ? ", " : "", choices[i].key);

  return g_string_free (list, FALSE);
}

/* A strict "YYYY-MM-DD". */
static gboolean
parse_date (const char *text,
            GDate      *date)
{
  guint y, m, d;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  y = g_ascii_strtoull (text, NULL, 10);
  m = g_ascii_strtoull (text + 5, NULL, 10);
  d = g_ascii_strtoull (text + 8, NULL, 10);
  if (y < MIN_YEAR || y > MAX_YEAR || !g_date_valid_dmy (d, m, y))
    return FALSE;

  g_date_clear (date, 1);
  g_date_set_dmy (date, d, m, y);

  return TRUE;
}

/* When the local day @date begins, in Unix seconds. */
static gint64
local_day_start (const GDate *date)
{
  g_autoptr(GDateTime) dt = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date),
                                                   g_date_get_day (date), 0, 0, 0);

  g_assert (dt != NULL);

  return g_date_time_to_unix (dt);
}

static void
local_date (gint64  unix_time,
            GDate  *date)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_time);

  g_date_clear (date, 1);
  if (dt == NULL)
    g_date_set_dmy (date, 1, 1, 1970);
  else
    g_date_set_dmy (date, g_date_time_get_day_of_month (dt), g_date_time_get_month (dt),
                    g_date_time_get_year (dt));
}

static void
condition_free (gpointer data)
{
  RegSegmentCondition *condition = data;

  g_array_unref (condition->numbers);
  g_ptr_array_unref (condition->texts);
  g_free (condition->currency);
  g_free (condition);
}

static RegSegmentCondition *
condition_new (RegSegmentField field,
               RegSegmentOp    op)
{
  RegSegmentCondition *condition = g_new0 (RegSegmentCondition, 1);

  condition->field = field;
  condition->op = op;
  condition->numbers = g_array_new (FALSE, FALSE, sizeof (gint64));
  condition->texts = g_ptr_array_new_with_free_func (g_free);

  return condition;
}

static gboolean
group_is_empty (const RegSegmentRule *group)
{
  if (group->conditions->len > 0)
    return FALSE;

  for (guint i = 0; i < group->groups->len; i++)
    if (!group_is_empty (g_ptr_array_index (group->groups, i)))
      return FALSE;

  return TRUE;
}

static gboolean
set_value_error (GError     **error,
                 const char  *message)
{
  g_set_error_literal (error, REG_SEGMENT_ERROR, REG_SEGMENT_ERROR_BAD_VALUE, message);
  return FALSE;
}

static gboolean
check_number_range (const RegSegmentCondition  *condition,
                    gint64                      min,
                    gint64                      max,
                    GError                    **error)
{
  const char *name = fields[condition->field].name;

  for (guint i = 0; i < condition->numbers->len; i++)
    {
      gint64 number = g_array_index (condition->numbers, gint64, i);
      g_autofree char *message = NULL;

      if (number >= min && number <= max)
        continue;

      if (condition->op == REG_SEGMENT_OP_IN_MONTH)
        {
          g_autofree char *month = g_strdup_printf ("%" G_GINT64_FORMAT, number);

          message = g_strdup_printf (_("There is no month %s; months go from 1 to 12."), month);
        }
      else if (number < 0)
        message = g_strdup_printf (_("The condition on “%s” cannot use a negative number."), name);
      else
        message = g_strdup_printf (_("The number in the condition on “%s” is too large."), name);

      return set_value_error (error, message);
    }

  return TRUE;
}

static gboolean
check_condition (const RegSegmentCondition  *condition,
                 GError                    **error)
{
  RegSegmentField field = condition->field;
  RegSegmentOp op = condition->op;
  const char *name;
  gboolean numbers;
  guint n, n_other;

  if ((guint)field >= REG_SEGMENT_N_FIELDS)
    {
      g_set_error_literal (error, REG_SEGMENT_ERROR, REG_SEGMENT_ERROR_UNKNOWN_FIELD,
                           _("The rule uses a field Regulars does not know."));
      return FALSE;
    }
  name = fields[field].name;

  if ((guint)op >= REG_SEGMENT_N_OPS)
    {
      g_set_error_literal (error, REG_SEGMENT_ERROR, REG_SEGMENT_ERROR_UNKNOWN_OPERATOR,
                           _("The rule uses a comparison Regulars does not know."));
      return FALSE;
    }

  if (!reg_segment_field_allows_op (field, op))
    {
      GString *allowed = g_string_new (NULL);
      g_autofree char *list = NULL;

      for (RegSegmentOp o = 0; o < REG_SEGMENT_N_OPS; o++)
        if (reg_segment_field_allows_op (field, o))
          g_string_append_printf (allowed, "%s%s", allowed->len > 0 ? ", " : "", op_names[o]);
      list = g_string_free (allowed, FALSE);

      g_set_error (error, REG_SEGMENT_ERROR, REG_SEGMENT_ERROR_UNKNOWN_OPERATOR,
                   _("The field “%s” cannot be compared with “%s”; it takes %s."),
                   name, op_names[op], list);
      return FALSE;
    }

  numbers = reg_segment_condition_takes_numbers (field, op);
  n = numbers ? condition->numbers->len : condition->texts->len;
  n_other = numbers ? condition->texts->len : condition->numbers->len;

  if (n_other > 0)
    {
      g_autofree char *message =
        numbers ? g_strdup_printf (_("The condition on “%s” needs a whole number, not text."), name)
                : g_strdup_printf (_("The condition on “%s” needs text, not a number."), name);
      return set_value_error (error, message);
    }

  if (op == REG_SEGMENT_OP_BETWEEN && n != 2)
    {
      g_autofree char *message =
        g_strdup_printf (_("“between” needs two values, the lower and the upper end, in the condition on “%s”."),
                         name);
      return set_value_error (error, message);
    }
  if (op == REG_SEGMENT_OP_IN && n == 0)
    {
      g_autofree char *message =
        g_strdup_printf (_("“in” needs a list of one or more values, in the condition on “%s”."), name);
      return set_value_error (error, message);
    }
  if (op != REG_SEGMENT_OP_BETWEEN && op != REG_SEGMENT_OP_IN && n != 1)
    {
      g_autofree char *message = g_strdup_printf (_("The condition on “%s” needs one value."), name);
      return set_value_error (error, message);
    }

  if (condition->currency != NULL && !is_money_field (field))
    {
      g_autofree char *message = g_strdup_printf (_("Only amounts have a currency, not “%s”."), name);
      return set_value_error (error, message);
    }

  switch (field)
    {
    case REG_SEGMENT_FIELD_TOTAL_SPENT:
    case REG_SEGMENT_FIELD_AVG_ORDER:
      if (condition->currency == NULL)
        {
          g_autofree char *message =
            g_strdup_printf (_("The condition on “%s” needs a currency, such as “EUR”."), name);
          return set_value_error (error, message);
        }
      if (!reg_currency_is_known (condition->currency))
        {
          g_autofree char *quoted = quote_text (condition->currency);
          g_autofree char *message = g_strdup_printf (_("“%s” is not a currency Regulars knows."), quoted);
          return set_value_error (error, message);
        }
      if (!check_number_range (condition, 0, MAX_AMOUNT, error))
        return FALSE;
      break;

    case REG_SEGMENT_FIELD_N_ORDERS:
      if (!check_number_range (condition, 0, MAX_COUNT, error))
        return FALSE;
      break;

    case REG_SEGMENT_FIELD_FIRST_ORDER:
    case REG_SEGMENT_FIELD_LAST_ORDER:
      if (numbers)
        {
          if (!check_number_range (condition, 0, MAX_DAYS, error))
            return FALSE;
          break;
        }
      for (guint i = 0; i < n; i++)
        {
          const char *text = g_ptr_array_index (condition->texts, i);
          GDate date;

          if (!parse_date (text, &date))
            {
              g_autofree char *quoted = quote_text (text);
              g_autofree char *message =
                g_strdup_printf (_("“%s” is not a date; write dates as YYYY-MM-DD, such as 2025-01-31."), quoted);
              return set_value_error (error, message);
            }
        }
      if (op == REG_SEGMENT_OP_BETWEEN &&
          strcmp (g_ptr_array_index (condition->texts, 0), g_ptr_array_index (condition->texts, 1)) > 0)
        {
          g_autofree char *message =
            g_strdup_printf (_("The first date of “between” must not be later than the second, in the "
                               "condition on “%s”."), name);
          return set_value_error (error, message);
        }
      break;

    case REG_SEGMENT_FIELD_BIRTHDAY:
      if (op == REG_SEGMENT_OP_IN_MONTH)
        {
          if (!check_number_range (condition, 1, 12, error))
            return FALSE;
        }
      else if (!check_number_range (condition, 0, MAX_BIRTHDAY_DAYS, error))
        return FALSE;
      break;

    case REG_SEGMENT_FIELD_BOUGHT:
    case REG_SEGMENT_FIELD_TAG:
    case REG_SEGMENT_FIELD_CITY:
    case REG_SEGMENT_FIELD_POSTCODE:
    case REG_SEGMENT_FIELD_COUNTRY:
    case REG_SEGMENT_FIELD_LIST:
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *stripped = reg_text_strip (g_ptr_array_index (condition->texts, i));

          if (stripped == NULL || !g_utf8_validate (stripped, -1, NULL))
            {
              g_autofree char *message = g_strdup_printf (_("The condition on “%s” needs a value."), name);
              return set_value_error (error, message);
            }
        }
      break;

    case REG_SEGMENT_FIELD_CUSTOMER_TYPE:
    case REG_SEGMENT_FIELD_CONSENT:
    case REG_SEGMENT_FIELD_SOURCE:
    case REG_SEGMENT_FIELD_RFM_GROUP:
    case REG_SEGMENT_FIELD_ABC_CLASS:
      for (guint i = 0; i < n; i++)
        {
          const char *text = g_ptr_array_index (condition->texts, i);
          const char *key;
          int value;

          if (!lookup_choice (field, text, &value, &key))
            {
              g_autofree char *quoted = quote_text (text);
              g_autofree char *list = dup_choice_list (field);
              g_autofree char *message =
                g_strdup_printf (_("“%s” is not a value “%s” can have; use one of: %s."), quoted, name, list);
              return set_value_error (error, message);
            }
        }
      break;

    default:
      g_assert_not_reached ();
    }

  if (op == REG_SEGMENT_OP_BETWEEN && numbers &&
      g_array_index (condition->numbers, gint64, 0) > g_array_index (condition->numbers, gint64, 1))
    {
      g_autofree char *message =
        g_strdup_printf (_("The first value of “between” must not be larger than the second, in the "
                           "condition on “%s”."), name);
      return set_value_error (error, message);
    }

  return TRUE;
}

static gboolean
check_group (const RegSegmentRule  *group,
             guint                  depth,
             GError               **error)
{
  if (depth > 1 && group->groups->len > 0)
    {
      g_set_error_literal (error, REG_SEGMENT_ERROR, REG_SEGMENT_ERROR_TOO_DEEP,
                           _("Groups nest only one level: a group inside a group cannot hold more groups."));
      return FALSE;
    }

  for (guint i = 0; i < group->conditions->len; i++)
    if (!check_condition (g_ptr_array_index (group->conditions, i), error))
      return FALSE;

  for (guint i = 0; i < group->groups->len; i++)
    if (!check_group (g_ptr_array_index (group->groups, i), depth + 1, error))
      return FALSE;

  return TRUE;
}

static gboolean
set_shape_error (GError     **error,
                 const char  *message)
{
  g_set_error_literal (error, REG_SEGMENT_ERROR, REG_SEGMENT_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
read_value (JsonNode             *node,
            RegSegmentCondition  *condition,
            GError              **error)
{
  const char *name = fields[condition->field].name;

  if (reg_segment_condition_takes_numbers (condition->field, condition->op))
    {
      GType type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
      gint64 number;

      if (type == G_TYPE_INT64)
        number = json_node_get_int (node);
      else if (type == G_TYPE_DOUBLE && json_node_get_double (node) == (double)(gint64)json_node_get_double (node) &&
               ABS (json_node_get_double (node)) < 9.0e15)
        number = (gint64)json_node_get_double (node);
      else
        {
          g_autofree char *message =
            is_money_field (condition->field)
              ? g_strdup_printf (_("The condition on “%s” needs an amount in whole minor units, such as "
                                   "20000 for 200.00."), name)
              : g_strdup_printf (_("The condition on “%s” needs a whole number."), name);
          return set_value_error (error, message);
        }

      g_array_append_val (condition->numbers, number);
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_autofree char *message =
        condition->field == REG_SEGMENT_FIELD_FIRST_ORDER || condition->field == REG_SEGMENT_FIELD_LAST_ORDER
          ? g_strdup_printf (_("The condition on “%s” needs a date as text, such as “2025-01-31”."), name)
          : g_strdup_printf (_("The condition on “%s” needs text."), name);
      return set_value_error (error, message);
    }

  reg_segment_condition_add_text (condition, json_node_get_string (node));

  return TRUE;
}

static gboolean
read_condition (JsonNode        *node,
                RegSegmentRule  *group,
                GError         **error)
{
  g_autoptr(GList) members = NULL;
  RegSegmentCondition *condition;
  RegSegmentField field;
  RegSegmentOp op;
  JsonObject *object;
  JsonNode *value;
  const char *text;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return set_shape_error (error, _("“conditions” must be a list of conditions, each a JSON object."));
  object = json_node_get_object (node);

  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_str_equal (l->data, "field") && !g_str_equal (l->data, "op") &&
        !g_str_equal (l->data, "value") && !g_str_equal (l->data, "currency"))
      {
        g_autofree char *quoted = quote_text (l->data);

        if (g_str_equal (l->data, "match") || g_str_equal (l->data, "conditions"))
          return set_shape_error (error, _("A group inside “conditions” belongs in “groups”."));

        g_set_error (error, REG_SEGMENT_ERROR, REG_SEGMENT_ERROR_INVALID,
                     _("The rule has a part Regulars does not know: “%s”."), quoted);
        return FALSE;
      }

  node = json_object_get_member (object, "field");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return set_shape_error (error, _("Every condition needs a “field”, such as “city”."));
  text = json_node_get_string (node);
  if (!reg_segment_field_from_string (text, &field))
    {
      g_autofree char *quoted = quote_text (text);

      g_set_error (error, REG_SEGMENT_ERROR, REG_SEGMENT_ERROR_UNKNOWN_FIELD,
                   _("The rule uses a field Regulars does not know: “%s”."), quoted);
      return FALSE;
    }

  node = json_object_get_member (object, "op");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, REG_SEGMENT_ERROR, REG_SEGMENT_ERROR_INVALID,
                   _("The condition on “%s” needs an “op”, such as “is”."), fields[field].name);
      return FALSE;
    }
  text = json_node_get_string (node);
  if (!reg_segment_op_from_string (text, &op))
    {
      g_autofree char *quoted = quote_text (text);

      g_set_error (error, REG_SEGMENT_ERROR, REG_SEGMENT_ERROR_UNKNOWN_OPERATOR,
                   _("The rule uses a comparison Regulars does not know: “%s”."), quoted);
      return FALSE;
    }

  condition = reg_segment_rule_add_condition (group, field, op);

  /* The operator first: its error says more than one about the value. */
  if (!reg_segment_field_allows_op (field, op))
    return check_condition (condition, error);

  value = json_object_get_member (object, "value");
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    {
      g_set_error (error, REG_SEGMENT_ERROR, REG_SEGMENT_ERROR_BAD_VALUE,
                   _("The condition on “%s” needs a “value”."), fields[field].name);
      return FALSE;
    }

  if (op == REG_SEGMENT_OP_BETWEEN || op == REG_SEGMENT_OP_IN)
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (value))
        return check_condition (condition, error);  /* says what it needs */

      array = json_node_get_array (value);
      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!read_value (json_array_get_element (array, i), condition, error))
          return FALSE;
    }
  else if (JSON_NODE_HOLDS_ARRAY (value))
    {
      g_set_error (error, REG_SEGMENT_ERROR, REG_SEGMENT_ERROR_BAD_VALUE,
                   _("The condition on “%s” needs one value, not a list."), fields[field].name);
      return FALSE;
    }
  else if (!read_value (value, condition, error))
    return FALSE;

  node = json_object_get_member (object, "currency");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return set_value_error (error, _("A currency is a code such as “EUR”."));
      reg_segment_condition_set_currency (condition, json_node_get_string (node));
    }

  return check_condition (condition, error);
}

static gboolean
read_group (JsonNode        *node,
            RegSegmentRule  *group,
            guint            depth,
            GError         **error)
{
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  JsonNode *member;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return set_shape_error (error, depth == 0 ? _("A rule must be a JSON object with “match” and “conditions”.")
                                              : _("“groups” must be a list of groups, each a JSON object."));
  object = json_node_get_object (node);

  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_str_equal (l->data, "match") && !g_str_equal (l->data, "conditions") &&
        !g_str_equal (l->data, "groups"))
      {
        g_autofree char *quoted = quote_text (l->data);

        g_set_error (error, REG_SEGMENT_ERROR, REG_SEGMENT_ERROR_INVALID,
                     _("The rule has a part Regulars does not know: “%s”."), quoted);
        return FALSE;
      }

  member = json_object_get_member (object, "match");
  if (member != NULL)
    {
      const char *match = JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING
                            ? json_node_get_string (member) : NULL;

      if (g_strcmp0 (match, "all") == 0)
        group->match = REG_SEGMENT_MATCH_ALL;
      else if (g_strcmp0 (match, "any") == 0)
        group->match = REG_SEGMENT_MATCH_ANY;
      else
        return set_shape_error (error, _("“match” must be “all” or “any”."));
    }

  member = json_object_get_member (object, "conditions");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (member))
        return set_shape_error (error, _("“conditions” must be a list of conditions, each a JSON object."));

      array = json_node_get_array (member);
      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!read_condition (json_array_get_element (array, i), group, error))
          return FALSE;
    }

  member = json_object_get_member (object, "groups");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (member))
        return set_shape_error (error, _("“groups” must be a list of groups, each a JSON object."));

      array = json_node_get_array (member);
      if (depth >= 1 && json_array_get_length (array) > 0)
        {
          g_set_error_literal (error, REG_SEGMENT_ERROR, REG_SEGMENT_ERROR_TOO_DEEP,
                               _("Groups nest only one level: a group inside a group cannot hold more groups."));
          return FALSE;
        }

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          RegSegmentRule *sub = reg_segment_rule_add_group (group, REG_SEGMENT_MATCH_ALL);

          if (!read_group (json_array_get_element (array, i), sub, depth + 1, error))
            return FALSE;
        }
    }

  return TRUE;
}

static void
write_value (JsonBuilder               *builder,
             const RegSegmentCondition *condition,
             guint                      i)
{
  if (reg_segment_condition_takes_numbers (condition->field, condition->op))
    json_builder_add_int_value (builder, g_array_index (condition->numbers, gint64, i));
  else
    json_builder_add_string_value (builder, g_ptr_array_index (condition->texts, i));
}

static void
write_group (JsonBuilder          *builder,
             const RegSegmentRule *group)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "match");
  json_builder_add_string_value (builder, group->match == REG_SEGMENT_MATCH_ANY ? "any" : "all");

  json_builder_set_member_name (builder, "conditions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < group->conditions->len; i++)
    {
      const RegSegmentCondition *condition = g_ptr_array_index (group->conditions, i);
      guint n = reg_segment_condition_takes_numbers (condition->field, condition->op)
                  ? condition->numbers->len : condition->texts->len;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, reg_segment_field_to_string (condition->field));
      json_builder_set_member_name (builder, "op");
      json_builder_add_string_value (builder, reg_segment_op_to_string (condition->op));
      json_builder_set_member_name (builder, "value");
      if (condition->op == REG_SEGMENT_OP_BETWEEN || condition->op == REG_SEGMENT_OP_IN)
        {
          json_builder_begin_array (builder);
          for (guint k = 0; k < n; k++)
            write_value (builder, condition, k);
          json_builder_end_array (builder);
        }
      else if (n > 0)
        write_value (builder, condition, 0);
      else
        json_builder_add_null_value (builder);
      if (condition->currency != NULL)
        {
          json_builder_set_member_name (builder, "currency");
          json_builder_add_string_value (builder, condition->currency);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (group->groups->len > 0)
    {
      json_builder_set_member_name (builder, "groups");
      json_builder_begin_array (builder);
      for (guint i = 0; i < group->groups->len; i++)
        write_group (builder, g_ptr_array_index (group->groups, i));
      json_builder_end_array (builder);
    }

  json_builder_end_object (builder);
}

static char *
dup_date_text (const char *iso)
{
  g_autoptr(GDateTime) dt = NULL;
  GDate date;

  if (!parse_date (iso, &date))
    return g_strdup (iso);

  dt = g_date_time_new_utc (g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date), 12, 0, 0);

  /* Translators: a day in a segment's description, "31 January 2025"; see
   * g_date_time_format() for the codes. */
  return g_date_time_format (dt, _("%-d %B %Y"));
}

/* "A, B and C" or "A, B or C". */
static char *
join_list (GPtrArray       *parts,
           RegSegmentMatch  match)
{
  char *text;

  if (parts->len == 0)
    return g_strdup ("");

  text = g_strdup (g_ptr_array_index (parts, 0));
  for (guint i = 1; i < parts->len; i++)
    {
      char *joined;

      if (i + 1 < parts->len)
        /* Translators: joins the items of a list but the last: "A, B" */
        joined = g_strdup_printf (_("%s, %s"), text, (char *)g_ptr_array_index (parts, i));
      else if (match == REG_SEGMENT_MATCH_ANY)
        /* Translators: joins the last item of a list of alternatives: "A, B or C" */
        joined = g_strdup_printf (_("%s or %s"), text, (char *)g_ptr_array_index (parts, i));
      else
        /* Translators: joins the last item of a list of conditions that all hold: "A, B and C" */
        joined = g_strdup_printf (_("%s and %s"), text, (char *)g_ptr_array_index (parts, i));
      g_free (text);
      text = joined;
    }

  return text;
}

/* A country as people say it: "Germany" for "DE". */
static const char *
country_display_name (const char *country)
{
  for (guint i = 0; i < G_N_ELEMENTS (countries); i++)
    if (g_ascii_strcasecmp (country, countries[i].code) == 0)
      return countries[i].name;

  return country;
}

static char *
dup_quoted_list (const RegSegmentCondition *condition,
                 gboolean                   rfm_titles)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < condition->texts->len; i++)
    {
      const char *text = g_ptr_array_index (condition->texts, i);
      const char *key;
      int value;

      if (rfm_titles && lookup_choice (REG_SEGMENT_FIELD_RFM_GROUP, text, &value, &key))
        text = reg_rfm_group_get_title (value);
      else if (!rfm_titles)
        text = country_display_name (text);

      g_ptr_array_add (parts, rfm_titles ? g_strdup_printf (_("“%s”"), text) : g_strdup (text));
    }

  return join_list (parts, REG_SEGMENT_MATCH_ANY);
}

static char *
describe_money (const RegSegmentCondition *condition)
{
  gboolean average = condition->field == REG_SEGMENT_FIELD_AVG_ORDER;
  g_autofree char *a = reg_money_format (g_array_index (condition->numbers, gint64, 0), condition->currency);
  g_autofree char *b = NULL;

  switch (condition->op)
    {
    case REG_SEGMENT_OP_GT:
      return g_strdup_printf (average ? _("spend more than %s an order on average") : _("spent more than %s"), a);
    case REG_SEGMENT_OP_LT:
      return g_strdup_printf (average ? _("spend less than %s an order on average") : _("spent less than %s"), a);
    case REG_SEGMENT_OP_BETWEEN:
      b = reg_money_format (g_array_index (condition->numbers, gint64, 1), condition->currency);
      return g_strdup_printf (average ? _("spend between %s and %s an order on average")
                                      : _("spent between %s and %s"), a, b);
    default:
      g_assert_not_reached ();
    }
}

static char *
describe_n_orders (const RegSegmentCondition *condition)
{
  int n = g_array_index (condition->numbers, gint64, 0);

  switch (condition->op)
    {
    case REG_SEGMENT_OP_IS:
      if (n == 0)
        return g_strdup (_("have not ordered yet"));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "placed exactly %d order", "placed exactly %d orders", n),
                              n);
    case REG_SEGMENT_OP_IS_NOT:
      if (n == 0)
        return g_strdup (_("have ordered at least once"));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "did not place exactly %d order",
                                           "did not place exactly %d orders", n), n);
    case REG_SEGMENT_OP_GT:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "placed more than %d order",
                                           "placed more than %d orders", n), n);
    case REG_SEGMENT_OP_LT:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "placed fewer than %d order",
                                           "placed fewer than %d orders", n), n);
    case REG_SEGMENT_OP_BETWEEN:
      return g_strdup_printf (_("placed between %d and %d orders"), n, (int)g_array_index (condition->numbers, gint64, 1));
    default:
      g_assert_not_reached ();
    }
}

static char *
describe_order_date (const RegSegmentCondition *condition)
{
  gboolean first = condition->field == REG_SEGMENT_FIELD_FIRST_ORDER;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  int days;

  switch (condition->op)
    {
    case REG_SEGMENT_OP_BEFORE:
      a = dup_date_text (g_ptr_array_index (condition->texts, 0));
      return g_strdup_printf (first ? _("first ordered before %s") : _("last ordered before %s"), a);
    case REG_SEGMENT_OP_AFTER:
      a = dup_date_text (g_ptr_array_index (condition->texts, 0));
      return g_strdup_printf (first ? _("first ordered after %s") : _("last ordered after %s"), a);
    case REG_SEGMENT_OP_BETWEEN:
      a = dup_date_text (g_ptr_array_index (condition->texts, 0));
      b = dup_date_text (g_ptr_array_index (condition->texts, 1));
      return g_strdup_printf (first ? _("first ordered between %s and %s") : _("last ordered between %s and %s"),
                              a, b);
    case REG_SEGMENT_OP_IN_LAST_DAYS:
      days = g_array_index (condition->numbers, gint64, 0);
      if (days == 0)
        return g_strdup (first ? _("first ordered today") : _("ordered today"));
      if (first)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "first ordered in the last %d day",
                                             "first ordered in the last %d days", days), days);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "ordered in the last %d day",
                                           "ordered in the last %d days", days), days);
    case REG_SEGMENT_OP_MORE_THAN_DAYS_AGO:
      days = g_array_index (condition->numbers, gint64, 0);
      if (first)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "first ordered more than %d day ago",
                                             "first ordered more than %d days ago", days), days);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "last ordered more than %d day ago",
                                           "last ordered more than %d days ago", days), days);
    default:
      g_assert_not_reached ();
    }
}

static char *
describe_choice (const RegSegmentCondition *condition)
{
  gboolean is = condition->op == REG_SEGMENT_OP_IS;
  const char *key;
  int value;

  if (!lookup_choice (condition->field, g_ptr_array_index (condition->texts, 0), &value, &key))
    g_assert_not_reached ();

  switch (condition->field)
    {
    case REG_SEGMENT_FIELD_CUSTOMER_TYPE:
      if (value == REG_CUSTOMER_TYPE_WHOLESALE)
        return g_strdup (is ? _("are wholesale customers") : _("are not wholesale customers"));
      return g_strdup (is ? _("are retail customers") : _("are not retail customers"));

    case REG_SEGMENT_FIELD_CONSENT:
      if (value == REG_CONSENT_YES)
        return g_strdup (is ? _("agreed to marketing") : _("have not agreed to marketing"));
      if (value == REG_CONSENT_NO)
        return g_strdup (is ? _("declined marketing") : _("have not declined marketing"));
      return g_strdup (is ? _("have not said whether they want marketing")
                          : _("have said whether they want marketing"));

    case REG_SEGMENT_FIELD_SOURCE:
      switch (value)
        {
        case REG_ORIGIN_MANUAL:
          return g_strdup (is ? _("were added by hand") : _("were not added by hand"));
        case REG_ORIGIN_CSV:
          return g_strdup (is ? _("came from a file") : _("did not come from a file"));
        default:
          return g_strdup_printf (is ? _("came from %s") : _("did not come from %s"),
                                  value == REG_ORIGIN_SHOPIFY ? "Shopify" : "WooCommerce");
        }

    case REG_SEGMENT_FIELD_RFM_GROUP:
      return g_strdup_printf (is ? _("are in the group “%s”") : _("are not in the group “%s”"),
                              reg_rfm_group_get_title (value));

    case REG_SEGMENT_FIELD_ABC_CLASS:
      return g_strdup_printf (is ? _("are in revenue class %s") : _("are not in revenue class %s"), key);

    default:
      g_assert_not_reached ();
    }
}

static char *
describe_condition (const RegSegmentCondition *condition)
{
  const char *text = condition->texts->len > 0 ? g_ptr_array_index (condition->texts, 0) : NULL;
  g_autofree char *stripped = reg_text_strip (text);
  g_autofree char *list = NULL;
  int n;

  switch (condition->field)
    {
    case REG_SEGMENT_FIELD_TOTAL_SPENT:
    case REG_SEGMENT_FIELD_AVG_ORDER:
      return describe_money (condition);

    case REG_SEGMENT_FIELD_N_ORDERS:
      return describe_n_orders (condition);

    case REG_SEGMENT_FIELD_FIRST_ORDER:
    case REG_SEGMENT_FIELD_LAST_ORDER:
      return describe_order_date (condition);

    case REG_SEGMENT_FIELD_BOUGHT:
      return g_strdup_printf (condition->op == REG_SEGMENT_OP_CONTAINS ? _("bought “%s”") : _("never bought “%s”"),
                              stripped);

    case REG_SEGMENT_FIELD_TAG:
      return g_strdup_printf (condition->op == REG_SEGMENT_OP_HAS ? _("are tagged “%s”") : _("are not tagged “%s”"),
                              stripped);

    case REG_SEGMENT_FIELD_CITY:
      if (condition->op == REG_SEGMENT_OP_IS)
        return g_strdup_printf (_("live in %s"), stripped);
      if (condition->op == REG_SEGMENT_OP_IS_NOT)
        return g_strdup_printf (_("do not live in %s"), stripped);
      return g_strdup_printf (_("live in a place whose name contains “%s”"), stripped);

    case REG_SEGMENT_FIELD_POSTCODE:
      return g_strdup_printf (_("have a postcode starting with “%s”"), stripped);

    case REG_SEGMENT_FIELD_LIST:
      if (condition->op == REG_SEGMENT_OP_IS)
        return g_strdup_printf (_("are subscribed to “%s”"), stripped);
      if (condition->op == REG_SEGMENT_OP_IS_NOT)
        return g_strdup_printf (_("are not subscribed to “%s”"), stripped);
      return g_strdup_printf (_("are on the list “%s”"), stripped);

    case REG_SEGMENT_FIELD_COUNTRY:
      list = dup_quoted_list (condition, FALSE);
      return g_strdup_printf (condition->op == REG_SEGMENT_OP_IS_NOT ? _("do not live in %s") : _("live in %s"),
                              list);

    case REG_SEGMENT_FIELD_RFM_GROUP:
      if (condition->op == REG_SEGMENT_OP_IN)
        {
          if (condition->texts->len == 1)
            {
              RegSegmentCondition is = *condition;

              is.op = REG_SEGMENT_OP_IS;
              return describe_choice (&is);
            }
          list = dup_quoted_list (condition, TRUE);
          return g_strdup_printf (_("are in one of the groups %s"), list);
        }
      return describe_choice (condition);

    case REG_SEGMENT_FIELD_CUSTOMER_TYPE:
    case REG_SEGMENT_FIELD_CONSENT:
    case REG_SEGMENT_FIELD_SOURCE:
    case REG_SEGMENT_FIELD_ABC_CLASS:
      return describe_choice (condition);

    case REG_SEGMENT_FIELD_BIRTHDAY:
      n = g_array_index (condition->numbers, gint64, 0);
      if (condition->op == REG_SEGMENT_OP_IN_MONTH)
        {
          g_autoptr(GDateTime) dt = g_date_time_new_utc (2000, n, 1, 12, 0, 0);
          g_autofree char *month = g_date_time_format (dt, "%B");

          return g_strdup_printf (_("have their birthday in %s"), month);
        }
      if (n == 0)
        return g_strdup (_("have their birthday today"));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "have their birthday in the next %d day",
                                           "have their birthday in the next %d days", n), n);

    default:
      g_assert_not_reached ();
    }
}

static char *
describe_group (const RegSegmentRule *group,
                gboolean              nested)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *list = NULL;

  for (guint i = 0; i < group->conditions->len; i++)
    g_ptr_array_add (parts, describe_condition (g_ptr_array_index (group->conditions, i)));

  for (guint i = 0; i < group->groups->len; i++)
    {
      const RegSegmentRule *sub = g_ptr_array_index (group->groups, i);

      if (!group_is_empty (sub))
        g_ptr_array_add (parts, describe_group (sub, TRUE));
    }

  list = join_list (parts, group->match);
  if (nested && parts->len > 1)
    /* Translators: a group of conditions inside a segment's description */
    return g_strdup_printf (_("(%s)"), list);

  return g_steal_pointer (&list);
}

static void
add_int (Compiler *cc,
         gint64    value)
{
  RegSegmentParam param = { .type = REG_SEGMENT_PARAM_INT64, .v_int64 = value };

  g_string_append_c (cc->sql, '?');
  g_array_append_val (cc->params, param);
}

static void
add_text (Compiler   *cc,
          const char *text)
{
  RegSegmentParam param = { .type = REG_SEGMENT_PARAM_TEXT, .v_text = g_strdup (text) };

  g_string_append_c (cc->sql, '?');
  g_array_append_val (cc->params, param);
}

static void
add_text_take (Compiler *cc,
               char     *text)
{
  add_text (cc, text);
  g_free (text);
}

static void
param_clear (gpointer data)
{
  RegSegmentParam *param = data;

  g_clear_pointer (&param->v_text, g_free);
}

/* " > ?", " BETWEEN ? AND ?", …, each ? followed by @scale. */
static void
compile_comparison (Compiler                  *cc,
                    const RegSegmentCondition *condition,
                    const char                *scale)
{
  static const char * const operators[] = {
    [REG_SEGMENT_OP_IS] = " = ",
    [REG_SEGMENT_OP_IS_NOT] = " <> ",
    [REG_SEGMENT_OP_GT] = " > ",
    [REG_SEGMENT_OP_LT] = " < ",
  };

  if (condition->op == REG_SEGMENT_OP_BETWEEN)
    {
      g_string_append (cc->sql, " BETWEEN ");
      add_int (cc, g_array_index (condition->numbers, gint64, 0));
      g_string_append (cc->sql, scale);
      g_string_append (cc->sql, " AND ");
      add_int (cc, g_array_index (condition->numbers, gint64, 1));
      g_string_append (cc->sql, scale);
      return;
    }

  g_assert (condition->op <= REG_SEGMENT_OP_LT);
  g_string_append (cc->sql, operators[condition->op]);
  add_int (cc, g_array_index (condition->numbers, gint64, 0));
  g_string_append (cc->sql, scale);
}

static gint64
day_start_from_iso (const char *iso,
                    int         plus_days)
{
  GDate date;

  if (!parse_date (iso, &date))
    g_assert_not_reached ();
  if (plus_days > 0)
    g_date_add_days (&date, plus_days);

  return local_day_start (&date);
}

static void
compile_order_date (Compiler                  *cc,
                    const RegSegmentCondition *condition)
{
  const char *column = condition->field == REG_SEGMENT_FIELD_FIRST_ORDER ? "c.first_order_at" : "c.last_order_at";

  switch (condition->op)
    {
    case REG_SEGMENT_OP_BEFORE:
      g_string_append_printf (cc->sql, "%s < ", column);
      add_int (cc, day_start_from_iso (g_ptr_array_index (condition->texts, 0), 0));
      break;

    case REG_SEGMENT_OP_AFTER:
      g_string_append_printf (cc->sql, "%s >= ", column);
      add_int (cc, day_start_from_iso (g_ptr_array_index (condition->texts, 0), 1));
      break;

    case REG_SEGMENT_OP_BETWEEN:
      g_string_append_printf (cc->sql, "(%s >= ", column);
      add_int (cc, day_start_from_iso (g_ptr_array_index (condition->texts, 0), 0));
      g_string_append_printf (cc->sql, " AND %s < ", column);
      add_int (cc, day_start_from_iso (g_ptr_array_index (condition->texts, 1), 1));
      g_string_append_c (cc->sql, ')');
      break;

    case REG_SEGMENT_OP_IN_LAST_DAYS:
    case REG_SEGMENT_OP_MORE_THAN_DAYS_AGO:
      {
        GDate cutoff = cc->today;

        g_date_subtract_days (&cutoff, g_array_index (condition->numbers, gint64, 0));
        g_string_append_printf (cc->sql, "%s %s ", column,
                                condition->op == REG_SEGMENT_OP_IN_LAST_DAYS ? ">=" : "<");
        add_int (cc, local_day_start (&cutoff));
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

static gboolean
is_leap_day (const GDate *date)
{
  return g_date_get_month (date) == G_DATE_FEBRUARY && g_date_get_day (date) == 29;
}

static char *
dup_month_day (const GDate *date)
{
  return g_strdup_printf ("%02d-%02d", g_date_get_month (date), g_date_get_day (date));
}

/* Birthdays today or in the next N days, by "MM-DD": a range of keys,
 * wrapping over the year's end, and 29 February on its own. */
static void
compile_birthday_window (Compiler *cc,
                         gint64    days)
{
  const char *key = "substr (c.birthday, 6, 5)";
  gboolean leap_day = FALSE;
  GDate end = cc->today;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  if (days >= 365)
    {
      g_string_append (cc->sql, "c.birthday IS NOT NULL");
      return;
    }

  g_date_add_days (&end, days);

  /* A birthday on 29 February falls in the window when the day is in it,
   * or, in a year without one, when 1 March is. */
  for (GDate d = cc->today; g_date_compare (&d, &end) <= 0; g_date_add_days (&d, 1))
    if (is_leap_day (&d) ||
        (g_date_get_month (&d) == G_DATE_MARCH && g_date_get_day (&d) == 1 &&
         !g_date_is_leap_year (g_date_get_year (&d))))
      {
        leap_day = TRUE;
        break;
      }

  from = dup_month_day (&cc->today);
  to = dup_month_day (&end);

  g_string_append_printf (cc->sql, "(c.birthday IS NOT NULL AND (%s = '02-29' AND %d OR %s <> '02-29' AND ",
                          key, leap_day, key);
  if (strcmp (from, to) <= 0)
    {
      g_string_append_printf (cc->sql, "%s BETWEEN ", key);
      add_text (cc, from);
      g_string_append (cc->sql, " AND ");
      add_text (cc, to);
    }
  else
    {
      g_string_append_printf (cc->sql, "(%s >= ", key);
      add_text (cc, from);
      g_string_append_printf (cc->sql, " OR %s <= ", key);
      add_text (cc, to);
      g_string_append_c (cc->sql, ')');
    }
  g_string_append (cc->sql, "))");
}

/* The spellings a country may be stored under: as written, and the code
 * for a name or the name for a code. */
static void
add_country_spellings (GPtrArray  *spellings,
                       const char *country)
{
  g_ptr_array_add (spellings, reg_text_strip (country));

  for (guint i = 0; i < G_N_ELEMENTS (countries); i++)
    {
      if (g_ascii_strcasecmp (country, countries[i].code) == 0)
        g_ptr_array_add (spellings, g_strdup (countries[i].name));
      else if (g_ascii_strcasecmp (country, countries[i].name) == 0)
        g_ptr_array_add (spellings, g_strdup (countries[i].code));
    }
}

/* LIKE's own characters, taken literally. */
static char *
dup_like_prefix (const char *text)
{
  GString *pattern = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');

  return g_string_free (pattern, FALSE);
}

static void
compile_condition (Compiler                  *cc,
                   const RegSegmentCondition *condition)
{
  GString *sql = cc->sql;
  const char *text = condition->texts->len > 0 ? g_ptr_array_index (condition->texts, 0) : NULL;
  g_autofree char *stripped = reg_text_strip (text);
  RegSegmentOp op = condition->op;
  gboolean negate = op == REG_SEGMENT_OP_IS_NOT || op == REG_SEGMENT_OP_HAS_NOT ||
                    op == REG_SEGMENT_OP_NOT_CONTAINS;
  const char *key;
  int value;

  switch (condition->field)
    {
    case REG_SEGMENT_FIELD_TOTAL_SPENT:
    case REG_SEGMENT_FIELD_AVG_ORDER:
      g_string_append (sql, "(c.spent_currency = ");
      add_text_take (cc, g_ascii_strup (condition->currency, -1));
      if (condition->field == REG_SEGMENT_FIELD_AVG_ORDER)
        {
          /* Multiplying, not dividing: exact, and no rounding at the edges. */
          g_string_append (sql, " AND c.n_orders > 0 AND c.total_spent");
          compile_comparison (cc, condition, " * c.n_orders");
        }
      else
        {
          g_string_append (sql, " AND c.total_spent");
          compile_comparison (cc, condition, "");
        }
      g_string_append_c (sql, ')');
      break;

    case REG_SEGMENT_FIELD_N_ORDERS:
      g_string_append (sql, "c.n_orders");
      compile_comparison (cc, condition, "");
      break;

    case REG_SEGMENT_FIELD_FIRST_ORDER:
    case REG_SEGMENT_FIELD_LAST_ORDER:
      compile_order_date (cc, condition);
      break;

    case REG_SEGMENT_FIELD_BOUGHT:
      {
        g_autofree char *folded = reg_text_fold (stripped);

        /* The buyers, found once in one pass over the items in the order
         * they are stored: walking each customer's orders instead reads
         * the same rows in random order, several times slower. */
        g_string_append_printf (sql,
                                "c.id %sIN (SELECT o.contact_id FROM order_items i JOIN orders o ON o.id = i.order_id "
                                "WHERE o.status IN " COUNTED_STATUSES " AND (instr (regulars_fold (i.name), ",
                                negate ? "NOT " : "");
        add_text (cc, folded);
        g_string_append (sql, ") > 0 OR instr (regulars_fold (i.sku), ");
        add_text (cc, folded);
        g_string_append (sql, ") > 0))");
      }
      break;

    case REG_SEGMENT_FIELD_TAG:
      /* The tag's customers, found once through contact_tags_by_tag. */
      g_string_append_printf (sql,
                              "c.id %sIN (SELECT ct.contact_id FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id "
                              "WHERE t.name_norm = ",
                              negate ? "NOT " : "");
      add_text_take (cc, reg_text_fold (stripped));
      g_string_append_c (sql, ')');
      break;

    case REG_SEGMENT_FIELD_CITY:
      /* sort_city is the city stripped and folded (or, empty, a key that
       * never matches folded text), and indexed. */
      if (op == REG_SEGMENT_OP_CONTAINS)
        {
          g_string_append (sql, "instr (c.sort_city, ");
          add_text_take (cc, reg_text_fold (stripped));
          g_string_append (sql, ") > 0");
        }
      else
        {
          g_string_append_printf (sql, "c.sort_city %s ", negate ? "<>" : "=");
          add_text_take (cc, reg_text_fold (stripped));
        }
      break;

    case REG_SEGMENT_FIELD_LIST:
      /* Subscribed (is), or on it at all (has); the list by its name. */
      g_string_append_printf (sql,
                              "c.id %sIN (SELECT m.contact_id FROM list_members m JOIN lists l ON l.id = m.list_id "
                              "WHERE lower (l.name) = lower (",
                              negate ? "NOT " : "");
      add_text (cc, stripped);
      g_string_append_c (sql, ')');
      if (op != REG_SEGMENT_OP_HAS)
        {
          g_string_append (sql, " AND m.status = ");
          add_int (cc, REG_MEMBER_SUBSCRIBED);
        }
      g_string_append_c (sql, ')');
      break;

    case REG_SEGMENT_FIELD_POSTCODE:
      g_string_append (sql, "c.postcode LIKE ");
      add_text_take (cc, dup_like_prefix (stripped));
      g_string_append (sql, " ESCAPE '\\'");
      break;

    case REG_SEGMENT_FIELD_COUNTRY:
      {
        g_autoptr(GPtrArray) spellings = g_ptr_array_new_with_free_func (g_free);

        for (guint i = 0; i < condition->texts->len; i++)
          add_country_spellings (spellings, g_ptr_array_index (condition->texts, i));

        g_string_append_printf (sql, "trim (c.country) COLLATE NOCASE %sIN (", negate ? "NOT " : "");
        for (guint i = 0; i < spellings->len; i++)
          {
            if (i > 0)
              g_string_append (sql, ", ");
            add_text (cc, g_ptr_array_index (spellings, i));
          }
        g_string_append_c (sql, ')');
      }
      break;

    case REG_SEGMENT_FIELD_CUSTOMER_TYPE:
    case REG_SEGMENT_FIELD_CONSENT:
      if (!lookup_choice (condition->field, text, &value, &key))
        g_assert_not_reached ();
      g_string_append_printf (sql, "c.%s %s ",
                              condition->field == REG_SEGMENT_FIELD_CONSENT ? "consent" : "customer_type",
                              negate ? "<>" : "=");
      add_int (cc, value);
      break;

    case REG_SEGMENT_FIELD_SOURCE:
      if (!lookup_choice (condition->field, text, &value, &key))
        g_assert_not_reached ();
      if (value == REG_ORIGIN_MANUAL || value == REG_ORIGIN_CSV)
        {
          g_string_append_printf (sql, "c.origin %s ", negate ? "<>" : "=");
          add_int (cc, value);
          break;
        }
      g_string_append_printf (sql, "%s(c.origin = ", negate ? "NOT " : "");
      add_int (cc, value);
      g_string_append (sql, " OR c.id IN (SELECT cl.contact_id FROM contact_links cl "
                            "JOIN sources s ON s.id = cl.source_id WHERE s.platform = ");
      add_int (cc, value);
      g_string_append (sql, "))");
      break;

    case REG_SEGMENT_FIELD_BIRTHDAY:
      if (op == REG_SEGMENT_OP_IN_MONTH)
        {
          g_string_append (sql, "substr (c.birthday, 6, 2) = ");
          add_text_take (cc, g_strdup_printf ("%02d", (int)g_array_index (condition->numbers, gint64, 0)));
        }
      else
        compile_birthday_window (cc, g_array_index (condition->numbers, gint64, 0));
      break;

    case REG_SEGMENT_FIELD_RFM_GROUP:
      {
        gboolean none = FALSE;

        /* Customers without scores are in the group "none". */
        g_string_append_printf (sql, "%s(c.id IN (SELECT s.contact_id FROM contact_scores s WHERE s.rfm_group IN (",
                                negate ? "NOT " : "");
        for (guint i = 0; i < condition->texts->len; i++)
          {
            if (!lookup_choice (condition->field, g_ptr_array_index (condition->texts, i), &value, &key))
              g_assert_not_reached ();
            if (i > 0)
              g_string_append (sql, ", ");
            add_int (cc, value);
            none |= value == REG_RFM_NONE;
          }
        g_string_append (sql, "))");
        if (none)
          g_string_append (sql, " OR c.id NOT IN (SELECT s.contact_id FROM contact_scores s)");
        g_string_append_c (sql, ')');
      }
      break;

    case REG_SEGMENT_FIELD_ABC_CLASS:
      if (!lookup_choice (condition->field, text, &value, &key))
        g_assert_not_reached ();
      g_string_append_printf (sql, "c.id %sIN (SELECT s.contact_id FROM contact_scores s WHERE s.abc_class = ",
                              negate ? "NOT " : "");
      add_text (cc, key);
      g_string_append_c (sql, ')');
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
compile_group (Compiler             *cc,
               const RegSegmentRule *group)
{
  const char *join = group->match == REG_SEGMENT_MATCH_ANY ? " OR " : " AND ";
  gboolean first = TRUE;

  g_string_append_c (cc->sql, '(');

  for (guint i = 0; i < group->conditions->len; i++)
    {
      if (!first)
        g_string_append (cc->sql, join);
      compile_condition (cc, g_ptr_array_index (group->conditions, i));
      first = FALSE;
    }

  for (guint i = 0; i < group->groups->len; i++)
    {
      const RegSegmentRule *sub = g_ptr_array_index (group->groups, i);

      if (group_is_empty (sub))
        continue;
      if (!first)
        g_string_append (cc->sql, join);
      compile_group (cc, sub);
      first = FALSE;
    }

  g_string_append_c (cc->sql, ')');
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Prepares "SELECT @columns FROM contacts AS c WHERE <live> AND <rule> @tail"
 * on @db with the rule's parameters bound. */
static sqlite3_stmt *
prepare_rule_query (RegStore              *store,
                    sqlite3               *db,
                    const RegSegmentRule  *rule,
                    gint64                 now,
                    const char            *columns,
                    const char            *tail,
                    GError               **error)
{
  g_auto(RegSegmentSql) compiled = { NULL, NULL };
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  if (!reg_segment_rule_compile (rule, now, &compiled, error))
    return NULL;

  sql = g_strdup_printf ("SELECT %s FROM contacts AS c WHERE c.deleted_at IS NULL AND %s%s",
                         columns, compiled.where, tail);
  if (!(stmt = _reg_store_prepare (store, db, sql, error)))
    return NULL;

  if (!reg_segment_sql_bind (&compiled, stmt, 1))
    {
      sqlite3_finalize (stmt);
      g_set_error_literal (error, REG_SEGMENT_ERROR, REG_SEGMENT_ERROR_INVALID,
                           _("The rule could not be turned into a query."));
      return NULL;
    }

  return stmt;
}

void
reg_segment_free (RegSegment *segment)
{
  if (segment == NULL)
    return;

  g_free (segment->name);
  g_free (segment->rule);
  g_free (segment);
}

/* The name stripped and not empty, and the rule valid and in its plain
 * form; else %FALSE with @error set. */
static gboolean
clean_segment (const char  *name,
               const char  *rule_json,
               char       **clean_name,
               char       **clean_rule,
               GError     **error)
{
  if (name != NULL && (*clean_name = reg_text_strip (name)) == NULL)
    {
      g_set_error_literal (error, REG_STORE_ERROR, REG_STORE_ERROR_FAILED, _("The segment needs a name."));
      return FALSE;
    }

  if (rule_json != NULL)
    {
      g_autoptr(RegSegmentRule) rule = reg_segment_rule_parse (rule_json, error);

      if (rule == NULL)
        return FALSE;
      *clean_rule = reg_segment_rule_to_json (rule);
    }

  return TRUE;
}

static char *
fold_name (const char *name)
{
  g_autofree char *normal = g_utf8_normalize (name, -1, G_NORMALIZE_ALL_COMPOSE);

  return g_utf8_casefold (normal ? normal : name, -1);
}

/* Whether another segment than @except_id has @name, whatever the case
 * (the index on lower(name) only knows ASCII). Writer lock held. */
static gboolean
check_name_free (RegStore    *self,
                 sqlite3     *db,
                 const char  *name,
                 gint64       except_id,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *folded = fold_name (name);
  int rc;

  if (!(stmt = _reg_store_prepare (self, db, "SELECT id, name FROM segments", error)))
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *other = fold_name ((const char *)sqlite3_column_text (stmt, 1));

      if (sqlite3_column_int64 (stmt, 0) != except_id && g_str_equal (folded, other))
        {
          g_set_error (error, REG_STORE_ERROR, REG_STORE_ERROR_EXISTS,
                       _("There is already a segment called “%s”."), (const char *)sqlite3_column_text (stmt, 1));
          return FALSE;
        }
    }
  if (rc != SQLITE_DONE)
    return _reg_store_set_error (self, error, db, rc);

  return TRUE;
}

/* Runs @sql on the writer with ?1 @id, ?2 @name, ?3 @rule, ?4 now, after
 * checking the name is free; emits the change. */
static gboolean
write_segment (RegStore    *self,
               const char  *sql,
               gint64      *id,
               const char  *name,
               const char  *rule,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean done = FALSE;
  sqlite3 *db;
  int rc;

  db = _reg_store_lock_writer (self);
  if ((name == NULL || check_name_free (self, db, name, *id, error)) &&
      (stmt = _reg_store_prepare (self, db, sql, error)))
    {
      sqlite3_bind_int64 (stmt, 1, *id);
      sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, rule, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, now_seconds ());
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE && *id == 0)
        {
          *id = sqlite3_last_insert_rowid (db);
          done = TRUE;
        }
      else if (rc == SQLITE_DONE && sqlite3_changes (db) == 0)
        g_set_error_literal (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND, _("This segment no longer exists."));
      else if (rc == SQLITE_DONE)
        done = TRUE;
      else if (rc == SQLITE_CONSTRAINT_UNIQUE)
        g_set_error (error, REG_STORE_ERROR, REG_STORE_ERROR_EXISTS,
                     _("There is already a segment called “%s”."), name);
      else
        _reg_store_set_error (self, error, db, rc);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  _reg_store_unlock_writer (self);

  if (done)
    _reg_store_emit_changed (self, REG_CHANGE_SEGMENTS, NULL);

  return done;
}

static GPtrArray *
read_segments (RegStore    *self,
               const char  *sql,
               const char  *name,
               GError     **error)
{
  g_autoptr(GPtrArray) segments = g_ptr_array_new_with_free_func ((GDestroyNotify)reg_segment_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  int rc = SQLITE_OK;

  if (!(db = _reg_store_acquire_reader (self, error)))
    return NULL;

  if ((stmt = _reg_store_prepare (self, db, sql, error)))
    {
      if (name != NULL)
        sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          RegSegment *segment = g_new0 (RegSegment, 1);

          segment->id = sqlite3_column_int64 (stmt, 0);
          segment->name = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
          segment->rule = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
          g_ptr_array_add (segments, segment);
        }
      if (rc != SQLITE_DONE)
        _reg_store_set_error (self, error, db, rc);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  _reg_store_release_reader (self, db);

  if (rc != SQLITE_DONE)
    return NULL;

  return g_steal_pointer (&segments);
}

const char *
reg_segment_field_to_string (RegSegmentField field)
{
  g_return_val_if_fail ((guint)field < REG_SEGMENT_N_FIELDS, NULL);

  return fields[field].name;
}

gboolean
reg_segment_field_from_string (const char      *name,
                               RegSegmentField *field)
{
  g_return_val_if_fail (field != NULL, FALSE);

  for (guint i = 0; name != NULL && i < REG_SEGMENT_N_FIELDS; i++)
    if (g_str_equal (name, fields[i].name))
      {
        *field = i;
        return TRUE;
      }

  return FALSE;
}

const char *
reg_segment_op_to_string (RegSegmentOp op)
{
  g_return_val_if_fail ((guint)op < REG_SEGMENT_N_OPS, NULL);

  return op_names[op];
}

gboolean
reg_segment_op_from_string (const char   *name,
                            RegSegmentOp *op)
{
  g_return_val_if_fail (op != NULL, FALSE);

  for (guint i = 0; name != NULL && i < REG_SEGMENT_N_OPS; i++)
    if (g_str_equal (name, op_names[i]))
      {
        *op = i;
        return TRUE;
      }

  return FALSE;
}

/**
 * reg_segment_field_allows_op:
 *
 * Returns: whether conditions on @field may use @op; what an editor offers
 */
gboolean
reg_segment_field_allows_op (RegSegmentField field,
                             RegSegmentOp    op)
{
  if ((guint)field >= REG_SEGMENT_N_FIELDS || (guint)op >= REG_SEGMENT_N_OPS)
    return FALSE;

  return (fields[field].ops & (1u << op)) != 0;
}

/**
 * reg_segment_condition_takes_numbers:
 *
 * Returns: %TRUE when a condition on @field with @op keeps its values in
 *   `numbers`, %FALSE when in `texts`
 */
gboolean
reg_segment_condition_takes_numbers (RegSegmentField field,
                                     RegSegmentOp    op)
{
  switch (field)
    {
    case REG_SEGMENT_FIELD_TOTAL_SPENT:
    case REG_SEGMENT_FIELD_AVG_ORDER:
    case REG_SEGMENT_FIELD_N_ORDERS:
    case REG_SEGMENT_FIELD_BIRTHDAY:
      return TRUE;
    case REG_SEGMENT_FIELD_FIRST_ORDER:
    case REG_SEGMENT_FIELD_LAST_ORDER:
      return op == REG_SEGMENT_OP_IN_LAST_DAYS || op == REG_SEGMENT_OP_MORE_THAN_DAYS_AGO;
    default:
      return FALSE;
    }
}

/**
 * reg_segment_rule_new:
 *
 * Returns: (transfer full): an empty rule, which matches everyone
 */
RegSegmentRule *
reg_segment_rule_new (RegSegmentMatch match)
{
  RegSegmentRule *rule = g_new0 (RegSegmentRule, 1);

  rule->match = match;
  rule->conditions = g_ptr_array_new_with_free_func (condition_free);
  rule->groups = g_ptr_array_new_with_free_func ((GDestroyNotify)reg_segment_rule_free);

  return rule;
}

void
reg_segment_rule_free (RegSegmentRule *rule)
{
  if (rule == NULL)
    return;

  g_ptr_array_unref (rule->conditions);
  g_ptr_array_unref (rule->groups);
  g_free (rule);
}

/**
 * reg_segment_rule_add_group:
 *
 * Returns: (transfer none): a new empty group at the end of @rule's groups
 */
RegSegmentRule *
reg_segment_rule_add_group (RegSegmentRule  *rule,
                            RegSegmentMatch  match)
{
  RegSegmentRule *group;

  g_return_val_if_fail (rule != NULL, NULL);

  group = reg_segment_rule_new (match);
  g_ptr_array_add (rule->groups, group);

  return group;
}

/**
 * reg_segment_rule_add_condition:
 *
 * Adds a condition without values; add them with
 * reg_segment_condition_add_number() or reg_segment_condition_add_text().
 *
 * Returns: (transfer none): the condition
 */
RegSegmentCondition *
reg_segment_rule_add_condition (RegSegmentRule  *group,
                                RegSegmentField  field,
                                RegSegmentOp     op)
{
  RegSegmentCondition *condition;

  g_return_val_if_fail (group != NULL, NULL);

  condition = condition_new (field, op);
  g_ptr_array_add (group->conditions, condition);

  return condition;
}

void
reg_segment_condition_add_number (RegSegmentCondition *condition,
                                  gint64               number)
{
  g_return_if_fail (condition != NULL);

  g_array_append_val (condition->numbers, number);
}

/* Keys are kept in their plain spelling ("wholesale", "A"), other text
 * without surrounding space. */
void
reg_segment_condition_add_text (RegSegmentCondition *condition,
                                const char          *text)
{
  g_autofree char *stripped = NULL;
  const char *key;
  int value;

  g_return_if_fail (condition != NULL);
  g_return_if_fail (text != NULL);

  stripped = g_strstrip (g_strdup (text));
  if (takes_choice (condition->field) && lookup_choice (condition->field, stripped, &value, &key))
    g_ptr_array_add (condition->texts, g_strdup (key));
  else
    g_ptr_array_add (condition->texts, g_steal_pointer (&stripped));
}

void
reg_segment_condition_set_currency (RegSegmentCondition *condition,
                                    const char          *currency)
{
  g_return_if_fail (condition != NULL);

  g_free (condition->currency);
  condition->currency = currency ? g_strstrip (g_ascii_strup (currency, -1)) : NULL;
}

/**
 * reg_segment_rule_check:
 *
 * Checks a rule put together by hand as reg_segment_rule_parse() checks
 * one read from JSON.
 *
 * Returns: %TRUE if the rule can be used, else %FALSE with @error set
 *   (a #RegSegmentError)
 */
gboolean
reg_segment_rule_check (const RegSegmentRule  *rule,
                        GError               **error)
{
  g_return_val_if_fail (rule != NULL, FALSE);

  return check_group (rule, 1, error);
}

/**
 * reg_segment_rule_parse:
 * @json: a rule, as described in reg-segment.h
 *
 * Returns: (transfer full): the rule, or %NULL with @error set (a
 *   #RegSegmentError saying what is wrong in plain words)
 */
RegSegmentRule *
reg_segment_rule_parse (const char  *json,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(RegSegmentRule) rule = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, -1, &local_error))
    {
      g_set_error (error, REG_SEGMENT_ERROR, REG_SEGMENT_ERROR_INVALID,
                   _("The rule is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      set_shape_error (error, _("A rule must be a JSON object with “match” and “conditions”."));
      return NULL;
    }

  rule = reg_segment_rule_new (REG_SEGMENT_MATCH_ALL);
  if (!read_group (json_parser_get_root (parser), rule, 0, error))
    return NULL;

  return g_steal_pointer (&rule);
}

/**
 * reg_segment_rule_to_json:
 *
 * Returns: (transfer full): @rule as compact JSON, which
 *   reg_segment_rule_parse() reads back to the same rule
 */
char *
reg_segment_rule_to_json (const RegSegmentRule *rule)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (rule != NULL, NULL);

  write_group (builder, rule);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

/**
 * reg_segment_rule_describe:
 *
 * Returns: (transfer full): the rule in plain words, "Customers who spent
 *   more than €200.00 and ordered in the last 90 days", or what is wrong
 *   with it
 */
char *
reg_segment_rule_describe (const RegSegmentRule *rule)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (rule != NULL, NULL);

  if (!reg_segment_rule_check (rule, &error))
    return g_strdup (error->message);

  if (group_is_empty (rule))
    return g_strdup (_("All customers"));

  text = describe_group (rule, FALSE);

  /* Translators: a segment's description; %s is a list of conditions such as
   * "spent more than €200.00 and ordered in the last 90 days" */
  return g_strdup_printf (_("Customers who %s"), text);
}

/**
 * reg_segment_rule_compile:
 * @now: Unix seconds, UTC: the moment "in the last N days" counts back from
 * @out: (out caller-allocates): the SQL; free with reg_segment_sql_clear()
 *
 * Turns the rule into one SQL expression over `contacts AS c`, for a query
 * that adds `c.deleted_at IS NULL` itself. No text of the rule is in the
 * SQL: values are all parameters.
 *
 * Returns: %TRUE, or %FALSE with @error set if the rule cannot be used
 */
gboolean
reg_segment_rule_compile (const RegSegmentRule  *rule,
                          gint64                 now,
                          RegSegmentSql         *out,
                          GError               **error)
{
  Compiler cc;

  g_return_val_if_fail (rule != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  out->where = NULL;
  out->params = NULL;

  if (!reg_segment_rule_check (rule, error))
    return FALSE;

  cc.sql = g_string_new (NULL);
  cc.params = g_array_new (FALSE, FALSE, sizeof (RegSegmentParam));
  g_array_set_clear_func (cc.params, param_clear);
  local_date (now, &cc.today);

  if (group_is_empty (rule))
    g_string_append (cc.sql, "1");
  else
    compile_group (&cc, rule);

  out->where = g_string_free (cc.sql, FALSE);
  out->params = cc.params;

  return TRUE;
}

void
reg_segment_sql_clear (RegSegmentSql *sql)
{
  g_return_if_fail (sql != NULL);

  g_clear_pointer (&sql->where, g_free);
  g_clear_pointer (&sql->params, g_array_unref);
}

/**
 * reg_segment_sql_bind:
 * @first_index: the index of the statement's parameter that is the
 *   first `?` of the compiled expression
 *
 * Returns: %FALSE if SQLite refused a value (the statement does not have
 *   those parameters)
 */
gboolean
reg_segment_sql_bind (const RegSegmentSql *sql,
                      sqlite3_stmt        *stmt,
                      int                  first_index)
{
  g_return_val_if_fail (sql != NULL && sql->params != NULL, FALSE);
  g_return_val_if_fail (stmt != NULL, FALSE);
  g_return_val_if_fail (first_index >= 1, FALSE);

  for (guint i = 0; i < sql->params->len; i++)
    {
      const RegSegmentParam *param = &g_array_index (sql->params, RegSegmentParam, i);
      int index = first_index + (int)i;
      int rc;

      switch (param->type)
        {
        case REG_SEGMENT_PARAM_INT64:
          rc = sqlite3_bind_int64 (stmt, index, param->v_int64);
          break;
        case REG_SEGMENT_PARAM_DOUBLE:
          rc = sqlite3_bind_double (stmt, index, param->v_double);
          break;
        case REG_SEGMENT_PARAM_TEXT:
          rc = sqlite3_bind_text (stmt, index, param->v_text, -1, SQLITE_TRANSIENT);
          break;
        default:
          g_assert_not_reached ();
        }

      if (rc != SQLITE_OK)
        return FALSE;
    }

  return TRUE;
}

/**
 * reg_segment_count:
 * @now: Unix seconds, UTC, see reg_segment_rule_compile()
 *
 * Counts the customers in the segment; safe from any thread. Cancelling
 * @cancellable stops the query soon, so a newer count need not wait for
 * an older one.
 *
 * Returns: the number of customers, or -1 with @error set
 *   (%G_IO_ERROR_CANCELLED when cancelled)
 */
gint64
reg_segment_count (RegStore              *store,
                   const RegSegmentRule  *rule,
                   gint64                 now,
                   GCancellable          *cancellable,
                   GError               **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 count = -1;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (REG_IS_STORE (store), -1);
  g_return_val_if_fail (rule != NULL, -1);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;

  if (!(db = _reg_store_acquire_reader (store, error)))
    return -1;

  _reg_store_set_cancellable (db, cancellable);
  if ((stmt = prepare_rule_query (store, db, rule, now, "count (*)", "", error)))
    {
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        count = sqlite3_column_int64 (stmt, 0);
      else
        _reg_store_set_error (store, error, db, rc);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  _reg_store_set_cancellable (db, NULL);
  _reg_store_release_reader (store, db);

  /* A count that finished as it was cancelled is old all the same. */
  if (count >= 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;

  return count;
}

/**
 * reg_segment_member_ids:
 * @sort: the order, ascending, ties by id, as the customer list sorts
 *
 * Returns: (transfer full) (element-type gint64): the ids of the
 *   customers in the segment, or %NULL with @error set
 */
GArray *
reg_segment_member_ids (RegStore              *store,
                        const RegSegmentRule  *rule,
                        gint64                 now,
                        RegContactSort         sort,
                        GError               **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *tail = NULL;
  gboolean ok = FALSE;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (REG_IS_STORE (store), NULL);
  g_return_val_if_fail (rule != NULL, NULL);
  g_return_val_if_fail ((guint)sort < G_N_ELEMENTS (sort_columns), NULL);

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 256);
  tail = g_strdup_printf (" ORDER BY c.%s, c.id", sort_columns[sort]);

  if (!(db = _reg_store_acquire_reader (store, error)))
    return NULL;

  if ((stmt = prepare_rule_query (store, db, rule, now, "c.id", tail, error)))
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (ids, id);
        }
      if (rc == SQLITE_DONE)
        ok = TRUE;
      else
        _reg_store_set_error (store, error, db, rc);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  _reg_store_release_reader (store, db);

  if (!ok)
    return NULL;

  return g_steal_pointer (&ids);
}

/**
 * reg_store_add_segment:
 * @name: what the owner calls it; unique, whatever the case
 * @rule_json: the rule; stored as reg_segment_rule_to_json() writes it
 *
 * Returns: the new segment's id, or 0 with @error set (a #RegSegmentError
 *   for a rule that cannot be used, %REG_STORE_ERROR_EXISTS for a name in use)
 */
gint64
reg_store_add_segment (RegStore    *self,
                       const char  *name,
                       const char  *rule_json,
                       GError     **error)
{
  g_autofree char *clean_name = NULL;
  g_autofree char *clean_rule = NULL;
  gint64 id = 0;

  g_return_val_if_fail (REG_IS_STORE (self), 0);
  g_return_val_if_fail (rule_json != NULL, 0);

  if (!clean_segment (name ? name : "", rule_json, &clean_name, &clean_rule, error))
    return 0;

  if (!write_segment (self,
                      "INSERT INTO segments (name, rule, created_at, updated_at) VALUES (?2, ?3, ?4, ?4)",
                      &id, clean_name, clean_rule, error))
    return 0;

  return id;
}

/**
 * reg_store_update_segment:
 * @name: (nullable): the new name, or %NULL to keep it
 * @rule_json: (nullable): the new rule, or %NULL to keep it
 */
gboolean
reg_store_update_segment (RegStore    *self,
                          gint64       id,
                          const char  *name,
                          const char  *rule_json,
                          GError     **error)
{
  g_autofree char *clean_name = NULL;
  g_autofree char *clean_rule = NULL;

  g_return_val_if_fail (REG_IS_STORE (self), FALSE);
  g_return_val_if_fail (id > 0, FALSE);

  if (!clean_segment (name, rule_json, &clean_name, &clean_rule, error))
    return FALSE;

  return write_segment (self,
                        "UPDATE segments SET name = coalesce (?2, name), rule = coalesce (?3, rule), "
                        "updated_at = ?4 WHERE id = ?1",
                        &id, clean_name, clean_rule, error);
}

gboolean
reg_store_remove_segment (RegStore  *self,
                          gint64     id,
                          GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean done = FALSE;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (REG_IS_STORE (self), FALSE);

  db = _reg_store_lock_writer (self);
  if ((stmt = _reg_store_prepare (self, db, "DELETE FROM segments WHERE id = ?1", error)))
    {
      sqlite3_bind_int64 (stmt, 1, id);
      if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
        _reg_store_set_error (self, error, db, rc);
      else if (sqlite3_changes (db) == 0)
        g_set_error_literal (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND, _("This segment no longer exists."));
      else
        done = TRUE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  _reg_store_unlock_writer (self);

  if (done)
    _reg_store_emit_changed (self, REG_CHANGE_SEGMENTS, NULL);

  return done;
}

/**
 * reg_store_list_segments:
 *
 * Returns: (transfer full) (element-type RegSegment): the saved segments,
 *   by name
 */
GPtrArray *
reg_store_list_segments (RegStore  *self,
                         GError   **error)
{
  g_return_val_if_fail (REG_IS_STORE (self), NULL);

  return read_segments (self, "SELECT id, name, rule FROM segments ORDER BY lower (name), id", NULL, error);
}

/**
 * reg_store_find_segment:
 * @name: a segment's name, whatever the case
 *
 * Returns: (transfer full): the segment, or %NULL with @error set
 *   (%REG_STORE_ERROR_NOT_FOUND when there is none of that name)
 */
RegSegment *
reg_store_find_segment (RegStore    *self,
                        const char  *name,
                        GError     **error)
{
  g_autoptr(GPtrArray) segments = NULL;
  g_autofree char *folded = NULL;

  g_return_val_if_fail (REG_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (!(segments = reg_store_list_segments (self, error)))
    return NULL;

  folded = fold_name (name);
  for (guint i = 0; i < segments->len; i++)
    {
      RegSegment *segment = g_ptr_array_index (segments, i);
      g_autofree char *other = fold_name (segment->name);

      if (g_str_equal (folded, other))
        return g_ptr_array_steal_index (segments, i);
    }

  g_set_error (error, REG_STORE_ERROR, REG_STORE_ERROR_NOT_FOUND, _("There is no segment called “%s”."), name);

  return NULL;
}
