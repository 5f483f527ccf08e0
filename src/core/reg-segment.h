/* reg-segment.h: segments, saved live rules over the customers
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "reg-types.h"

G_BEGIN_DECLS

/*
 * A rule is a group: "all" or "any" of its conditions and of its nested
 * groups. Groups nest one level: the top group may hold groups, those
 * may not. Stored as JSON:
 *
 *   {
 *     "match": "all",
 *     "conditions": [
 *       { "field": "total_spent", "op": "gt", "value": 20000, "currency": "EUR" },
 *       { "field": "last_order", "op": "in_last_days", "value": 90 }
 *     ],
 *     "groups": [
 *       { "match": "any",
 *         "conditions": [
 *           { "field": "city", "op": "is", "value": "Berlin" },
 *           { "field": "country", "op": "in", "value": ["AT", "Switzerland"] }
 *         ] }
 *     ]
 *   }
 *
 * "match" is "all" (the default) or "any"; "conditions" and "groups" may
 * be left out. "value" is one JSON value, or an array of two for
 * "between" (lower and upper end, both included) and an array of one or
 * more for "in". Members Regulars does not know are an error, so a typo
 * never quietly widens a segment.
 *
 * Fields, their operators and values:
 *
 *   total_spent, avg_order   gt, lt, between      whole minor units (20000 is €200.00),
 *                                                 with "currency": "EUR". Only customers
 *                                                 whose spending is in that currency match;
 *                                                 avg_order is total_spent / n_orders.
 *   n_orders                 is, is_not, gt, lt, between   a whole number
 *   first_order, last_order  before, after, between        "YYYY-MM-DD", a local day:
 *                                                 "before" is earlier than that day,
 *                                                 "after" later than it, "between" on or
 *                                                 between the two days.
 *                            in_last_days, more_than_days_ago   a number of days N ≥ 0,
 *                                                 counted in local calendar days: in the
 *                                                 last N days is on today or one of the N
 *                                                 days before (0: today); more than N days
 *                                                 ago is the exact opposite. Customers
 *                                                 without orders match neither.
 *   bought                   contains, not_contains   text: a part of a product's name or
 *                                                 SKU, ignoring case and accents, in orders
 *                                                 that count (paid, partly refunded)
 *   tag                      has, has_not         a tag, ignoring case and accents
 *   city                     is, is_not, contains text, ignoring case and accents
 *   postcode                 starts_with          text, ignoring case
 *   country                  is, is_not, in       text, ignoring case; a code and the
 *                                                 name Regulars gives it are the same
 *                                                 ("DE" is "Germany")
 *   customer_type            is, is_not           "retail", "wholesale"
 *   consent                  is, is_not           "yes", "no", "unknown"
 *   source                   is, is_not           "manual", "csv", "woocommerce", "shopify":
 *                                                 where the customer came from, or for a
 *                                                 shop, also a customer linked to a shop of
 *                                                 that kind
 *   birthday                 in_month             1–12
 *                            within_next_days     0–365: the birthday is today or in the
 *                                                 next N days, over the year's end too. A
 *                                                 birthday on 29 February is on 1 March in
 *                                                 years without one.
 *   rfm_group                is, is_not, in       a key of reg_rfm_group_get_key():
 *                                                 "champions", "at_risk", …; "none" is
 *                                                 customers without scores
 *   abc_class                is, is_not           "A", "B", "C"
 *   list                     is, is_not, has      a newsletter list's name, in any case:
 *                                                 "is" is subscribed to it, "is_not" is
 *                                                 not subscribed to it (or not on it),
 *                                                 "has" is on it, whatever the status
 *
 * "is_not" and "has_not" match customers without the value at all (no
 * city, no scores). A group without conditions sets no condition: it is
 * left out, and a rule without any conditions matches every customer.
 */

#define REG_SEGMENT_ERROR (reg_segment_error_quark ())

/**
 * RegSegmentError:
 * @REG_SEGMENT_ERROR_INVALID: not JSON, or not shaped like a rule
 * @REG_SEGMENT_ERROR_UNKNOWN_FIELD: a field Regulars does not know
 * @REG_SEGMENT_ERROR_UNKNOWN_OPERATOR: an operator Regulars does not know,
 *   or one the field does not have
 * @REG_SEGMENT_ERROR_BAD_VALUE: a value of the wrong kind or out of range
 * @REG_SEGMENT_ERROR_TOO_DEEP: groups nested more than one level
 */
typedef enum
{
  REG_SEGMENT_ERROR_INVALID,
  REG_SEGMENT_ERROR_UNKNOWN_FIELD,
  REG_SEGMENT_ERROR_UNKNOWN_OPERATOR,
  REG_SEGMENT_ERROR_BAD_VALUE,
  REG_SEGMENT_ERROR_TOO_DEEP,
} RegSegmentError;

typedef enum
{
  REG_SEGMENT_MATCH_ALL,
  REG_SEGMENT_MATCH_ANY,
} RegSegmentMatch;

typedef enum
{
  REG_SEGMENT_FIELD_TOTAL_SPENT,
  REG_SEGMENT_FIELD_AVG_ORDER,
  REG_SEGMENT_FIELD_N_ORDERS,
  REG_SEGMENT_FIELD_FIRST_ORDER,
  REG_SEGMENT_FIELD_LAST_ORDER,
  REG_SEGMENT_FIELD_BOUGHT,
  REG_SEGMENT_FIELD_TAG,
  REG_SEGMENT_FIELD_CITY,
  REG_SEGMENT_FIELD_POSTCODE,
  REG_SEGMENT_FIELD_COUNTRY,
  REG_SEGMENT_FIELD_CUSTOMER_TYPE,
  REG_SEGMENT_FIELD_CONSENT,
  REG_SEGMENT_FIELD_SOURCE,
  REG_SEGMENT_FIELD_BIRTHDAY,
  REG_SEGMENT_FIELD_RFM_GROUP,
  REG_SEGMENT_FIELD_ABC_CLASS,
  REG_SEGMENT_FIELD_LIST,
} RegSegmentField;

#define REG_SEGMENT_N_FIELDS (REG_SEGMENT_FIELD_LIST + 1)

typedef enum
{
  REG_SEGMENT_OP_IS,
  REG_SEGMENT_OP_IS_NOT,
  REG_SEGMENT_OP_GT,
  REG_SEGMENT_OP_LT,
  REG_SEGMENT_OP_BETWEEN,
  REG_SEGMENT_OP_BEFORE,
  REG_SEGMENT_OP_AFTER,
  REG_SEGMENT_OP_IN_LAST_DAYS,
  REG_SEGMENT_OP_MORE_THAN_DAYS_AGO,
  REG_SEGMENT_OP_CONTAINS,
  REG_SEGMENT_OP_NOT_CONTAINS,
  REG_SEGMENT_OP_HAS,
  REG_SEGMENT_OP_HAS_NOT,
  REG_SEGMENT_OP_STARTS_WITH,
  REG_SEGMENT_OP_IN,
  REG_SEGMENT_OP_IN_MONTH,
  REG_SEGMENT_OP_WITHIN_NEXT_DAYS,
} RegSegmentOp;

#define REG_SEGMENT_N_OPS (REG_SEGMENT_OP_WITHIN_NEXT_DAYS + 1)

/* One condition. Its values are numbers or texts, as its field and
 * operator need (see reg_segment_condition_takes_numbers()): two for
 * "between", one or more for "in", else one. */
typedef struct
{
  RegSegmentField  field;
  RegSegmentOp     op;
  GArray          *numbers;   /* gint64: minor units, counts, days, a month */
  GPtrArray       *texts;     /* char *: dates "YYYY-MM-DD", words, keys */
  char            *currency;  /* (nullable) money fields: ISO 4217 */
} RegSegmentCondition;

typedef struct _RegSegmentRule RegSegmentRule;

/* A rule is its top group. */
struct _RegSegmentRule
{
  RegSegmentMatch  match;
  GPtrArray       *conditions;  /* RegSegmentCondition */
  GPtrArray       *groups;      /* RegSegmentRule, nested one level only */
};

/* A parameter of compiled SQL, bound in order. */
typedef enum
{
  REG_SEGMENT_PARAM_INT64,
  REG_SEGMENT_PARAM_DOUBLE,
  REG_SEGMENT_PARAM_TEXT,
} RegSegmentParamType;

typedef struct
{
  RegSegmentParamType  type;
  gint64               v_int64;
  double               v_double;
  char                *v_text;
} RegSegmentParam;

/* A rule as SQL: @where is an expression over `contacts AS c` with
 * anonymous `?` parameters, @params (RegSegmentParam) their values in
 * order. It calls regulars_fold(), which every store connection has. */
typedef struct
{
  char   *where;
  GArray *params;
} RegSegmentSql;

/* A saved segment. */
typedef struct
{
  gint64  id;
  char   *name;
  char   *rule;   /* JSON */
} RegSegment;

GQuark          reg_segment_error_quark        (void);

const char     *reg_segment_field_to_string    (RegSegmentField          field);
gboolean        reg_segment_field_from_string  (const char              *name,
                                                RegSegmentField         *field);
const char     *reg_segment_op_to_string       (RegSegmentOp             op);
gboolean        reg_segment_op_from_string     (const char              *name,
                                                RegSegmentOp            *op);
gboolean        reg_segment_field_allows_op    (RegSegmentField          field,
                                                RegSegmentOp             op);
gboolean        reg_segment_condition_takes_numbers (RegSegmentField     field,
                                                RegSegmentOp             op);

RegSegmentRule *reg_segment_rule_new           (RegSegmentMatch          match);
void            reg_segment_rule_free          (RegSegmentRule          *rule);
RegSegmentRule *reg_segment_rule_add_group     (RegSegmentRule          *rule,
                                                RegSegmentMatch          match);
RegSegmentCondition *reg_segment_rule_add_condition (RegSegmentRule     *group,
                                                RegSegmentField          field,
                                                RegSegmentOp             op);
void            reg_segment_condition_add_number (RegSegmentCondition   *condition,
                                                gint64                   number);
void            reg_segment_condition_add_text (RegSegmentCondition     *condition,
                                                const char              *text);
void            reg_segment_condition_set_currency (RegSegmentCondition *condition,
                                                const char              *currency);

gboolean        reg_segment_rule_check         (const RegSegmentRule    *rule,
                                                GError                 **error);
RegSegmentRule *reg_segment_rule_parse         (const char              *json,
                                                GError                 **error);
char           *reg_segment_rule_to_json       (const RegSegmentRule    *rule);
char           *reg_segment_rule_describe      (const RegSegmentRule    *rule);

gboolean        reg_segment_rule_compile       (const RegSegmentRule    *rule,
                                                gint64                   now,
                                                RegSegmentSql           *out,
                                                GError                 **error);
void            reg_segment_sql_clear          (RegSegmentSql           *sql);
gboolean        reg_segment_sql_bind           (const RegSegmentSql     *sql,
                                                sqlite3_stmt            *stmt,
                                                int                      first_index);

gint64          reg_segment_count              (RegStore                *store,
                                                const RegSegmentRule    *rule,
                                                gint64                   now,
                                                GCancellable            *cancellable,
                                                GError                 **error);
GArray         *reg_segment_member_ids         (RegStore                *store,
                                                const RegSegmentRule    *rule,
                                                gint64                   now,
                                                RegContactSort           sort,
                                                GError                 **error);

void            reg_segment_free               (RegSegment              *segment);
gint64          reg_store_add_segment          (RegStore                *self,
                                                const char              *name,
                                                const char              *rule_json,
                                                GError                 **error);
gboolean        reg_store_update_segment       (RegStore                *self,
                                                gint64                   id,
                                                const char              *name,
                                                const char              *rule_json,
                                                GError                 **error);
gboolean        reg_store_remove_segment       (RegStore                *self,
                                                gint64                   id,
                                                GError                 **error);
GPtrArray      *reg_store_list_segments        (RegStore                *self,
                                                GError                 **error);
RegSegment     *reg_store_find_segment         (RegStore                *self,
                                                const char              *name,
                                                GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RegSegmentRule, reg_segment_rule_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RegSegment, reg_segment_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RegSegmentSql, reg_segment_sql_clear)

G_END_DECLS
